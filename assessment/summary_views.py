"""The district's summary of recommendations to the province: a page listing the districts in
the user's scope, and the downloads (PDF, Word, Excel), each audited.

Who may read a district's summary: its own staff, its province and the department; another
district, another province and committee members get 404 (core.scope on the district).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import summary
from assessment.permissions import can_send_summary
from audit.downloads import export_download
from core.downloads import CONTENT_TYPES
from core.errors import DomainError
from core.scope import get_in_scope, visible_to
from geography.models import District
from programme.models import Deadline, DistrictReport
from programme.selectors import year_in_scope


@login_required
def summary_page(request, year_id: int):
    year = year_in_scope(request.user, year_id)
    districts = list(
        visible_to(request.user, District).filter(province_id=year.province_id).order_by("code")
    )
    if not districts:  # committee members read no district's summary
        raise Http404
    counts = summary.district_counts(request.user, year)
    empty = {"units": 0, "recommended": 0, "not_recommended": 0, "undecided": 0}
    sent = {
        r.district_id: r
        for r in DistrictReport.objects.filter(
            programme_year=year, deadline=Deadline.RESULTS_DUE, district__in=districts
        ).select_related("sent_by", "programme_year")
    }
    rows = [(d, counts.get(d.pk, empty), sent.get(d.pk)) for d in districts]
    user = request.user
    return render(
        request,
        "assessment/summary.html",
        {
            "year": year,
            "rows": rows,
            "late": timezone.localdate() > year.results_due,
            "can_send": can_send_summary(user),
            "own_district": user.district_id,
        },
    )


@login_required
@require_POST
def summary_send(request, year_id: int):
    """The district officer records that the summary went to the province (RESULTS_DUE), once
    the committee has decided on every accepted unit of the district."""
    user = request.user
    year = year_in_scope(request.user, year_id)
    if not can_send_summary(user):
        raise Http404
    try:
        report = summary.summary_send(actor=user, year=year)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("บันทึกการส่งสรุปผลการพิจารณาถึงจังหวัดแล้ว (เสนอให้รับรอง %(n)d หน่วยนับ)")
            % {"n": report.unit_count},
        )
    return redirect("assessment:summary", year_id=year.pk)


@login_required
def summary_download(request, year_id: int, district_code: str, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404
    user = request.user
    year = year_in_scope(request.user, year_id)
    district = get_in_scope(
        user, District.objects.filter(province_id=year.province_id), pk=district_code
    )
    with translation.override("th"):  # official documents are always in Thai
        content, filename = summary.recommendation_summary(
            user=user, year=year, district=district, fmt=fmt
        )
    return export_download(
        actor=user,
        content=content,
        filename=filename,
        content_type=CONTENT_TYPES[fmt],
        action="export.recommendation_summary",
        obj=year,
        changes={"format": fmt, "district": district.pk},
        district_id=district.pk,
    )
