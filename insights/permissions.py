"""Who reads where to help, and who turns a shared gap into a draft group activity.

Which units and districts a user reads is core.scope's job (`visible_to` / `get_in_scope`).
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import is_department, is_office_staff, reads_whole_province
from activities.permissions import can_record


def can_read_insights(user: User) -> bool:
    """The offices read the gaps and changes of the units in their scope."""
    return is_office_staff(user)


def reads_province_summary(user: User) -> bool:
    """The province and the department see the province's gaps as a whole beside each
    district's."""
    return reads_whole_province(user)


def can_propose_group_activity(user: User, district_id: str | None) -> bool:
    """The district's own staff plan its group activities (as they record activities)."""
    return can_record(user, district_id)


def reads_country(user: User) -> bool:
    """The department compares the changes across every province."""
    return is_department(user)
