"""Writes to units, their documents and their status. Each is one transaction with its audit rows."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import User
from audit.services import diff, log_action
from core import events
from core.bounds import (
    EARLIEST_BIRTH,
    EARLIEST_FOUNDING,
    check_date,
    check_number,
    field_label,
    latest_birth_date,
)
from core.errors import DomainError
from core.national_id import is_valid_national_id, normalise_national_id
from core.once import check_form_token, use_form_token
from core.text import ascii_digits, clean_name, clean_text
from core.uploads import CheckedFile, Inspected, check_pixel_budget, check_upload, inspect_upload
from programme.models import ProgrammeYear, UnitType
from registration.eligibility import completeness_problems, eligibility_problems
from registration.events import UnitCreated, UnitDeveloperChanged, UnitStatusMoved
from registration.models import (
    REQUIRED_DOCUMENTS,
    DocumentKind,
    MemberOrganisation,
    Status,
    StatusChange,
    TeamMember,
    Unit,
    UnitDocument,
    audit_national_id,
)
from registration.permissions import (
    REVIEWABLE,
    can_carry_over,
    can_edit_unit,
    can_register_units,
    handles_own_units_only,
    is_document_reviewer,
)
from registration.selectors import units_by_national_id
from registration.workflow import EDITABLE, REASON_REQUIRED, can_move

GROUP_FIELDS = [
    "name",
    "category",
    "category_other",
    "founded_on",
    "member_count",
    "resolution_date",
]
# Fields a form may set, per type; everything else is set by the services.
COMMON_FIELDS = ["subdistrict", "village", "responsible_developer", "description", "phone"]
TYPE_FIELDS: dict[str, list[str]] = {
    UnitType.LEADER: [
        "person_title",
        "first_name",
        "last_name",
        "national_id",
        "birth_date",
        "house_number",
        "domicile_years",
        "position_kind",
        "position_title",
        "community_work",
        "community_accepted",
    ],
    UnitType.GROUP: GROUP_FIELDS,
    UnitType.NETWORK: GROUP_FIELDS,  # a network is described like a group
    UnitType.COMMUNITY: [
        "name",
        "boundary_description",
        "household_count",
        "assembly_resolution_date",
    ],
}


# One-line text that names someone or something: refused with a control or bidirectional
# character rather than silently altered (docs/security.md §9).
NAME_FIELDS = [
    "name",
    "person_title",
    "first_name",
    "last_name",
    "house_number",
    "position_title",
    "category_other",
    "phone",
]
# Bounds that fit the domain: the largest savings groups and networks have some thousands of
# members, a community (village) some thousands of households.
NUMBER_BOUNDS: dict[str, tuple[int, int]] = {
    "member_count": (1, 100_000),
    "household_count": (1, 100_000),
    "domicile_years": (0, 120),
}


def editable_fields(unit_type: str) -> list[str]:
    return COMMON_FIELDS + TYPE_FIELDS[unit_type]


def name_key(name: str) -> str:
    return re.sub(r"\s+", "", name).casefold()


class DuplicateUnit(DomainError):
    def __init__(self, message: str, existing: Unit, field: str | None = None):
        super().__init__(message, field=field)
        self.existing = existing


# --- permissions (the rules live in registration.permissions) ---------------------------


def _require_reviewer(actor: User, unit: Unit) -> None:
    if not is_document_reviewer(actor, unit):
        raise DomainError(gettext("เฉพาะพัฒนาการอำเภอของอำเภอนี้เท่านั้นที่ตรวจเอกสารได้"))
    if unit.status not in REVIEWABLE:
        raise DomainError(
            gettext("หน่วยนับสถานะ “%(status)s” ยังไม่อยู่ในขั้นตรวจเอกสาร")
            % {"status": unit.get_status_display()}
        )


def _require(condition: bool) -> None:
    if not condition:
        raise DomainError(gettext("คุณไม่มีสิทธิ์แก้ไขข้อมูลของหน่วยนับนี้"))


# --- units -------------------------------------------------------------------------------


FOREIGN_KEYS = ("subdistrict", "village", "responsible_developer")


def _attr(field: str) -> str:
    return field + "_id" if field in FOREIGN_KEYS else field


def _snapshot(unit: Unit) -> dict[str, Any]:
    """The unit's fields as its audit rows hold them: the national ID never in clear."""
    fields = ["status", "name", "privacy_notice_at", *editable_fields(unit.unit_type)]
    values = {field: getattr(unit, _attr(field)) for field in fields}
    if "national_id" in values:
        values["national_id"] = audit_national_id(values["national_id"])
    return values


def _display_name(unit: Unit) -> str:
    if unit.unit_type == UnitType.LEADER:
        return f"{unit.person_title}{unit.first_name} {unit.last_name}".strip()
    return unit.name.strip()


def _label(field: str) -> str:
    return str(field_label(Unit, field))


def _clean_input(unit: Unit) -> None:
    """Names refused or trimmed, typed numbers in ASCII digits; before the display name and its
    duplicate key are made from them."""
    for field in NAME_FIELDS:
        value = getattr(unit, field)
        if isinstance(value, str):
            setattr(unit, field, clean_name(value, field=field, label=_label(field)))
    unit.phone = ascii_digits(unit.phone)
    unit.house_number = ascii_digits(unit.house_number)
    if unit.national_id:
        unit.national_id = normalise_national_id(unit.national_id)


def _validate_fields(unit: Unit) -> None:
    if unit.subdistrict.district_id != unit.district_id:
        raise DomainError(gettext("ตำบลที่เลือกไม่อยู่ในอำเภอนี้"), field="subdistrict")
    village = unit.village
    if village is not None and village.subdistrict_id != unit.subdistrict_id:
        raise DomainError(gettext("หมู่บ้านที่เลือกไม่อยู่ในตำบลที่เลือก"), field="village")
    developer = unit.responsible_developer
    if developer and not (
        developer.is_district_staff and developer.district_id == unit.district_id
    ):
        raise DomainError(
            gettext("พัฒนากรผู้รับผิดชอบต้องเป็นเจ้าหน้าที่ของอำเภอนี้"), field="responsible_developer"
        )
    today = timezone.localdate()
    for field in ("birth_date", "founded_on", "resolution_date", "assembly_resolution_date"):
        value = getattr(unit, field)
        if value is not None and value > today:
            raise DomainError(
                gettext("%(label)sต้องไม่เป็นวันในอนาคต") % {"label": _label(field)}, field=field
            )
    for field, (low, high) in NUMBER_BOUNDS.items():
        check_number(getattr(unit, field), field=field, label=_label(field), low=low, high=high)
    # A leader applicant is at least MIN_APPLICANT_AGE (15) and was born after 1900.
    check_date(
        unit.birth_date,
        field="birth_date",
        label=_label("birth_date"),
        earliest=EARLIEST_BIRTH,
        latest=latest_birth_date(today),
    )
    for field in ("founded_on", "resolution_date", "assembly_resolution_date"):
        check_date(
            getattr(unit, field),
            field=field,
            label=_label(field),
            earliest=EARLIEST_FOUNDING,
            latest=today,
        )
    if unit.founded_on and unit.resolution_date and unit.resolution_date < unit.founded_on:
        raise DomainError(gettext("วันที่มีมติสมัครต้องไม่ก่อนวันที่ก่อตั้ง"), field="resolution_date")
    if unit.national_id:
        unit.national_id = normalise_national_id(unit.national_id)
        if not is_valid_national_id(unit.national_id):
            raise DomainError(
                gettext("เลขประจำตัวประชาชนไม่ถูกต้อง กรุณาตรวจสอบอีกครั้ง"), field="national_id"
            )


def find_duplicate(unit: Unit) -> Unit | None:
    """The unit already registered this fiscal year that `unit` would repeat, if any."""
    others = Unit.objects.filter(fiscal_year=unit.fiscal_year).exclude(status=Status.WITHDRAWN)
    if unit.pk:
        others = others.exclude(pk=unit.pk)
    if unit.unit_type == UnitType.LEADER:
        if not unit.national_id:
            return None
        same_id = units_by_national_id(unit.national_id, within=others)
        return same_id.select_related("district").first()
    if not unit.name_key:
        return None
    same = others.filter(unit_type=unit.unit_type, name_key=unit.name_key)
    if unit.village_id:
        # Same village, or a record of the same subdistrict that names no village.
        same = same.filter(
            Q(village_id=unit.village_id)
            | Q(subdistrict_id=unit.subdistrict_id, village__isnull=True)
        )
    else:
        same = same.filter(subdistrict_id=unit.subdistrict_id)
    return same.select_related("district").first()


def _refuse_duplicate(unit: Unit, actor: User) -> None:
    existing = find_duplicate(unit)
    if existing is None:
        return
    where = f"{existing.district.display_name}"
    if unit.unit_type == UnitType.LEADER and existing.district_id != actor.district_id:
        # A national ID is personal data (docs/security.md §11): another district learns only
        # that it applied this year, neither whose record it is nor where; the province sees both.
        message = gettext(
            "เลขประจำตัวประชาชนนี้สมัครแล้วในปีนี้ ไม่สามารถสมัครซ้ำได้ กรุณาติดต่อสำนักงานพัฒนาชุมชนจังหวัด"
        )
    elif unit.unit_type == UnitType.LEADER:
        message = gettext(
            "ผู้นำชุมชนเลขประจำตัวประชาชนนี้สมัครแล้วในปี %(fiscal_year)s (%(who)s) ไม่สามารถสมัครซ้ำได้"
        ) % {"fiscal_year": unit.fiscal_year, "who": f"{existing.name}, {where}"}
    else:
        message = gettext(
            "“%(name)s” (%(type_label)s) ในพื้นที่เดียวกันสมัครแล้วในปี "
            "%(fiscal_year)s (%(where)s) ไม่สามารถสมัครซ้ำได้"
        ) % {
            "name": existing.name,
            "type_label": existing.type_label,
            "fiscal_year": unit.fiscal_year,
            "where": where,
        }
    raise DuplicateUnit(
        message, existing, field="national_id" if unit.unit_type == UnitType.LEADER else "name"
    )


def _parse_lines(text: str, field: str = "team") -> list[tuple[str, str]]:
    rows = []
    for line in (text or "").splitlines():
        line = clean_name(line.replace("\t", " "), field=field)
        if not line:
            continue
        name, _sep, rest = line.partition(",")
        if len(name.strip()) > 200 or len(rest.strip()) > 200:
            raise DomainError(
                gettext("รายชื่อยาวเกิน 200 ตัวอักษร: %(line)s…") % {"line": line[:40]}, field=field
            )
        rows.append((clean_text(name.strip()), clean_text(rest.strip())))
    return rows


def _replace_people(
    unit: Unit, team_text: str | None, advisers_text: str | None, organisations_text: str | None
) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for role, text in ((TeamMember.Role.TEAM, team_text), (TeamMember.Role.ADVISER, advisers_text)):
        if text is None:
            continue
        old = [f"{m.name}, {m.position}".rstrip(", ") for m in unit.team_members.filter(role=role)]
        unit.team_members.filter(role=role).delete()
        rows = _parse_lines(text, "team" if role == TeamMember.Role.TEAM else "advisers")
        TeamMember.objects.bulk_create(
            TeamMember(unit=unit, role=role, name=name, position=position, order=i)
            for i, (name, position) in enumerate(rows)
        )
        new = [f"{n}, {p}".rstrip(", ") for n, p in rows]
        if old != new:
            changes[f"team:{role}"] = [old, new]
    if organisations_text is not None:
        old = list(unit.member_organisations.values_list("name", flat=True))
        unit.member_organisations.all().delete()
        names = [
            name
            for name, _ in _parse_lines(
                organisations_text.replace(",", "，"), "member_organisations"
            )
        ]
        names = [n.replace("，", ",") for n in names]
        MemberOrganisation.objects.bulk_create(
            MemberOrganisation(unit=unit, name=name, order=i) for i, name in enumerate(names)
        )
        if old != names:
            changes["member_organisations"] = [old, names]
    return changes


def _lock_year(programme_year: ProgrammeYear) -> None:
    # Serialises registrations in a province-year so two officers cannot register the same
    # group at the same moment (leaders are also held by a unique index).
    ProgrammeYear.objects.select_for_update().filter(pk=programme_year.pk).first()


@transaction.atomic
def unit_create(
    *,
    actor: User,
    programme_year: ProgrammeYear,
    unit_type: str,
    district_id: str,
    data: dict[str, Any],
    team: str | None = None,
    advisers: str | None = None,
    member_organisations: str | None = None,
) -> Unit:
    if not can_register_units(actor, district_id):
        raise DomainError(gettext("เฉพาะเจ้าหน้าที่ของอำเภอเท่านั้นที่รับสมัครหน่วยนับของอำเภอได้"))
    if unit_type not in UnitType.values:
        raise DomainError(gettext("ประเภทกลุ่มเป้าหมายไม่ถูกต้อง"))
    _lock_year(programme_year)
    unit = Unit(
        programme_year=programme_year,
        fiscal_year=programme_year.fiscal_year,
        unit_type=unit_type,
        district_id=district_id,
        created_by=actor,
        status=Status.DRAFT,
    )
    for field in editable_fields(unit_type):
        if field in data:
            setattr(unit, field, data[field])
    if data.get("privacy_notice"):
        unit.privacy_notice_at = timezone.now()
    if unit.responsible_developer_id is None and handles_own_units_only(actor):
        unit.responsible_developer = actor
    _clean_input(unit)
    unit.name = _display_name(unit)
    unit.name_key = name_key(unit.name)
    _validate_fields(unit)
    _refuse_duplicate(unit, actor)
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as exc:
        raise DomainError(gettext("ผู้นำชุมชนเลขประจำตัวประชาชนนี้สมัครแล้วในปีนี้ ไม่สามารถสมัครซ้ำได้")) from exc
    people = _replace_people(unit, team, advisers, member_organisations)
    StatusChange.objects.create(unit=unit, from_status="", to_status=Status.DRAFT, actor=actor)
    log_action(
        actor=actor,
        action="unit.create",
        obj=unit,
        changes={**diff({}, _snapshot(unit)), **people},
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    _publish_created(unit, actor)
    return unit


def _publish_created(unit: Unit, actor: User) -> None:
    events.publish(
        UnitCreated(
            unit_id=unit.pk,
            programme_year_id=unit.programme_year_id,
            district_id=unit.district_id,
            actor_id=actor.pk,
        )
    )


@transaction.atomic
def unit_update(
    *,
    actor: User,
    unit: Unit,
    data: dict[str, Any],
    expected_version: int,
    team: str | None = None,
    advisers: str | None = None,
    member_organisations: str | None = None,
) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require(can_edit_unit(actor, unit))
    if unit.status not in EDITABLE:
        raise DomainError(
            gettext("หน่วยนับสถานะ “%(status)s” แก้ไขข้อมูลไม่ได้") % {"status": unit.get_status_display()}
        )
    if unit.version != expected_version:
        raise DomainError(
            gettext(
                "มีผู้อื่นแก้ไขข้อมูลนี้หลังจากที่คุณเปิดแบบฟอร์ม กรุณาเปิดหน้าใหม่แล้วแก้ไขอีกครั้ง (ข้อมูลที่ผู้อื่นบันทึกไว้ยังอยู่ครบ)"
            )
        )
    before = _snapshot(unit)
    developer_before = unit.responsible_developer_id
    for field in editable_fields(unit.unit_type):
        if field in data:
            setattr(unit, field, data[field])
    if data.get("privacy_notice") and unit.privacy_notice_at is None:
        unit.privacy_notice_at = timezone.now()
    _clean_input(unit)
    unit.name = _display_name(unit)
    unit.name_key = name_key(unit.name)
    _validate_fields(unit)
    _refuse_duplicate(unit, actor)
    unit.version += 1
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as exc:
        raise DomainError(gettext("ผู้นำชุมชนเลขประจำตัวประชาชนนี้สมัครแล้วในปีนี้ ไม่สามารถสมัครซ้ำได้")) from exc
    changes = {
        **diff(before, _snapshot(unit)),
        **_replace_people(unit, team, advisers, member_organisations),
    }
    if changes:
        log_action(
            actor=actor,
            action="unit.update",
            obj=unit,
            changes=changes,
            unit_id=unit.pk,
            district_id=unit.district_id,
        )
    if unit.responsible_developer_id != developer_before:
        events.publish(
            UnitDeveloperChanged(
                unit_id=unit.pk,
                district_id=unit.district_id,
                from_developer_id=developer_before,
                to_developer_id=unit.responsible_developer_id,
                actor_id=actor.pk,
            )
        )
    return unit


def submission_problems(unit: Unit) -> list[str]:
    problems = completeness_problems(unit)
    problems += eligibility_problems(
        unit, unit.programme_year, member_organisation_count=unit.member_organisations.count()
    )
    current = list(unit.documents.filter(is_current=True))
    uploaded = {d.kind for d in current}
    for kind, required in REQUIRED_DOCUMENTS[unit.unit_type]:
        if required and kind not in uploaded:
            problems.append(
                gettext("ยังไม่ได้แนบเอกสาร: %(label)s") % {"label": DocumentKind(kind).label}
            )
    for document in current:
        if document.review == UnitDocument.Review.RETURNED:
            problems.append(
                gettext("ยังไม่ได้แก้ไขเอกสารที่ถูกส่งคืน: %(kind)s") % {"kind": document.get_kind_display()}
            )
    return problems


def unit_status_move(*, actor: User, unit: Unit, to_status: str, reason: str = "") -> Unit:
    """The one way a unit's status changes, for every app: the move must be in
    registration.workflow.TRANSITIONS (with a reason where REASON_REQUIRED says so), or a
    DomainError is raised and nothing is written. Writes the status, its StatusChange row and
    the audit row, and publishes UnitStatusMoved after commit (core.events).

    The caller checks who may make the move, and calls this in its own transaction with the
    unit locked (select_for_update), so the status checked is the status replaced. `unit` is
    updated in place and returned."""
    if not can_move(unit.status, to_status):
        raise DomainError(
            gettext("เปลี่ยนสถานะจาก “%(old)s” เป็น “%(new)s” ไม่ได้")
            % {"old": Status(unit.status).label, "new": Status(to_status).label}
        )
    if (unit.status, to_status) in REASON_REQUIRED and not reason.strip():
        raise DomainError(gettext("กรุณาระบุเหตุผล"), field="reason")
    if len(reason) > 1000:
        raise DomainError(gettext("เหตุผลยาวเกิน 1,000 ตัวอักษร"), field="reason")
    # One transaction even for a careless caller; inside the caller's, no savepoint is added.
    with transaction.atomic(savepoint=False):
        old = unit.status
        unit.status = to_status
        unit.version += 1
        unit.save(update_fields=["status", "version", "updated_at"])
        StatusChange.objects.create(
            unit=unit, from_status=old, to_status=to_status, actor=actor, reason=reason.strip()
        )
        log_action(
            actor=actor,
            action="unit.status",
            obj=unit,
            changes={"status": [old, to_status]},
            note=reason.strip(),
            unit_id=unit.pk,
            district_id=unit.district_id,
        )
        events.publish(
            UnitStatusMoved(
                unit_id=unit.pk,
                programme_year_id=unit.programme_year_id,
                district_id=unit.district_id,
                province_id=unit.district.province_id,
                from_status=old,
                to_status=to_status,
                actor_id=actor.pk,
                reason=reason.strip(),
            )
        )
    return unit


def _documents_all_verified(unit: Unit) -> bool:
    current = {d.kind: d.review for d in unit.documents.filter(is_current=True)}
    if any(
        d.review == UnitDocument.Review.RETURNED for d in unit.documents.filter(is_current=True)
    ):
        return False
    return all(
        current.get(kind) == UnitDocument.Review.VERIFIED
        for kind, required in REQUIRED_DOCUMENTS[unit.unit_type]
        if required
    )


@transaction.atomic
def unit_submit(*, actor: User, unit: Unit) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require(can_edit_unit(actor, unit))
    problems = submission_problems(unit)
    if problems:
        raise DomainError(gettext("ยังยื่นสมัครไม่ได้: ") + "; ".join(problems))
    unit_status_move(actor=actor, unit=unit, to_status=Status.SUBMITTED)
    if _documents_all_verified(unit):
        unit_status_move(actor=actor, unit=unit, to_status=Status.DOCUMENTS_COMPLETE)
    return unit


@transaction.atomic
def unit_withdraw(*, actor: User, unit: Unit, reason: str) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require(can_edit_unit(actor, unit))
    return unit_status_move(actor=actor, unit=unit, to_status=Status.WITHDRAWN, reason=reason)


@transaction.atomic
def unit_reinstate(*, actor: User, unit: Unit, reason: str) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _require(can_edit_unit(actor, unit))
    if unit.status == Status.WITHDRAWN:
        _refuse_duplicate(unit, actor)
    return unit_status_move(actor=actor, unit=unit, to_status=Status.DRAFT, reason=reason)


# --- documents ---------------------------------------------------------------------------


# Enough for a unit's whole set of papers in one go, small enough for one request.
DOCUMENTS_MAX_FILES = 10


@dataclass(frozen=True)
class DocumentBatch:
    """What documents_upload did: the documents saved, and each refused file named with why."""

    saved: list[UnitDocument]
    refused: list[str]


def _check_document_target(actor: User, unit: Unit) -> None:
    _require(can_edit_unit(actor, unit))
    if unit.status not in EDITABLE:
        raise DomainError(
            gettext("หน่วยนับสถานะ “%(status)s” แนบเอกสารเพิ่มไม่ได้")
            % {"status": unit.get_status_display()}
        )


def _allowed_kinds(unit: Unit) -> set[str]:
    return {k for k, _ in REQUIRED_DOCUMENTS[unit.unit_type]} | {DocumentKind.OTHER}


def _file_name(upload: UploadedFile[bytes]) -> str:
    return (clean_text(upload.name or "") or "file")[:255]


def _store_document(
    *, actor: User, unit: Unit, kind: str, name: str, checked: CheckedFile
) -> UnitDocument:
    """Save one checked file as the unit's current document of `kind`, with its audit row; the
    caller holds the unit's lock in its transaction."""
    # A new upload supersedes the current one of its kind; of the "other" documents, which may
    # be many, it supersedes only those the officer returned.
    superseded = unit.documents.filter(kind=kind, is_current=True)
    if kind == DocumentKind.OTHER:
        superseded = superseded.filter(review=UnitDocument.Review.RETURNED)
    previous = list(superseded)
    superseded.update(is_current=False)
    document = UnitDocument(
        unit=unit,
        kind=kind,
        original_name=name,
        content_type=checked.content_type,
        size=len(checked.content),
        sha256=checked.sha256,
        uploaded_by=actor,
    )
    document.file.save(f"upload.{checked.extension}", ContentFile(checked.content), save=False)
    # The file is written before the row: a failed transaction leaves an unreferenced file,
    # never a row without its file.
    document.save()
    log_action(
        actor=actor,
        action="document.upload",
        obj=document,
        changes={
            "kind": kind,
            "file": [None, document.original_name],
            "replaces": [d.pk for d in previous],
        },
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    return document


def _back_to_review(actor: User, unit: Unit) -> None:
    """A replaced document that had been returned puts the unit back in the officer's queue."""
    if (
        unit.status == Status.DOCUMENTS_RETURNED
        and not unit.documents.filter(is_current=True, review=UnitDocument.Review.RETURNED).exists()
    ):
        unit_status_move(actor=actor, unit=unit, to_status=Status.SUBMITTED)


@transaction.atomic
def document_upload(
    *, actor: User, unit: Unit, kind: str, upload: UploadedFile[bytes], once: str | None = None
) -> UnitDocument:
    """`once` is the upload form's one-time token (core/once.py): the same form sent twice
    stores one document. Callers without a form (the demo data, carry-over) pass none."""
    if once is not None:
        use_form_token(once)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    _check_document_target(actor, unit)
    if kind not in _allowed_kinds(unit):
        raise DomainError(gettext("ประเภทเอกสารนี้ไม่ใช้กับกลุ่มเป้าหมายประเภทนี้"), field="kind")
    checked = check_upload(upload)
    document = _store_document(
        actor=actor, unit=unit, kind=kind, name=(upload.name or "file")[:255], checked=checked
    )
    _back_to_review(actor, unit)
    return document


def documents_upload(
    *,
    actor: User,
    unit: Unit,
    files: Sequence[tuple[str, UploadedFile[bytes]]],
    once: str,
) -> DocumentBatch:
    """Attach several documents at once, each (type, file) checked on its own.

    The good files are saved and each refused one is named with its reason (`refused`); when
    none is good, nothing is saved and a DomainError lists them all, leaving the form's
    one-time token unspent so the corrected form may be sent. `once` is spent with the saved
    documents: the same form sent twice saves them once (docs/security.md §17). The limits are
    those of document_upload: each file's size and type by content (core.uploads), and the
    images of the request together against its pixel budget.
    """
    # Before any file is read or decoded: a second press is told it was sent.
    check_form_token(once)
    _check_document_target(actor, unit)
    if not files:
        raise DomainError(gettext("กรุณาเลือกไฟล์"), field="file")
    if len(files) > DOCUMENTS_MAX_FILES:
        raise DomainError(
            gettext("แนบได้ครั้งละไม่เกิน %(max)s ไฟล์ (เลือกมา %(count)s ไฟล์) กรุณาแบ่งส่งหลายครั้ง")
            % {"max": DOCUMENTS_MAX_FILES, "count": len(files)},
            field="file",
        )
    allowed = _allowed_kinds(unit)
    refused: list[str] = []
    chosen: set[str] = set()
    candidates: list[tuple[str, str, UploadedFile[bytes], Inspected]] = []
    # The cheap checks of every file first (size, type, header dimensions), and the images'
    # pixels together against the request's budget, before any is decoded (docs/security.md §8).
    for kind, upload in files:
        name = _file_name(upload)
        if kind not in allowed:
            wrong_kind = gettext("ประเภทเอกสารนี้ไม่ใช้กับกลุ่มเป้าหมายประเภทนี้")
            refused.append(f"{name}: {wrong_kind}")
            continue
        if kind != DocumentKind.OTHER and kind in chosen:
            refused.append(
                gettext("%(name)s: เลือกประเภท “%(kind)s” ซ้ำกับไฟล์อื่นในครั้งนี้ กรุณาส่งไฟล์นี้อีกครั้ง")
                % {"name": name, "kind": DocumentKind(kind).label}
            )
            continue
        try:
            inspected = inspect_upload(upload)
        except DomainError as error:
            refused.append(f"{name}: {error.message}")
            continue
        chosen.add(kind)
        candidates.append((kind, name, upload, inspected))
    check_pixel_budget((c[3].decoded_pixels for c in candidates), field="file")
    # Decoding and re-encoding, before the transaction, so no lock is held while it runs.
    good: list[tuple[str, str, CheckedFile]] = []
    for kind, name, upload, _inspected in candidates:
        try:
            good.append((kind, name, check_upload(upload)))
        except DomainError as error:
            refused.append(f"{name}: {error.message}")
    if not good:
        raise DomainError(
            gettext("ยังไม่ได้แนบเอกสารใด ๆ — %(files)s") % {"files": "; ".join(refused)},
            field="file",
        )
    return DocumentBatch(
        saved=_save_documents(actor=actor, unit=unit, good=good, once=once), refused=refused
    )


@transaction.atomic
def _save_documents(
    *, actor: User, unit: Unit, good: list[tuple[str, str, CheckedFile]], once: str
) -> list[UnitDocument]:
    use_form_token(once)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    # Checked again under the lock: the unit may have been submitted meanwhile.
    _check_document_target(actor, unit)
    saved = [
        _store_document(actor=actor, unit=unit, kind=kind, name=name, checked=checked)
        for kind, name, checked in good
    ]
    _back_to_review(actor, unit)
    return saved


@transaction.atomic
def document_verify(*, actor: User, document: UnitDocument) -> UnitDocument:
    document = UnitDocument.objects.select_for_update().select_related("unit").get(pk=document.pk)
    unit = Unit.objects.select_for_update().get(pk=document.unit_id)
    _require_reviewer(actor, unit)
    if not document.is_current:
        raise DomainError(gettext("เอกสารนี้ถูกแทนที่ด้วยฉบับใหม่แล้ว"))
    old = document.review
    document.review = UnitDocument.Review.VERIFIED
    document.return_reason = ""
    document.reviewed_by = actor
    document.reviewed_at = timezone.now()
    document.save()
    log_action(
        actor=actor,
        action="document.verify",
        obj=document,
        changes={"review": [old, document.review]},
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    if unit.status == Status.SUBMITTED and _documents_all_verified(unit):
        unit_status_move(actor=actor, unit=unit, to_status=Status.DOCUMENTS_COMPLETE)
    return document


@transaction.atomic
def document_return(*, actor: User, document: UnitDocument, reason: str) -> UnitDocument:
    document = UnitDocument.objects.select_for_update().get(pk=document.pk)
    unit = Unit.objects.select_for_update().get(pk=document.unit_id)
    _require_reviewer(actor, unit)
    if not reason.strip():
        raise DomainError(gettext("กรุณาระบุเหตุผลที่ส่งคืนเอกสาร"), field="reason")
    if len(reason) > 1000:
        raise DomainError(gettext("เหตุผลยาวเกิน 1,000 ตัวอักษร"), field="reason")
    if not document.is_current:
        raise DomainError(gettext("เอกสารนี้ถูกแทนที่ด้วยฉบับใหม่แล้ว"))
    old = document.review
    document.review = UnitDocument.Review.RETURNED
    document.return_reason = reason.strip()
    document.reviewed_by = actor
    document.reviewed_at = timezone.now()
    document.save()
    log_action(
        actor=actor,
        action="document.return",
        obj=document,
        changes={"review": [old, document.review]},
        note=reason.strip(),
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    if unit.status in (Status.SUBMITTED, Status.DOCUMENTS_COMPLETE):
        # The reason is stored: the document's name in the site's language (Thai), whatever
        # language the officer's screen is in.
        with translation.override(settings.LANGUAGE_CODE):
            kind = str(document.get_kind_display())
        unit_status_move(
            actor=actor,
            unit=unit,
            to_status=Status.DOCUMENTS_RETURNED,
            reason=f"{kind}: {reason.strip()}",
        )
    return document


def log_export(*, actor: User, unit: Unit, what: str) -> None:
    log_action(
        actor=actor,
        action=f"export.{what}",
        obj=unit,
        unit_id=unit.pk,
        district_id=unit.district_id,
    )


def log_document_access(*, actor: User, document: UnitDocument) -> None:
    """Every download of a document is audited; personal ones are the point (docs/security.md §12)."""
    log_action(
        actor=actor,
        action="document.download",
        obj=document,
        changes={"kind": document.kind, "personal": document.is_personal},
        unit_id=document.unit_id,
        district_id=document.unit.district_id,
    )


# --- carrying units into a new year ------------------------------------------------------


@transaction.atomic
def unit_carry_over(*, actor: User, source: Unit, programme_year: ProgrammeYear) -> Unit:
    """Bring a unit that did not pass (or was not assessed) last year into this year (seed 001 §1.4)."""
    if not can_register_units(actor, source.district_id):
        raise DomainError(gettext("เฉพาะเจ้าหน้าที่ของอำเภอเท่านั้นที่นำหน่วยนับเข้าปีใหม่ได้"))
    if (
        source.programme_year.province_id != programme_year.province_id
        or source.fiscal_year >= programme_year.fiscal_year
    ):
        raise DomainError(gettext("นำเข้าได้เฉพาะหน่วยนับของปีก่อนในจังหวัดเดียวกัน"))
    if source.status == Status.WITHDRAWN:
        raise DomainError(gettext("หน่วยนับที่ถอนการสมัครแล้วนำเข้าปีใหม่ไม่ได้"))
    if source.status == Status.CERTIFIED:
        # Only units that did not pass, or did not ask to be assessed, carry on (docs/domain.md §4).
        raise DomainError(gettext("หน่วยนับนี้ผ่านการรับรองมาตรฐานแล้ว ไม่ต้องนำเข้าปีใหม่"))
    if not can_carry_over(actor, source):
        raise DomainError(gettext("พัฒนากรนำเข้าได้เฉพาะหน่วยนับที่ตนรับผิดชอบ"))
    if source.carried_into.filter(programme_year=programme_year).exists():
        raise DomainError(gettext("หน่วยนับนี้ถูกนำเข้าปีนี้แล้ว"))
    _lock_year(programme_year)
    copy_fields = editable_fields(source.unit_type)
    unit = Unit(
        programme_year=programme_year,
        fiscal_year=programme_year.fiscal_year,
        unit_type=source.unit_type,
        district_id=source.district_id,
        created_by=actor,
        carried_from=source,
        status=Status.DRAFT,
    )
    for field in copy_fields:
        setattr(unit, _attr(field), getattr(source, _attr(field)))
    unit.name = source.name
    unit.name_key = source.name_key
    _refuse_duplicate(unit, actor)
    unit.save()
    TeamMember.objects.bulk_create(
        TeamMember(
            unit=unit, role=m.role, name=m.name, position=m.position, phone=m.phone, order=m.order
        )
        for m in source.team_members.all()
    )
    MemberOrganisation.objects.bulk_create(
        MemberOrganisation(unit=unit, name=o.name, order=o.order)
        for o in source.member_organisations.all()
    )
    # Documents come along as the same stored files, to be checked again this year.
    for document in source.documents.filter(is_current=True):
        UnitDocument.objects.create(
            unit=unit,
            kind=document.kind,
            file=document.file.name,
            original_name=document.original_name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
            uploaded_by=document.uploaded_by,
        )
    StatusChange.objects.create(
        unit=unit,
        from_status="",
        to_status=Status.DRAFT,
        actor=actor,
        reason=f"ต่อเนื่องจากปี {source.fiscal_year}",
    )
    log_action(
        actor=actor,
        action="unit.carry_over",
        obj=unit,
        changes={
            **diff({}, _snapshot(unit)),
            "carried_from": source.pk,
            "team:TEAM": [m.name for m in unit.team_members.all()],
            "member_organisations": list(unit.member_organisations.values_list("name", flat=True)),
            "documents": sorted(unit.documents.values_list("kind", flat=True)),
        },
        note=f"ต่อเนื่องจากปี {source.fiscal_year}",
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    _publish_created(unit, actor)
    return unit
