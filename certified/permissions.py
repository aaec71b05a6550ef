"""Who may do what after certification: use the staff register and a unit's staff profile
page, write a unit's public profile, choose a district's outstanding unit.

Permissions decide what a role may do; which units and years a user sees at all is
core.scope's job (`visible_to` / `get_in_scope`).
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import (
    is_department,
    is_district_officer,
    is_district_staff,
    is_office_staff,
    is_province_officer,
)
from registration.models import Status, Unit


def can_use_register(user: User) -> bool:
    """The staff register, profiles and outstanding pages are the offices': committee
    members have no business there (404)."""
    return is_office_staff(user)


def can_open_profile(user: User, unit: Unit) -> bool:
    """A link to the unit's staff profile page: certified units, for the offices."""
    return unit.status == Status.CERTIFIED and can_use_register(user)


def can_edit_profile(user: User, unit: Unit) -> bool:
    """The district officer and the community developers of the unit's district."""
    return is_district_staff(user, unit.district_id)


def can_select_outstanding(user: User, district_id: str | None) -> bool:
    """The district officer (พัฒนาการอำเภอ) chooses the district's outstanding unit."""
    return bool(district_id) and is_district_officer(user, district_id)


def filters_by_province(user: User) -> bool:
    """The department's register filters by province first."""
    return is_department(user)


def filters_by_district(user: User) -> bool:
    """A province's register (and the department's) filters by district; a district's staff
    read their own district only."""
    return is_province_officer(user) or is_department(user)


def reads_own_district_only(user: User) -> bool:
    """District staff read the register and the outstanding unit of their own district."""
    return is_district_staff(user)
