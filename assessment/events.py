"""Events of assessment rounds, published through core.events after the write commits."""

from dataclasses import dataclass


@dataclass(frozen=True)
class RoundScheduled:
    """A round's presentation schedule was set (assessment.services.round_schedule)."""

    round_id: int
    starts_at: str  # ISO 8601, aware
    actor_id: int


@dataclass(frozen=True)
class RoundClosed:
    """A round was closed: scoring ends (assessment.services.round_close)."""

    round_id: int
    actor_id: int


@dataclass(frozen=True)
class RoundUnitsChanged:
    """Units were put on a round or taken off it (assessment.services.round_add_units,
    round_remove_unit)."""

    round_id: int
    level: str
    unit_ids: tuple[int, ...]
    added: bool
    actor_id: int
