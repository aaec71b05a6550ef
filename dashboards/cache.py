"""The one dashboard figure that is cached: the before → after change of the units that
finished both self-assessments (dashboards/selectors.py `change`), which reads every answer of
those units. Everything else is summed from the tallies at each view (docs/tallies.md).

The change is cached under the tallies' version (tallies.services.version): the id of the
newest mark, which moves with every write that changes a unit's facts — a self-assessment
finished, a unit accepted, withdrawn or moved on, a certificate — and with every rebuild. A
finished self-assessment's answers and a framework in use are frozen, so nothing else changes
the figure; a change computed under an older version is never read again and expires.

The key holds the viewer's scope (role, province, district) and the part, so one scope's
figures never reach another.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from accounts.models import User
from tallies.services import version

T = TypeVar("T")
TIMEOUT = 15 * 60


def scope_key(user: User) -> str:
    return f"{user.role}:{user.province_id or ''}:{user.district_id or ''}"


def cached(user: User, parts: tuple[object, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or what it gave for the same viewer's scope and part at this version."""
    raw = repr((scope_key(user), parts, version()))
    key = "dashboards:" + hashlib.sha256(raw.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
