"""Writes of the reports app: record that the province's year-end report went to the
department (docs/notifications.md "Start page"). One transaction with its audit row."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from core import events
from core.errors import DomainError
from core.once import use_form_token
from programme.models import ProgrammeYear
from reports.events import YearEndReportRecorded
from reports.models import YearEndReportSent
from reports.permissions import can_send_year_end_report


def year_end_report_send(
    *, actor: User, year: ProgrammeYear, once: str, confirmed: bool
) -> YearEndReportSent:
    """The province's officer records that the year's report went to the department. It cannot
    be taken back, so the form asks for `confirmed`; the one-time token makes a double press
    record once. Sending again (a corrected report) records the new time."""
    if not can_send_year_end_report(actor, year.province_id):
        raise DomainError(_("เฉพาะเจ้าหน้าที่ของจังหวัดนี้เท่านั้นที่ส่งรายงานประจำปีถึงกรมได้"))
    if not confirmed:
        raise DomainError(_("กรุณายืนยันว่าได้ส่งรายงานประจำปีถึงกรมการพัฒนาชุมชนแล้ว"), field="confirm")
    with transaction.atomic():
        use_form_token(once)
        ProgrammeYear.objects.select_for_update().filter(pk=year.pk).first()
        now = timezone.now()
        sent, created = YearEndReportSent.objects.get_or_create(
            programme_year=year,
            defaults={"first_sent_at": now, "sent_at": now, "sent_by": actor},
        )
        before = None if created else sent.sent_at
        if not created:
            sent.sent_at, sent.sent_by, sent.times = now, actor, sent.times + 1
            sent.save(update_fields=["sent_at", "sent_by", "times"])
        log_action(
            actor=actor,
            action="year_end_report.send",
            obj=year,
            changes={"sent_at": [before, sent.sent_at], "times": sent.times},
        )
        events.publish(
            YearEndReportRecorded(
                programme_year_id=year.pk,
                province_id=year.province_id,
                times=sent.times,
                actor_id=actor.pk,
            )
        )
    return sent
