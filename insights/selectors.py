"""Where to help: the indicators with the largest gaps across units (from their finished
before-assessments), with the units that share each gap, per district and per province; and the
indicators that changed most and least between before and after (seed 004, stage 4 step 5).

A unit *shares a gap* at an indicator when the level it chose before development is at least
GAP_LEVELS levels below the indicator's top level (levels 1–5 in the department's frameworks:
level 3 or lower). Indicators are ranked by how many units share the gap, then by the sum of
their gaps: the first rows are where one group activity reaches the most units.

Everything is computed by aggregate queries over the answers (GROUP BY district and indicator),
then the units of the ranked indicators only: a fixed number of queries whatever the number of
units or districts. The units passed in are already scoped by the caller (core.scope).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
)

from development.models import Answer, Phase, SelfAssessment
from frameworks.models import Indicator, Level
from geography.models import District
from registration.models import Unit
from registration.workflow import ACCEPTED_STATUSES

GAP_LEVELS = 2
# Indicators listed per district (and for the province): enough to plan a term's activities.
TOP = 10
# Indicators shown at each end of the before/after change list, per type.
CHANGE_ENDS = 5

_UNIT = "assessment__unit"
_DISTRICT = "assessment__unit__district_id"


@dataclass(frozen=True)
class GapUnit:
    pk: int
    name: str
    level: int
    gap: int


@dataclass
class IndicatorGap:
    """One indicator's gap in one area (a district, or the province when `district_id` is
    None): the units that share it and how many units of the indicator's type were assessed."""

    indicator: Indicator
    district_id: str | None
    unit_count: int
    total_gap: int
    assessed: int
    units: list[GapUnit] = field(default_factory=list)

    @property
    def share_percent(self) -> Decimal:
        if not self.assessed:
            return Decimal(0)
        return (Decimal(self.unit_count) * 100 / self.assessed).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )

    @property
    def mean_gap(self) -> Decimal:
        if not self.unit_count:
            return Decimal(0)
        return (Decimal(self.total_gap) / self.unit_count).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


@dataclass
class AreaGaps:
    district: District | None  # None: the whole province
    assessed: int
    gaps: list[IndicatorGap]


def planning_units(units: QuerySet[Unit]) -> QuerySet[Unit]:
    """The units a district plans activities for: its accepted applications (as
    activities.selectors.eligible_units)."""
    return units.filter(status__in=ACCEPTED_STATUSES)


def _gap_answers(units: QuerySet[Unit]) -> QuerySet[Answer]:
    """The answers of finished before-assessments with a gap of GAP_LEVELS or more, each
    annotated with its `gap` (the indicator's top level minus the level chosen)."""
    top = (
        Level.objects.filter(indicator=OuterRef("indicator")).order_by("-score").values("score")[:1]
    )
    return (
        Answer.objects.filter(
            assessment__unit__in=units.values("pk"),
            assessment__phase=Phase.BEFORE,
            assessment__state=SelfAssessment.State.FINISHED,
            level__isnull=False,
        )
        .annotate(top=Subquery(top))
        .annotate(gap=ExpressionWrapper(F("top") - F("level__score"), output_field=IntegerField()))
        .filter(gap__gte=GAP_LEVELS)
    )


def _assessed(units: QuerySet[Unit], by_district: bool) -> dict[tuple[str | None, str], int]:
    """Units with a finished before-assessment, per (district or None, unit type)."""
    keys = ["unit__district_id", "unit__unit_type"] if by_district else ["unit__unit_type"]
    counts: dict[tuple[str | None, str], int] = defaultdict(int)
    for row in (
        SelfAssessment.objects.filter(
            unit__in=units.values("pk"),
            phase=Phase.BEFORE,
            state=SelfAssessment.State.FINISHED,
        )
        .values(*keys)
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[(row.get("unit__district_id"), row["unit__unit_type"])] += row["n"]
    return counts


def area_gaps(
    units: QuerySet[Unit],
    *,
    by_district: bool,
    limit: int = TOP,
    indicator_id: int | None = None,
) -> list[AreaGaps]:
    """The largest gaps of `units` (scoped, one programme year): per district when
    `by_district`, else for all of them together (the province). `indicator_id` narrows it to
    one indicator (the draft activity's). Seven queries."""
    units = planning_units(units)
    gaps = _gap_answers(units)
    if indicator_id is not None:
        gaps = gaps.filter(indicator_id=indicator_id)
    keys = [_DISTRICT, "indicator_id"] if by_district else ["indicator_id"]
    ranked: dict[str | None, list[dict]] = defaultdict(list)
    for row in (
        gaps.values(*keys)
        .annotate(n=Count(_UNIT, distinct=True), total=Sum("gap"))
        .order_by()
        .values(*keys, "n", "total")
    ):
        ranked[row.get(_DISTRICT)].append(row)
    chosen: dict[str | None, list[dict]] = {
        area: sorted(rows, key=lambda r: (-r["n"], -r["total"], r["indicator_id"]))[:limit]
        for area, rows in ranked.items()
    }
    indicator_ids = {row["indicator_id"] for rows in chosen.values() for row in rows}
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(pk__in=indicator_ids).select_related(
            "component__framework"
        )
    }
    wanted = {(area, row["indicator_id"]) for area, rows in chosen.items() for row in rows}
    members: dict[tuple[str | None, int], list[GapUnit]] = defaultdict(list)
    for district_id, indicator, pk, name, level, gap in (
        gaps.filter(indicator_id__in=indicator_ids)
        .order_by(f"{_UNIT}__name", _UNIT)
        .values_list(_DISTRICT, "indicator_id", _UNIT, f"{_UNIT}__name", "level__score", "gap")
    ):
        area = district_id if by_district else None
        if (area, indicator) in wanted:
            members[(area, indicator)].append(GapUnit(pk, name, level, gap))
    assessed = _assessed(units, by_district)
    districts = {
        d.pk: d
        for d in District.objects.filter(pk__in=[a for a in chosen if a is not None]).order_by(
            "code"
        )
    }
    areas = []
    for area, rows in chosen.items():
        area_gaps_list = []
        for row in rows:
            indicator = indicators[row["indicator_id"]]
            unit_type = indicator.component.framework.unit_type
            area_gaps_list.append(
                IndicatorGap(
                    indicator=indicator,
                    district_id=area,
                    unit_count=row["n"],
                    total_gap=row["total"],
                    assessed=assessed.get((area, unit_type), 0),
                    units=members[(area, row["indicator_id"])],
                )
            )
        areas.append(
            AreaGaps(
                district=districts.get(area) if area else None,
                assessed=sum(n for (a, _t), n in assessed.items() if a == area),
                gaps=area_gaps_list,
            )
        )
    areas.sort(key=lambda a: a.district.code if a.district else "")
    return areas


def gap_units(units: QuerySet[Unit], *, district_id: str, indicator_id: int) -> list[Unit]:
    """The district's units (scoped, one year) that share a gap at the indicator: what a draft
    group activity for it holds."""
    ids = (
        _gap_answers(planning_units(units).filter(district_id=district_id))
        .filter(indicator_id=indicator_id)
        .values(_UNIT)
    )
    return list(Unit.objects.filter(pk__in=ids).order_by("name", "pk"))


# --- before → after ------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorChange:
    unit_type: str
    code: str
    text: str
    units: int
    before: Decimal
    after: Decimal
    # Of the unrounded means, then rounded: not the difference of the two rounded figures.
    change: Decimal


@dataclass
class TypeChanges:
    unit_type: str
    most: list[IndicatorChange]
    least: list[IndicatorChange]


def _mean(value: float | Decimal | None) -> Decimal:
    return Decimal(str(value or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def indicator_changes(units: QuerySet[Unit], *, ends: int = CHANGE_ENDS) -> list[TypeChanges]:
    """Per unit type, the indicators whose mean level rose most and least from the before- to
    the after-assessment, over the units of `units` (scoped) with both finished. Indicators are
    matched by type and code, so the same indicator of every province's copy of the department's
    framework counts together across the country. Three queries."""
    both = units.filter(
        self_assessments__phase=Phase.AFTER,
        self_assessments__state=SelfAssessment.State.FINISHED,
    ).filter(
        self_assessments__phase=Phase.BEFORE,
        self_assessments__state=SelfAssessment.State.FINISHED,
    )
    keys = ("assessment__unit__unit_type", "indicator__code")
    means: dict[str, dict[tuple[str, str], dict]] = {}
    for phase in (Phase.BEFORE, Phase.AFTER):
        means[phase] = {
            (row[keys[0]], row[keys[1]]): row
            for row in Answer.objects.filter(
                assessment__unit__in=both.values("pk"),
                assessment__phase=phase,
                assessment__state=SelfAssessment.State.FINISHED,
                level__isnull=False,
            )
            .values(*keys)
            .annotate(n=Count("pk"), mean=Avg("level__score"))
            .order_by()
        }
    answered = Answer.objects.filter(assessment__unit__in=both.values("pk")).values("indicator_id")
    texts = {
        (t, c): text
        for t, c, text in Indicator.objects.filter(pk__in=answered).values_list(
            "component__framework__unit_type", "code", "text"
        )
    }
    by_type: dict[str, list[IndicatorChange]] = defaultdict(list)
    for key, after in means[Phase.AFTER].items():
        before = means[Phase.BEFORE].get(key)
        if before is None:
            continue
        by_type[key[0]].append(
            IndicatorChange(
                unit_type=key[0],
                code=key[1],
                text=texts.get(key, ""),
                units=min(before["n"], after["n"]),
                before=_mean(before["mean"]),
                after=_mean(after["mean"]),
                change=_mean(Decimal(str(after["mean"])) - Decimal(str(before["mean"]))),
            )
        )
    result = []
    for unit_type in sorted(by_type):
        rows = sorted(by_type[unit_type], key=lambda r: (-r.change, _code_key(r.code)))
        most = rows[:ends]
        least = [r for r in reversed(rows) if r not in most][:ends]
        result.append(TypeChanges(unit_type=unit_type, most=most, least=least))
    return result


def _code_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in code.split("."))
