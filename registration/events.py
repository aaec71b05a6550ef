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
