"""Thin views over the gap and change analysis (insights/selectors.py); every read is scoped."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from activities import services as activity_services
from core.errors import DomainError
from core.forms import posted_token
from core.scope import get_in_scope, visible_to
from core.text import is_small_id
from frameworks.models import Indicator
from geography.models import District
from insights import permissions, selectors
from programme.models import ProgrammeYear, UnitType
from registration.models import Unit


def _year(request, year_id: int) -> ProgrammeYear:
    if not permissions.can_read_insights(request.user):
        raise Http404
    return get_in_scope(request.user, ProgrammeYear.objects.select_related("province"), pk=year_id)


def _type_labels() -> dict[str, str]:
    return {value: str(label) for value, label in UnitType.choices}


@require_GET
@login_required
def gaps(request, year_id: int):
    user = request.user
    year = _year(request, year_id)
    units = visible_to(user, Unit).filter(programme_year=year)
    district = None
    if request.GET.get("district"):
        district = get_in_scope(
            user, District.objects.filter(province_id=year.province_id), pk=request.GET["district"]
        )
        units = units.filter(district=district)
    areas = selectors.area_gaps(units, by_district=True)
    province = None
    if district is None and permissions.reads_province_summary(user):
        found = selectors.area_gaps(units, by_district=False)
        province = found[0] if found else None
    return render(
        request,
        "insights/gaps.html",
        {
            "year": year,
            "district": district,
            "areas": areas,
            "province": province,
            "proposes_in": user.district_id
            if permissions.can_propose_group_activity(user, user.district_id)
            else None,
            "gap_levels": selectors.GAP_LEVELS,
            "type_labels": _type_labels(),
        },
    )


@require_POST
@login_required
def gap_activity(request, year_id: int):
    """One click: a draft group activity of the user's district for the units that share a gap
    at the posted indicator. The units are computed here, not taken from the form."""
    user = request.user
    year = _year(request, year_id)
    back = reverse("insights:gaps", args=[year.pk])
    if not permissions.can_propose_group_activity(user, user.district_id):
        messages.error(request, _("เฉพาะพัฒนาการอำเภอและพัฒนากรของอำเภอเท่านั้นที่สร้างกิจกรรมกลุ่มได้"))
        return redirect(back)
    # An id as typed (core/text.py is_small_id); anything else finds no indicator.
    typed = request.POST.get("indicator", "")
    indicator = (
        Indicator.objects.filter(component__framework__programme_year=year, pk=int(typed)).first()
        if is_small_id(typed)
        else None
    )
    if indicator is None:
        messages.error(request, _("ไม่พบตัวบ่งชี้นี้ในเกณฑ์ของปีนี้ กรุณาเปิดหน้าใหม่แล้วเลือกอีกครั้ง"))
        return redirect(back)
    units = selectors.gap_units(
        visible_to(user, Unit).filter(programme_year=year),
        district_id=user.district_id,
        indicator_id=indicator.pk,
    )
    try:
        activity = activity_services.group_activity_draft_create(
            actor=user,
            programme_year=year,
            district_id=user.district_id,
            title=f"{indicator.code} {indicator.text}",
            units=units,
            indicator=indicator,
            once=posted_token(request.POST),
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(
        request,
        _("สร้างร่างกิจกรรมกลุ่มสำหรับ %(count)s หน่วยนับแล้ว กรุณากำหนดวันที่และสถานที่จัด")
        % {"count": len(units)},
    )
    return redirect("activities:edit", pk=activity.pk)


@require_GET
@login_required
def changes(request, year_id: int):
    user = request.user
    year = _year(request, year_id)
    area = selectors.indicator_changes(visible_to(user, Unit).filter(programme_year=year))
    country = None
    if permissions.reads_country(user):
        country = selectors.indicator_changes(
            visible_to(user, Unit).filter(fiscal_year=year.fiscal_year)
        )
    return render(
        request,
        "insights/changes.html",
        {
            "year": year,
            "area": area,
            "country": country,
            "type_labels": _type_labels(),
        },
    )
