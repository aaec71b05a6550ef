"""The header's search across units, certificates, activities and users, inside the user's
scope (core/scope.py) and across every year in it.

A national ID is found through its keyed hash (registration.selectors.units_by_national_id,
docs/encryption.md): the typed ID is hashed once and compared with the indexed column, so no
stored ID is decrypted to search. Each kind is one query of at most LIMIT + 1 rows (the extra
row only tells that there are more), so a search costs a fixed number of queries whatever the
number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from accounts.models import User
from activities.models import Activity
from certification.codes import normalise_code
from certification.models import Certificate
from core.national_id import normalise_national_id
from core.scope import visible_to
from core.text import ascii_digits, clean_text
from registration.models import Unit
from registration.selectors import units_by_national_id
from search.permissions import can_search, can_search_activities, can_search_users

# Enough to pick from; a longer list belongs to the register's own filters.
LIMIT = 20
MIN_LENGTH = 2
MAX_LENGTH = 100


@dataclass
class Group:
    """One kind of result: the rows shown and whether there are more than LIMIT."""

    rows: list[Any]
    more: bool = False


@dataclass
class Results:
    query: str
    units: Group = field(default_factory=lambda: Group([]))
    certificates: Group = field(default_factory=lambda: Group([]))
    activities: Group = field(default_factory=lambda: Group([]))
    users: Group = field(default_factory=lambda: Group([]))
    searched_users: bool = False
    searched_activities: bool = False

    @property
    def count(self) -> int:
        return sum(
            len(g.rows) for g in (self.units, self.certificates, self.activities, self.users)
        )


def clean_query(text: str) -> str:
    return " ".join(clean_text(text or "").split())[:MAX_LENGTH]


def _group(queryset: QuerySet[Any]) -> Group:
    rows = list(queryset[: LIMIT + 1])
    return Group(rows[:LIMIT], more=len(rows) > LIMIT)


def looks_like_national_id(query: str) -> bool:
    digits = normalise_national_id(query)
    return len(digits) == 13 and digits.isascii() and digits.isdigit()


def _units(user: User, query: str) -> QuerySet[Unit]:
    units = visible_to(user, Unit)
    if looks_like_national_id(query):
        found = units_by_national_id(query, within=units)
    else:
        found = units.filter(name__icontains=query)
    return (
        found.select_related("district__province", "subdistrict")
        # Only what the result line shows: the encrypted ID is not even read.
        .only(
            "name",
            "unit_type",
            "status",
            "fiscal_year",
            "district__name_th",
            "district__province__name_th",
            "subdistrict__name_th",
        )
        .order_by("-fiscal_year", "name", "pk")
    )


def _certificates(user: User, query: str) -> QuerySet[Certificate]:
    certificates = visible_to(user, Certificate)
    condition = Q(display_number__icontains=ascii_digits(query))
    code = normalise_code(query)
    if code is not None:
        condition |= Q(code=code)
    return (
        certificates.filter(condition)
        .only("display_number", "code", "unit_name", "unit_type", "issued_on", "revoked_at")
        .order_by("-issued_on", "-pk")
    )


def _activities(user: User, query: str) -> QuerySet[Activity]:
    return (
        visible_to(user, Activity)
        .filter(Q(title__icontains=query) | Q(place__icontains=query))
        .select_related("district")
        .only("title", "kind", "held_on", "place", "district__name_th")
        .order_by("-programme_year__fiscal_year", "-pk")
    )


def _users(user: User, query: str) -> QuerySet[User]:
    condition = (
        Q(username__icontains=query)
        | Q(first_name__icontains=query)
        | Q(last_name__icontains=query)
        | Q(email__icontains=query)
        | Q(position_title__icontains=query)
    )
    if " " in query:  # a full name as typed: first name, then last name
        first, last = query.split(" ", 1)
        condition |= Q(first_name__icontains=first, last_name__icontains=last)
    return (
        visible_to(user, User)
        .filter(condition)
        .select_related("province", "district__province")
        .order_by("username")
    )


def search_everything(user: User, text: str) -> Results:
    """What `text` finds for `user`: nothing for a query shorter than MIN_LENGTH or for a user
    who may not search."""
    query = clean_query(text)
    results = Results(query=query)
    if len(query) < MIN_LENGTH or not can_search(user):
        return results
    results.units = _group(_units(user, query))
    results.certificates = _group(_certificates(user, query))
    if can_search_activities(user):
        results.searched_activities = True
        results.activities = _group(_activities(user, query))
    if can_search_users(user):
        results.searched_users = True
        results.users = _group(_users(user, query))
    return results
