"""The self-development plans report to the province: downloads (PDF, Word, Excel) and sending."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from audit.services import log_action
from core.downloads import CONTENT_TYPES, download
from core.errors import DomainError
from core.scope import get_in_scope
from development import plans_report as reports
from geography.models import District
from programme.models import ProgrammeYear


@login_required
def plans_report(request, year_id: int, fmt: str, district_code: str | None = None):
    """One district's report (its staff, its province, the department) or the province's
    (the province and the department only)."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    user = request.user
    year = get_in_scope(user, ProgrammeYear.objects.select_related("province"), pk=year_id)
    if district_code is not None:
        district = get_in_scope(
            user, District.objects.filter(province_id=year.province_id), pk=district_code
        )
    else:
        if user.role not in (Role.PROVINCE, Role.ADMIN):
            raise Http404
        district = None
    with translation.override("th"):  # official documents are always in Thai
        content, filename = reports.plans_report(user=user, year=year, district=district, fmt=fmt)
    log_action(
        actor=user,
        action="export.plans_report",
        obj=year,
        changes={"format": fmt, "district": district.pk if district else "province"},
        district_id=district.pk if district else "",
    )
    return download(content, filename, CONTENT_TYPES[fmt])


@login_required
@require_POST
def plans_report_send(request, year_id: int):
    """The district officer records that the district's plans went to the province."""
    user = request.user
    year = get_in_scope(user, ProgrammeYear, pk=year_id)
    if user.role != Role.DISTRICT:
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
