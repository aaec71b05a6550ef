"""Thin views over registration services and selectors; every fetch is scoped."""

import mimetypes
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from activities.permissions import can_read_activities
from assessment.permissions import can_read_score_audit
from assessment.selectors import SCORE_AUDIT_ACTIONS, unit_entries
from audit.downloads import export_download
from audit.models import AuditEntry
from audit.presentation import describe
from certification.models import Certificate
from certified.permissions import can_open_profile
from core.downloads import CONTENT_TYPES, PDF, download, stored_file
from core.errors import DomainError
from core.forms import add_domain_error, posted_token
from core.scope import get_in_scope, visible_to
from core.text import clean_text, is_small_id
from geography.models import District, Subdistrict
from programme import services as programme_services
from programme.models import Deadline, DistrictReport, ProgrammeYear, UnitType
from programme.selectors import current_year, export_district
from registration import exports, services
from registration.forms import ReasonForm, RegisterFilterForm, UnitForm, UploadForm
from registration.models import REQUIRED_DOCUMENTS, DocumentKind, Status, Unit, UnitDocument
from registration.permissions import (
    can_edit_unit,
    can_read_personal_data,
    can_read_unit_history,
    can_register_units,
    can_review_documents,
    can_send_applicant_list,
    handles_own_units_only,
)
from registration.return_reasons import return_reasons
from registration.selectors import units_for_register
from registration.workflow import ACCEPTED_STATUSES, EDITABLE, can_move

# Preview: the stored file shown inside the unit's page (an <iframe> for a PDF, an <img> for an
# image). Only our own pages may frame it, and it still runs nothing of its own: the same sandbox
# as a download, plus frame-ancestors. A PDF is accepted only without scripts, launch actions or
# embedded files (core.uploads.check_upload), so the browser's reader has nothing to run
# (docs/security.md §3).
PREVIEW_TYPES = {"application/pdf", "image/jpeg", "image/png"}
PREVIEW_CSP = "sandbox; default-src 'none'; frame-ancestors 'self'"


def _reason(request) -> str:
    return clean_text(request.POST.get("reason", ""))


def _current_year(request) -> ProgrammeYear:
    """The programme year the user is looking at: ?year=<id>, else the newest in scope."""
    return current_year(request.user, year_id=request.GET.get("year"))


def _unit(request, pk) -> Unit:
    return get_in_scope(
        request.user,
        Unit.objects.select_related(
            "district__province",
            "subdistrict",
            "village",
            "programme_year",
            "responsible_developer",
            "carried_from",
        ),
        pk=pk,
    )


@login_required
def register(request):
    year = _current_year(request)
    user = request.user
    districts = list(visible_to(user, District).filter(province_id=year.province_id))
    subdistricts = (
        Subdistrict.objects.filter(district__in=districts).select_related("district")
        if can_register_units(user)
        else Subdistrict.objects.none()
    )
    developers = User.objects.filter(
        district__in=districts, role__in=[Role.DEVELOPER, Role.DISTRICT]
    )
    form = RegisterFilterForm(
        request.GET or None, districts=districts, subdistricts=subdistricts, developers=developers
    )
    filters = form.cleaned_data if form.is_valid() else {}
    units = units_for_register(user, year, filters)
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    years = visible_to(user, ProgrammeYear).order_by("-fiscal_year")
    query = request.GET.copy()
    query.pop("page", None)
    report = None
    if can_send_applicant_list(user):
        report = DistrictReport.objects.filter(
            programme_year=year, district_id=user.district_id, deadline=Deadline.APPLICANT_LIST_DUE
        ).first()
    return render(
        request,
        "registration/register.html",
        {
            "year": year,
            "years": years,
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "unit_types": UnitType.choices,
            "districts": districts,
            "can_register": can_register_units(user),
            "can_send": can_send_applicant_list(user),
            "report": report,
            "registration_open": year.registration_opens
            <= timezone.localdate()
            <= year.registration_closes,
        },
    )


@login_required
def unit_create(request, unit_type: str):
    if unit_type not in UnitType.values:
        raise Http404
    user = request.user
    if not can_register_units(user):
        raise Http404
    year = _current_year(request)
    form = UnitForm(request.POST or None, unit_type=unit_type, district_id=user.district_id)
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.unit_create(
                actor=user,
                programme_year=year,
                unit_type=unit_type,
                district_id=user.district_id,
                data=form.service_data(),
                team=form.cleaned_data.get("team"),
                advisers=form.cleaned_data.get("advisers"),
                member_organisations=form.cleaned_data.get("member_organisations"),
            )
        except services.DuplicateUnit as error:
            duplicate = (
                error.existing
                if visible_to(user, Unit).filter(pk=error.existing.pk).exists()
                else None
            )
            add_domain_error(form, error)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกร่างใบสมัครแล้ว แนบเอกสารแล้วกดยื่นสมัครเมื่อพร้อม"))
            return redirect("registration:detail", pk=unit.pk)
    return render(
        request,
        "registration/unit_form.html",
        {
            "form": form,
            "unit_type": unit_type,
            "type_label": UnitType(unit_type).label,
            "year": year,
            "duplicate": duplicate,
        },
    )


@login_required
def unit_edit(request, pk):
    unit = _unit(request, pk)
    if not can_edit_unit(request.user, unit) or unit.status not in EDITABLE:
        messages.error(request, _("หน่วยนับนี้แก้ไขไม่ได้"))
        return redirect("registration:detail", pk=unit.pk)
    initial = {
        "team": "\n".join(
            f"{m.name}, {m.position}".rstrip(", ") for m in unit.team_members.filter(role="TEAM")
        ),
        "advisers": "\n".join(
            f"{m.name}, {m.position}".rstrip(", ") for m in unit.team_members.filter(role="ADVISER")
        ),
        "member_organisations": "\n".join(unit.member_organisations.values_list("name", flat=True)),
        "version": unit.version,
    }
    form = UnitForm(
        request.POST or None,
        instance=unit,
        initial=initial,
        unit_type=unit.unit_type,
        district_id=unit.district_id,
    )
    duplicate = None
    if request.method == "POST" and form.is_valid():
        try:
            services.unit_update(
                actor=request.user,
                unit=unit,
                data=form.service_data(),
                expected_version=form.cleaned_data.get("version") or 0,
                team=form.cleaned_data.get("team"),
                advisers=form.cleaned_data.get("advisers"),
                member_organisations=form.cleaned_data.get("member_organisations"),
            )
        except services.DuplicateUnit as error:
            duplicate = (
                error.existing
                if visible_to(request.user, Unit).filter(pk=error.existing.pk).exists()
                else None
            )
            add_domain_error(form, error)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกการแก้ไขแล้ว"))
            return redirect("registration:detail", pk=unit.pk)
    return render(
        request,
        "registration/unit_form.html",
        {
            "form": form,
            "unit": unit,
            "unit_type": unit.unit_type,
            "type_label": unit.type_label,
            "year": unit.programme_year,
            "duplicate": duplicate,
        },
    )


@login_required
def unit_detail(request, pk):
    unit = _unit(request, pk)
    user = request.user
    current = {
        d.kind: d
        for d in unit.documents.filter(is_current=True).select_related("uploaded_by", "reviewed_by")
    }
    checklist: list[dict[str, Any]] = [
        {
            "kind": kind,
            "label": DocumentKind(kind).label,
            "required": required,
            "document": current.get(kind),
        }
        for kind, required in REQUIRED_DOCUMENTS[unit.unit_type]
    ]
    if can_review_documents(user, unit):
        # The pick list of usual reasons beside each return form.
        reasons = return_reasons(unit.district.province_id)
        for item in checklist:
            item["reasons"] = reasons.get(item["kind"], [])
    others = list(unit.documents.filter(kind="OTHER", is_current=True))
    superseded = list(unit.documents.filter(is_current=False).select_related("uploaded_by"))
    # Links only to what opens for this user. Registration papers are the district's and the
    # province's: a committee member (who reads the development record) gets 404 on every
    # document, and ID-card and house-registration copies only for those who read personal
    # data (as document_download checks).
    personal = can_read_personal_data(user, unit)
    readable = set(visible_to(user, UnitDocument).filter(unit=unit).values_list("pk", flat=True))
    for document in [*current.values(), *others, *superseded]:
        document.can_open = document.pk in readable and (personal or not document.is_personal)
    # A reviewer sees the documents still to check opened in the page; the rest open on a click
    # (each opening is an audited access, docs/security.md §12).
    open_previews = (
        {d.pk for d in [*current.values(), *others] if d.review == UnitDocument.Review.PENDING}
        if can_review_documents(user, unit)
        else set()
    )
    can_edit = can_edit_unit(user, unit)
    # The unit's history is the offices' record: committee members read none of it, and only
    # the officers who run rounds read the rows that carry members' scores.
    audit = AuditEntry.objects.filter(unit_id=unit.pk)
    if not can_read_unit_history(user):
        audit = audit.none()
    elif not can_read_score_audit(user):
        audit = audit.exclude(action__in=SCORE_AUDIT_ACTIONS)
    return render(
        request,
        "registration/unit_detail.html",
        {
            "unit": unit,
            "checklist": checklist,
            "others": others,
            "superseded": superseded,
            "team": unit.team_members.filter(role="TEAM"),
            "advisers": unit.team_members.filter(role="ADVISER"),
            "organisations": unit.member_organisations.all(),
            "history": unit.status_changes.select_related("actor"),
            "audit": describe(
                list(audit.select_related("actor")[:200]),
                reveal_personal=personal,
            ),
            "can_edit": can_edit and unit.status in EDITABLE,
            "can_withdraw": can_edit and can_move(unit.status, Status.WITHDRAWN),
            "can_reinstate": can_edit and unit.status == Status.WITHDRAWN,
            "can_submit": can_edit and unit.status in (Status.DRAFT, Status.DOCUMENTS_RETURNED),
            "can_review": can_review_documents(user, unit),
            "problems": services.submission_problems(unit)
            if unit.status in (Status.DRAFT, Status.DOCUMENTS_RETURNED)
            else [],
            "upload_form": UploadForm(unit_type=unit.unit_type),
            "reason_form": ReasonForm(),
            "preview_types": PREVIEW_TYPES,
            "open_previews": open_previews,
            "show_national_id": personal,
            # The form carries the full national ID (application_form_pdf checks the same).
            "can_print_application": personal,
            # The staff page of the public profile (certified.views checks the same).
            "can_open_profile": can_open_profile(user, unit),
            # Activities are the district's records: none is in a committee member's scope.
            "show_activities": unit.status in ACCEPTED_STATUSES and can_read_activities(user),
            "accepted": unit.status in ACCEPTED_STATUSES,
            "assessment_entries": unit_entries(user, unit),
            # The newest certificate is the current one when there is one; staff only.
            "certificate": visible_to(user, Certificate)
            .filter(unit=unit)
            .order_by("-issued_at", "-pk")
            .first(),
        },
    )


def _run(request, unit: Unit, action, success: str):
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("registration:detail", pk=unit.pk)


@login_required
@require_POST
def unit_submit(request, pk):
    unit = _unit(request, pk)
    return _run(
        request, unit, lambda: services.unit_submit(actor=request.user, unit=unit), _("ยื่นสมัครแล้ว")
    )


@login_required
@require_POST
def unit_withdraw(request, pk):
    unit = _unit(request, pk)
    reason = _reason(request)
    return _run(
        request,
        unit,
        lambda: services.unit_withdraw(actor=request.user, unit=unit, reason=reason),
        _("ถอนการสมัครแล้ว"),
    )


@login_required
@require_POST
def unit_reinstate(request, pk):
    unit = _unit(request, pk)
    reason = _reason(request)
    return _run(
        request,
        unit,
        lambda: services.unit_reinstate(actor=request.user, unit=unit, reason=reason),
        _("นำกลับมาเป็นร่างแล้ว"),
    )


@login_required
@require_POST
def document_upload(request, pk):
    """One form for one file or several: `file` (the files in the order chosen) and `kind` (the
    type of each, in the same order: one select per file, static/js/document_upload.js). Without
    JavaScript the form has one type select, for one file at a time."""
    unit = _unit(request, pk)
    kinds = request.POST.getlist("kind")
    uploads = request.FILES.getlist("file")
    try:
        once = posted_token(request.POST)
        if len(kinds) != len(uploads):
            raise DomainError(
                _(
                    "กรุณาเลือกประเภทเอกสารของแต่ละไฟล์ (เลือกไฟล์ %(files)d ไฟล์ แต่ระบุประเภท %(kinds)d รายการ)"
                )
                % {"files": len(uploads), "kinds": len(kinds)}
            )
        batch = services.documents_upload(
            actor=request.user, unit=unit, files=list(zip(kinds, uploads, strict=True)), once=once
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("registration:detail", pk=unit.pk)
    if len(batch.saved) == 1:
        messages.success(request, _("แนบเอกสารแล้ว"))
    else:
        messages.success(request, _("แนบเอกสารแล้ว %(n)d ไฟล์") % {"n": len(batch.saved)})
    for line in batch.refused:
        messages.error(request, _("ไฟล์นี้ยังไม่ได้แนบ: %(file)s") % {"file": line})
    unit.refresh_from_db(fields=["status"])
    if unit.status == Status.SUBMITTED:
        change = unit.status_changes.last()
        if change is not None and change.from_status == Status.DOCUMENTS_RETURNED:
            messages.info(request, _("แก้ไขเอกสารที่ถูกส่งคืนครบแล้ว หน่วยนับกลับไปรอตรวจเอกสารอีกครั้ง"))
    return redirect("registration:detail", pk=unit.pk)


def _document(request, pk) -> UnitDocument:
    return get_in_scope(request.user, UnitDocument.objects.select_related("unit__district"), pk=pk)


def _openable_document(request, pk) -> UnitDocument:
    """A document the user may open (download or preview), else 404."""
    document = _document(request, pk)
    if document.is_personal and not can_read_personal_data(request.user, document.unit):
        # ID-card and house-registration copies are for the unit's district and province only.
        raise Http404
    return document


@login_required
def document_download(request, pk):
    document = _openable_document(request, pk)
    services.log_document_access(actor=request.user, document=document)
    extension = mimetypes.guess_extension(document.content_type) or ""
    # A PDF is always a download; an image may be shown in the tab (core.downloads).
    return stored_file(
        document.file.open("rb"),
        content_type=document.content_type,
        filename=f"{document.get_kind_display()}-{document.unit_id}{extension}",
        inline=request.GET.get("inline") == "1",
    )


@login_required
def document_preview(request, pk):
    """The document inline for the page's preview: the same checks and audit as the download."""
    document = _openable_document(request, pk)
    if document.content_type not in PREVIEW_TYPES:
        raise Http404
    services.log_document_access(actor=request.user, document=document)
    extension = mimetypes.guess_extension(document.content_type) or ""
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=False,
        filename=f"{document.get_kind_display()}-{document.unit_id}{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = PREVIEW_CSP
    # Everything else stays X-Frame-Options: DENY (config/settings.py); this one our pages frame.
    response["X-Frame-Options"] = "SAMEORIGIN"
    return response


@login_required
@require_POST
def document_verify(request, pk):
    document = _document(request, pk)
    return _run(
        request,
        document.unit,
        lambda: services.document_verify(actor=request.user, document=document),
        _("ตรวจเอกสารแล้ว"),
    )


@login_required
@require_POST
def document_return(request, pk):
    document = _document(request, pk)
    reason = _reason(request)
    return _run(
        request,
        document.unit,
        lambda: services.document_return(actor=request.user, document=document, reason=reason),
        _("ส่งคืนเอกสารแล้ว"),
    )


@login_required
def carry_over(request):
    user = request.user
    if not can_register_units(user):
        raise Http404
    year = _current_year(request)
    candidates = (
        visible_to(user, Unit)
        .filter(programme_year__province_id=year.province_id, fiscal_year__lt=year.fiscal_year)
        .exclude(status__in=[Status.WITHDRAWN, Status.CERTIFIED])
        # A unit already carried forward continues as its copy, not as itself.
        .exclude(carried_into__isnull=False)
        .select_related("subdistrict", "village")
        # A พัฒนากร brings over only the units they look after.
        .filter(**({"responsible_developer": user} if handles_own_units_only(user) else {}))
        .order_by("-fiscal_year", "unit_type", "name")
    )
    if request.method == "POST":
        ids = [value for value in request.POST.getlist("unit") if is_small_id(value)]
        if not ids:
            messages.error(request, _("กรุณาเลือกหน่วยนับที่จะนำเข้าอย่างน้อยหนึ่งหน่วย"))
            return redirect(f"{reverse('registration:carry_over')}?year={year.pk}")
        chosen = candidates.filter(pk__in=ids)
        done, refused = 0, []
        for source in chosen:
            try:
                services.unit_carry_over(actor=user, source=source, programme_year=year)
                done += 1
            except DomainError as error:
                refused.append(f"{source.name}: {error.message}")
        if done:
            messages.success(
                request, _("นำเข้าปีนี้แล้ว %(n)d หน่วยนับ (สถานะร่าง กรุณาตรวจเอกสารอีกครั้ง)") % {"n": done}
            )
        for line in refused:
            messages.error(request, line)
        return redirect(f"{reverse('registration:carry_over')}?year={year.pk}")
    return render(request, "registration/carry_over.html", {"year": year, "candidates": candidates})


@login_required
def application_form_pdf(request, pk):
    unit = _unit(request, pk)
    if not can_read_personal_data(request.user, unit):
        raise Http404  # the form carries the full national ID, birth date and address
    with translation.override("th"):  # official documents are always in Thai
        pdf = exports.application_form(unit)
    # The form carries the full national ID, birth date and address: its download is audited.
    services.log_export(actor=request.user, unit=unit, what="application_form")
    return download(pdf, f"ใบสมัคร-{unit.pk}.pdf", PDF)


@login_required
def applicant_list(request, year_id: int, fmt: str, district_code: str | None = None):
    if fmt not in CONTENT_TYPES:
        raise Http404
    user = request.user
    year = get_in_scope(user, ProgrammeYear.objects.select_related("province"), pk=year_id)
    district = export_district(user, year, district_code)
    with translation.override("th"):  # official documents are always in Thai
        content, filename = exports.applicant_list(user=user, year=year, district=district, fmt=fmt)
    return export_download(
        actor=user,
        content=content,
        filename=filename,
        content_type=CONTENT_TYPES[fmt],
        action="export.applicant_list",
        obj=year,
        changes={"format": fmt},
        district_id=district.pk if district else "",
    )


@login_required
@require_POST
def applicant_list_send(request, year_id: int):
    """The district officer records that the applicant list went to the province."""
    user = request.user
    year = get_in_scope(user, ProgrammeYear, pk=year_id)
    if not can_send_applicant_list(user):
        raise Http404
    count = Unit.objects.filter(
        programme_year=year, district_id=user.district_id, status__in=ACCEPTED_STATUSES
    ).count()
    try:
        programme_services.district_report_send(
            actor=user,
            year=year,
            district_id=user.district_id,
            deadline=Deadline.APPLICANT_LIST_DUE,
            unit_count=count,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("บันทึกการส่งแบบรายชื่อผู้สมัครถึงจังหวัดแล้ว (%(n)d หน่วยนับ)") % {"n": count}
        )
    return redirect(f"{reverse('registration:register')}?year={year.pk}")
