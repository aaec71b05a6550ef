"""Who may do what with the district's activities and their photos: record and edit them, see
a photo's evidence (when, where, with what it was taken), read the activities at all.

Permissions decide what a role may do with an activity it can see; which activities a user
sees at all is core.scope's job (`visible_to` / `get_in_scope`).
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import is_district_staff, is_office_staff
from activities.models import Activity


def can_read_activities(user: User) -> bool:
    """Activities are the district's records, read by the offices: none is in a committee
    member's scope."""
    return is_office_staff(user)


def can_record(user: User, district_id: str | None) -> bool:
    """The district officer and the community developers of the district record its activities."""
    return bool(district_id) and is_district_staff(user, district_id)


def can_edit_activity(user: User, activity: Activity) -> bool:
    return can_record(user, activity.district_id)


def sees_photo_evidence(user: User, activity: Activity) -> bool:
    """When, where and with what a photo was taken is for the district's own staff only."""
    return can_record(user, activity.district_id)


def works_in_one_district(user: User) -> bool:
    """District staff work in their own district: its list and dossier, no district choice."""
    return is_district_staff(user)
