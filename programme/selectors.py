"""Quota and deadline status of a province-year (docs/domain.md §5)."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import Role, User
from core.scope import get_in_scope, visible_to
from geography.models import District
from programme.models import REPORT_DEADLINES, Deadline, DistrictReport, ProgrammeYear, UnitType
from programme.permissions import can_read_whole_province
from registration.workflow import APPLICANT_STATUSES
from tallies.models import Tally
from tallies.selectors import year_tallies


def newest_year(user: User) -> ProgrammeYear | None:
    """The newest programme year in the user's scope, or None before any was opened."""
    return (
        visible_to(user, ProgrammeYear).select_related("province").order_by("-fiscal_year").first()
    )


def year_in_scope(user: User, year_id: int | str) -> ProgrammeYear:
    """The programme year with its province; 404 outside the user's scope."""
    return get_in_scope(user, ProgrammeYear.objects.select_related("province"), pk=year_id)


def current_year(user: User, *, year_id: int | str | None = None) -> ProgrammeYear:
    """The programme year the user is looking at: `year_id` (e.g. ?year=) when given, else
    the newest in the user's scope. 404 for a year outside the scope, or when there is none."""
    if year_id:
        return year_in_scope(user, year_id)
    year = newest_year(user)
    if year is None:
        raise Http404
    return year


def export_district(user: User, year: ProgrammeYear, district_code: str | None) -> District | None:
    """The district part of a province-wide page or export: the district asked for (a 404
    outside the user's scope or the year's province), or None for the whole province, which
    only those who read the whole province get (404 for the others)."""
    if district_code is None:
        if not can_read_whole_province(user):
            raise Http404
        return None
    return get_in_scope(
        user, District.objects.filter(province_id=year.province_id), pk=district_code
    )


@dataclass
class Cell:
    count: int
    minimum: int | None

    @property
    def met(self) -> bool:
        return self.minimum is None or self.count >= self.minimum

    @property
    def short(self) -> int:
        return 0 if self.minimum is None else max(0, self.minimum - self.count)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    district: District | None = None

    @property
    def all_met(self) -> bool:
        return all(cell.met for cell in self.cells)


@dataclass
class DeadlineStatus:
    key: str
    label: str
    date: dt.date
    days_left: int
    missed_by: list[str] = field(default_factory=list)
    sent: list[tuple[str, DistrictReport]] = field(default_factory=list)
    checked: bool = False

    @property
    def days_ago(self) -> int:
        return -self.days_left


@dataclass
class QuotaStatus:
    types: list[tuple[str, str]]
    districts: list[Row]
    developers: list[Row]
    deadlines: list[DeadlineStatus]

    @property
    def districts_short(self) -> int:
        return sum(1 for row in self.districts if not row.all_met)


def quota_status(year: ProgrammeYear, *, districts: list[District] | None = None) -> QuotaStatus:
    """Counts of applicants per district × type (and developer × type) against the quotas.

    Two grouped queries whatever the number of districts.
    """
    today = timezone.localdate()
    quotas = {q.unit_type: q for q in year.quotas.all()}
    types = [(value, str(label)) for value, label in UnitType.choices]
    if districts is None:
        districts = list(District.objects.filter(province_id=year.province_id).order_by("code"))
    district_ids = [d.pk for d in districts]
    # From the tallies the workflow's events keep (docs/tallies.md), not from the units: a
    # province's page costs the same at 100,000 units.
    applicants = year_tallies(year).filter(
        status__in=APPLICANT_STATUSES, district_id__in=district_ids
    )
    by_district = Counter(
        {(r["district_id"], r["unit_type"]): r["n"] for r in _grouped(applicants, "district_id")}
    )
    rows = [
        Row(
            label=d.display_name,
            district=d,
            cells=[
                Cell(by_district[(d.pk, t)], quotas[t].min_per_district if t in quotas else 1)
                for t, _ in types
            ],
        )
        for d in districts
    ]
    developer_rows: list[Row] = []
    if any(q.min_per_developer for q in quotas.values()):
        by_developer = Counter(
            {
                (r["developer_id"], r["unit_type"]): r["n"]
                for r in _grouped(applicants, "developer_id")
            }
        )
        developers = (
            User.objects.filter(role=Role.DEVELOPER, district_id__in=district_ids, is_active=True)
            .select_related("district")
            .order_by("district_id", "first_name")
        )
        developer_rows = [
            Row(
                label=f"{u.full_name} ({u.district.display_name if u.district else ''})",
                district=u.district,
                cells=[
                    Cell(
                        by_developer[(u.pk, t)],
                        quotas[t].min_per_developer if t in quotas else None,
                    )
                    for t, _ in types
                ],
            )
            for u in developers
        ]
    reports = {
        (r.deadline, r.district_id): r
        for r in DistrictReport.objects.filter(
            programme_year=year, district_id__in=district_ids
        ).select_related("programme_year")
    }
    deadlines = []
    for key, label in Deadline.choices:
        date = getattr(year, key)
        status = DeadlineStatus(key=key, label=str(label), date=date, days_left=(date - today).days)
        if key in REPORT_DEADLINES:
            # A district missed the deadline if it sent nothing by then, or sent it late.
            status.checked = True
            for district in districts:
                report = reports.get((key, district.pk))
                if report is not None:
                    status.sent.append((district.display_name, report))
                    if report.late:
                        status.missed_by.append(
                            gettext("%(display_name)s (ส่งล่าช้า)")
                            % {"display_name": district.display_name}
                        )
                elif date < today:
                    status.missed_by.append(district.display_name)
        deadlines.append(status)
    return QuotaStatus(types=types, districts=rows, developers=developer_rows, deadlines=deadlines)


def _grouped(queryset: QuerySet[Tally], key: str) -> QuerySet[Tally, dict[str, Any]]:
    rows: QuerySet[Tally, dict[str, Any]] = (
        queryset.values(key, "unit_type").annotate(n=Sum("units")).order_by()
    )
    return rows
