"""The dashboards' figures, cached under a mark of the data they count, so a count is never
stale: every write of the workflow writes an audit row in its transaction (docs/conventions.md
"Writes go through services"), so the newest audit row's id moves with every status move,
self-assessment, plan review, certificate and district report; the newest ids of the counted
tables themselves are in the mark too, for rows written outside the services (a data import).
The mark is one query over primary keys (an index lookup each); a figure computed for an older
mark is never read again and expires.

The key holds the viewer's scope (role, province, district) as well as the part and the date
(the deadlines' colours change with the day), so one scope's figures never reach another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from accounts.models import User
from audit.models import AuditEntry
from certification.models import Certificate
from development.models import Plan, SelfAssessment
from programme.models import DistrictReport, ProgrammeYear
from registration.models import Unit

T = TypeVar("T")
TIMEOUT = 15 * 60
MARKED = [AuditEntry, Unit, SelfAssessment, Plan, Certificate, DistrictReport, ProgrammeYear]


def data_mark() -> str:
    """The newest id of each table the figures count, as one string. One query."""
    quote = connection.ops.quote_name
    selects = ", ".join(
        f"(SELECT MAX({quote(str(m._meta.pk.column))}) FROM {quote(m._meta.db_table)})"
        for m in MARKED
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selects}")  # table names from the models: no input here
        row = cursor.fetchone()
    return "-".join(str(value) for value in row)


def scope_key(user: User) -> str:
    return f"{user.role}:{user.province_id or ''}:{user.district_id or ''}"


def cached(user: User, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for the same viewer's scope, part and data mark."""
    raw = repr((scope_key(user), parts, timezone.localdate().isoformat(), data_mark()))
    key = "dashboards:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
