"""Score, gap and pass-rule arithmetic (docs/domain.md §6). Pure functions over plain data.

indicator:  weight × chosen level score, out of weight × highest level score
component:  the sum of its indicators, as a percentage of its full marks
total:      Σ component weight × component score, out of Σ component weight × component full marks
pass:       total % ≥ the framework's total threshold AND every component % ≥ its threshold
An indicator not yet answered scores 0 and marks the result incomplete.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class IndicatorSpec:
    id: int
    code: str
    text: str
    weight: Decimal
    max_score: int


@dataclass(frozen=True)
class ComponentSpec:
    name: str
    weight: Decimal
    indicators: tuple[IndicatorSpec, ...]


@dataclass(frozen=True)
class FrameworkSpec:
    components: tuple[ComponentSpec, ...]
    pass_total_percent: Decimal
    pass_component_percent: Decimal


@dataclass
class IndicatorScore:
    spec: IndicatorSpec
    score: int | None  # the chosen level's score; None when not answered

    @property
    def points(self) -> Decimal:
        return self.spec.weight * (self.score or 0)

    @property
    def full(self) -> Decimal:
        return self.spec.weight * self.spec.max_score

    @property
    def gap(self) -> int:
        """Levels still to climb to the top of the rubric."""
        return self.spec.max_score - (self.score or 0)


@dataclass
class ComponentScore:
    spec: ComponentSpec
    indicators: list[IndicatorScore]

    @property
    def points(self) -> Decimal:
        return sum((i.points for i in self.indicators), Decimal(0))

    @property
    def full(self) -> Decimal:
        return sum((i.full for i in self.indicators), Decimal(0))

    @property
    def percent(self) -> Decimal:
        return percent(self.points, self.full)


@dataclass
class Result:
    components: list[ComponentScore]
    pass_total_percent: Decimal
    pass_component_percent: Decimal
    unanswered: list[str] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        return sum((c.spec.weight * c.points for c in self.components), Decimal(0))

    @property
    def full(self) -> Decimal:
        return sum((c.spec.weight * c.full for c in self.components), Decimal(0))

    @property
    def percent(self) -> Decimal:
        return percent(self.points, self.full)

    @property
    def complete(self) -> bool:
        return not self.unanswered

    @property
    def failed_components(self) -> list[str]:
        return [c.spec.name for c in self.components if c.percent < self.pass_component_percent]

    @property
    def passed(self) -> bool:
        return self.percent >= self.pass_total_percent and not self.failed_components

    def by_indicator(self) -> dict[int, IndicatorScore]:
        return {i.spec.id: i for c in self.components for i in c.indicators}


def percent(points: Decimal, full: Decimal) -> Decimal:
    if not full:
        return Decimal(0)
    return (points * HUNDRED / full).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score(spec: FrameworkSpec, answers: dict[int, int | None]) -> Result:
    """`answers` maps indicator id → chosen level score (None or missing: not answered)."""
    components = []
    unanswered = []
    for component in spec.components:
        indicators = []
        for indicator in component.indicators:
            value = answers.get(indicator.id)
            if value is None:
                unanswered.append(indicator.code)
            indicators.append(IndicatorScore(indicator, value))
        components.append(ComponentScore(component, indicators))
    return Result(components, spec.pass_total_percent, spec.pass_component_percent, unanswered)


@dataclass
class Change:
    indicator: IndicatorSpec
    before: int | None
    after: int | None

    @property
    def gap_before(self) -> int:
        return self.indicator.max_score - (self.before or 0)

    @property
    def delta(self) -> int:
        return (self.after or 0) - (self.before or 0)


def change(before: Result, after: Result) -> list[Change]:
    """Per indicator, the level before and after development."""
    earlier = before.by_indicator()
    return [
        Change(i.spec, earlier[i.spec.id].score if i.spec.id in earlier else None, i.score)
        for c in after.components
        for i in c.indicators
    ]
