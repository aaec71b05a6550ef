"""Who reads which year-end report: the province's report is for the province's officers and
the department; a district's staff get their own district's part (and sign its letter).

Permissions decide what a role may do; which years and districts a user sees at all is
core.scope's job (`visible_to` / `get_in_scope`).
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import is_department, is_district_staff, is_province_officer
from programme.permissions import can_read_whole_province

__all__ = [
    "can_read_national_report",
    "can_send_year_end_report",
    "can_read_whole_province",
    "reads_own_district_part",
    "signs_district_letter",
    "signs_province_letter",
]


def reads_own_district_part(user: User) -> bool:
    """A district has no province report: its staff's report is their own district's part."""
    return is_district_staff(user)


def signs_province_letter(user: User) -> bool:
    """The province's officer downloading the province's report signs its covering letter."""
    return is_province_officer(user)


def signs_district_letter(user: User) -> bool:
    """A district's staff downloading the district's part sign its covering letter."""
    return is_district_staff(user)


def can_send_year_end_report(user: User, province_id: str) -> bool:
    """The province's own officer records that its year-end report went to the department."""
    return is_province_officer(user, province_id)


def can_read_national_report(user: User) -> bool:
    """The national year-end report, every province's figures, is the department's."""
    return is_department(user)
