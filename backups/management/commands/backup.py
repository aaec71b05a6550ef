"""Write one archive of the database, the private media and the signing key.

python manage.py backup /srv/backups/mchch-$(date +%F).tar.gz
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database, the uploaded files and the credential signing key."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the archive to write (.tar.gz; must not exist)")

    def handle(self, *args, **options):
        try:
            summary = create_backup(Path(options["archive"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"สำรองข้อมูลแล้ว (backed up): {summary.tables} tables, {summary.rows} rows, "
                f"{summary.files} files → {summary.path}"
            )
        )
