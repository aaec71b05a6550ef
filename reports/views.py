"""The year-end report (docs/domain.md §4 stage 5): its page and its downloads (PDF, Word, Excel).

Who sees what: the province's report is for the province's officers (their own province) and
the department (any province). A district's staff (district officer and community developers)
get their own district's part, addressed to the province: seed 001 §2.7.2 asks each district
for the same summary of learning, development and results, and the part holds nothing of
another district. The province and the department may download any district's part. Anyone
else, and any other district or province, gets 404.

The national report (every province's figures for a fiscal year, reports/national.py) is the
department's alone; anyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.downloads import export_download
from core.downloads import CONTENT_TYPES
from core.errors import DomainError
from core.forms import posted_token
from core.text import is_small_id
from geography.models import District
from programme.models import ProgrammeYear
from programme.selectors import export_district, year_in_scope
from reports import national, selectors, services
from reports.forms import SENT, LetterForm
from reports.permissions import (
    can_read_national_report,
    can_read_whole_province,
    can_send_year_end_report,
    reads_own_district_part,
)


def _part(request, year: ProgrammeYear, district_code: str | None) -> District | None:
    """The district of the part asked for, or None for the whole province; 404 outside scope."""
    return export_district(request.user, year, district_code)


def _letter_form(request, user, year, district) -> LetterForm:
    if SENT in request.GET:
        return LetterForm(request.GET)
    return LetterForm(initial=selectors.letter_defaults(user, year, district))


def _page(request, year, district, form, *, status: int = 200):
    letter = form.letter_input() if form.is_bound and form.is_valid() else None
    data = selectors.year_end_report_data(
        user=request.user, year=year, district=district, letter=letter, with_certified_list=False
    )
    whole = can_read_whole_province(request.user)
    return render(
        request,
        "reports/year_end.html",
        {
            "year": year,
            "district": district,
            "data": data,
            "total": data.total(),
            "change_total": data.change_total(),
            "form": form,
            "districts": selectors.report_districts(request.user, year, None) if whole else [],
            "whole_province": whole,
            "sent": selectors.year_end_report_sent(year) if district is None else None,
            "can_send": district is None
            and can_send_year_end_report(request.user, year.province_id),
        },
        status=status,
    )


@login_required
def year_end(request, year_id: int, district_code: str | None = None):
    """The report's figures on screen, the covering letter's lines, and the downloads."""
    user = request.user
    year = year_in_scope(request.user, year_id)
    if district_code is None and reads_own_district_part(user):
        # A district has no province report: its own part is what it sends.
        return redirect(
            "reports:year_end_district", year_id=year.pk, district_code=user.district_id
        )
    district = _part(request, year, district_code)
    form = _letter_form(request, user, year, district)
    return _page(request, year, district, form)


@login_required
def year_end_download(request, year_id: int, fmt: str, district_code: str | None = None):
    if fmt not in CONTENT_TYPES:
        raise Http404
    user = request.user
    year = year_in_scope(request.user, year_id)
    district = _part(request, year, district_code)
    form = _letter_form(request, user, year, district)
    if form.is_bound and not form.is_valid():
        # Shown on the report's page with the fields to correct; nothing is produced.
        return _page(request, year, district, form, status=400)
    letter = form.letter_input() if form.is_bound else None
    with translation.override("th"):  # official documents are always in Thai
        content, filename = selectors.year_end_report_file(
            user=user, year=year, district=district, fmt=fmt, letter=letter
        )
    return export_download(
        actor=user,
        content=content,
        filename=filename,
        content_type=CONTENT_TYPES[fmt],
        action="export.year_end_report",
        obj=year,
        changes={"format": fmt, "district": district.pk if district else "province"},
        district_id=district.pk if district else "",
    )


@login_required
@require_POST
def year_end_send(request, year_id: int):
    """The province's officer records that the year-end report went to the department."""
    year = year_in_scope(request.user, year_id)
    if not can_send_year_end_report(request.user, year.province_id):
        raise Http404
    try:
        services.year_end_report_send(
            actor=request.user,
            year=year,
            once=posted_token(request.POST),
            confirmed=request.POST.get("confirm") == "1",
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("บันทึกการส่งรายงานประจำปีถึงกรมการพัฒนาชุมชนแล้ว"))
    return redirect("reports:year_end", year_id=year.pk)


def _national_fiscal_year(request, years: list[int]) -> int:
    """The fiscal year asked for (?fiscal_year=2570), else the newest some province opened; 404
    for one no province opened, or for anything that is not a year."""
    raw = request.GET.get("fiscal_year", "")
    if not raw:
        if not years:
            raise Http404
        return years[0]
    if not is_small_id(raw) or int(raw) not in years:
        raise Http404
    return int(raw)


# The page's province table sorts on these (largest first); otherwise by province code.
NATIONAL_SORTS = {
    "quota": lambda f: f.quota,
    "registered": lambda f: f.counts.registered,
    "accepted": lambda f: f.counts.accepted,
    "certified": lambda f: f.counts.certified,
    "failed": lambda f: f.counts.failed,
    "pass_rate": lambda f: -1 if f.counts.pass_rate is None else f.counts.pass_rate,
}


@login_required
def national_year_end(request):
    """The department's national year-end report: every province's figures on screen, and with
    ?format= the report itself (PDF, Word, Excel), audited."""
    user = request.user
    if not can_read_national_report(user):
        raise Http404
    years = national.national_fiscal_years(user)
    fiscal_year = _national_fiscal_year(request, years)
    fmt = request.GET.get("format")
    if fmt is not None:
        if fmt not in CONTENT_TYPES:
            raise Http404
        with translation.override("th"):  # official documents are always in Thai
            content, filename = national.national_report_file(
                user=user, fiscal_year=fiscal_year, fmt=fmt
            )
        # No one object is the country's: the row names its fiscal year (as the register's
        # export names its filters, certified/views.py).
        return export_download(
            actor=user,
            content=content,
            filename=filename,
            content_type=CONTENT_TYPES[fmt],
            action="export.national_year_end_report",
            obj=user,
            changes={"format": fmt, "fiscal_year": fiscal_year},
        )
    data = national.national_report_data(user=user, fiscal_year=fiscal_year, thai_numerals=False)
    sort = request.GET.get("sort", "")
    provinces = data.provinces
    if sort in NATIONAL_SORTS:
        by = NATIONAL_SORTS[sort]
        # The provinces that have not opened the year stay last, in code order.
        provinces = sorted(
            provinces, key=lambda p: (not p.started, -by(p.total()) if p.started else 0)
        )
    return render(
        request,
        "reports/national.html",
        {
            "data": data,
            "fiscal_year": fiscal_year,
            "years": years,
            "by_type": list(zip(data.type_labels, data.by_type(), strict=True)),
            "total": data.total(),
            "provinces": provinces,
            "sort": sort if sort in NATIONAL_SORTS else "",
        },
    )
