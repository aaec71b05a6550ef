"""Thin views over the privacy services; every request is fetched in scope (404 outside)."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from audit.downloads import export_download
from core.errors import DomainError
from core.forms import add_domain_error
from core.scope import get_in_scope, visible_to
from privacy import access, services
from privacy.forms import CloseForm, ErasureForm, PolicyForm, RequestForm
from privacy.models import RequestKind, SubjectRequest
from privacy.permissions import can_handle_request, can_handle_requests, can_set_retention
from privacy.selectors import requests_for, retention_policy
from registration.models import Unit
from registration.permissions import can_edit_unit, can_read_personal_data
from registration.workflow import EDITABLE


@dataclass
class UnitLine:
    """A unit of the request as the page lists it: whether the user may correct it there."""

    unit: Unit
    editable: bool


def _request(request, pk) -> SubjectRequest:
    found = get_in_scope(request.user, requests_for(request.user), pk=pk)
    if not can_handle_request(request.user, found):
        raise Http404
    return found


@login_required
def request_list(request):
    user = request.user
    if not can_handle_requests(user):
        raise Http404
    form = RequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.request_create(actor=user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกคำขอแล้ว"))
            return redirect("privacy:detail", created.pk)
    page = Paginator(requests_for(user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/request_list.html",
        {"form": form, "page": page, "policy": retention_policy()},
    )


@login_required
def request_detail(request, pk):
    found = _request(request, pk)
    units = list(
        visible_to(request.user, Unit)
        .filter(pk__in=found.units.values("pk"))
        .select_related("district", "anonymisation")
        .order_by("-fiscal_year")
    )
    rows = [
        UnitLine(unit=unit, editable=can_edit_unit(request.user, unit) and unit.status in EDITABLE)
        for unit in units
    ]
    close_form = CloseForm(request.POST or None)
    if request.method == "POST" and close_form.is_valid():
        try:
            services.request_close(actor=request.user, request=found, **close_form.cleaned_data)
        except DomainError as error:
            add_domain_error(close_form, error)
        else:
            messages.success(request, _("บันทึกผลการดำเนินการแล้ว"))
            return redirect("privacy:detail", found.pk)
    return render(
        request,
        "privacy/request_detail.html",
        {"item": found, "rows": rows, "close_form": close_form, "kinds": RequestKind},
    )


@login_required
def access_download(request, pk):
    found = _request(request, pk)
    if found.kind != RequestKind.ACCESS:
        raise Http404
    export = access.build(
        found,
        visible_to(request.user, found.units.all()),
        reads_personal=lambda unit: can_read_personal_data(request.user, unit),
    )
    return export_download(
        actor=request.user,
        content=export.content,
        filename=f"privacy-access-{found.pk}.zip",
        content_type="application/zip",
        action="privacy.access_export",
        obj=found,
        changes={"files": len(export.files), "sha256": export.sha256},
        district_id=found.district_id,
    )


@login_required
def erase(request, pk):
    """The confirmation page of an erasure; the POST does it."""
    found = _request(request, pk)
    if found.kind != RequestKind.ERASURE or not found.is_open:
        raise Http404
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.anonymise_person(actor=request.user, request=found, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("ลบข้อมูลส่วนบุคคลแล้ว"))
            return redirect("privacy:detail", found.pk)
    # Only the units in the viewer's scope: a request recorded by the province may span
    # districts, and the page must not confirm another district's records (docs/security.md §1).
    units = list(
        visible_to(request.user, found.units.all())
        .select_related("district")
        .order_by("-fiscal_year")
    )
    return render(request, "privacy/erase.html", {"item": found, "units": units, "form": form})


@login_required
def policy(request):
    user = request.user
    if not can_handle_requests(user):
        raise Http404
    current = retention_policy()
    editable = can_set_retention(user)
    initial = {
        "certificate_validity_years": current.certificate_validity_years,
        "years_after_validity": current.years_after_validity,
        "years_after_fiscal_year": current.years_after_fiscal_year,
        "version": current.version,
    }
    form = PolicyForm(request.POST or None, initial=initial) if editable else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.policy_update(actor=user, values=data, expected_version=version)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกระยะเวลาการเก็บรักษาแล้ว"))
            return redirect("privacy:policy")
    return render(request, "privacy/policy.html", {"policy": current, "form": form})
