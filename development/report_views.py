"""The self-development plans report to the province: downloads (PDF, Word, Excel) and sending."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.downloads import export_download
from core.downloads import CONTENT_TYPES
from core.errors import DomainError
from core.scope import get_in_scope
from development import plans_report as reports
from development.permissions import can_send_plans_report
from programme.models import ProgrammeYear
from programme.selectors import export_district


@login_required
def plans_report(request, year_id: int, fmt: str, district_code: str | None = None):
    """One district's report (its staff, its province, the department) or the province's
    (the province and the department only)."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    user = request.user
    year = get_in_scope(user, ProgrammeYear.objects.select_related("province"), pk=year_id)
    district = export_district(user, year, district_code)
    with translation.override("th"):  # official documents are always in Thai
        content, filename = reports.plans_report(user=user, year=year, district=district, fmt=fmt)
    return export_download(
        actor=user,
        content=content,
        filename=filename,
        content_type=CONTENT_TYPES[fmt],
        action="export.plans_report",
        obj=year,
        changes={"format": fmt, "district": district.pk if district else "province"},
        district_id=district.pk if district else "",
    )


@login_required
@require_POST
def plans_report_send(request, year_id: int):
    """The district officer records that the district's plans went to the province."""
    user = request.user
    year = get_in_scope(user, ProgrammeYear, pk=year_id)
    if not can_send_plans_report(user):
        raise Http404
    try:
        report = reports.plans_report_send(actor=user, year=year)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("บันทึกการส่งแผนพัฒนาตนเองถึงจังหวัดแล้ว (แผนที่เห็นชอบแล้ว %(n)d หน่วยนับ)")
            % {"n": report.unit_count},
        )
    return redirect("development:progress", year_id=year.pk)
