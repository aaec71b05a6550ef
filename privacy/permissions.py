"""Who handles data subjects' requests and who sets how long personal data is kept
(docs/privacy.md). Which requests a user sees at all is core.scope's job."""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import is_department, is_district_staff, is_province_officer
from privacy.models import SubjectRequest


def can_handle_requests(user: User) -> bool:
    """District staff, the province and the department record and answer requests."""
    return is_department(user) or is_province_officer(user) or is_district_staff(user)


def can_handle_request(user: User, request: SubjectRequest) -> bool:
    """A request about units of a district: its staff, its province, or the department."""
    return (
        is_department(user)
        or is_district_staff(user, request.district_id)
        or is_province_officer(user, request.district.province_id)
    )


def can_set_retention(user: User) -> bool:
    """The department sets the retention period for the whole country."""
    return is_department(user)
