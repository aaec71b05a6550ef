"""Daily housekeeping: small jobs any app adds, run by `manage.py housekeeping`.

The registry is the setting HOUSEKEEPING_DAILY_JOBS, a list of dotted paths to functions that
take no argument and return what they did (a count, or a short text); so core names no domain
app (docs/conventions.md). A job must be idempotent: it is run daily by a systemd timer in
production and hourly by `make run`, and a run that was killed is simply run again.

Two runs at once (two workers, a timer and a hand-started run) do not both work: on PostgreSQL
the run holds a session advisory lock and a second run finds it taken and does nothing. SQLite
(development) has no such lock; its single writer and the jobs' idempotence keep that safe."""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# One fixed 64-bit key of PostgreSQL's advisory lock space, for this command only.
LOCK_KEY = 0x6D636863_686B0001  # "mchc" "hk" 1


@dataclass(frozen=True)
class Outcome:
    job: str
    result: object = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def daily_jobs() -> list[tuple[str, Callable[[], object]]]:
    """(dotted path, function) for each registered job, in the order of the setting."""
    return [(path, import_string(path)) for path in settings.HOUSEKEEPING_DAILY_JOBS]


@contextmanager
def exclusive() -> Iterator[bool]:
    """True when this run may work: the advisory lock was free (always, off PostgreSQL)."""
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
        (got,) = cursor.fetchone()
    try:
        yield bool(got)
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])


def run_daily() -> list[Outcome] | None:
    """Run every registered job once; None when another run holds the lock. A job that fails
    is logged and reported, and the others still run."""
    jobs = daily_jobs()
    with exclusive() as got:
        if not got:
            return None
        outcomes = []
        for path, job in jobs:
            try:
                outcomes.append(Outcome(path, job()))
            except Exception as error:  # one broken job must not stop the others
                logger.exception("housekeeping job %s failed", path)
                outcomes.append(Outcome(path, error=f"{type(error).__name__}: {error}"))
        return outcomes
