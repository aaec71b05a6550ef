"""The 72-hour clock of PDPA s.37(4): from discovering a breach to notifying the office of the
Personal Data Protection Committee (docs/compliance.md "Breach log")."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

NOTIFY_WITHIN = dt.timedelta(hours=72)
# The clock turns amber in its last day.
AMBER_FROM = dt.timedelta(hours=24)


class State:
    RUNNING = "running"
    AMBER = "amber"
    LATE = "late"
    WITHIN = "within"
    AFTER = "after"


@dataclass(frozen=True)
class Clock:
    state: str
    deadline: dt.datetime
    # Whole hours left before the deadline (running, amber), or past it (late, after).
    hours: int

    @property
    def is_late(self) -> bool:
        return self.state in (State.LATE, State.AFTER)


def notified_late(discovered_at: dt.datetime, notified_at: dt.datetime) -> bool:
    return notified_at - discovered_at > NOTIFY_WITHIN


def notification_clock(
    discovered_at: dt.datetime, notified_at: dt.datetime | None, now: dt.datetime | None = None
) -> Clock:
    deadline = discovered_at + NOTIFY_WITHIN
    if notified_at is not None:
        if notified_late(discovered_at, notified_at):
            return Clock(State.AFTER, deadline, _hours(notified_at - deadline))
        return Clock(State.WITHIN, deadline, _hours(deadline - notified_at))
    now = now or timezone.now()
    left = deadline - now
    if left <= dt.timedelta(0):
        return Clock(State.LATE, deadline, _hours(-left))
    return Clock(State.AMBER if left <= AMBER_FROM else State.RUNNING, deadline, _hours(left))


def _hours(span: dt.timedelta) -> int:
    """Whole hours, rounded down: '3 hours left' while at least three are."""
    return int(span.total_seconds() // 3600)
