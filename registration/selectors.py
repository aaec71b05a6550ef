"""Reads of units that depend on who is asking; all go through core.scope."""

from collections.abc import Mapping

from django.db.models import Q, QuerySet

from accounts.models import User
from core.national_id import normalise_national_id
from core.scope import visible_to
from programme.models import ProgrammeYear
from registration.models import Unit


def units_for_register(
    user: User, programme_year: ProgrammeYear, filters: Mapping[str, str]
) -> QuerySet[Unit]:
    units = (
        visible_to(user, Unit)
        .filter(programme_year=programme_year)
        .select_related("district", "subdistrict", "village", "responsible_developer")
        .order_by("district_id", "unit_type", "name")
    )
    query = (filters.get("q") or "").strip()
    if query:
        digits = normalise_national_id(query)
        condition = Q(name__icontains=query)
        if digits.isascii() and digits.isdigit() and len(digits) == 13:
            condition |= Q(national_id=digits)
        units = units.filter(condition)
    for key, lookup in (
        ("unit_type", "unit_type"),
        ("district", "district_id"),
        ("subdistrict", "subdistrict_id"),
        ("developer", "responsible_developer_id"),
        ("status", "status"),
    ):
        value = filters.get(key)
        if value:
            units = units.filter(**{lookup: value})
    return units
