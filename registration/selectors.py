"""Reads of units that depend on who is asking; all go through core.scope."""

from collections.abc import Mapping

from django.db.models import QuerySet

from accounts.models import User
from core.national_id import normalise_national_id
from core.scope import visible_to
from dashboards.stages import units_at_stage
from programme.models import ProgrammeYear
from registration.crypto import national_id_hash
from registration.models import Unit


def units_by_national_id(value: str, *, within: QuerySet[Unit] | None = None) -> QuerySet[Unit]:
    """The units (of every year) whose leader has this national ID, however it is typed: with
    dashes or spaces, in Thai or full-width digits. The one lookup by ID, for the register
    search, the duplicate rule and data-subject requests: it compares the keyed hash, the
    column the ID's index and constraint are on (docs/encryption.md). Not scoped: pass
    `within` (a scoped queryset) to narrow it, and scope what it returns before showing it.
    A value that is not 13 digits finds nothing."""
    units = Unit.objects.all() if within is None else within
    digits = normalise_national_id(value)
    if not (len(digits) == 13 and digits.isascii() and digits.isdigit()):
        return units.none()
    return units.filter(national_id_hash=national_id_hash(digits))


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
        units = units.filter(name__icontains=query) | units_by_national_id(query, within=units)
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
    stage = filters.get("stage")
    if stage:
        units = units_at_stage(units, stage)
    return units
