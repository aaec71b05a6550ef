"""Who may do what with units, their documents and the applicant list.

Permissions decide what a role may do with a unit it can see; which units it sees at all is
core.scope's job (`visible_to` / `get_in_scope`). Views, templates (through the view's context)
and services ask these same predicates, so the page offers only what the service accepts.
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import (
    is_department,
    is_developer,
    is_district_officer,
    is_district_staff,
    is_office_staff,
    is_province_officer,
)
from compliance.selectors import has_live_grant
from registration.models import Status, Unit

REVIEWABLE = {Status.SUBMITTED, Status.DOCUMENTS_RETURNED, Status.DOCUMENTS_COMPLETE}


def can_register_units(user: User, district_id: str | None = None) -> bool:
    """District staff register (and carry over) their district's units."""
    return is_district_staff(user, district_id)


def handles_own_units_only(user: User) -> bool:
    """A พัฒนากร works on the units they look after, not on the whole district's."""
    return is_developer(user)


def can_edit_unit(user: User, unit: Unit) -> bool:
    """District staff change their district's units; a พัฒนากร only the units they look after."""
    if is_district_officer(user, unit.district_id):
        return True
    return is_developer(user) and (
        user.district_id == unit.district_id and unit.responsible_developer_id == user.pk
    )


def can_carry_over(user: User, unit: Unit) -> bool:
    """Bring last year's unit into this year: its district staff, a พัฒนากร only their own."""
    if not can_register_units(user, unit.district_id):
        return False
    return not handles_own_units_only(user) or unit.responsible_developer_id == user.pk


def is_document_reviewer(user: User, unit: Unit) -> bool:
    """The district officer of the unit's district checks its documents."""
    return is_district_officer(user, unit.district_id)


def can_review_documents(user: User, unit: Unit) -> bool:
    """The district officer checks the documents of units that have been submitted."""
    return is_document_reviewer(user, unit) and unit.status in REVIEWABLE


def can_read_personal_data(user: User, unit: Unit) -> bool:
    """Full national IDs, the application form and ID-card and house-registration copies are
    for the unit's district staff and its province (docs/security.md §11); committee members
    read none. The department sees masked IDs, and reads the full ID and the papers of one unit
    only under its own live request, made with a reason on the unit page and audited
    (compliance.services.access_request; docs/compliance.md)."""
    if is_district_staff(user, unit.district_id) or is_province_officer(
        user, unit.district.province_id
    ):
        return True
    return is_department(user) and has_live_grant(user, unit)


def can_read_unit_history(user: User) -> bool:
    """A unit's history is the offices' record: committee members read none of it."""
    return is_office_staff(user)


def can_send_applicant_list(user: User, district_id: str | None = None) -> bool:
    """The district officer records that the applicant list went to the province."""
    return is_district_officer(user, district_id)
