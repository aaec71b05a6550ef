"""Reading the tallies (docs/tallies.md): the rows of some programme years in the user's scope,
counted up to the last committed write. Sum `units` over them with the conditions of the
figure wanted; every unit is in exactly one row."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User
from accounts.permissions import is_district_staff
from core.scope import visible_to
from programme.models import ProgrammeYear
from tallies import services
from tallies.models import ChangeTally, DistrictTally, Tally


def tallies(user: object, years: QuerySet[ProgrammeYear]) -> QuerySet[Tally]:
    services.ready(years)
    return visible_to(user, Tally).filter(programme_year__in=years)


def year_tallies(year: ProgrammeYear) -> QuerySet[Tally]:
    """One programme year's rows, for a caller that has scoped the districts itself."""
    services.ready(ProgrammeYear.objects.filter(pk=year.pk))
    return Tally.objects.filter(programme_year=year)


def district_tallies(user: object, years: QuerySet[ProgrammeYear]) -> QuerySet[DistrictTally]:
    """The figure rows of these years in the user's scope, counted up to now."""
    services.ready(years)
    return visible_to(user, DistrictTally).filter(programme_year__in=years)


def change_tallies(user: User, years: QuerySet[ProgrammeYear]) -> QuerySet[ChangeTally]:
    """The before → after change rows of these years in the user's scope, counted up to now.
    The rows are a province's: district staff, whose scope reads the province's own rows,
    get none of them (their change is counted from their units, dashboards/selectors.py)."""
    if is_district_staff(user):
        return ChangeTally.objects.none()
    services.ready(years)
    return visible_to(user, ChangeTally).filter(programme_year__in=years)
