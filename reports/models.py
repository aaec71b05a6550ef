"""What the reports app records: that the province's year-end report went to the department.

The report itself is made on demand from the year's data (reports/selectors.py); the province
sends it outside the system (seed 001 §2.7: the OA system or e-mail). What the department's
start page needs is whether, when and by whom it was sent (docs/notifications.md "Start page").
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class YearEndReportSent(models.Model):
    """The province's year-end report for a programme year, as sent to the department; sending
    again (a corrected report) updates `sent_at` and `sent_by` and keeps `first_sent_at`."""

    programme_year = models.OneToOneField(
        "programme.ProgrammeYear", on_delete=models.CASCADE, related_name="year_end_report_sent"
    )
    first_sent_at = models.DateTimeField(_("ส่งครั้งแรกเมื่อ"))
    sent_at = models.DateTimeField(_("ส่งล่าสุดเมื่อ"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    times = models.PositiveSmallIntegerField(_("จำนวนครั้งที่ส่ง"), default=1)

    class Meta:
        verbose_name = _("การส่งรายงานประจำปีถึงกรม")
        verbose_name_plural = _("การส่งรายงานประจำปีถึงกรม")

    scope_province_path = "programme_year__province"
