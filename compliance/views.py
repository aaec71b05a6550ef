"""Thin views over the PDPA records (docs/compliance.md); every fetch is scoped."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from compliance import processing, selectors, services
from compliance.forms import AccessRequestForm, BreachForm, BreachReportForm
from compliance.models import Breach
from compliance.permissions import (
    can_complete_breach,
    can_read_access_grants,
    can_read_breaches,
    can_read_processing_record,
    can_report_breach,
    can_request_personal_access,
    records_any_province,
)
from core.errors import DomainError
from core.forms import add_domain_error
from core.scope import get_in_scope
from core.thai import thai_datetime
from registration.models import Unit


@login_required
@require_POST
def access_request(request, unit_pk: int):
    user = request.user
    unit = get_in_scope(user, Unit.objects.select_related("district"), pk=unit_pk)
    if not can_request_personal_access(user, unit):
        raise Http404
    form = AccessRequestForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.as_data().values():
            for error in errors:
                for message in error.messages:
                    messages.error(request, message)
        return redirect("registration:detail", pk=unit.pk)
    try:
        grant = services.access_request(
            actor=user,
            unit=unit,
            reason=form.cleaned_data["reason"],
            once=form.cleaned_data["once"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("บันทึกคำขอแล้ว เปิดดูเอกสารและเลขประจำตัวประชาชนของหน่วยนับนี้ได้ถึง %(until)s")
            % {"until": thai_datetime(grant.expires_at)},
        )
    return redirect("registration:detail", pk=unit.pk)


@login_required
def grants(request):
    user = request.user
    if not can_read_access_grants(user):
        raise Http404
    page = Paginator(selectors.grants_for(user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "compliance/grants.html",
        {"page": page, "rows": selectors.grant_rows(list(page.object_list))},
    )


@login_required
def processing_record(request):
    if not can_read_processing_record(request.user):
        raise Http404
    return render(
        request,
        "compliance/processing.html",
        {
            "activities": processing.ACTIVITIES,
            "controller": processing.CONTROLLER,
            "today": timezone.localdate(),
        },
    )


@login_required
def breaches(request):
    user = request.user
    if not can_read_breaches(user):
        raise Http404
    return render(
        request,
        "compliance/breaches.html",
        {"rows": selectors.breaches_for(user), "can_report": can_report_breach(user)},
    )


@login_required
def breach_create(request):
    user = request.user
    if not can_report_breach(user):
        raise Http404
    choose_province = records_any_province(user)
    form = BreachReportForm(request.POST or None, choose_province=choose_province)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            breach = services.breach_report(
                actor=user, values=data, once=data["once"], province=data.get("province")
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกเหตุการละเมิดข้อมูลส่วนบุคคลแล้ว"))
            return redirect("compliance:breach", pk=breach.pk)
    return render(
        request, "compliance/breach_form.html", {"form": form, "suspected": not choose_province}
    )


@login_required
def breach_detail(request, pk: int):
    user = request.user
    if not can_read_breaches(user):
        raise Http404
    breach = get_in_scope(user, Breach.objects.select_related("province", "reported_by"), pk=pk)
    can_edit = can_complete_breach(user, breach)
    form = None
    if can_edit:
        initial = {
            field: getattr(breach, field) for field in services.BREACH_FIELDS if field != "province"
        }
        initial.update(province=breach.province_id, expected_version=breach.version)
        form = BreachForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.breach_update(
                    actor=user,
                    breach=breach,
                    values=form.cleaned_data,
                    expected_version=form.cleaned_data["expected_version"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("บันทึกแล้ว"))
                return redirect("compliance:breach", pk=breach.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "compliance/breach_detail.html",
        {
            "row": selectors.breach_row(breach),
            "breach": breach,
            "form": form,
            "history": selectors.breach_history(breach),
        },
    )
