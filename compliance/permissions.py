"""Who may use the PDPA records (docs/compliance.md).

The department reads a unit's personal documents only through an explicit, reasoned and
audited request (docs/security.md §11); the province of the unit reads who asked. The record of
processing and the breach log are the department's, readable by the provinces; a province
reports a suspected breach of its own province and the department completes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.permissions import is_department, is_province_officer

if TYPE_CHECKING:
    from accounts.models import User
    from compliance.models import Breach
    from registration.models import Unit


def can_request_personal_access(user: User, unit: Unit) -> bool:
    """The department asks to open a unit's personal documents. The unit's district and
    province read them already; nobody else may ask (scope has already refused other
    provinces' units with a 404)."""
    return is_department(user)


def can_read_access_grants(user: User) -> bool:
    """The department, and a province for the units of its own province (core/scope.py)."""
    return is_department(user) or is_province_officer(user)


def can_read_processing_record(user: User) -> bool:
    """The record of processing (PDPA s.39) is the department's; the provinces read it."""
    return is_department(user) or is_province_officer(user)


def can_read_breaches(user: User) -> bool:
    """The department reads every breach, a province those of its own province."""
    return is_department(user) or is_province_officer(user)


def can_report_breach(user: User) -> bool:
    """The department records a breach; a province reports a suspected one for itself."""
    return is_department(user) or is_province_officer(user)


def records_any_province(user: User) -> bool:
    """The department records a breach of any province, or of the system as a whole."""
    return is_department(user)


def can_complete_breach(user: User, breach: Breach) -> bool:
    """The department assesses, records the notifications and closes; a closed breach stays
    as it was closed."""
    return is_department(user) and breach.closed_at is None
