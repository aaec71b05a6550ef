"""Writes to programme years, their calendars and quotas."""

import itertools
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import diff, log_action
from core import events
from core.bounds import check_date, check_number, field_label
from core.errors import DomainError
from core.thai import fiscal_year_window
from geography.models import Province
from programme.events import DistrictReportSent, ProgrammeYearChanged, ProgrammeYearOpened
from programme.models import (
    DEFAULT_CALENDAR,
    REPORT_DEADLINES,
    Deadline,
    DepartmentCalendarDefault,
    DistrictReport,
    ProgrammeYear,
    Quota,
    UnitType,
)
from programme.permissions import can_edit_calendar_defaults, can_send_district_report

CALENDAR_FIELDS = [
    "registration_opens",
    "registration_closes",
    "applicant_list_due",
    "plans_due",
    "assessment_due",
    "results_due",
]
RULE_FIELDS = [
    "leader_min_domicile_years",
    "leader_requires_community_work",
    "leader_requires_position",
    "group_requires_resolution",
    "group_min_active_years",
    "network_requires_resolution",
    "network_min_member_organisations",
    "community_requires_boundary",
    "community_requires_assembly_resolution",
]


def default_dates(fiscal_year: int) -> dict[str, Any]:
    stored = {row.deadline: row for row in DepartmentCalendarDefault.objects.all()}
    dates = {}
    for deadline, (month, day) in DEFAULT_CALENDAR.items():
        row = stored.get(deadline) or DepartmentCalendarDefault(
            deadline=deadline, month=month, day=day
        )
        dates[str(deadline)] = row.date_in(fiscal_year)
    return dates


def _require_province_officer(actor: User, province_id: str) -> None:
    if not actor.manages_province(province_id):
        raise DomainError(_("เฉพาะเจ้าหน้าที่ของจังหวัดนี้เท่านั้นที่แก้ไขปีดำเนินงานได้"))


# Bounds of the year's rules (docs/security.md §9): years in a community, members of a network.
RULE_BOUNDS: dict[str, tuple[int, int]] = {
    "leader_min_domicile_years": (0, 50),
    "group_min_active_years": (0, 50),
    "network_min_member_organisations": (0, 1_000),
}


def _check_calendar(values: dict[str, Any], fiscal_year: int | None = None) -> None:
    if fiscal_year is not None:
        # Within the fiscal year, give or take a quarter: a deadline in 2699 is a typing mistake.
        earliest, latest = fiscal_year_window(fiscal_year)
        for field in CALENDAR_FIELDS:
            check_date(
                values[field],
                field=field,
                label=field_label(ProgrammeYear, field),
                earliest=earliest,
                latest=latest,
            )
    if values["registration_closes"] < values["registration_opens"]:
        raise DomainError(_("วันปิดรับสมัครต้องไม่ก่อนวันเปิดรับสมัคร"), field="registration_closes")
    if values["applicant_list_due"] < values["registration_closes"]:
        raise DomainError(_("กำหนดส่งแบบรายชื่อผู้สมัครต้องไม่ก่อนวันปิดรับสมัคร"), field="applicant_list_due")
    order = ["applicant_list_due", "plans_due", "assessment_due", "results_due"]
    for earlier, later in itertools.pairwise(order):
        if values[later] < values[earlier]:
            raise DomainError(_("กำหนดการต้องเรียงตามลำดับขั้นตอน"), field=later)


@transaction.atomic
def programme_year_create(*, actor: User, province: Province, fiscal_year: int) -> ProgrammeYear:
    _require_province_officer(actor, province.pk)
    if ProgrammeYear.objects.filter(province=province, fiscal_year=fiscal_year).exists():
        raise DomainError(
            _("มีปีดำเนินงาน %(fiscal_year)s ของจังหวัดนี้อยู่แล้ว") % {"fiscal_year": fiscal_year}
        )
    year = ProgrammeYear(province=province, fiscal_year=fiscal_year, **default_dates(fiscal_year))
    year.save()
    Quota.objects.bulk_create(Quota(programme_year=year, unit_type=t) for t in UnitType.values)
    log_action(
        actor=actor, action="programme_year.create", obj=year, changes={"fiscal_year": fiscal_year}
    )
    events.publish(
        ProgrammeYearOpened(
            programme_year_id=year.pk,
            province_id=province.pk,
            fiscal_year=fiscal_year,
            actor_id=actor.pk,
        )
    )
    return year


@transaction.atomic
def programme_year_update(
    *, actor: User, year: ProgrammeYear, values: dict[str, Any], expected_version: int
) -> ProgrammeYear:
    """The calendar and rules. A form made from an older version is refused, never applied."""
    _require_province_officer(actor, year.province_id)
    year = ProgrammeYear.objects.select_for_update().get(pk=year.pk)
    if expected_version != year.version:
        raise DomainError(_("มีผู้อื่นแก้ไขปีดำเนินงานนี้หลังจากที่คุณเปิดแบบฟอร์ม กรุณาเปิดหน้าใหม่แล้วแก้ไขอีกครั้ง"))
    fields = [f for f in CALENDAR_FIELDS + RULE_FIELDS if f in values]
    before = {f: getattr(year, f) for f in fields}
    merged = {f: values.get(f, getattr(year, f)) for f in CALENDAR_FIELDS}
    _check_calendar(merged, year.fiscal_year)
    for field, (low, high) in RULE_BOUNDS.items():
        if field in values:
            label = field_label(ProgrammeYear, field)
            check_number(values[field], field=field, label=label, low=low, high=high)
    for field in fields:
        setattr(year, field, values[field])
    year.version += 1
    year.save()
    changes = diff(before, {f: getattr(year, f) for f in fields})
    if changes:
        log_action(actor=actor, action="programme_year.update", obj=year, changes=changes)
        _publish_changed(actor, year, "calendar")
    return year


def _publish_changed(actor: User, year: ProgrammeYear, what: str) -> None:
    events.publish(
        ProgrammeYearChanged(
            programme_year_id=year.pk, province_id=year.province_id, what=what, actor_id=actor.pk
        )
    )


@transaction.atomic
def quotas_update(
    *, actor: User, year: ProgrammeYear, values: dict[str, tuple[int, int | None]]
) -> None:
    _require_province_officer(actor, year.province_id)
    for quota in Quota.objects.select_for_update().filter(programme_year=year):
        if quota.unit_type not in values:
            continue
        per_district, per_developer = values[quota.unit_type]
        before = {
            "min_per_district": quota.min_per_district,
            "min_per_developer": quota.min_per_developer,
        }
        quota.min_per_district = per_district
        quota.min_per_developer = per_developer
        quota.save()
        changes = diff(
            before, {"min_per_district": per_district, "min_per_developer": per_developer}
        )
        if changes:
            log_action(
                actor=actor,
                action="quota.update",
                obj=quota,
                changes={"unit_type": quota.unit_type, **changes},
            )
    _publish_changed(actor, year, "quotas")


@transaction.atomic
def district_report_send(
    *, actor: User, year: ProgrammeYear, district_id: str, deadline: str, unit_count: int
) -> DistrictReport:
    """Record that a district sent its report for a deadline; sending again updates it."""
    from django.utils import timezone

    if not can_send_district_report(actor, district_id):
        raise DomainError(_("เฉพาะพัฒนาการอำเภอของอำเภอนี้เท่านั้นที่ส่งรายงานถึงจังหวัดได้"))
    if deadline not in REPORT_DEADLINES:
        raise DomainError(_("กำหนดการนี้ไม่มีรายงานที่ต้องส่ง"))
    # The applicant list is its units: an empty one tells the province nothing and would count
    # as sent on time (issue 12, "refuses to send an empty list").
    if deadline == Deadline.APPLICANT_LIST_DUE and unit_count <= 0:
        raise DomainError(
            _("แบบรายชื่อยังไม่มีผู้สมัครที่ตรวจเอกสารครบถ้วน จึงยังส่งจังหวัดไม่ได้ ตรวจเอกสารให้ครบก่อนแล้วส่งอีกครั้ง")
        )
    now = timezone.now()
    report, created = DistrictReport.objects.select_for_update().get_or_create(
        programme_year=year,
        district_id=district_id,
        deadline=deadline,
        defaults={"first_sent_at": now, "sent_at": now, "sent_by": actor, "unit_count": unit_count},
    )
    old_count = None if created else report.unit_count
    if not created:
        report.sent_at, report.sent_by, report.unit_count = now, actor, unit_count
        report.save()
    log_action(
        actor=actor,
        action="district_report.send",
        obj=report,
        changes={"deadline": deadline, "unit_count": [old_count, unit_count]},
        district_id=district_id,
    )
    events.publish(
        DistrictReportSent(
            report_id=report.pk,
            programme_year_id=year.pk,
            district_id=district_id,
            province_id=year.province_id,
            deadline=deadline,
            unit_count=unit_count,
            first_time=created,
            sent_at=report.sent_at.isoformat(),
            actor_id=actor.pk,
        )
    )
    return report


@transaction.atomic
def calendar_defaults_update(*, actor: User, values: dict[str, tuple[int, int]]) -> None:
    """The department sets the day and month each deadline falls on in a new programme year."""
    import datetime as dt

    if not can_edit_calendar_defaults(actor):
        raise DomainError(_("เฉพาะผู้ดูแลระบบของกรมเท่านั้นที่แก้ไขปฏิทินมาตรฐานได้"))
    for deadline, (month, day) in values.items():
        try:
            dt.date(2023, month, day)  # a common year: 29 February does not come every year
        except ValueError:
            raise DomainError(
                _("วันที่ %(day)s ไม่มีในเดือนที่เลือก") % {"day": day}, field=f"{deadline}_day"
            ) from None
    # Check the order on a sample year so a default calendar cannot be impossible.
    sample = {
        key: DepartmentCalendarDefault(deadline=key, month=m, day=d).date_in(2570)
        for key, (m, d) in values.items()
    }
    _check_calendar(sample)
    for deadline, (month, day) in values.items():
        row, _created = DepartmentCalendarDefault.objects.get_or_create(
            deadline=deadline, defaults={"month": month, "day": day}
        )
        old = (row.month, row.day)
        row.month, row.day = month, day
        row.save()
        if old != (month, day) or _created:
            log_action(
                actor=actor,
                action="calendar_default.update",
                obj=row,
                changes={"deadline": deadline, "month_day": [list(old), [month, day]]},
            )


def current_calendar_defaults() -> dict[str, tuple[int, int]]:
    stored = {row.deadline: (row.month, row.day) for row in DepartmentCalendarDefault.objects.all()}
    return {str(key): stored.get(key, value) for key, value in DEFAULT_CALENDAR.items()}
