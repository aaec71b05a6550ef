"""Who may do what in stages 3–4 for a unit: fill in its self-assessments, sub-criteria, own
indicators, evidence and plan (as for the unit itself), review its plan, send the district's
plans report to the province.

Permissions decide what a role may do with a unit it can see; which units a user sees at all
is core.scope's job (`visible_to` / `get_in_scope`). The indicator frameworks' rules are the
frameworks app's own (frameworks/permissions.py).
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import is_developer, is_district_officer
from programme.permissions import can_send_district_report
from registration.models import Unit
from registration.permissions import can_edit_unit

__all__ = ["can_edit_unit", "can_review_plan", "can_send_plans_report"]


def can_review_plan(user: User, unit: Unit) -> bool:
    """The unit's community developer reviews its plan; the district officer may too."""
    if is_district_officer(user, unit.district_id):
        return True
    return (
        is_developer(user)
        and user.district_id == unit.district_id
        and unit.responsible_developer_id == user.pk
    )


def can_send_plans_report(user: User, district_id: str | None = None) -> bool:
    """The district officer records that the district's plans went to the province."""
    return can_send_district_report(user, district_id)
