"""Writes of the PDPA records (docs/compliance.md): each in one transaction with its audit row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.permissions import is_province_officer
from audit.services import diff, log_action
from compliance.clock import notified_late
from compliance.models import AccessGrant, Breach, Risk
from compliance.permissions import (
    can_complete_breach,
    can_report_breach,
    can_request_personal_access,
)
from core.bounds import check_number, field_label
from core.errors import DomainError
from core.once import use_form_token
from core.text import limited_text
from core.thai import thai_date
from geography.models import Province
from registration.models import Unit

REASON_MAX = 2000
TEXT_MAX = 5000
PEOPLE_MAX = 100_000_000
# The Act was published on 27 May 2019: no breach it governs was discovered before.
EARLIEST_DISCOVERY = dt.date(2019, 5, 27)


# --- the department's access to a unit's personal documents --------------------------------


@transaction.atomic
def access_request(*, actor: User, unit: Unit, reason: str, once: str) -> AccessGrant:
    """Open the unit's personal documents and full national ID to the requester for
    PERSONAL_DATA_ACCESS_HOURS; the reason is the legal basis or the case, recorded in the
    grant and in its audit row (docs/security.md §11, §12). Every document opened under it is
    audited by the download itself."""
    if not can_request_personal_access(actor, unit):
        raise DomainError(gettext("ท่านไม่มีสิทธิ์ขอเปิดดูเอกสารของหน่วยนับนี้"))
    reason = limited_text(reason, limit=REASON_MAX, field="reason")
    if not reason:
        raise DomainError(
            gettext("กรุณาระบุเหตุผลหรือฐานทางกฎหมายที่ต้องเปิดดู (เช่น เลขที่เรื่องหรือคำร้อง)"),
            field="reason",
        )
    use_form_token(once)
    now = timezone.now()
    grant = AccessGrant.objects.create(
        unit=unit,
        user=actor,
        reason=reason,
        granted_at=now,
        expires_at=now + dt.timedelta(hours=settings.PERSONAL_DATA_ACCESS_HOURS),
    )
    log_action(
        actor=actor,
        action="compliance.access_request",
        obj=grant,
        changes={"granted_at": grant.granted_at, "expires_at": grant.expires_at},
        note=reason,
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    return grant


# --- the breach log ------------------------------------------------------------------------


def _text(values: dict[str, Any], field: str, *, required: bool = False, label: str = "") -> str:
    value = limited_text(str(values.get(field) or ""), limit=TEXT_MAX, field=field)
    if required and not value:
        raise DomainError(gettext("กรุณากรอก%(label)s") % {"label": label}, field=field)
    return value


def _moment(
    values: dict[str, Any], field: str, *, label: str, after: dt.datetime | None = None
) -> dt.datetime | None:
    value = values.get(field)
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or timezone.is_naive(value):
        raise DomainError(gettext("กรุณากรอกวันที่และเวลาให้ครบ"), field=field)
    if value > timezone.now():
        raise DomainError(gettext("%(label)sต้องไม่อยู่ในอนาคต") % {"label": label}, field=field)
    if after is not None and value < after:
        raise DomainError(gettext("%(label)sต้องไม่ก่อนเวลาที่พบเหตุ") % {"label": label}, field=field)
    if after is None and timezone.localtime(value).date() < EARLIEST_DISCOVERY:
        raise DomainError(
            gettext("%(label)sต้องไม่ก่อนวันที่ %(date)s กรุณาตรวจสอบปี พ.ศ.")
            % {"label": label, "date": thai_date(EARLIEST_DISCOVERY)},
            field=field,
        )
    return value


def _label(field: str) -> str:
    return field_label(Breach, field)


def _report_values(values: dict[str, Any]) -> dict[str, Any]:
    """What a report holds: when it was discovered, what happened, what and whom it touched."""
    discovered_at = _moment(values, "discovered_at", label=_label("discovered_at"))
    if discovered_at is None:
        raise DomainError(
            gettext("กรุณากรอก%(label)s") % {"label": _label("discovered_at")},
            field="discovered_at",
        )
    people = values.get("people_affected")
    check_number(people, field="people_affected", label=_label("people_affected"), high=PEOPLE_MAX)
    return {
        "discovered_at": discovered_at,
        "description": _text(values, "description", required=True, label=_label("description")),
        "data_affected": _text(values, "data_affected"),
        "people_affected": people,
        "measures": _text(values, "measures"),
    }


@transaction.atomic
def breach_report(
    *, actor: User, values: dict[str, Any], once: str, province: Province | None = None
) -> Breach:
    """Record a breach. The department records one of any province (or of the system as a
    whole, without a province); a province reports a suspected breach of its own province,
    which the department then completes. `once` is the form's one-time token."""
    if not can_report_breach(actor):
        raise DomainError(gettext("ท่านไม่มีสิทธิ์บันทึกเหตุการละเมิดข้อมูลส่วนบุคคล"))
    cleaned = _report_values(values)
    # A province reports for itself only, whatever the form sent, and as a suspicion.
    suspected = is_province_officer(actor)
    if suspected:
        province = Province.objects.get(pk=actor.province_id)
    use_form_token(once)
    breach = Breach.objects.create(
        province=province,
        reported_by=actor,
        reported_at=timezone.now(),
        suspected=suspected,
        **cleaned,
    )
    log_action(
        actor=actor,
        action="compliance.breach_report",
        obj=breach,
        changes={**cleaned, "province": province.pk if province else "", "suspected": suspected},
    )
    return breach


BREACH_FIELDS = [
    "province",
    "discovered_at",
    "description",
    "data_affected",
    "people_affected",
    "risk",
    "measures",
    "office_notified_at",
    "late_reason",
    "subjects_notified_at",
]


@transaction.atomic
def breach_update(
    *, actor: User, breach: Breach, values: dict[str, Any], expected_version: int
) -> Breach:
    """The department's assessment and notifications; `close` in values closes the breach.
    `expected_version` is the version the form was made from: a form made before another save
    is refused, never applied (docs/security.md §16)."""
    breach = Breach.objects.select_for_update().get(pk=breach.pk)
    if not can_complete_breach(actor, breach):
        raise DomainError(gettext("เหตุนี้ปิดเรื่องแล้วหรือท่านไม่มีสิทธิ์แก้ไข"))
    if breach.version != expected_version:
        raise DomainError(gettext("มีผู้อื่นแก้ไขบันทึกเหตุนี้ไปก่อนแล้ว กรุณาเปิดหน้านี้ใหม่แล้วแก้ไขอีกครั้ง"))
    cleaned = _report_values(values)
    discovered_at = cleaned["discovered_at"]
    risk = str(values.get("risk") or "")
    if risk not in ("", *Risk.values):
        raise DomainError(gettext("กรุณาเลือกผลการประเมินความเสี่ยง"), field="risk")
    office = _moment(
        values, "office_notified_at", label=_label("office_notified_at"), after=discovered_at
    )
    subjects = _moment(
        values, "subjects_notified_at", label=_label("subjects_notified_at"), after=discovered_at
    )
    late_reason = _text(values, "late_reason")
    if office is not None and notified_late(discovered_at, office) and not late_reason:
        raise DomainError(
            gettext("แจ้งสำนักงานฯ เกิน 72 ชั่วโมงนับแต่พบเหตุ กรุณาระบุเหตุที่แจ้งล่าช้า"),
            field="late_reason",
        )
    province = values.get("province")
    if province is not None and not isinstance(province, Province):
        raise DomainError(gettext("กรุณาเลือกจังหวัด"), field="province")
    cleaned.update(
        province=province,
        risk=risk,
        office_notified_at=office,
        late_reason=late_reason,
        subjects_notified_at=subjects,
    )
    close = bool(values.get("close"))
    if close:
        _check_closable(cleaned)
    before = {field: getattr(breach, field) for field in BREACH_FIELDS}
    before["suspected"] = breach.suspected
    for field in BREACH_FIELDS:
        setattr(breach, field, cleaned[field])
    # Saved by the department: no longer a province's suspicion.
    breach.suspected = False
    if close:
        breach.closed_at = timezone.now()
        breach.closed_by = actor
    breach.version += 1
    breach.save()
    changes: dict[str, Any] = diff(before, {**cleaned, "suspected": False})
    if close:
        changes["closed_at"] = breach.closed_at
    log_action(
        actor=actor,
        action="compliance.breach_close" if close else "compliance.breach_update",
        obj=breach,
        changes=changes,
    )
    return breach


def _check_closable(cleaned: dict[str, Any]) -> None:
    """A breach is closed once assessed and the office told; a high risk also to the people
    whose data it touched (PDPA s.37(4))."""
    if not cleaned["risk"]:
        raise DomainError(gettext("ปิดเรื่องไม่ได้: ยังไม่ได้ประเมินความเสี่ยง"), field="risk")
    if cleaned["office_notified_at"] is None:
        raise DomainError(
            gettext("ปิดเรื่องไม่ได้: ยังไม่ได้บันทึกเวลาที่แจ้งสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล"),
            field="office_notified_at",
        )
    if cleaned["risk"] == Risk.HIGH and cleaned["subjects_notified_at"] is None:
        raise DomainError(
            gettext("ความเสี่ยงสูง: ต้องแจ้งเจ้าของข้อมูลก่อนปิดเรื่อง กรุณากรอกเวลาที่แจ้งเจ้าของข้อมูล"),
            field="subjects_notified_at",
        )
