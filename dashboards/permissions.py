"""Who reads which level of the dashboard: the department the country and every province, a
province's officer their province and below, district staff their district and its units;
committee members none (their accounts score, they read no office's figures).

Which rows a level counts is core.scope's job (dashboards/selectors.py reads through
`visible_to`); these say which pages a role may open at all.
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import is_department, is_district_staff, is_province_officer


def can_read_dashboards(user: User) -> bool:
    return is_department(user) or is_province_officer(user) or is_district_staff(user)


def can_read_country(user: User) -> bool:
    return is_department(user)


def can_read_province(user: User, province_id: str) -> bool:
    return is_department(user) or is_province_officer(user, province_id)


def can_read_district(user: User, province_id: str, district_id: str) -> bool:
    return can_read_province(user, province_id) or is_district_staff(user, district_id)
