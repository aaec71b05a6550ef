"""The answer to an access request (PDPA s.30): a ZIP with a readable PDF summary of everything
held about the person and the stored files themselves (docs/privacy.md).

Built when it is downloaded, in the request, not by the background worker: one person has one
unit a year with a handful of files, so the ZIP is small and quick; and built on demand it is
never stored, so no second copy of the identity papers stays at rest beside the originals.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone, translation

from activities.models import ActivityPhoto
from assessment.models import Decision
from audit.models import AuditEntry
from audit.presentation import ACTIONS
from certification.models import Certificate
from certified.models import UnitProfile
from core.bounds import field_label
from core.thai import thai_date_short, thai_datetime
from development.models import SelfAssessment
from development.selectors import assessment_result
from documents import subject_access as doc
from documents.text import district_name, province_name
from privacy.models import PRIVACY_ACTIONS, SubjectRequest
from registration.models import Status, Unit, UnitDocument, mask_national_id
from registration.services import editable_fields

SUMMARY_NAME = "summary.pdf"
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}


@dataclass
class ZipFile:
    name: str
    storage_name: str
    sha256: str


@dataclass
class AccessExport:
    content: bytes
    sha256: str
    files: list[ZipFile]


def _label(field: str, model: type[models.Model] = Unit) -> str:
    return field_label(model, field)


def _value(unit: Unit, field: str) -> str:
    if field == "national_id":
        return mask_national_id(unit.national_id)
    if field in ("subdistrict", "village", "responsible_developer"):
        related = getattr(unit, field)
        if related is None:
            return ""
        return related.full_name if field == "responsible_developer" else str(related)
    value = getattr(unit, field)
    display = getattr(unit, f"get_{field}_display", None)
    if display is not None and value:
        return str(display())
    if isinstance(value, bool):
        return str(translation.gettext("ใช่") if value else translation.gettext("ไม่ใช่"))
    if hasattr(value, "isoformat"):
        return thai_date_short(value)
    return "" if value is None else str(value)


def _units(units: Iterable[Unit]) -> list[Unit]:
    pks = [u.pk for u in units]
    return list(
        Unit.objects.filter(pk__in=pks)
        .select_related("district__province", "subdistrict", "village", "responsible_developer")
        .prefetch_related(
            "status_changes",
            Prefetch("documents", queryset=UnitDocument.objects.order_by("uploaded_at", "pk")),
            Prefetch(
                "self_assessments",
                queryset=SelfAssessment.objects.order_by("phase"),
            ),
            Prefetch("certificates", queryset=Certificate.objects.order_by("issued_on", "pk")),
        )
        .order_by("fiscal_year", "pk")
    )


def _file_hash(storage_file) -> tuple[bytes, str]:
    with storage_file.open("rb") as handle:
        content = handle.read()
    return content, hashlib.sha256(content).hexdigest()


def build(
    request: SubjectRequest,
    units: Iterable[Unit],
    *,
    reads_personal: Callable[[Unit], bool] = lambda unit: True,
) -> AccessExport:
    """The ZIP for `request`: summary.pdf and every stored file about the person's `units` (the
    request's units in the downloader's scope). The copies of identity papers go in only where
    `reads_personal(unit)`: the department needs its reasoned grant for them, as on the unit page
    (registration.permissions.can_read_personal_data, docs/compliance.md); the summary lists
    them either way."""
    units = _units(units)
    statuses = dict(Status.choices)
    buffer = io.BytesIO()
    files: list[ZipFile] = []
    with translation.override("th"), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:

        def add(name: str, storage_file) -> str:
            if not storage_file or not storage_file.name:
                return ""
            if not storage_file.storage.exists(storage_file.name):
                return ""
            content, digest = _file_hash(storage_file)
            archive.writestr(name, content)
            files.append(ZipFile(name=name, storage_name=storage_file.name, sha256=digest))
            return name

        records = []
        for unit in units:
            year = unit.fiscal_year
            details = [
                (_label(f), _value(unit, f))
                for f in ["name", *editable_fields(unit.unit_type)]
                if f != "responsible_developer"
            ]
            if unit.privacy_notice_at:
                details.append((_label("privacy_notice_at"), thai_datetime(unit.privacy_notice_at)))
            documents = []
            personal = reads_personal(unit)
            for document in unit.documents.all():
                ext = EXTENSIONS.get(document.content_type, "bin")
                zip_name = (
                    add(f"{year}/documents/{document.pk}-{document.kind}.{ext}", document.file)
                    if personal or not document.is_personal
                    else ""
                )
                documents.append(
                    doc.DocumentLine(
                        kind=document.get_kind_display(),
                        original_name=document.original_name,
                        uploaded_at=document.uploaded_at,
                        review=document.get_review_display(),
                        zip_name=zip_name,
                    )
                )
            assessments = []
            for assessment in unit.self_assessments.all():
                result = assessment_result(assessment)
                assessments.append(
                    doc.AssessmentLine(
                        phase=assessment.get_phase_display(),
                        state=assessment.get_state_display(),
                        percent=str(result.percent),
                        passed=result.passed if result.complete else None,
                    )
                )
            decisions = [
                doc.DecisionLine(
                    round_name=d.round_unit.round.name,
                    outcome=d.get_outcome_display(),
                    percent="" if d.result_percent is None else str(d.result_percent),
                    decided_at=d.decided_at,
                )
                for d in Decision.objects.filter(round_unit__unit=unit)
                .select_related("round_unit__round")
                .order_by("decided_at", "pk")
            ]
            certificates = [
                doc.CertificateLine(
                    number=c.display_number,
                    issued_on=c.issued_on,
                    revoked=c.is_revoked,
                    zip_name=add(f"{year}/certificates/{c.code}.pdf", c.pdf),
                )
                for c in unit.certificates.all()
            ]
            profile = []
            found = UnitProfile.objects.filter(unit=unit).first()
            if found is not None:
                profile = [
                    (_label(f, UnitProfile), getattr(found, f))
                    for f in ("description", "achievements")
                ]
            photos = []
            for photo in (
                ActivityPhoto.objects.filter(units=unit)
                .select_related("activity")
                .order_by("activity__held_on", "pk")
            ):
                if photo.activity.held_on is None:  # a draft activity has no photos
                    continue
                photos.append(
                    doc.PhotoLine(
                        activity=photo.activity.title,
                        held_on=photo.activity.held_on,
                        caption=photo.caption,
                        zip_name=add(f"{year}/photos/{photo.pk}.jpg", photo.image),
                    )
                )
            audit = [
                doc.AuditLine(
                    at=entry.at,
                    action=str(
                        ACTIONS.get(entry.action)
                        or PRIVACY_ACTIONS.get(entry.action)
                        or entry.action
                    ),
                    actor=entry.actor.full_name if entry.actor else "",
                )
                for entry in AuditEntry.objects.filter(unit_id=unit.pk)
                .select_related("actor")
                .order_by("at", "pk")
            ]
            records.append(
                doc.UnitRecord(
                    fiscal_year=year,
                    type_label=unit.type_label,
                    district=(
                        f"{district_name(unit.district.name_th)} "
                        f"{province_name(unit.district.province.name_th)}"
                    ),
                    status=str(statuses.get(unit.status, unit.status)),
                    details=details,
                    statuses=[
                        doc.StatusLine(
                            at=s.at,
                            from_status=str(statuses.get(s.from_status, s.from_status)),
                            to_status=str(statuses.get(s.to_status, s.to_status)),
                            reason=s.reason,
                        )
                        for s in unit.status_changes.all()
                    ],
                    documents=documents,
                    assessments=assessments,
                    decisions=decisions,
                    certificates=certificates,
                    profile=profile,
                    photos=photos,
                    audit=audit,
                )
            )
        summary = doc.SubjectAccess(
            person=request.subject_name,
            id_label=request.subject_id_label.split(" ")[0],
            received_on=request.received_on,
            issued_on=timezone.localdate(),
            office=(
                f"{district_name(request.district.name_th)} "
                f"{province_name(request.district.province.name_th)}"
            ),
            units=records,
            file_count=len(files),
        )
        archive.writestr(SUMMARY_NAME, doc.subject_access_pdf(summary))
    content = buffer.getvalue()
    return AccessExport(content=content, sha256=hashlib.sha256(content).hexdigest(), files=files)
