"""What each role is: the one place outside the user model that reads `user.role`.

The other apps' permissions.py build their rules (who may review documents, who sends the
applicant list, ...) from these predicates. Permissions decide what a role may do; which rows
a user reads at all is core.scope's job (`visible_to` / `get_in_scope`), so a predicate here
may assume the object in hand was already fetched through it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User


# Which roles each role may create or give, inside its own scope. Keyed by str: a user's role
# is the stored value, and Role members are str.
CREATABLE: dict[str, set[str]] = {
    Role.ADMIN: {Role.ADMIN, Role.PROVINCE, Role.DISTRICT, Role.DEVELOPER},
    Role.PROVINCE: {Role.PROVINCE, Role.DISTRICT, Role.DEVELOPER},
    Role.DISTRICT: {Role.DEVELOPER},
    Role.DEVELOPER: set(),
}


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_department(user: User) -> bool:
    """The department's administrator (กรม): every province."""
    return _active(user) and user.role == Role.ADMIN


def is_province_officer(user: User, province_id: str | None = None) -> bool:
    """A province's officer; of that very province when `province_id` is given."""
    return (
        _active(user)
        and user.role == Role.PROVINCE
        and (province_id is None or user.province_id == province_id)
    )


def is_district_officer(user: User, district_id: str | None = None) -> bool:
    """The district officer (พัฒนาการอำเภอ) of a district; of that very district when given."""
    return (
        _active(user)
        and user.role == Role.DISTRICT
        and bool(user.district_id)
        and (district_id is None or user.district_id == district_id)
    )


def is_developer(user: User) -> bool:
    """A community developer (พัฒนากร): district staff who look after their own units."""
    return _active(user) and user.role == Role.DEVELOPER


def is_district_staff(user: User, district_id: str | None = None) -> bool:
    """The district officer or a community developer; of that very district when given."""
    return (
        _active(user)
        and user.role in (Role.DISTRICT, Role.DEVELOPER)
        and bool(user.district_id)
        and (district_id is None or user.district_id == district_id)
    )


def is_committee_member(user: User) -> bool:
    """A committee member's account: scores on their rounds, reads nothing of the offices'."""
    return _active(user) and user.role == Role.COMMITTEE


def is_office_staff(user: User) -> bool:
    """Anyone who works in an office of the department (everyone but committee members)."""
    return _active(user) and user.role in (Role.ADMIN, Role.PROVINCE, Role.DISTRICT, Role.DEVELOPER)


def reads_whole_province(user: User) -> bool:
    """The province's officers and the department read a province as a whole, not by district."""
    return _active(user) and user.role in (Role.PROVINCE, Role.ADMIN)


def can_manage_users(user: User) -> bool:
    """The department, a province and a district officer create accounts below them."""
    return _active(user) and user.role in (Role.ADMIN, Role.PROVINCE, Role.DISTRICT)


def can_unlock_logins(user: User) -> bool:
    """The department and a province clear the failed logins of an account in their scope."""
    return _active(user) and user.role in (Role.ADMIN, Role.PROVINCE)


def can_reset_second_factor(user: User, account: User | None = None) -> bool:
    """The department and a province remove the second factor of another account in their
    scope, when its owner lost the phone or passkey (docs/security.md §5); a province officer's
    own is reset by the department only. Without `account`: whether `user` resets any."""
    if not (_active(user) and user.role in (Role.ADMIN, Role.PROVINCE)):
        return False
    return account is None or user.role == Role.ADMIN or account.role not in RESET_BY_ADMIN_ONLY


# Accounts whose second factor only the department resets: an office's peers and those above.
RESET_BY_ADMIN_ONLY = {Role.ADMIN, Role.PROVINCE}


def can_manage_user(actor: User, user: User) -> bool:
    """`actor` may change `user`'s role or close the account: another account, of a role the
    actor gives (the caller fetched `user` through the actor's scope)."""
    return (
        can_manage_users(actor)
        and user.pk != actor.pk
        and user.role in CREATABLE.get(actor.role, set())
    )


def can_invite(actor: User, user: User) -> bool:
    """`actor` may send `user` a new invitation: an account the actor manages, or a committee
    member's account in the actor's scope (made from the committee's page)."""
    return can_manage_user(actor, user) or (
        can_manage_users(actor) and user.pk != actor.pk and user.role == Role.COMMITTEE
    )
