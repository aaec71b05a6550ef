"""Who may do what with a province's programme year: open it, set the department's calendar,
send a district's report for a deadline, read the province as a whole.

Permissions decide what a role may do; which years and districts a user sees at all is
core.scope's job (`visible_to` / `get_in_scope`). Setting a province's year is
`User.manages_province(province_id)` (the department, or that province's officer).
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import is_department, is_district_officer, reads_whole_province


def can_open_years(user: User) -> bool:
    """The province's officers (and the department) open a province's programme year."""
    return reads_whole_province(user)


def can_edit_calendar_defaults(user: User) -> bool:
    """The department's standard calendar, which each new year starts from."""
    return is_department(user)


def can_send_district_report(user: User, district_id: str | None = None) -> bool:
    """The district officer records that the district's report for a deadline went to the
    province (the applicant list, the plans, the committee's results)."""
    return is_district_officer(user, district_id)


def can_read_whole_province(user: User) -> bool:
    """A province-wide export or page (rather than one district's part): the province's
    officers and the department."""
    return reads_whole_province(user)
