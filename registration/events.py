"""Events of the unit workflow, published through core.events after the move commits."""

from dataclasses import dataclass


@dataclass(frozen=True)
class UnitStatusMoved:
    """A unit's status moved (registration.services.unit_status_move). Ids and plain values
    only, so a subscriber may pass it on to a background task."""

    unit_id: int
    programme_year_id: int
    district_id: str
    province_id: str
    from_status: str
    to_status: str
    actor_id: int
    reason: str


@dataclass(frozen=True)
class UnitCreated:
    """A unit was registered, or carried over into a new year (registration.services)."""

    unit_id: int
    programme_year_id: int
    district_id: str
    actor_id: int


@dataclass(frozen=True)
class UnitDeveloperChanged:
    """The community developer responsible for a unit changed (registration.services.
    unit_update). None: nobody."""

    unit_id: int
    district_id: str
    from_developer_id: int | None
    to_developer_id: int | None
    actor_id: int
