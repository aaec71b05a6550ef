from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from certified.permissions import can_use_register
from core.errors import DomainError
from core.forms import add_domain_error
from core.scope import visible_to
from geography.models import District, Province
from programme import services
from programme.forms import CalendarDefaultsForm, NewYearForm, ProgrammeYearForm, QuotaForm
from programme.models import ProgrammeYear, UnitType
from programme.permissions import can_edit_calendar_defaults, can_open_years
from programme.selectors import quota_status, year_in_scope


@login_required
def year_list(request):
    years = (
        visible_to(request.user, ProgrammeYear)
        .select_related("province")
        .order_by("-fiscal_year", "province__name_th")
    )
    form = None
    if can_open_years(request.user):
        provinces = visible_to(request.user, Province)
        form = NewYearForm(request.POST or None, provinces=provinces)
        if request.method == "POST" and form.is_valid():
            try:
                year = services.programme_year_create(
                    actor=request.user,
                    province=form.cleaned_data["province"],
                    fiscal_year=form.cleaned_data["fiscal_year"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("สร้างปีดำเนินงานแล้ว ปฏิทินตั้งต้นตามค่ามาตรฐานของกรม แก้ไขได้"))
                return redirect("programme:edit", pk=year.pk)
    return render(
        request,
        "programme/year_list.html",
        {
            "years": years[:200],
            "form": form,
            "can_edit_calendar_defaults": can_edit_calendar_defaults(request.user),
        },
    )


def _save_year(actor, year, form, quota_form) -> None:
    services.programme_year_update(
        actor=actor,
        year=year,
        values=form.cleaned_data,
        expected_version=form.cleaned_data["expected_version"],
    )
    services.quotas_update(actor=actor, year=year, values=quota_form.values())


@login_required
def year_edit(request, pk):
    year = year_in_scope(request.user, pk)
    if not request.user.manages_province(year.province_id):
        raise Http404
    form = ProgrammeYearForm(request.POST or None, instance=year)
    quotas = sorted(year.quotas.all(), key=lambda q: UnitType.values.index(q.unit_type))
    quota_form = QuotaForm(request.POST or None, quotas=quotas, prefix="quota")
    if request.method == "POST" and form.is_valid() and quota_form.is_valid():
        try:
            with (
                transaction.atomic()
            ):  # the calendar and the quotas are saved together or not at all
                _save_year(request.user, year, form, quota_form)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกปฏิทิน เกณฑ์คุณสมบัติ และเป้าหมายแล้ว"))
            return redirect("programme:status", pk=year.pk)
    year.refresh_from_db()
    quota_rows = [
        (quota_form[f"{q.unit_type}_district"], quota_form[f"{q.unit_type}_developer"])
        for q in quotas
    ]
    return render(
        request,
        "programme/year_edit.html",
        {"year": year, "form": form, "quota_form": quota_form, "quota_rows": quota_rows},
    )


@login_required
def year_status(request, pk):
    year = year_in_scope(request.user, pk)
    districts = list(
        visible_to(request.user, District).filter(province_id=year.province_id).order_by("code")
    )
    status = quota_status(year, districts=districts)
    return render(
        request,
        "programme/year_status.html",
        {
            "year": year,
            "status": status,
            "can_manage": request.user.manages_province(year.province_id),
            # The outstanding units and the year-end report are the offices' pages.
            "can_open_staff_pages": can_use_register(request.user),
            "years": visible_to(request.user, ProgrammeYear).filter(province_id=year.province_id),
        },
    )


@login_required
def calendar_defaults(request):
    if not can_edit_calendar_defaults(request.user):
        raise Http404
    form = CalendarDefaultsForm(request.POST or None, current=services.current_calendar_defaults())
    if request.method == "POST" and form.is_valid():
        try:
            services.calendar_defaults_update(actor=request.user, values=form.values())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกปฏิทินมาตรฐานแล้ว ใช้กับปีดำเนินงานที่เปิดใหม่"))
            return redirect("programme:defaults")
    return render(request, "programme/calendar_defaults.html", {"form": form})
