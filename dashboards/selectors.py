"""The dashboards' figures, from aggregate queries: one GROUP BY per kind of figure, whatever the
number of units or districts (issue 13; the same stages as the year-end report,
dashboards/stages.py). Every read goes through core.scope, so a part outside the user's scope
counts nothing.

A part is the whole country, a province, a district or one unit, for one fiscal year and
optionally one unit type; its children are the provinces (country), the districts (province) or
the units (district, one page of them).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, DateField, F, FloatField, Max, Q, QuerySet, Sum, When
from django.db.models.functions import TruncDate
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from accounts.models import User
from certification.models import Certificate
from core.scope import visible_to
from dashboards.stages import STAGE_KEYS, annotate, finished, stage_conditions
from development.models import Answer, Phase, Plan, SelfAssessment
from frameworks.models import Indicator
from geography.models import District, Province
from programme.models import (
    REPORT_DEADLINES,
    Deadline,
    DistrictReport,
    ProgrammeYear,
    Quota,
    UnitType,
)
from registration.models import Status, Unit
from registration.workflow import ACCEPTED_STATUSES, APPLICANT_STATUSES
from reports.models import YearEndReportSent
from tallies.models import ChangeTally, DistrictTally
from tallies.selectors import change_tallies, district_tallies
from tallies.services import FIGURES

FINISHED = SelfAssessment.State.FINISHED
JOINED_STAGES = {"before_done", "after_done", "plan_approved"}
# Amber: a report due within this many days and not sent yet (issue 13, DHIS2's scorecard).
DUE_SOON_DAYS = 7


@dataclass
class Deadlines:
    """A part's district reports (applicant list, plans, results: programme.REPORT_DEADLINES)
    against the province's calendar: green met, red missed (late or not sent after the day),
    amber due within 7 days and not sent, and the rest not yet due."""

    met: int = 0
    missed: int = 0
    due_soon: int = 0
    pending: int = 0

    def __iadd__(self, other: Deadlines) -> Deadlines:
        self.met += other.met
        self.missed += other.missed
        self.due_soon += other.due_soon
        self.pending += other.pending
        return self

    @property
    def total(self) -> int:
        return self.met + self.missed + self.due_soon + self.pending


@dataclass
class Figures:
    """A part's figures for the chosen year and type."""

    stages: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGE_KEYS, 0))
    assessed: int = 0
    submitted: int = 0
    returned: int = 0
    quota: int = 0
    certificates_issued: int = 0
    certificates_revoked: int = 0
    deadlines: Deadlines = field(default_factory=Deadlines)
    reports_received: int = 0  # the districts' results reports (RESULTS_DUE) sent
    districts: int = 0
    # The province's year-end report to the department (reports.YearEndReportSent): provinces
    # that sent it, and for one province the day it last did.
    year_end_reports: int = 0
    year_end_sent_on: dt.date | None = None

    def __iadd__(self, other: Figures) -> Figures:
        for key in STAGE_KEYS:
            self.stages[key] += other.stages[key]
        for name in (
            "assessed",
            "submitted",
            "returned",
            "quota",
            "certificates_issued",
            "certificates_revoked",
            "reports_received",
            "districts",
            "year_end_reports",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.deadlines += other.deadlines
        return self

    @property
    def pass_rate(self) -> float | None:
        """Certified out of the units with a final result, in percent; None before any."""
        if not self.assessed:
            return None
        return self.stages["certified"] * 100.0 / self.assessed

    def value(self, key: str) -> float:
        """A figure by its name, for sorting and colouring (None sorts as -1)."""
        if key in self.stages:
            return self.stages[key]
        if key == "pass_rate":
            return -1.0 if self.pass_rate is None else self.pass_rate
        if key == "missed":
            return self.deadlines.missed
        if key == "due_soon":
            return self.deadlines.due_soon
        return float(getattr(self, key))


@dataclass
class ComponentChange:
    name: str
    before: float
    after: float

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass
class Change:
    """The mean self-assessment percent before and after development of the units that finished
    both, overall and per component (development.scoring's arithmetic)."""

    units: int = 0
    before: float = 0.0
    after: float = 0.0
    components: list[ComponentChange] = field(default_factory=list)

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass
class Part:
    """What a page counts: the units, reports and certificates of one part, scoped."""

    user: User
    fiscal_year: int
    unit_type: str
    province_id: str | None = None
    district_id: str | None = None
    unit_id: int | None = None

    def filter_units(self, units: QuerySet[Unit]) -> QuerySet[Unit]:
        if self.unit_id is not None:
            units = units.filter(pk=self.unit_id)
        if self.district_id is not None:
            units = units.filter(district_id=self.district_id)
        if self.province_id is not None:
            units = units.filter(district__province_id=self.province_id)
        if self.unit_type:
            units = units.filter(unit_type=self.unit_type)
        return units

    def units(self, *, all_years: bool = False) -> QuerySet[Unit]:
        units = visible_to(self.user, Unit)
        if not all_years:
            units = units.filter(fiscal_year=self.fiscal_year)
        return self.filter_units(units)

    def all_years(self) -> QuerySet[ProgrammeYear]:
        """Every programme year the part's pages count, the trends' included."""
        years = visible_to(self.user, ProgrammeYear)
        if self.province_id is not None:
            years = years.filter(province_id=self.province_id)
        return years

    def district_tallies(self, *, all_years: bool = False) -> QuerySet[DistrictTally]:
        """The part's figure rows of the tallies (docs/tallies.md); not for a unit's part."""
        years = (
            self.all_years() if all_years else self.all_years().filter(fiscal_year=self.fiscal_year)
        )
        rows = district_tallies(self.user, years)
        if self.district_id is not None:
            rows = rows.filter(district_id=self.district_id)
        if self.unit_type:
            rows = rows.filter(unit_type=self.unit_type)
        return rows

    def change_tallies(self) -> QuerySet[ChangeTally]:
        """The part's before → after change rows of the tallies, which are kept per province:
        for the country's and a province's part only."""
        rows = change_tallies(self.user, self.all_years().filter(fiscal_year=self.fiscal_year))
        return rows.filter(unit_type=self.unit_type) if self.unit_type else rows

    def years(self) -> QuerySet[ProgrammeYear]:
        years = visible_to(self.user, ProgrammeYear).filter(fiscal_year=self.fiscal_year)
        if self.province_id is not None:
            years = years.filter(province_id=self.province_id)
        return years

    def districts(self) -> QuerySet[District]:
        districts = visible_to(self.user, District)
        if self.district_id is not None:
            districts = districts.filter(pk=self.district_id)
        if self.province_id is not None:
            districts = districts.filter(province_id=self.province_id)
        return districts


def fiscal_years(user: User) -> list[int]:
    """The fiscal years with a programme year in the user's scope, newest first. One query."""
    return list(
        visible_to(user, ProgrammeYear)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


def figures_by(part: Part, key: str) -> dict[Any, Figures]:
    """Child key → its figures; `key` is "province" (children are provinces) or "district".
    Nine queries whatever the number of units and districts."""
    result: dict[Any, Figures] = defaultdict(Figures)
    if part.unit_id is None:
        _stages_from_tallies(part, key, result)
    else:
        _stages_from_units(part, result)
    years = {year.pk: year for year in part.years()}
    by_province = {year.province_id: year for year in years.values()}
    group = ("province_id",) if key == "province" else ("pk", "province_id")
    district_counts = {
        row[group[0]]: (row["province_id"], row["n"])
        for row in part.districts()
        .filter(province_id__in=by_province)
        .order_by()
        .values(*group)
        .annotate(n=Count("pk"))
    }
    quotas: dict[tuple[int, str], int] = {
        (year_id, unit_type): per_district
        for year_id, unit_type, per_district in Quota.objects.filter(
            programme_year__in=list(years)
        ).values_list("programme_year_id", "unit_type", "min_per_district")
    }
    types = [part.unit_type] if part.unit_type else list(UnitType.values)
    for child, (province_id, n) in district_counts.items():
        year = by_province[province_id]
        figures = result[child]
        figures.districts = n
        # A type without a quota row counts one a district, as the quota page does
        # (programme.selectors.quota_status).
        figures.quota = n * sum(quotas.get((year.pk, t), 1) for t in types)

    # (child, deadline) → (reports sent, of which on time): counted in the database, the day
    # of the first sending in local time against the province's date for that deadline.
    report_key = "district__province_id" if key == "province" else "district_id"
    due = Case(
        *[When(deadline=name, then=F(f"programme_year__{name}")) for name in REPORT_DEADLINES],
        output_field=DateField(),
    )
    sent_day = TruncDate("first_sent_at", tzinfo=timezone.get_current_timezone())
    sent: dict[tuple[Any, str], tuple[int, int]] = {
        (row[report_key], row["deadline"]): (row["n"], row["on_time"])
        for row in visible_to(part.user, DistrictReport)
        .filter(programme_year__in=list(years), district__in=part.districts().values("pk"))
        .order_by()
        .values(report_key, "deadline")
        .annotate(n=Count("pk"), on_time=Count("pk", filter=LessThanOrEqual(sent_day, due)))
    }
    today = timezone.localdate()
    for child, (province_id, n) in district_counts.items():
        year = by_province[province_id]
        figures = result[child]
        for deadline in REPORT_DEADLINES:
            count, on_time = sent.get((child, deadline), (0, 0))
            figures.deadlines += deadline_status(
                getattr(year, deadline), today, n, sent=count, on_time=on_time
            )
            if deadline == Deadline.RESULTS_DUE:
                figures.reports_received = count
    if key == "province":
        for province_id, sent_at in (
            visible_to(part.user, YearEndReportSent)
            .filter(programme_year__in=list(years))
            .values_list("programme_year__province_id", "sent_at")
        ):
            result[province_id].year_end_reports = 1
            result[province_id].year_end_sent_on = timezone.localdate(sent_at)
    return dict(result)


def _stages_from_tallies(part: Part, key: str, result: dict[Any, Figures]) -> None:
    """The stages and certificates by child, summed from the figure rows the workflow's events
    keep (docs/tallies.md): a row a district and type, whatever the number of units."""
    child = "province_id" if key == "province" else "district_id"
    rows = (
        part.district_tallies()
        .order_by()
        .values(child)
        .annotate(**{f"{name}_n": Sum(name) for name in FIGURES})
    )
    for row in rows:
        figures = result[row[child]]
        for name in STAGE_KEYS:
            figures.stages[name] = row[f"{name}_n"]
        figures.assessed = row["assessed_n"]
        figures.submitted = row["submitted_n"]
        figures.returned = row["returned_n"]
        figures.certificates_issued = row["certificates_n"]
        figures.certificates_revoked = row["revoked_n"]


def _stages_from_units(part: Part, result: dict[Any, Figures]) -> None:
    """The stages of one unit's part (the unit level), counted from the unit's own rows."""
    unit_key = "district_id"
    conditions = stage_conditions()
    # The stages read from the unit's own row are counted in one pass; the three that depend on
    # another table (the self-assessments, the plan) are counted from that table, joined to the
    # accepted units: a per-unit EXISTS over 40,000 units of a year is several times slower.
    own = [name for name in STAGE_KEYS if name not in JOINED_STAGES]
    rows = (
        part.units()
        .order_by()
        .values(unit_key)
        .annotate(
            **{name: Count("pk", filter=conditions[name]) for name in own},
            assessed=Count("pk", filter=conditions["assessed"]),
            submitted=Count("pk", filter=Q(status=Status.SUBMITTED)),
            returned=Count("pk", filter=Q(status=Status.DOCUMENTS_RETURNED)),
        )
    )
    for row in rows:
        figures = result[row[unit_key]]
        for name in own:
            figures.stages[name] = row[name]
        figures.assessed = row["assessed"]
        figures.submitted = row["submitted"]
        figures.returned = row["returned"]
    accepted = part.units().filter(status__in=ACCEPTED_STATUSES).values("pk")
    joined: list[tuple[str, QuerySet[Any]]] = [
        (
            "before_done",
            SelfAssessment.objects.filter(unit__in=accepted, phase=Phase.BEFORE, state=FINISHED),
        ),
        (
            "after_done",
            SelfAssessment.objects.filter(unit__in=accepted, phase=Phase.AFTER, state=FINISHED),
        ),
        ("plan_approved", Plan.objects.filter(unit__in=accepted, state=Plan.State.APPROVED)),
    ]
    for name, queryset in joined:
        # One row per unit in each (a unit's assessment of a phase and its plan are unique).
        for row in queryset.order_by().values(f"unit__{unit_key}").annotate(n=Count("pk")):
            result[row[f"unit__{unit_key}"]].stages[name] = row["n"]

    certificates = visible_to(part.user, Certificate).filter(
        programme_year__fiscal_year=part.fiscal_year
    )
    certificates = certificates.filter(unit__in=part.filter_units(Unit.objects.all()).values("pk"))
    for row in (
        certificates.order_by()
        .values(f"unit__{unit_key}")
        .annotate(issued=Count("pk"), revoked=Count("pk", filter=Q(revoked_at__isnull=False)))
    ):
        figures = result[row[f"unit__{unit_key}"]]
        figures.certificates_issued = row["issued"]
        figures.certificates_revoked = row["revoked"]


def deadline_status(
    due: dt.date, today: dt.date, districts: int, *, sent: int, on_time: int
) -> Deadlines:
    """One deadline of `districts` districts, of which `sent` sent a report, `on_time` by the
    day."""
    status = Deadlines(met=on_time, missed=sent - on_time)
    waiting = districts - sent
    if due < today:
        status.missed += waiting
    elif (due - today).days <= DUE_SOON_DAYS:
        status.due_soon += waiting
    else:
        status.pending += waiting
    return status


def total(figures: dict[Any, Figures]) -> Figures:
    result = Figures()
    for child in figures.values():
        result += child
    return result


ChangeSums = tuple[dict[tuple[str, int], int], dict[tuple[str, int], float]]


def _change_sums(part: Part) -> ChangeSums:
    """(phase, framework) → units and (phase, component) → points, summed from the change rows
    the workflow's events keep (docs/tallies.md). One query."""
    counts: dict[tuple[str, int], int] = defaultdict(int)
    points: dict[tuple[str, int], float] = defaultdict(float)
    for phase, framework_id, component_id, units, summed in (
        part.change_tallies()
        .order_by()
        .values_list("phase", "framework_id", "component_id")
        .annotate(n=Sum("units"), p=Sum("points"))
    ):
        if component_id == 0:
            counts[(phase, framework_id)] += units
        else:
            points[(phase, component_id)] += float(summed)
    return {k: v for k, v in counts.items() if v}, dict(points)


def _change_sums_from_units(part: Part) -> ChangeSums:
    """The same sums for a district's or a unit's part, from their own rows. Two queries."""
    paired = (
        part.units()
        .filter(finished(Phase.BEFORE), finished(Phase.AFTER), status__in=ACCEPTED_STATUSES)
        .values("pk")
    )
    counts = {
        (row["phase"], row["framework_id"]): row["n"]
        for row in SelfAssessment.objects.filter(unit__in=paired, state=FINISHED)
        .order_by()
        .values("phase", "framework_id")
        .annotate(n=Count("pk"))
    }
    points: dict[tuple[str, int], float] = {
        (row["assessment__phase"], row["indicator__component_id"]): row["points"] or 0.0
        for row in Answer.objects.filter(
            assessment__unit__in=paired, assessment__state=FINISHED, level__isnull=False
        )
        .order_by()
        .values("assessment__phase", "indicator__component_id")
        .annotate(points=Sum(F("indicator__weight") * F("level__score"), output_field=FloatField()))
    }
    return counts, points


def change(part: Part) -> Change:
    """The mean before → after percent of the part's units that finished both self-assessments,
    overall and per component. Two queries.

    Within one framework every unit has the same full marks, so the mean of the units' percents
    is the sum of their points over (units × full marks); the frameworks' means are then
    weighted by their units."""
    # A province's and the country's from the tallies' sums; a district's (a few dozen units a
    # year) and a unit's from their own rows.
    from_units = part.unit_id is not None or part.district_id is not None
    counts, points = _change_sums_from_units(part) if from_units else _change_sums(part)
    if not counts:
        return Change()
    # Component → (framework, name, order, weight, full marks).
    components: dict[int, list[Any]] = {}
    for component_id, framework_id, name, order, weight, indicator_weight, top in (
        Indicator.objects.filter(component__framework_id__in={f for _p, f in counts})
        .annotate(top=Max("levels__score"))
        .values_list(
            "component_id",
            "component__framework_id",
            "component__name",
            "component__order",
            "component__weight",
            "weight",
            "top",
        )
    ):
        entry = components.setdefault(component_id, [framework_id, name, order, float(weight), 0.0])
        entry[4] += float(indicator_weight) * (top or 0)
    frameworks = {f for _p, f in counts}
    result = Change(units=sum(counts.get((Phase.BEFORE, f), 0) for f in frameworks))
    # Per phase: Σ over frameworks of units × mean percent, and the units counted.
    overall: dict[str, list[float]] = {Phase.BEFORE: [0.0, 0.0], Phase.AFTER: [0.0, 0.0]}
    per_name: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    order_of: dict[str, int] = {}
    for framework_id in frameworks:
        mine = {pk: c for pk, c in components.items() if c[0] == framework_id}
        full = sum(c[3] * c[4] for c in mine.values())
        for phase in (Phase.BEFORE, Phase.AFTER):
            n = counts.get((phase, framework_id), 0)
            if not n:
                continue
            if full:
                got = sum(c[3] * points.get((phase, pk), 0.0) for pk, c in mine.items())
                overall[phase][0] += got * 100.0 / full
                overall[phase][1] += n
            for pk, (_f, name, order, _w, marks) in mine.items():
                if not marks:
                    continue
                order_of.setdefault(name, order)
                share = per_name[(name, phase)]
                share[0] += points.get((phase, pk), 0.0) * 100.0 / marks
                share[1] += n
    for key, (summed, count) in overall.items():
        if count:
            setattr(result, "before" if key == Phase.BEFORE else "after", summed / count)

    def mean(name: str, phase: str) -> float:
        summed, n = per_name.get((name, phase), (0.0, 0.0))
        return summed / n if n else 0.0

    result.components = [
        ComponentChange(name, mean(name, Phase.BEFORE), mean(name, Phase.AFTER))
        for name in sorted(order_of, key=lambda n: (order_of[n], n))
    ]
    return result


@dataclass
class TrendRow:
    fiscal_year: int
    units: dict[str, int]
    certified: dict[str, int]

    @property
    def units_total(self) -> int:
        return sum(self.units.values())

    @property
    def certified_total(self) -> int:
        return sum(self.certified.values())


def year_trends(part: Part) -> list[TrendRow]:
    """Units registered and certified per fiscal year and type, oldest first, from the
    tallies (the unit level from the unit's own row). One query."""
    rows: dict[int, TrendRow] = {}
    source = part.units(all_years=True) if part.unit_id is not None else None
    grouped = (
        source.order_by()
        .values("fiscal_year", "unit_type")
        .annotate(
            registered=Count("pk", filter=Q(status__in=APPLICANT_STATUSES)),
            certified=Count("pk", filter=Q(status=Status.CERTIFIED)),
        )
        if source is not None
        else part.district_tallies(all_years=True)
        .order_by()
        .values("fiscal_year", "unit_type")
        .annotate(registered=Sum("registered"), certified=Sum("certified"))
    )
    for row in grouped:
        trend = rows.setdefault(
            row["fiscal_year"],
            TrendRow(
                row["fiscal_year"],
                dict.fromkeys(UnitType.values, 0),
                dict.fromkeys(UnitType.values, 0),
            ),
        )
        trend.units[row["unit_type"]] = row["registered"] or 0
        trend.certified[row["unit_type"]] = row["certified"] or 0
    return [rows[year] for year in sorted(rows)]


@dataclass
class UnitRow:
    """One unit of a district's page: the stages it reached."""

    unit: Unit
    reached: dict[str, bool]

    @property
    def stage_label(self) -> str:
        from dashboards.stages import STAGES

        label = ""
        for key, text in STAGES:
            if self.reached[key]:
                label = str(text)
        return label


def unit_rows(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """The units with what the stages need, for a page of unit_reached. One query a page."""
    return (
        annotate(units)
        .annotate(plan_state=F("plan__state"))
        # What the row shows and the stages read: not the encrypted national ID, which every
        # unit loaded whole would decrypt.
        .only("pk", "name", "unit_type", "status")
        .order_by("unit_type", "name", "pk")
    )


def unit_reached(unit: Unit) -> dict[str, bool]:
    """Stage → reached, for a unit from unit_rows (the same rules as stage_conditions)."""
    from development.models import Plan
    from registration.workflow import RECOMMENDED_STATUSES

    accepted = unit.status in ACCEPTED_STATUSES
    before_ok = bool(getattr(unit, "before_ok", False))
    after_ok = bool(getattr(unit, "after_ok", False))
    plan_state = getattr(unit, "plan_state", None)
    return {
        "registered": unit.status in APPLICANT_STATUSES,
        "accepted": accepted,
        "before_done": accepted and before_ok,
        "plan_approved": accepted and plan_state == Plan.State.APPROVED,
        "after_done": accepted and after_ok,
        "recommended": unit.status in RECOMMENDED_STATUSES,
        "certified": unit.status == Status.CERTIFIED,
    }


@dataclass
class Counted:
    """What a level's page counts, in one value."""

    figures: dict[Any, Figures]
    change: Change
    trends: list[TrendRow]


def counted(part: Part, key: str, *, trends: bool = True) -> Counted:
    """A level's figures, summed from the tallies at each view (docs/tallies.md)."""
    return Counted(
        figures=figures_by(part, key),
        change=change(part),
        trends=year_trends(part) if trends else [],
    )


def provinces() -> dict[str, Province]:
    return {p.pk: p for p in Province.objects.order_by("pk")}


def year_of(user: User, province_id: str, fiscal_year: int) -> ProgrammeYear | None:
    return (
        visible_to(user, ProgrammeYear)
        .filter(province_id=province_id, fiscal_year=fiscal_year)
        .first()
    )
