"""The self-development plan workflow: allowed moves in one table."""

from development.models import Plan

PLAN_TRANSITIONS: dict[str, set[str]] = {
    Plan.State.DRAFT: {Plan.State.SUBMITTED},
    Plan.State.SUBMITTED: {Plan.State.APPROVED, Plan.State.RETURNED},
    Plan.State.RETURNED: {Plan.State.SUBMITTED},
    # An approved plan is final: its items' progress is recorded, its content no longer moves.
    Plan.State.APPROVED: set(),
}


def can_move_plan(from_state: str, to_state: str) -> bool:
    return to_state in PLAN_TRANSITIONS.get(from_state, set())
