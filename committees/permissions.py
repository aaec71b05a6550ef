"""Who may do what with a province-year's committees: manage a committee and its appointment
order (the province), edit its members, duties and members' accounts (also the district
officer of a district committee).

Permissions decide what a role may do with a committee it can see; which committees a user
sees at all is core.scope's job (`visible_to` / `get_in_scope`).
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import is_district_officer
from committees.models import Committee


def can_manage(user: User, committee: Committee) -> bool:
    """The committee and its order: the province's officer or the department."""
    return user.is_authenticated and user.manages_province(committee.programme_year.province_id)


def can_edit_members(user: User, committee: Committee) -> bool:
    """Members, duties and members' accounts: also the district officer of a district committee."""
    if can_manage(user, committee):
        return True
    return committee.district_id is not None and is_district_officer(user, committee.district_id)
