"""Thin views over committees.services; every fetch goes through core.scope (404 outside it)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committees import permissions, selectors, services
from committees.forms import (
    AccountForm,
    CommitteeForm,
    DutyEditForm,
    DutyForm,
    MemberAddForm,
    MemberEditForm,
    ZoneGroupForm,
)
from committees.models import Committee, Duty, Member
from core.downloads import CONTENT_TYPES, download
from core.errors import DomainError
from core.forms import add_domain_error
from core.messages import form_errors_to_messages, run_and_report, save_from_form
from core.scope import get_in_scope, visible_to
from documents.committee_order import committee_order_docx, committee_order_pdf
from geography.models import Zone
from geography.selectors import province_emblem
from programme.selectors import year_in_scope


def _committee(request, pk) -> Committee:
    return get_in_scope(
        request.user,
        Committee.objects.select_related("programme_year__province", "district", "zone"),
        pk=pk,
    )


def _member(request, pk) -> Member:
    return get_in_scope(
        request.user,
        Member.objects.select_related("committee__programme_year__province", "user"),
        pk=pk,
    )


def _duty(request, pk) -> Duty:
    return get_in_scope(
        request.user, Duty.objects.select_related("committee__programme_year__province"), pk=pk
    )


def _back(committee: Committee):
    return redirect("committees:detail", pk=committee.pk)


@login_required
def committee_list(request, year_id: int):
    year = year_in_scope(request.user, year_id)
    user = request.user
    can_manage = user.manages_province(year.province_id)
    zone_form = None
    if can_manage:
        zones = visible_to(user, Zone).filter(province_id=year.province_id)
        zone_form = ZoneGroupForm(
            request.POST if request.POST.get("action") == "zone" else None, zones=zones
        )
    if request.method == "POST":
        action = request.POST.get("action")
        if not can_manage or zone_form is None or action not in ("create", "zone"):
            raise Http404
        if action == "create":
            try:
                created = services.committees_create_for_year(actor=user, programme_year=year)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                if created:
                    messages.success(
                        request,
                        _("สร้างคณะกรรมการแล้ว %(n)d คณะ ตรวจสอบรายชื่อและคำสั่งได้")
                        % {"n": len(created)},
                    )
                else:
                    messages.info(request, _("มีคณะกรรมการครบทุกคณะแล้ว ไม่ได้สร้างเพิ่ม"))
            return redirect("committees:list", year_id=year.pk)
        if zone_form.is_valid():
            try:
                committee = services.zone_group_create(
                    actor=user,
                    programme_year=year,
                    zone=zone_form.cleaned_data["zone"],
                    name=zone_form.cleaned_data["name"],
                )
            except DomainError as error:
                add_domain_error(zone_form, error)
            else:
                messages.success(request, _("เพิ่มคณะทำงานแล้ว"))
                return redirect("committees:detail", pk=committee.pk)
    committees = selectors.committees_of_year(user, year)
    return render(
        request,
        "committees/committee_list.html",
        {
            "year": year,
            "committees": committees,
            "can_manage": can_manage,
            "zone_form": zone_form,
        },
    )


@login_required
def committee_detail(request, pk: int):
    committee = _committee(request, pk)
    user = request.user
    can_members = permissions.can_edit_members(user, committee)
    members = list(committee.members.select_related("user").order_by("order", "pk"))
    return render(
        request,
        "committees/committee_detail.html",
        {
            "committee": committee,
            "year": committee.programme_year,
            "members": members,
            "duties": list(committee.duties.order_by("order", "pk")),
            "can_manage": permissions.can_manage(user, committee),
            "can_members": can_members,
            "member_form": MemberAddForm(committee=committee) if can_members else None,
            "duty_form": DutyForm() if can_members else None,
            "order_line": selectors.order_number_line(committee),
        },
    )


@login_required
def committee_edit(request, pk: int):
    committee = _committee(request, pk)
    if not permissions.can_manage(request.user, committee):
        messages.error(request, _("คำสั่งแต่งตั้งออกโดยจังหวัด แก้ไขได้เฉพาะเจ้าหน้าที่ของจังหวัด"))
        return _back(committee)
    form = CommitteeForm.for_committee(committee, request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        expected = values.pop("expected_version")
        if save_from_form(
            request,
            form,
            services.committee_update,
            done=_("บันทึกคณะกรรมการและคำสั่งแล้ว"),
            committee=committee,
            values=values,
            expected_version=expected,
        ):
            return _back(committee)
    return render(
        request,
        "committees/committee_edit.html",
        {"committee": committee, "year": committee.programme_year, "form": form},
    )


@login_required
@require_POST
def committee_delete(request, pk: int):
    committee = _committee(request, pk)
    year_id = committee.programme_year_id
    if not run_and_report(
        request, services.committee_delete, done=_("ลบคณะทำงานแล้ว"), committee=committee
    ):
        return _back(committee)
    return redirect("committees:list", year_id=year_id)


@login_required
def member_add(request, pk: int):
    committee = _committee(request, pk)
    if not permissions.can_edit_members(request.user, committee):
        messages.error(request, _("คุณไม่มีสิทธิ์แก้ไขรายชื่อกรรมการของคณะนี้"))
        return _back(committee)
    form = MemberAddForm(request.POST or None, committee=committee)
    if request.method == "POST" and form.is_valid():
        if save_from_form(
            request,
            form,
            services.member_add,
            done=_("เพิ่มกรรมการแล้ว"),
            committee=committee,
            values=form.cleaned_data,
            once=form.cleaned_data["once"],
        ):
            return _back(committee)
    return render(
        request,
        "committees/member_form.html",
        {"committee": committee, "year": committee.programme_year, "form": form},
    )


@login_required
def member_edit(request, pk: int):
    member = _member(request, pk)
    committee = member.committee
    if not permissions.can_edit_members(request.user, committee):
        messages.error(request, _("คุณไม่มีสิทธิ์แก้ไขรายชื่อกรรมการของคณะนี้"))
        return _back(committee)
    initial = {f: getattr(member, f) for f in services.MEMBER_FIELDS}
    initial["expected_version"] = member.version
    form = MemberEditForm(request.POST or None, initial=initial, committee=committee)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        expected = values.pop("expected_version")
        if save_from_form(
            request,
            form,
            services.member_update,
            done=_("บันทึกข้อมูลกรรมการแล้ว"),
            member=member,
            values=values,
            expected_version=expected,
        ):
            return _back(committee)
    return render(
        request,
        "committees/member_form.html",
        {
            "committee": committee,
            "year": committee.programme_year,
            "form": form,
            "member": member,
            "account_form": AccountForm()
            if member.user_id is None and permissions.can_edit_members(request.user, committee)
            else None,
        },
    )


@login_required
@require_POST
def member_account(request, pk: int):
    """Create the member's login and invite them to set its password: by e-mail, or, without
    an address, with a link shown on this response only."""
    member = _member(request, pk)
    committee = member.committee
    form = AccountForm(request.POST)
    if form.is_valid():
        try:
            user, link = services.member_account_create(
                actor=request.user,
                member=member,
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            # Rendered, not redirected: the link must not travel through the session's
            # messages; the page is sent with no-store (core middleware).
            return render(
                request,
                "committees/account_created.html",
                {"committee": committee, "member": member, "account": user, "link": link},
            )
    form_errors_to_messages(request, form)
    return redirect("committees:member_edit", pk=member.pk)


@login_required
@require_POST
def member_account_active(request, pk: int):
    member = _member(request, pk)
    active = request.POST.get("active") == "1"
    run_and_report(
        request,
        services.member_account_set_active,
        done=_("เปิดใช้บัญชีแล้ว") if active else _("ปิดบัญชีแล้ว"),
        member=member,
        active=active,
    )
    return _back(member.committee)


@login_required
@require_POST
def duty_add(request, pk: int):
    committee = _committee(request, pk)
    form = DutyForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(committee)
    run_and_report(
        request,
        services.duty_add,
        done=_("เพิ่มอำนาจหน้าที่แล้ว"),
        committee=committee,
        text=form.cleaned_data["text"],
    )
    return _back(committee)


@login_required
@require_POST
def duty_edit(request, pk: int):
    duty = _duty(request, pk)
    form = DutyEditForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return _back(duty.committee)
    run_and_report(
        request,
        services.duty_update,
        done=_("บันทึกอำนาจหน้าที่แล้ว"),
        duty=duty,
        text=form.cleaned_data["text"],
        expected_version=form.cleaned_data["expected_version"],
    )
    return _back(duty.committee)


@dataclass(frozen=True)
class _Row:
    """A member or a duty, as the buttons beside it on the committee page reach it: how it is
    fetched (in scope), its services (which name it by `name`), what a removal says."""

    name: str
    fetch: Callable
    remove: Callable
    move: Callable
    removed: Promise  # a lazy message: the language is the request's


_ROWS = {
    row.name: row
    for row in (
        _Row(
            "member",
            _member,
            services.member_remove,
            services.member_move,
            gettext_lazy("นำกรรมการออกจากคณะแล้ว"),
        ),
        _Row(
            "duty",
            _duty,
            services.duty_remove,
            services.duty_move,
            gettext_lazy("นำอำนาจหน้าที่ออกแล้ว"),
        ),
    )
}


@login_required
@require_POST
def row_remove(request, pk: int, row: str):
    """Remove a member or a duty (`row`, given by the URL) from its committee."""
    kind = _ROWS[row]
    obj = kind.fetch(request, pk)
    run_and_report(request, kind.remove, done=str(kind.removed), **{kind.name: obj})
    return _back(obj.committee)


@login_required
@require_POST
def row_move(request, pk: int, row: str):
    """Move a member or a duty one place up or down in its committee's order."""
    kind = _ROWS[row]
    obj = kind.fetch(request, pk)
    direction = request.POST.get("direction", "")
    run_and_report(
        request, kind.move, done=_("ย้ายลำดับแล้ว"), direction=direction, **{kind.name: obj}
    )
    return _back(obj.committee)


@login_required
def order_document(request, pk: int, fmt: str):
    if fmt not in ("pdf", "docx"):
        raise Http404
    committee = _committee(request, pk)
    data = selectors.order_data(committee)
    with translation.override("th"):  # official documents are always in Thai
        # The order's Garuda: the province's emblem, if it uploaded one.
        emblem = province_emblem(committee.programme_year.province_id)
        render = committee_order_pdf if fmt == "pdf" else committee_order_docx
        content = render(data, emblem=emblem)
    services.order_download_log(actor=request.user, committee=committee, fmt=fmt)
    number = f"{committee.order_number}-{committee.order_year}" if committee.order_number else "ร่าง"
    return download(content, f"คำสั่ง-{number}-{committee.pk}.{fmt}", CONTENT_TYPES[fmt])
