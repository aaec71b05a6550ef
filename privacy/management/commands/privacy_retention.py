"""Anonymise every unit whose retention period has ended (docs/privacy.md). Idempotent: run it
daily from cron or a timer; a second run finds nothing left to do."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from privacy.services import run_retention, units_past_retention


class Command(BaseCommand):
    help = "Anonymise the personal data of units past the retention period the department set."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="only count the units that are due"
        )

    def handle(self, *args, **options):
        if options["dry_run"]:
            count = len(units_past_retention())
            self.stdout.write(
                gettext("ครบระยะเวลาการเก็บรักษา %(count)d หน่วยนับ (units due: %(count)d)")
                % {"count": count}
            )
            return
        result = run_retention()
        self.stdout.write(
            gettext(
                "ลบข้อมูลส่วนบุคคลแล้ว %(count)d หน่วยนับ ลบไฟล์ %(files)d ไฟล์ (anonymised %(count)d units, deleted %(files)d files)"
            )
            % {"count": result.anonymised, "files": result.files_deleted}
        )
