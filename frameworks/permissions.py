"""Who may do what with the indicator frameworks (docs/domain.md §6): the department keeps its
defaults; a province copies, edits and approves the frameworks of its own years.

Permissions decide what a role may do with a framework it can see; which frameworks a user
reads at all is core.scope's job (a year's framework is read within the scope of its
programme year). Whether a framework may change now (not yet used in an assessment) is the
service's check (`frameworks.services`).
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import is_department, is_province_officer
from frameworks.models import Framework


def can_manage_year_frameworks(user: User, province_id: str) -> bool:
    """The department, or an officer of this very province, sets a province-year's frameworks."""
    return user.manages_province(province_id)


def can_edit_defaults(user: User) -> bool:
    """Only the department changes its default frameworks."""
    return is_department(user)


def can_open_editor(user: User, framework: Framework) -> bool:
    """Provincial officers and the department open the editor (read-only if they may not edit);
    district staff only read the framework."""
    if is_department(user):
        return True
    if not is_province_officer(user):
        return False
    return framework.is_default or user.manages_province(framework.owner_province_id)
