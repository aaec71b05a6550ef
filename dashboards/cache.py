"""The dashboards' counted pages, cached under a mark of what they count, so a figure is never
stale (docs/dashboards.md "Speed").

The figures are summed from the tallies (docs/tallies.md), whose every count that moves a unit
raises its programme year's version; the deadlines read the districts' reports and the
province's calendar, the targets its quotas, the country's table the year-end reports. So the
mark is, over the years the page counts: their tally versions, their calendar versions, their
district reports (number, newest id), their year-end reports (number, newest sending) and their
quotas. A move in one province leaves another province's pages cached; the country's page is
counted again, from the tallies, in tens of milliseconds.

The key holds the viewer's scope (role, province, district) as well as the part and the date
(the deadlines' colours change with the day), so one scope's figures never reach another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from programme.models import DistrictReport, ProgrammeYear, Quota
from reports.models import YearEndReportSent
from tallies.models import TallyYear
from tallies.services import ready

T = TypeVar("T")
TIMEOUT = 15 * 60


def data_mark(years: QuerySet[ProgrammeYear]) -> tuple[object, ...]:
    """What the figures of these programme years depend on, as plain values, read from the
    rows themselves (never from an id that a transaction still open might come in under). The
    years' tallies are made ready first (counted, marks drained), so the mark is taken after
    every committed move."""
    ready(years)
    ids = years.values("pk")
    calendars = ProgrammeYear.objects.filter(pk__in=ids).aggregate(
        n=Count("pk"), version=Sum("version")
    )
    tallies = TallyYear.objects.filter(programme_year__in=ids).aggregate(
        n=Count("pk"), version=Sum("version")
    )
    reports = DistrictReport.objects.filter(programme_year__in=ids).aggregate(
        n=Count("pk"), newest=Max("pk")
    )
    year_end = YearEndReportSent.objects.filter(programme_year__in=ids).aggregate(
        n=Count("pk"), last=Max("sent_at")
    )
    quotas = hashlib.sha256(
        repr(
            list(
                Quota.objects.filter(programme_year__in=ids)
                .order_by("pk")
                .values_list("pk", "min_per_district")
            )
        ).encode()
    ).hexdigest()
    return (calendars, tallies, reports, year_end, quotas)


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
