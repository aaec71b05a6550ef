"""Writes to certificates: issue, revoke, settings, stored PDFs, the year's batch.

Each write is one transaction with its audit row. A certificate number is taken from the
province-year's counter row under SELECT … FOR UPDATE, in the same transaction that inserts the
certificate: two officers (or workers) issuing at once wait for each other, and a rolled-back
issue gives its number back, so numbers stay unique and gapless.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from accounts.models import User
from audit.services import diff, log_action
from certification.codes import display_number, new_code, verify_url
from certification.events import CertificateIssued, CertificateRevoked, CertificatesIssued
from certification.models import (
    Certificate,
    CertificateBatch,
    CertificateCounter,
    CertificateSettings,
)
from core import events
from core.bounds import check_date, field_label
from core.errors import DomainError
from core.text import clean_name, clean_text
from core.thai import fiscal_year_bounds
from documents.certificate import CertificateData, Signer, certificate_pdf
from programme.models import ProgrammeYear
from registration.models import Status, Unit

# A batch whose worker has not reported for this long is taken to have been killed.
STALE_AFTER = dt.timedelta(minutes=2)


def _require_province(actor: User, year: ProgrammeYear) -> None:
    if not actor.manages_province(year.province_id):
        raise DomainError(gettext("เฉพาะเจ้าหน้าที่ของจังหวัดนี้เท่านั้นที่ออกหรือเพิกถอนประกาศนียบัตรได้"))


def settings_for(year: ProgrammeYear) -> CertificateSettings:
    found = CertificateSettings.objects.filter(programme_year=year).first()
    return found or CertificateSettings(programme_year=year)


# --- numbers -----------------------------------------------------------------------------


def _take_numbers(year: ProgrammeYear, count: int) -> range:
    """The next `count` numbers of the province-year. Call inside the issuing transaction:
    the counter row stays locked until it commits (or rolls back, giving the numbers back)."""
    CertificateCounter.objects.get_or_create(programme_year=year)
    counter = CertificateCounter.objects.select_for_update().get(programme_year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return range(first, first + count)


def _unused_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        wanted = {new_code() for _ in range(count - len(codes))} - codes
        taken = set(Certificate.objects.filter(code__in=wanted).values_list("code", flat=True))
        codes |= wanted - taken
    return sorted(codes)


# --- issue and revoke --------------------------------------------------------------------


def _not_certified(unit: Unit) -> DomainError:
    return DomainError(
        gettext("ออกประกาศนียบัตรได้เฉพาะหน่วยนับที่ผ่านการรับรองมาตรฐานแล้ว (สถานะปัจจุบัน: “%(status)s”)")
        % {"status": unit.get_status_display()}
    )


@transaction.atomic
def issue_certificates(
    *, actor: User, year: ProgrammeYear, unit_ids: list[int]
) -> list[tuple[Certificate, bool]]:
    """Each CERTIFIED unit's current certificate, issued now if it has none: (certificate,
    created) in the order given. Units no longer CERTIFIED are left out.

    The one place numbers are given, for a single issue and for the year's batch alike. The
    unit rows are locked first, then the counter, always in that order: issuing twice gives
    back the same certificate, also when two requests race, and no number is skipped.
    """
    _require_province(actor, year)
    units = {
        u.pk: u
        # Locked in one order everywhere, so two runs over the same units cannot deadlock.
        for u in Unit.objects.select_for_update()
        .filter(programme_year=year, pk__in=unit_ids, status=Status.CERTIFIED)
        .order_by("pk")
    }
    current = {
        c.unit_id: c for c in Certificate.objects.filter(unit_id__in=units, revoked_at__isnull=True)
    }
    wanted = [pk for pk in dict.fromkeys(unit_ids) if pk in units and pk not in current]
    created: dict[int, Certificate] = {}
    if wanted:
        settings = settings_for(year)
        issued_on = settings.issued_on or timezone.localdate()
        numbers = _take_numbers(year, len(wanted))
        codes = _unused_codes(len(wanted))
        new = [
            Certificate(
                programme_year=year,
                unit=units[pk],
                number=number,
                display_number=display_number(number, year.fiscal_year, settings.number_prefix),
                code=code,
                unit_name=units[pk].name,
                unit_type=units[pk].unit_type,
                issued_on=issued_on,
                issued_by=actor,
            )
            for pk, number, code in zip(wanted, numbers, codes, strict=True)
        ]
        try:
            with transaction.atomic():
                for certificate in new:
                    # One by one, not bulk: issued_at and the primary key come back on every
                    # database.
                    certificate.save()
        except IntegrityError as exc:  # the constraints hold even if a lock above were missed
            raise DomainError(gettext("ออกประกาศนียบัตรไม่สำเร็จ กรุณาลองใหม่อีกครั้ง")) from exc
        for certificate in new:
            log_action(
                actor=actor,
                action="certificate.issue",
                obj=certificate,
                changes={"number": certificate.display_number, "code": certificate.code},
                unit_id=certificate.unit_id,
                district_id=certificate.unit.district_id,
            )
            created[certificate.unit_id] = certificate
        events.publish(
            CertificatesIssued(
                programme_year_id=year.pk, unit_ids=tuple(created), actor_id=actor.pk
            )
        )
    return [
        (created[pk], True) if pk in created else (current[pk], False)
        for pk in dict.fromkeys(unit_ids)
        if pk in units
    ]


def issue_certificate(*, actor: User, unit: Unit) -> tuple[Certificate, bool]:
    """The unit's current certificate, issued now if it has none: (certificate, created)."""
    with transaction.atomic():
        year = ProgrammeYear.objects.get(pk=unit.programme_year_id)
        issued = issue_certificates(actor=actor, year=year, unit_ids=[unit.pk])
        if not issued:
            raise _not_certified(Unit.objects.get(pk=unit.pk))
        certificate, created = issued[0]
        if created:
            # The year's batch does not come through here: it tells each district once, when
            # it is done (certification.tasks), not once a certificate.
            events.publish(
                CertificateIssued(
                    certificate_id=certificate.pk,
                    unit_id=certificate.unit_id,
                    programme_year_id=year.pk,
                    district_id=certificate.unit.district_id,
                    province_id=year.province_id,
                    actor_id=actor.pk,
                )
            )
        return issued[0]


def certificate_issue(*, actor: User, unit: Unit) -> Certificate:
    """Issue (or give back) the unit's certificate and store its PDF."""
    # Checked before a number is taken: a number without its file helps nobody.
    require_signer(settings_for(unit.programme_year))
    certificate, _created = issue_certificate(actor=actor, unit=unit)
    return ensure_certificate_pdf(certificate)


@transaction.atomic
def certificate_revoke(*, actor: User, certificate: Certificate, reason: str) -> Certificate:
    certificate = (
        Certificate.objects.select_for_update()
        .select_related("programme_year", "unit")
        .get(pk=certificate.pk)
    )
    _require_province(actor, certificate.programme_year)
    reason = clean_text((reason or "").strip())
    if not reason:
        raise DomainError(gettext("กรุณาระบุเหตุผลที่เพิกถอน"), field="reason")
    if len(reason) > 1000:
        raise DomainError(gettext("เหตุผลยาวเกิน 1,000 ตัวอักษร"), field="reason")
    if certificate.is_revoked:
        raise DomainError(gettext("ประกาศนียบัตรนี้ถูกเพิกถอนแล้ว"))
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = actor
    certificate.revocation_reason = reason
    certificate.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    log_action(
        actor=actor,
        action="certificate.revoke",
        obj=certificate,
        changes={"revoked_at": [None, certificate.revoked_at]},
        note=reason,
        unit_id=certificate.unit_id,
        district_id=certificate.unit.district_id,
    )
    events.publish(
        CertificateRevoked(
            certificate_id=certificate.pk,
            unit_id=certificate.unit_id,
            programme_year_id=certificate.programme_year_id,
            district_id=certificate.unit.district_id,
            province_id=certificate.programme_year.province_id,
            reason=reason,
            actor_id=actor.pk,
        )
    )
    return certificate


# Names printed on the certificate: refused with a hidden character (docs/security.md §9).
SETTINGS_NAMES = ["number_prefix", "signer_name", "second_signer_name"]
SETTINGS_FIELDS = [
    "number_prefix",
    "issued_on",
    "signer_name",
    "signer_position",
    "second_signer_name",
    "second_signer_position",
    "thai_numerals",
]


@transaction.atomic
def certificate_settings_update(
    *, actor: User, year: ProgrammeYear, data: dict[str, Any], expected_version: int
) -> CertificateSettings:
    """`expected_version` is the version the form was made from (that of `settings_for` when
    none are saved yet); a form made before another save is refused, never applied."""
    _require_province(actor, year)
    settings, _ = CertificateSettings.objects.select_for_update().get_or_create(programme_year=year)
    if settings.version != expected_version:
        raise DomainError(gettext("มีผู้อื่นแก้ไขการตั้งค่าประกาศนียบัตรนี้ไปก่อนแล้ว กรุณาเปิดหน้านี้ใหม่แล้วแก้ไขอีกครั้ง"))
    before = {field: getattr(settings, field) for field in SETTINGS_FIELDS}
    for field in SETTINGS_FIELDS:
        if field in data:
            value = data[field]
            if isinstance(value, str):
                label = field_label(CertificateSettings, field)
                value = (
                    clean_name(value, field=field, label=label)
                    if field in SETTINGS_NAMES
                    else clean_text(value)
                )
            setattr(settings, field, value)
    # The date printed on the certificates: from the start of the programme's fiscal year to a
    # year after its end (certificates of a year may be handed over late), never 2699.
    start, end = fiscal_year_bounds(year.fiscal_year)
    check_date(
        settings.issued_on,
        field="issued_on",
        label=field_label(CertificateSettings, "issued_on"),
        earliest=start,
        latest=end.replace(year=end.year + 1),
    )
    settings.version += 1
    settings.save()
    changes = diff(before, {field: getattr(settings, field) for field in SETTINGS_FIELDS})
    if changes:
        log_action(actor=actor, action="certificate.settings", obj=year, changes=changes)
    return settings


# --- documents ---------------------------------------------------------------------------


SIGNER_MISSING = gettext_lazy(
    "ยังออกประกาศนียบัตรไม่ได้ เพราะยังไม่ได้ระบุชื่อและตำแหน่งผู้ลงนาม (ตั้งค่าผู้ลงนามก่อน)"
)


def require_signer(settings: CertificateSettings) -> None:
    """A certificate's PDF is kept as made: one made without a signer would have no signature
    block, and only revoking and issuing again would mend it. So no PDF without a signer."""
    if not settings.has_signer:
        raise DomainError(SIGNER_MISSING)


def certificate_data(
    certificate: Certificate, settings: CertificateSettings | None = None
) -> CertificateData:
    """What the PDF of `certificate` shows (the year's current signers)."""
    year = certificate.programme_year
    settings = settings or settings_for(year)
    require_signer(settings)
    signers = [
        Signer(settings.signer_name, settings.signer_position),
        Signer(settings.second_signer_name, settings.second_signer_position),
    ]
    return CertificateData(
        province=year.province.name_th,
        unit_name=certificate.unit_name,
        place=certificate.unit.district.display_name,
        standard=certificate.type_label,
        fiscal_year=year.fiscal_year,
        issued_on=certificate.issued_on,
        number=certificate.display_number,
        code=certificate.code,
        verify_url=verify_url(certificate.code),
        signers=[s for s in signers if s.name.strip() or s.position.strip()],
        thai_numerals=settings.thai_numerals,
    )


def has_stored_pdf(certificate: Certificate) -> bool:
    name = certificate.pdf.name
    if not name:
        return False
    return certificate.pdf.storage.exists(name)


def store_certificate_pdfs(pairs: list[tuple[Certificate, bytes]]) -> int:
    """Store each content as its certificate's PDF, unless it has one already; one transaction.

    Returns how many were stored. The rows are locked so that two runs storing at once keep
    one file each. Files are written before the rows: a failure leaves an unreferenced file,
    never a row that names a missing file.
    """
    stored = []
    with transaction.atomic():
        # The year comes with the rows: the file path names it (one query, not one a file).
        locked = (
            Certificate.objects.select_related("programme_year")
            .select_for_update(of=("self",))
            .order_by("pk")
            .in_bulk([c.pk for c, _ in pairs])
        )
        for certificate, content in pairs:
            row = locked[certificate.pk]
            if has_stored_pdf(row):
                certificate.pdf = row.pdf
                continue
            row.pdf.save("certificate.pdf", ContentFile(content), save=False)
            row.pdf_sha256 = hashlib.sha256(content).hexdigest()
            certificate.pdf, certificate.pdf_sha256 = row.pdf, row.pdf_sha256
            stored.append(row)
        Certificate.objects.bulk_update(stored, ["pdf", "pdf_sha256"])
    return len(stored)


def store_certificate_pdf(certificate: Certificate, content: bytes) -> bool:
    return store_certificate_pdfs([(certificate, content)]) == 1


def ensure_certificate_pdf(certificate: Certificate) -> Certificate:
    if not has_stored_pdf(certificate):
        certificate = Certificate.objects.select_related(
            "programme_year__province", "unit__district"
        ).get(pk=certificate.pk)
        store_certificate_pdf(certificate, certificate_pdf(certificate_data(certificate)))
    return certificate


def log_certificate_download(*, actor: User, certificate: Certificate, what: str) -> None:
    log_action(
        actor=actor,
        action="certificate.download",
        obj=certificate,
        changes={"format": what},
        unit_id=certificate.unit_id,
        district_id=certificate.unit.district_id,
    )


# --- the year's batch --------------------------------------------------------------------


def batch_is_active(batch: CertificateBatch | None) -> bool:
    if batch is None or batch.state not in (
        CertificateBatch.State.QUEUED,
        CertificateBatch.State.RUNNING,
    ):
        return False
    last_sign = batch.heartbeat_at or batch.requested_at
    return timezone.now() - last_sign < STALE_AFTER


@transaction.atomic
def batch_start(*, actor: User, year: ProgrammeYear) -> CertificateBatch:
    """Queue the generation of every certificate of the year; a running one is reused."""
    from certification.tasks import generate_year_certificates

    _require_province(actor, year)
    ProgrammeYear.objects.select_for_update().filter(pk=year.pk).first()
    latest = CertificateBatch.objects.filter(programme_year=year).first()
    if latest is not None and batch_is_active(latest):
        return latest
    if not Unit.objects.filter(programme_year=year, status=Status.CERTIFIED).exists():
        raise DomainError(gettext("ปีนี้ยังไม่มีหน่วยนับที่ผ่านการรับรองมาตรฐาน"))
    require_signer(settings_for(year))
    batch = CertificateBatch.objects.create(programme_year=year, requested_by=actor)
    log_action(actor=actor, action="certificate.batch", obj=batch, changes={"year": year.pk})
    # The worker must see the committed row.
    transaction.on_commit(lambda: generate_year_certificates.enqueue(batch.pk))
    return batch
