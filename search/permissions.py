"""Who may search what from the header's search box.

Which rows a search returns is core.scope's job (`visible_to`); these say which kinds of thing
a role may search at all.
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import can_manage_users, is_office_staff
from activities.permissions import can_read_activities


def can_search(user: User) -> bool:
    """The offices' staff search; a committee member reads only the units on their rounds."""
    return is_office_staff(user)


def can_search_activities(user: User) -> bool:
    return can_read_activities(user)


def can_search_users(user: User) -> bool:
    """Accounts are found by those who administer them (the department, a province, a district
    officer), each inside their own scope."""
    return can_manage_users(user)
