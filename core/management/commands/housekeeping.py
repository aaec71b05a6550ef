"""`manage.py housekeeping`: run the daily jobs (core/housekeeping.py) once, or every N seconds."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from core.housekeeping import run_daily


class Command(BaseCommand):
    help = (
        "Run the daily housekeeping jobs (HOUSEKEEPING_DAILY_JOBS) once. "
        "Safe to start twice: a second run at the same time does nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="Keep running, once every SECONDS (for development; production uses a timer).",
        )

    def handle(self, *args, every=None, **options):
        if every is not None and every < 1:
            raise CommandError("--every needs a positive number of seconds")
        while True:
            failed = self.run_once()
            if every is None:
                if failed:
                    raise CommandError("some housekeeping jobs failed (see above)")
                return
            # A connection kept for hours may be dropped by the server meanwhile.
            connections.close_all()
            time.sleep(every)

    def run_once(self) -> bool:
        outcomes = run_daily()
        if outcomes is None:
            self.stdout.write("housekeeping: another run is in progress; nothing done")
            return False
        for outcome in outcomes:
            if outcome.ok:
                self.stdout.write(f"{outcome.job}: {outcome.result}")
            else:
                self.stderr.write(f"{outcome.job} failed: {outcome.error}")
        return not all(outcome.ok for outcome in outcomes)
