"""Writes of the privacy app: the request register, the retention policy and anonymisation
(docs/privacy.md). Each write is one transaction with its audit row; files leave storage only
after the commit, and a file still listed in `Anonymisation.pending_files` is deleted by the
next retention run."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import User
from activities.models import ActivityPhoto
from audit.models import AuditEntry
from audit.services import diff, log_action
from certification.models import Certificate
from certified.models import ProfilePhoto, UnitProfile
from core.errors import DomainError
from core.national_id import normalise_national_id, validate_national_id
from core.once import use_form_token
from core.scope import visible_to
from core.text import limited_text
from core.thai import fiscal_year_of
from development.models import EvidenceFile
from notifications.models import Notification
from privacy.models import (
    Anonymisation,
    RequestKind,
    RequestStatus,
    RetentionPolicy,
    SubjectRequest,
    Trigger,
    due_date,
)
from privacy.permissions import can_handle_request, can_handle_requests, can_set_retention
from privacy.selectors import person_units_for, retention_policy
from programme.models import UnitType
from registration.models import Status, TeamMember, Unit, UnitDocument, audit_national_id

logger = logging.getLogger(__name__)

# The register's free text: long enough for a letter's gist, short enough to stay a summary
# (privacy/forms.py sets the same max_length).
TEXT_LIMIT = 2000

# The leader's own fields: blanked (or replaced) when a leader's unit is anonymised.
LEADER_FIELDS = [
    "person_title",
    "first_name",
    "last_name",
    "national_id",
    "birth_date",
    "house_number",
    "phone",
    "position_title",
    "community_work",
    "description",
]
# Keys of audit rows' changes whose values are a person's data (registration/services.py
# _snapshot, the team lists, uploaded files' own names, photo captions).
PERSONAL_AUDIT_KEYS = {
    *LEADER_FIELDS,
    "name",
    "achievements",
    "team:TEAM",
    "team:ADVISER",
    "file",
    "caption",
    "original_name",
}
# A person's application of the running year cannot be erased on request until it is withdrawn
# or decided; units of past years are erased in whatever status they were left.
FINAL_STATUSES = {Status.WITHDRAWN, Status.NOT_RECOMMENDED, Status.CERTIFIED, Status.NOT_CERTIFIED}


def _placeholders() -> tuple[str, str, str]:
    """What replaces a name: stored, so in Thai whatever the session's language."""
    with translation.override("th"):
        return (
            gettext("ผู้สมัคร (ลบข้อมูลแล้ว)"),
            gettext("(ลบข้อมูลแล้ว)"),
            gettext("[ลบข้อมูลส่วนบุคคลแล้ว]"),
        )


def _require(allowed: bool) -> None:
    if not allowed:
        raise DomainError(gettext("คุณไม่มีสิทธิ์ดำเนินการนี้"))


# --- the request register -------------------------------------------------------------------


def request_create(
    *,
    actor: User,
    kind: str,
    national_id: str,
    received_on: dt.date,
    once: str,
    details: str = "",
) -> SubjectRequest:
    """Record a request of the person with this national ID, about their units in the actor's
    scope; due 30 days after its receipt (PDPA s.30)."""
    _require(can_handle_requests(actor))
    if kind not in RequestKind.values:
        raise DomainError(gettext("ประเภทคำขอไม่ถูกต้อง"), field="kind")
    try:
        validate_national_id(national_id)
    except ValidationError as error:
        raise DomainError(error.messages[0], field="national_id") from None
    today = timezone.localdate()
    if received_on > today:
        raise DomainError(gettext("วันที่รับคำขอต้องไม่เกินวันนี้"), field="received_on")
    if received_on < today - dt.timedelta(days=366):
        raise DomainError(gettext("วันที่รับคำขอต้องไม่ก่อนหนึ่งปีที่แล้ว"), field="received_on")
    details = limited_text(details, limit=TEXT_LIMIT, field="details")
    value = normalise_national_id(national_id)
    with transaction.atomic():
        use_form_token(once)
        units = list(person_units_for(actor, value).select_related("district"))
        if not units:
            # Neutral: nothing about units outside the actor's scope (docs/security.md §11).
            raise DomainError(
                gettext("ไม่พบข้อมูลของเลขประจำตัวประชาชนนี้ในพื้นที่ของคุณ"), field="national_id"
            )
        newest = units[0]
        request = SubjectRequest.objects.create(
            kind=kind,
            district_id=newest.district_id,
            subject_id_label=audit_national_id(value),
            subject_name=newest.name,
            details=details,
            received_on=received_on,
            due_on=due_date(received_on),
            created_by=actor,
        )
        request.units.set(units)
        log_action(
            actor=actor,
            action="privacy.request_create",
            obj=request,
            changes={
                "kind": kind,
                "subject": request.subject_id_label,
                "units": [u.pk for u in units],
                "due_on": request.due_on,
            },
            unit_id=newest.pk,
            district_id=newest.district_id,
        )
    return request


def _locked_open(actor: User, request: SubjectRequest) -> SubjectRequest:
    request = (
        SubjectRequest.objects.select_for_update().select_related("district").get(pk=request.pk)
    )
    _require(can_handle_request(actor, request))
    if not request.is_open:
        raise DomainError(gettext("คำขอนี้ดำเนินการเสร็จแล้ว"))
    return request


def _close(
    *,
    actor: User,
    request: SubjectRequest,
    status: str,
    outcome: str,
    corrections: str = "",
) -> None:
    before = {"status": request.status, "outcome": request.outcome, "corrections": ""}
    request.status = status
    request.outcome = outcome
    request.corrections = corrections
    request.handled_by = actor
    request.handled_at = timezone.now()
    # Only these: an erasure has just replaced the subject's name in the row (anonymise_unit).
    request.save(update_fields=["status", "outcome", "corrections", "handled_by", "handled_at"])
    log_action(
        actor=actor,
        action="privacy.request_close",
        obj=request,
        changes=diff(
            before,
            {"status": status, "outcome": outcome, "corrections": corrections},
        ),
        district_id=request.district_id,
    )


def request_close(
    *,
    actor: User,
    request: SubjectRequest,
    status: str,
    outcome: str,
    corrections: str = "",
) -> SubjectRequest:
    """Mark a request done or refused, with its outcome; a rectification names what was
    corrected (on the unit's edit page, not here). Erasure is done by `anonymise_person`."""
    if status not in (RequestStatus.DONE, RequestStatus.REFUSED):
        raise DomainError(gettext("สถานะไม่ถูกต้อง"), field="status")
    outcome = limited_text(outcome, limit=TEXT_LIMIT, field="outcome")
    corrections = limited_text(corrections, limit=TEXT_LIMIT, field="corrections")
    if not outcome:
        raise DomainError(gettext("กรุณาระบุผลการดำเนินการ"), field="outcome")
    with transaction.atomic():
        request = _locked_open(actor, request)
        if request.kind == RequestKind.ERASURE and status == RequestStatus.DONE:
            raise DomainError(
                gettext("คำขอลบข้อมูลดำเนินการได้ด้วยปุ่ม “ลบข้อมูลส่วนบุคคล” เท่านั้น"), field="status"
            )
        if (
            request.kind == RequestKind.RECTIFICATION
            and status == RequestStatus.DONE
            and not corrections
        ):
            raise DomainError(gettext("กรุณาระบุรายการที่แก้ไข"), field="corrections")
        _close(
            actor=actor, request=request, status=status, outcome=outcome, corrections=corrections
        )
    return request


# --- retention ------------------------------------------------------------------------------


def policy_update(*, actor: User, values: dict[str, int], expected_version: int) -> RetentionPolicy:
    _require(can_set_retention(actor))
    fields = ["certificate_validity_years", "years_after_validity", "years_after_fiscal_year"]
    for name in fields:
        if not 0 <= int(values[name]) <= 50:
            raise DomainError(gettext("จำนวนปีต้องอยู่ระหว่าง 0 ถึง 50"), field=name)
    with transaction.atomic():
        policy = RetentionPolicy.objects.select_for_update().filter(pk=1).first()
        if policy is None:
            policy = RetentionPolicy(pk=1, version=0)
        if policy.version != expected_version:
            raise DomainError(
                gettext(
                    "มีผู้อื่นแก้ไขข้อมูลนี้หลังจากที่คุณเปิดแบบฟอร์ม กรุณาเปิดหน้าใหม่แล้วแก้ไขอีกครั้ง (ข้อมูลที่ผู้อื่นบันทึกไว้ยังอยู่ครบ)"
                )
            )
        before = {name: getattr(policy, name) for name in fields}
        for name in fields:
            setattr(policy, name, int(values[name]))
        policy.updated_by = actor
        policy.version += 1
        policy.save()
        log_action(
            actor=actor,
            action="privacy.retention_update",
            obj=policy,
            changes=diff(before, {name: getattr(policy, name) for name in fields}),
        )
    return policy


def _add_years(value: dt.date, years: int) -> dt.date:
    try:
        return value.replace(year=value.year + years)
    except ValueError:  # 29 February into a common year
        return value.replace(year=value.year + years, day=28)


def _fiscal_year_end(fiscal_year_be: int) -> dt.date:
    return dt.date(fiscal_year_be - 543, 9, 30)


def retention_ends(unit: Unit, policy: RetentionPolicy) -> dt.date:
    """The last day the unit's personal data is kept. Certified: the newest certificate's
    validity (or its revocation) plus the years after it; otherwise the end of the fiscal year
    plus the years for units never certified (docs/privacy.md)."""
    ends = []
    for certificate in unit.certificates.all():
        if certificate.revoked_at is not None:
            valid_to = timezone.localtime(certificate.revoked_at).date()
        else:
            valid_to = _add_years(certificate.issued_on, policy.certificate_validity_years)
        ends.append(_add_years(valid_to, policy.years_after_validity))
    if ends:
        return max(ends)
    return _add_years(_fiscal_year_end(unit.fiscal_year), policy.years_after_fiscal_year)


def units_past_retention(today: dt.date | None = None) -> list[Unit]:
    """Units not yet anonymised whose retention period has ended by `today`."""
    today = today or timezone.localdate()
    policy = retention_policy()
    # No unit of fiscal year N ends before N's first day plus the shorter period (a certificate
    # is dated, and revoked, within or after its fiscal year): later years are not read at all.
    shortest = min(policy.years_after_fiscal_year, policy.years_after_validity)
    candidates = (
        Unit.objects.filter(
            anonymisation__isnull=True, fiscal_year__lte=fiscal_year_of(today) - shortest
        )
        .prefetch_related("certificates")
        .order_by("pk")
    )
    return [
        unit
        for unit in candidates.iterator(chunk_size=2000)
        if retention_ends(unit, policy) < today
    ]


# --- anonymisation --------------------------------------------------------------------------


def _redact(changes: dict[str, Any], keys: set[str], marker: str) -> dict[str, Any]:
    redacted = {}
    for key, value in changes.items():
        if key in keys and value not in (None, "", []):
            if isinstance(value, list) and len(value) == 2 and key != "team:TEAM":
                value = [marker if v not in (None, "") else v for v in value]
            else:
                value = marker
        redacted[key] = value
    return redacted


def _delete_files(anonymisation_pk: int) -> None:
    """Delete the files an anonymisation let go. Runs after the commit, so a storage that fails
    must not fail the request whose data is already erased: the names that could not go stay
    pending and the daily retention run tries them again (run_retention)."""
    row = Anonymisation.objects.get(pk=anonymisation_pk)
    left = []
    for name in row.pending_files:
        try:
            default_storage.delete(name)
        except Exception:
            logger.exception("privacy: file %s not deleted; the retention run retries it", name)
            left.append(name)
    Anonymisation.objects.filter(pk=anonymisation_pk).update(pending_files=left)


def anonymise_unit(
    *,
    actor: User | None,
    unit: Unit,
    trigger: str,
    reason: str,
    request: SubjectRequest | None = None,
) -> Anonymisation | None:
    """Remove the personal data of one unit, keeping what the statistics count (type, place,
    year, status, scores, certificate numbers and status). None if it was done before.

    A leader's own fields, every uploaded application document (row and file), a leader's evidence
    files and certificate PDFs, the team's names and phones, and the photos showing the unit go
    (a photo that also shows a unit still kept only when erasure was asked for, see
    docs/privacy.md); audit rows keep who did what and when, with personal values replaced.
    """
    person, someone, marker = _placeholders()
    with transaction.atomic():
        unit = Unit.objects.select_for_update().get(pk=unit.pk)
        if Anonymisation.objects.filter(unit=unit).exists():
            return None
        leader = unit.unit_type == UnitType.LEADER
        pending: list[str] = []
        changed: dict[str, Any] = {"phone": ""}
        if leader:
            changed.update({field: "" for field in LEADER_FIELDS})
            changed.update(
                {"birth_date": None, "name": person, "name_key": f"anonymised-{unit.pk}"}
            )
            # update() skips the field's pre_save: the keyed hash goes by hand, or a search by
            # the person's ID would still find the unit (registration/fields.py).
            changed["national_id_hash"] = ""
        Unit.objects.filter(pk=unit.pk).update(**changed, version=F("version") + 1)
        TeamMember.objects.filter(unit=unit).update(name=someone, phone="")

        # The rows go with their files: the unit's page lists its documents for download and
        # a row without its file would fail there; no statistic counts them.
        documents = list(UnitDocument.objects.filter(unit=unit))
        pending.extend(str(d.file.name) for d in documents if d.file.name)
        UnitDocument.objects.filter(unit=unit).delete()
        if leader:
            for evidence in EvidenceFile.objects.filter(unit=unit).exclude(file=""):
                pending.append(str(evidence.file.name))
            # Marked removed, so the development pages (which hide removed files) offer none.
            EvidenceFile.objects.filter(unit=unit).update(
                file="", original_name="", sha256="", size=0, description=""
            )
            EvidenceFile.objects.filter(unit=unit, removed_at__isnull=True).update(
                removed_at=timezone.now(), removed_by=actor
            )
            for certificate in Certificate.objects.filter(unit=unit).exclude(pdf=""):
                pending.append(str(certificate.pdf.name))
            Certificate.objects.filter(unit=unit).update(unit_name=person, pdf="", pdf_sha256="")
            UnitProfile.objects.filter(unit=unit).update(
                description="", achievements="", is_published=False, published_at=None
            )
            # The register keeps that the person asked and what was done, under the masked ID
            # with its fingerprint only.
            SubjectRequest.objects.filter(units=unit).update(subject_name=person, details="")
            # Notifications about the unit are worded from their params when shown or sent: the
            # leader's name goes from them, so no page or e-mail still to go names him.
            for notification in Notification.objects.filter(unit_id=unit.pk):
                params = {**notification.params}
                if params.get("unit_name"):
                    params["unit_name"] = person
                if params.get("reason"):
                    params["reason"] = marker
                Notification.objects.filter(pk=notification.pk).update(params=params)

        photos = 0
        for photo in (
            ActivityPhoto.objects.filter(units=unit).exclude(image="").prefetch_related("units")
        ):
            others = [u.pk for u in photo.units.all() if u.pk != unit.pk]
            still_kept = Unit.objects.filter(pk__in=others, anonymisation__isnull=True).exists()
            if still_kept and trigger == Trigger.RETENTION:
                continue  # another unit in it is inside its retention period
            pending.extend(name for name in (photo.image.name, photo.thumbnail.name) if name)
            ProfilePhoto.objects.filter(photo=photo).delete()
            ActivityPhoto.objects.filter(pk=photo.pk).update(
                image="",
                thumbnail="",
                caption="",
                original_name="",
                sha256="",
                taken_at=None,
                gps_latitude=None,
                gps_longitude=None,
                camera_model="",
                removed_at=photo.removed_at or timezone.now(),
                removed_by_id=photo.removed_by_id or (actor.pk if actor else None),
                removal_reason=marker,
            )
            photos += 1

        keys = PERSONAL_AUDIT_KEYS if leader else {"phone", "team:TEAM", "team:ADVISER", "file"}
        for entry in AuditEntry.objects.filter(unit_id=unit.pk):
            redacted = _redact(entry.changes, keys, marker)
            if redacted != entry.changes:
                # The one change ever made to audit rows (docs/privacy.md): personal values go,
                # who did what to which object and when stays. AuditEntry.save refuses edits.
                AuditEntry.objects.filter(pk=entry.pk).update(changes=redacted)

        row = Anonymisation.objects.create(
            unit=unit,
            trigger=trigger,
            request=request,
            reason=reason,
            actor=actor,
            pending_files=pending,
        )
        log_action(
            actor=actor,
            action="privacy.anonymise",
            obj=unit,
            changes={
                "trigger": trigger,
                "fields": sorted(k for k in changed if k != "name_key"),
                "documents": len(documents),
                "files": len(pending),
                "photos": photos,
            },
            note=reason,
            unit_id=unit.pk,
            district_id=unit.district_id,
        )
        transaction.on_commit(lambda: _delete_files(row.pk))
    return row


def anonymise_person(
    *, actor: User, request: SubjectRequest, reason: str, confirmed: bool
) -> SubjectRequest:
    """Erasure on request: anonymise every unit of the person the request found, and close the
    request as done. Refused while an application of theirs is still running."""
    reason = limited_text(reason, limit=TEXT_LIMIT, field="reason")
    if not reason:
        raise DomainError(gettext("กรุณาระบุเหตุผล"), field="reason")
    if not confirmed:
        raise DomainError(gettext("กรุณายืนยันการลบข้อมูล"), field="confirmed")
    with transaction.atomic():
        request = _locked_open(actor, request)
        if request.kind != RequestKind.ERASURE:
            raise DomainError(gettext("ลบข้อมูลได้เฉพาะคำขอลบข้อมูลเท่านั้น"))
        units = list(request.units.order_by("pk"))
        if visible_to(actor, Unit).filter(pk__in=[u.pk for u in units]).count() != len(units):
            # Recorded by the province about units of several districts: it erases them all.
            raise DomainError(gettext("ข้อมูลของบุคคลนี้บางส่วนอยู่นอกพื้นที่ของคุณ จังหวัดหรือกรมเป็นผู้ลบข้อมูล"))
        this_year = fiscal_year_of(timezone.localdate())
        running = [
            u for u in units if u.fiscal_year >= this_year and u.status not in FINAL_STATUSES
        ]
        if running:
            raise DomainError(
                gettext(
                    "ยังมีใบสมัครปี %(year)s ที่อยู่ระหว่างดำเนินการ (สถานะ “%(status)s”) ต้องถอนการสมัครหรือรอผลการพิจารณาก่อนจึงจะลบข้อมูลได้"
                )
                % {"year": running[0].fiscal_year, "status": running[0].get_status_display()},
                field="reason",
            )
        count = 0
        for unit in units:
            if anonymise_unit(
                actor=actor, unit=unit, trigger=Trigger.REQUEST, reason=reason, request=request
            ):
                count += 1
        _close(
            actor=actor,
            request=request,
            status=RequestStatus.DONE,
            outcome=gettext("ลบข้อมูลส่วนบุคคลแล้ว %(count)s หน่วยนับ: %(reason)s")
            % {"count": count, "reason": reason},
        )
    return request


@dataclass
class RetentionRun:
    anonymised: int
    files_deleted: int


def run_retention(*, today: dt.date | None = None) -> RetentionRun:
    """Anonymise every unit past the retention period, and delete the files an interrupted run
    left behind. Safe to run again: what was done is skipped."""
    leftover = 0
    for row in Anonymisation.objects.exclude(pending_files=[]):
        leftover += len(row.pending_files)
        _delete_files(row.pk)
    count = 0
    files = 0
    for unit in units_past_retention(today):
        done = anonymise_unit(
            actor=None,
            unit=unit,
            trigger=Trigger.RETENTION,
            reason=_retention_reason(),
        )
        if done is not None:
            count += 1
            files += len(done.pending_files)
    return RetentionRun(anonymised=count, files_deleted=files + leftover)


def _retention_reason() -> str:
    with translation.override("th"):
        return gettext("ครบระยะเวลาการเก็บรักษาข้อมูลตามที่กรมกำหนด")
