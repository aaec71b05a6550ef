"""Who may change the places the system knows: villages (a district's staff, in their own
district) and a province's zones of districts (the province's officer).

Permissions decide what a role may do; which villages and zones a user sees at all is
core.scope's job (`visible_to` / `get_in_scope`).
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import is_district_staff, is_province_officer


def can_add_villages(user: User, district_id: str | None = None) -> bool:
    """District staff add the villages of their own district."""
    return is_district_staff(user, district_id)


def can_define_zones(user: User) -> bool:
    """The province's officer groups the province's districts into zones."""
    return is_province_officer(user)


def can_set_emblem(user: User, province_id: str | None = None) -> bool:
    """The province's officer uploads, replaces or removes the province's emblem."""
    return is_province_officer(user, province_id)
