"""Staff pages: the register of certified units across years (with its Excel export), a unit's
public profile as its district writes it, and the districts' outstanding units of a year.

Every object is fetched through core.scope: another district's or province's unit or year is a
404. Committee members have no business here (404).
"""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.downloads import export_download
from audit.models import AuditEntry
from certified import exports, selectors, services
from certified.forms import OutstandingForm, ProfileForm, RegisterFilterForm, not_understood
from certified.models import OutstandingSelection
from certified.permissions import (
    can_edit_profile,
    can_select_outstanding,
    can_use_register,
    filters_by_district,
    filters_by_province,
    reads_own_district_only,
)
from core.downloads import XLSX
from core.errors import DomainError
from core.forms import add_domain_error
from core.messages import run_and_report
from core.scope import get_in_scope, visible_to
from core.text import is_small_id
from geography.models import District, Province, Subdistrict
from programme.models import ProgrammeYear
from programme.selectors import newest_year, year_in_scope
from registration.models import Status, Unit

PAGE_SIZE = 50


def _require_staff(user) -> None:
    if not can_use_register(user):
        raise Http404


# --- the register --------------------------------------------------------------------------


def _register_form(request) -> RegisterFilterForm:
    """The filter form with choices from the user's scope only. The district choices follow
    the chosen province (the department) and the subdistricts the chosen district."""
    user = request.user
    data = request.GET
    provinces: list[Province] | None = None
    districts: list[District] | None = None
    subdistricts: list[Subdistrict] | None = None
    if filters_by_province(user):
        provinces = list(Province.objects.order_by("name_th"))
        chosen = data.get("province", "")
        districts = (
            list(District.objects.filter(province_id=chosen))
            if chosen in {p.pk for p in provinces}
            else []
        )
    elif filters_by_district(user):
        districts = list(District.objects.filter(province_id=user.province_id))
    if reads_own_district_only(user):
        subdistricts = list(Subdistrict.objects.filter(district_id=user.district_id))
    else:
        chosen = data.get("district", "")
        subdistricts = (
            list(Subdistrict.objects.filter(district_id=chosen))
            if chosen in {d.pk for d in districts or []}
            else []
        )
    years = sorted(
        set(visible_to(user, ProgrammeYear).values_list("fiscal_year", flat=True)), reverse=True
    )
    return RegisterFilterForm(
        data or None,
        years=years,
        provinces=provinces,
        districts=districts,
        subdistricts=subdistricts,
    )


def _filters(form: RegisterFilterForm) -> dict:
    return form.cleaned_data if form.is_bound and form.is_valid() else {}


@login_required
def register(request):
    _require_staff(request.user)
    form = _register_form(request)
    filters = _filters(form)
    refused = not_understood(form)
    units = selectors.register_units(request.user, filters)
    if refused:
        # A filter we cannot apply (a year no one registered in, another province's district)
        # matches nothing; listing every row instead would look like its answer. As the export.
        units = units.none()
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.attach_columns(list(page.object_list))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certified/register.html",
        {
            "form": form,
            "not_understood": refused,
            "page": page,
            "rows": rows,
            "querystring": query.urlencode(),
            "many_districts": not reads_own_district_only(request.user),
            "outstanding_year": visible_to(request.user, ProgrammeYear)
            .order_by("-fiscal_year")
            .first(),
        },
    )


def _filters_line(form: RegisterFilterForm, filters: dict) -> str:
    parts = []
    for name, field in form.fields.items():
        value = filters.get(name)
        if not value:
            continue
        if name == "q":
            parts.append(f"ค้นหา “{value}”")
        else:
            choices = field.choices if isinstance(field, forms.ChoiceField) else []
            label = dict(cast(list[tuple[str, str]], choices)).get(str(value), value)
            parts.append(f"{field.label}: {label}")
    return "เงื่อนไข: " + (", ".join(str(p) for p in parts) if parts else "ทั้งหมด")


@login_required
def register_xlsx(request):
    user = request.user
    _require_staff(user)
    with translation.override("th"):  # official tables are always in Thai
        form = _register_form(request)
        if form.is_bound and not form.is_valid():
            messages.error(request, _("เงื่อนไขการค้นหาไม่ถูกต้อง กรุณาตรวจสอบแล้วลองอีกครั้ง"))
            return redirect(f"{reverse('certified:register')}?{request.GET.urlencode()}")
        filters = _filters(form)
        units = selectors.register_units(user, filters)
        content, count = exports.register_xlsx(
            selectors.iterate_with_columns(units),
            title="ทะเบียนผู้ผ่านการประเมินรับรองมาตรฐานการพัฒนาชุมชน (มชช.)",
            scope_line=user.scope_label,
            filters_line=_filters_line(form, filters),
        )
    which = filters.get("year") or "ทุกปี"
    return export_download(
        actor=user,
        content=content,
        filename=f"ทะเบียนผู้ผ่านการรับรอง-{which}.xlsx",
        content_type=XLSX,
        action="export.certified_register",
        obj=user,
        changes={
            "filters": {k: v for k, v in filters.items() if v},
            "rows": count,
        },
        district_id=user.district_id or "",
    )


# --- a unit's public profile, as its district writes it ------------------------------------


def _unit(request, unit_id: int) -> Unit:
    _require_staff(request.user)
    return get_in_scope(
        request.user,
        Unit.objects.select_related("district__province", "subdistrict", "village"),
        pk=unit_id,
    )


def _profile_context(request, unit, profile, form=None) -> dict:
    can_edit = can_edit_profile(request.user, unit) and unit.status == Status.CERTIFIED
    approved = {p.photo_id: p for p in profile.photos.all()} if profile else {}
    # An approved photo shows its public caption; the others offer the activity's caption as
    # a starting point, which the officer may shorten before approving.
    photos = [
        {
            "photo": photo,
            "approved": photo.pk in approved,
            "caption": approved[photo.pk].caption if photo.pk in approved else photo.caption,
        }
        for photo in selectors.unit_photos(unit)
    ]
    public = selectors.public_profile(unit.pk) is not None
    return {
        "unit": unit,
        "profile": profile,
        "form": form,
        "can_edit": can_edit,
        "photos": photos,
        "approved_count": len(approved),
        "max_photos": services.MAX_PUBLIC_PHOTOS,
        "is_public": public,
        "has_valid_certificate": unit.certificates.filter(revoked_at__isnull=True).exists(),
    }


@login_required
def profile_edit(request, unit_id: int):
    unit = _unit(request, unit_id)
    profile = selectors.profile_of(unit)
    if profile is None and unit.status != Status.CERTIFIED:
        raise Http404  # only certified units have a profile
    initial = {
        "description": profile.description if profile else "",
        "achievements": profile.achievements if profile else "",
        "is_published": profile.is_published if profile else False,
        "version": profile.version if profile else 0,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_edit_profile(request.user, unit):
            messages.error(request, _("คุณเปิดดูข้อมูลเผยแพร่นี้ได้ แต่แก้ไขไม่ได้"))
            return redirect("certified:profile", unit_id=unit.pk)
        if form.is_valid():
            try:
                services.profile_update(
                    actor=request.user,
                    unit=unit,
                    description=form.cleaned_data["description"],
                    achievements=form.cleaned_data["achievements"],
                    is_published=form.cleaned_data["is_published"],
                    # 0: the form was opened before any profile existed (a first save).
                    expected_version=form.cleaned_data.get("version"),
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("บันทึกข้อมูลเผยแพร่แล้ว"))
                return redirect("certified:profile", unit_id=unit.pk)
        context = _profile_context(request, unit, profile, form)
        return render(request, "certified/profile_edit.html", context, status=400)
    return render(
        request, "certified/profile_edit.html", _profile_context(request, unit, profile, form)
    )


@login_required
@require_POST
def profile_photos(request, unit_id: int):
    unit = _unit(request, unit_id)
    if not can_edit_profile(request.user, unit):
        messages.error(request, _("คุณเปิดดูข้อมูลเผยแพร่นี้ได้ แต่แก้ไขไม่ได้"))
        return redirect("certified:profile", unit_id=unit.pk)
    raw = request.POST.getlist("photo")
    if not all(is_small_id(value) for value in raw):
        messages.error(request, _("เลือกภาพไม่ถูกต้อง กรุณาเปิดหน้าใหม่แล้วเลือกอีกครั้ง"))
        return redirect("certified:profile", unit_id=unit.pk)
    approved = {int(value): request.POST.get(f"caption-{value}", "") for value in raw}
    run_and_report(
        request,
        services.profile_photos_set,
        done=_("บันทึกภาพที่อนุมัติให้เผยแพร่แล้ว %(n)d ภาพ") % {"n": len(approved)},
        unit=unit,
        approved=approved,
    )
    return redirect(reverse("certified:profile", args=[unit.pk]) + "#photos")


# --- the outstanding unit of each district -------------------------------------------------


def _year(request, year_id: int) -> ProgrammeYear:
    _require_staff(request.user)
    return year_in_scope(request.user, year_id)


def _province_year(request, year_id: int) -> ProgrammeYear:
    year = _year(request, year_id)
    if not request.user.manages_province(year.province_id):
        raise Http404
    return year


def _province_rows(year: ProgrammeYear):
    districts = list(District.objects.filter(province_id=year.province_id).order_by("code"))
    return selectors.outstanding_rows(year, districts)


@login_required
def outstanding_latest(request):
    _require_staff(request.user)
    year = newest_year(request.user)
    if year is None:
        messages.info(request, _("จังหวัดยังไม่ได้เปิดปีดำเนินงาน"))
        return redirect("certified:register")
    return redirect("certified:outstanding", year_id=year.pk)


def _history(selection: OutstandingSelection | None):
    if selection is None:
        return []
    return (
        AuditEntry.objects.filter(
            action="certified.outstanding_select",
            object_type="certified.outstandingselection",
            object_id=str(selection.pk),
        )
        .select_related("actor")
        .order_by("-at", "-id")[:20]
    )


def _outstanding_context(request, year, form=None) -> dict:
    user = request.user
    context = {"year": year, "form": form, "rows": None, "row": None}
    if reads_own_district_only(user):
        row = selectors.outstanding_rows(year, [District.objects.get(pk=user.district_id)])[0]
        can_select = can_select_outstanding(user, user.district_id)
        if can_select and form is None:
            initial = (
                {"unit": row.selection.unit_id, "reason": row.selection.reason}
                if row.selection
                else {}
            )
            form = OutstandingForm(
                initial=initial, units=selectors.selectable_units(year, user.district_id)
            )
        context.update(
            row=row,
            form=form if can_select else None,
            history=_history(row.selection),
        )
    else:
        rows = _province_rows(year)
        context.update(rows=rows, chosen=sum(1 for r in rows if r.selection is not None))
    return context


@login_required
def outstanding(request, year_id: int):
    year = _year(request, year_id)
    return render(request, "certified/outstanding.html", _outstanding_context(request, year))


@login_required
@require_POST
def outstanding_select(request, year_id: int):
    user = request.user
    year = _year(request, year_id)
    raw = request.POST.get("unit", "")
    if is_small_id(raw) and not visible_to(user, Unit).filter(pk=raw).exists():
        raise Http404  # another district's unit: not confirmed to exist
    if not can_select_outstanding(user, user.district_id):
        messages.error(request, _("เฉพาะพัฒนาการอำเภอเท่านั้นที่คัดเลือกผู้ผ่านการรับรองดีเด่นได้"))
        return redirect("certified:outstanding", year_id=year.pk)
    units = selectors.selectable_units(year, user.district_id)
    form = OutstandingForm(request.POST, units=units)
    if form.is_valid():
        # Checked again here: the unit may have stopped being selectable since the form checked.
        unit = units.filter(pk=form.cleaned_data["unit"]).first()
        try:
            if unit is None:
                raise DomainError(_("หน่วยนับนี้เลือกไม่ได้แล้ว กรุณาเลือกใหม่"), field="unit")
            services.outstanding_select(
                actor=user,
                year=year,
                unit=unit,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกการคัดเลือกผู้ผ่านการรับรองดีเด่นแล้ว"))
            return redirect("certified:outstanding", year_id=year.pk)
    return render(
        request,
        "certified/outstanding.html",
        _outstanding_context(request, year, form),
        status=400,
    )


@login_required
def outstanding_print(request, year_id: int):
    year = _province_year(request, year_id)
    rows = _province_rows(year)
    return render(
        request,
        "certified/outstanding_print.html",
        {"year": year, "rows": rows, "chosen": sum(1 for r in rows if r.selection is not None)},
    )


def province_outstanding(request, year_id: int) -> tuple[ProgrammeYear, list]:
    """The year (in scope, of a province the user manages) and its rows, one per district:
    what the print page and every download of the list show."""
    year = _province_year(request, year_id)
    return year, _province_rows(year)
