"""The dashboards' counted pages, cached under a mark of what they count, so a figure is never
stale (docs/dashboards.md "Speed").

The figures are summed from the tallies (docs/tallies.md). Every count that moves a unit raises
its programme year's version (tallies.TallyYear.version), and so does every other write the
page reads, through its event, in the write's own transaction: a district's report sent, the
calendar or the quotas changed, the year-end report sent (tallies/handlers.py). So the mark is
the number of the page's years counted and the sum of their versions, which only grows. A move
in one province leaves another province's pages cached; the country's page is counted again,
from the tallies, in tens of milliseconds.

The key holds the viewer's scope (role, province, district) as well as the part and the date
(the deadlines' colours change with the day), so one scope's figures never reach another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from programme.models import ProgrammeYear
from tallies.models import TallyYear
from tallies.services import ready

T = TypeVar("T")
TIMEOUT = 15 * 60


def data_mark(years: QuerySet[ProgrammeYear]) -> tuple[object, ...]:
    """The number of these programme years counted and the sum of their versions. The years'
    tallies are made ready first (counted, marks drained), so the mark is taken after every
    committed move. One aggregate query."""
    ready(years)
    mark = TallyYear.objects.filter(programme_year__in=years.values("pk")).aggregate(
        n=Count("pk"), version=Sum("version")
    )
    return (mark["n"], mark["version"])


def scope_key(user: User) -> str:
    return f"{user.role}:{user.province_id or ''}:{user.district_id or ''}"


def cached(
    user: User, parts: tuple[object, ...], years: QuerySet[ProgrammeYear], compute: Callable[[], T]
) -> T:
    """`compute()`, or what it gave for the same viewer's scope, part, day and data mark."""
    raw = repr((scope_key(user), parts, timezone.localdate().isoformat(), data_mark(years)))
    key = "dashboards:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
