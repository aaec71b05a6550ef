"""Certificates for the province (issue, revoke, the year's batch) and, read-only, the district."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.downloads import export_file
from certification import announcement as announcements
from certification import selectors, services
from certification.batch import year_progress
from certification.credential import credential_bytes
from certification.forms import AnnouncementForm, CertificateSettingsForm, RevokeForm
from certification.models import Announcement, Certificate, CertificateBatch
from certification.permissions import can_read_certificates
from core.downloads import CONTENT_TYPES, PDF, as_attachment, download
from core.errors import DomainError
from core.forms import add_domain_error
from core.scope import get_in_scope, visible_to
from programme.models import ProgrammeYear
from programme.selectors import current_year
from registration.models import Unit


def _year(request, year_id=None) -> ProgrammeYear:
    year_id = year_id if year_id is not None else request.GET.get("year")
    return current_year(request.user, year_id=year_id)


def _managed_year(request, year_id) -> ProgrammeYear:
    """A year of the user's own province, for the province's actions; 404 for anyone else."""
    year = _year(request, year_id)
    if not request.user.manages_province(year.province_id):
        raise Http404
    return year


def _certificate(request, pk) -> Certificate:
    return get_in_scope(
        request.user,
        Certificate.objects.select_related(
            "programme_year__province", "unit__district", "issued_by", "revoked_by"
        ),
        pk=pk,
    )


def _list_url(year: ProgrammeYear) -> str:
    return f"{reverse('certification:list')}?year={year.pk}"


@login_required
def certificate_list(request):
    if not can_read_certificates(request.user):
        raise Http404  # certificates are the offices' pages; members score, nothing more
    year = _year(request)
    rows, revoked = selectors.year_certificates(request.user, year)
    can_manage = request.user.manages_province(year.province_id)
    batch = selectors.latest_batch(year) if can_manage else None
    done, total = year_progress(year) if can_manage else (0, 0)
    settings = services.settings_for(year)
    return render(
        request,
        "certification/list.html",
        {
            "year": year,
            "years": visible_to(request.user, ProgrammeYear).select_related("province")[:20],
            "rows": rows,
            "revoked": revoked,
            "can_manage": can_manage,
            "batch": batch,
            "batch_active": services.batch_is_active(batch),
            "combined": selectors.latest_combined(year) if can_manage else None,
            "done": done,
            "total": total,
            "settings": settings,
            "signer_missing": can_manage and not settings.has_signer,
        },
    )


@login_required
def settings_edit(request, year_id: int):
    year = _managed_year(request, year_id)
    instance = services.settings_for(year)
    form = CertificateSettingsForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("expected_version")
        try:
            services.certificate_settings_update(
                actor=request.user, year=year, data=data, expected_version=expected
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกการตั้งค่าประกาศนียบัตรแล้ว"))
            return redirect(_list_url(year))
    return render(request, "certification/settings.html", {"year": year, "form": form})


@login_required
@require_POST
def certificate_issue(request, unit_id: int):
    unit = get_in_scope(request.user, Unit.objects.select_related("programme_year"), pk=unit_id)
    year = unit.programme_year
    if not request.user.manages_province(year.province_id):
        raise Http404
    try:
        certificate = services.certificate_issue(actor=request.user, unit=unit)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_list_url(year))
    messages.success(request, _("ออกประกาศนียบัตรเลขที่ %(n)s แล้ว") % {"n": certificate.display_number})
    return redirect("certification:detail", pk=certificate.pk)


def _detail(request, certificate: Certificate, form: RevokeForm, status: int = 200):
    year = certificate.programme_year
    return render(
        request,
        "certification/detail.html",
        {
            "certificate": certificate,
            "year": year,
            "can_manage": request.user.manages_province(year.province_id),
            # The unit's page, for those whose scope holds it (the certificate's scope is the
            # unit's today, but the link follows the unit's own rule).
            "can_see_unit": visible_to(request.user, Unit).filter(pk=certificate.unit_id).exists(),
            "form": form,
        },
        status=status,
    )


@login_required
def certificate_detail(request, pk: int):
    return _detail(request, _certificate(request, pk), RevokeForm())


@login_required
@require_POST
def certificate_revoke(request, pk: int):
    certificate = _certificate(request, pk)
    year = certificate.programme_year
    if not request.user.manages_province(year.province_id):
        raise Http404
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            services.certificate_revoke(
                actor=request.user, certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("เพิกถอนประกาศนียบัตรแล้ว"))
            return redirect("certification:detail", pk=certificate.pk)
    return _detail(request, certificate, form, status=400)


@login_required
def certificate_pdf(request, pk: int):
    certificate = _certificate(request, pk)
    try:  # a certificate whose file the batch has not made yet is made now, if it can be
        certificate = services.ensure_certificate_pdf(certificate)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("certification:detail", pk=certificate.pk)
    services.log_certificate_download(actor=request.user, certificate=certificate, what="pdf")
    response = FileResponse(certificate.pdf.open("rb"), content_type="application/pdf")
    return as_attachment(response, f"ประกาศนียบัตร-{certificate.code}.pdf")


@login_required
def certificate_credential(request, pk: int):
    certificate = _certificate(request, pk)
    content = credential_bytes(certificate)
    services.log_certificate_download(
        actor=request.user, certificate=certificate, what="credential"
    )
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    return as_attachment(response, f"ข้อมูลรับรองดิจิทัล-{certificate.code}.json")


@login_required
@require_POST
def batch_start(request, year_id: int):
    year = _managed_year(request, year_id)
    try:
        batch = services.batch_start(actor=request.user, year=year)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_list_url(year))
    return redirect("certification:batch", year_id=year.pk, pk=batch.pk)


@login_required
def batch_progress(request, year_id: int, pk: int):
    year = _managed_year(request, year_id)
    batch = CertificateBatch.objects.filter(programme_year=year, pk=pk).first()
    if batch is None:
        raise Http404
    done, total = year_progress(year)
    active = services.batch_is_active(batch)
    response = render(
        request,
        "certification/batch.html",
        {
            "year": year,
            "batch": batch,
            "active": active,
            "stalled": batch.state
            in (CertificateBatch.State.QUEUED, CertificateBatch.State.RUNNING)
            and not active,
            "done": done,
            "total": total,
            "percent": round(100 * done / total) if total else 100,
        },
    )
    if active:
        # Reloads the page while the work goes on, with or without JavaScript (CSP allows it).
        response["Refresh"] = "2"
    return response


@login_required
def batch_combined(request, year_id: int, pk: int):
    year = _managed_year(request, year_id)
    batch = (
        CertificateBatch.objects.filter(programme_year=year, pk=pk).exclude(combined_pdf="").first()
    )
    if batch is None or not batch.combined_pdf.storage.exists(batch.combined_pdf.name or ""):
        raise Http404
    return export_file(
        actor=request.user,
        file=batch.combined_pdf.open("rb"),
        filename=f"ประกาศนียบัตรทั้งหมด-{year.fiscal_year}-{year.province.name_th}.pdf",
        content_type=PDF,
        action="certificate.download",
        obj=batch,
        changes={"format": "combined_pdf"},
    )


# --- the provincial announcement (ประกาศจังหวัด) ------------------------------------------------


@login_required
def announcement_page(request, year_id: int):
    """The province previews and issues the announcement; its districts download the issued
    editions. Committee members have no business here (404)."""
    year = _year(request, year_id)
    if not can_read_certificates(request.user):
        raise Http404
    can_manage = request.user.manages_province(year.province_id)
    if request.method == "POST" and not can_manage:
        raise Http404
    latest = announcements.latest_edition(year)
    form = None
    status = 200
    if can_manage:
        if request.method == "POST":
            form = AnnouncementForm(request.POST)
            if form.is_valid():
                values = announcements.AnnouncementValues.from_data(form.cleaned_data)
                try:
                    if request.POST.get("action") == "issue":
                        issued = announcements.announcement_issue(
                            actor=request.user,
                            year=year,
                            values=values,
                            after_edition=form.cleaned_data["after_edition"],
                        )
                    else:
                        content = announcements.announcement_preview(
                            actor=request.user, year=year, values=values
                        )
                        return download(
                            content,
                            f"ร่างประกาศจังหวัด{year.province.name_th}-{year.fiscal_year}.pdf",
                            PDF,
                        )
                except DomainError as error:
                    add_domain_error(form, error)
                else:
                    messages.success(request, _("ออกประกาศฉบับที่ %(n)s แล้ว") % {"n": issued.edition})
                    return redirect("certification:announcement", year_id=year.pk)
            status = 400
        else:
            initial = announcements.defaults(year, latest)
            form = AnnouncementForm(
                initial={**vars(initial), "after_edition": latest.edition if latest else 0}
            )
    units = announcements.ordered(announcements.certified_units(year)) if can_manage else []
    added, removed = announcements.changes_since(latest, units) if can_manage else (0, 0)
    return render(
        request,
        "certification/announcement.html",
        {
            "year": year,
            "can_manage": can_manage,
            "form": form,
            "editions": announcements.year_announcements(request.user, year),
            "latest": latest,
            "groups": announcements.outline(announcements.type_groups(units)),
            "unit_count": len(units),
            "added": added,
            "removed": removed,
        },
        status=status,
    )


@login_required
def announcement_file(request, pk: int, fmt: str):
    if fmt not in ("pdf", "docx"):
        raise Http404
    announcement = get_in_scope(
        request.user, Announcement.objects.select_related("programme_year__province"), pk=pk
    )
    stored = announcement.pdf if fmt == "pdf" else announcement.docx
    if not stored or not stored.storage.exists(stored.name or ""):
        raise Http404
    announcements.log_announcement_download(actor=request.user, announcement=announcement, fmt=fmt)
    year = announcement.programme_year
    response = FileResponse(stored.open("rb"), content_type=CONTENT_TYPES[fmt])
    return as_attachment(
        response,
        f"ประกาศจังหวัด{year.province.name_th}-{year.fiscal_year}-ฉบับที่-{announcement.edition}.{fmt}",
    )
