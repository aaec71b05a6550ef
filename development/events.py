"""Events of the plan workflow, published through core.events after the move commits."""

from dataclasses import dataclass


@dataclass(frozen=True)
class PlanStateMoved:
    """A self-development plan's state moved (development.services.plan_state_move). Ids and
    plain values only, so a subscriber may pass it on to a background task."""

    plan_id: int
    unit_id: int
    district_id: str
    province_id: str
    from_state: str
    to_state: str
    actor_id: int
    comment: str


@dataclass(frozen=True)
class SelfAssessmentFinished:
    """A before- or after-development self-assessment was finished (development.services.
    self_assessment_save)."""

    assessment_id: int
    unit_id: int
    district_id: str
    phase: str
    actor_id: int
