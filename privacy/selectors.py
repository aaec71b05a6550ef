"""Reads of the privacy app: the one lookup of a person's units, and the request register."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from core.scope import visible_to
from privacy.models import RetentionPolicy, SubjectRequest
from registration.models import Unit
from registration.selectors import units_by_national_id


def units_of_person(national_id: str) -> QuerySet[Unit]:
    """Every unit, of every year and district, whose leader has this national ID: the only
    place this app looks a person up, through the register's one lookup by the ID's keyed
    hash (docs/encryption.md, docs/privacy.md)."""
    return units_by_national_id(national_id)


def person_units_for(user: User, national_id: str) -> QuerySet[Unit]:
    """The person's units the user may see, newest year first."""
    return visible_to(user, units_of_person(national_id)).order_by("-fiscal_year", "-pk")


def requests_for(user: User) -> QuerySet[SubjectRequest]:
    """The register as the user sees it: their district's, their province's, or all."""
    return visible_to(user, SubjectRequest).select_related(
        "district__province", "handled_by", "created_by"
    )


def retention_policy() -> RetentionPolicy:
    """The department's policy, or its defaults (an unsaved row) until it was first set."""
    return RetentionPolicy.objects.filter(pk=1).first() or RetentionPolicy(pk=1, version=0)
