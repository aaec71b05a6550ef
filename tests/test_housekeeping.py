"""`manage.py housekeeping` (core/housekeeping.py): the daily jobs of HOUSEKEEPING_DAILY_JOBS,
idempotent, and never done twice by two runs at once (PostgreSQL's advisory lock)."""

import datetime as dt
import io
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone

from core import housekeeping
from core.models import FormToken
from core.once import new_form_token, use_form_token

CALLS: list[str] = []
CALLS_LOCK = threading.Lock()


def counted_job() -> int:
    with CALLS_LOCK:
        CALLS.append("counted")
    return len(CALLS)


def slow_job() -> str:
    with CALLS_LOCK:
        CALLS.append("slow")
    time.sleep(0.5)  # long enough for a second run to find the lock taken
    return "slept"


def broken_job() -> None:
    raise RuntimeError("disk full")


@pytest.fixture(autouse=True)
def no_calls_yet():
    CALLS.clear()


def run(*args) -> str:
    out = io.StringIO()
    call_command("housekeeping", *args, stdout=out, stderr=out)
    return out.getvalue()


def old_and_fresh_tokens():
    use_form_token(old := new_form_token())
    use_form_token(fresh := new_form_token())
    FormToken.objects.filter(token=old).update(used_at=timezone.now() - dt.timedelta(days=3))
    return fresh


def test_the_command_deletes_spent_tokens_and_a_second_run_deletes_nothing_more(db, settings):
    settings.HOUSEKEEPING_DAILY_JOBS = ["core.once.delete_spent_tokens"]
    fresh = old_and_fresh_tokens()
    assert run() == "core.once.delete_spent_tokens: 1\n"
    assert list(FormToken.objects.values_list("token", flat=True)) == [fresh]
    assert run() == "core.once.delete_spent_tokens: 0\n"
    assert FormToken.objects.count() == 1


def test_the_registry_is_the_setting_in_its_order(db, settings):
    settings.HOUSEKEEPING_DAILY_JOBS = [
        "tests.test_housekeeping.counted_job",
        "core.once.delete_spent_tokens",
    ]
    assert [path for path, _job in housekeeping.daily_jobs()] == settings.HOUSEKEEPING_DAILY_JOBS
    assert run().splitlines() == [
        "tests.test_housekeeping.counted_job: 1",
        "core.once.delete_spent_tokens: 0",
    ]


def test_a_failing_job_is_reported_and_the_others_still_run(db, settings):
    settings.HOUSEKEEPING_DAILY_JOBS = [
        "tests.test_housekeeping.broken_job",
        "tests.test_housekeeping.counted_job",
    ]
    out = io.StringIO()
    with pytest.raises(CommandError, match="some housekeeping jobs failed"):
        call_command("housekeeping", stdout=out, stderr=out)
    assert "tests.test_housekeeping.broken_job failed: RuntimeError: disk full" in out.getvalue()
    assert CALLS == ["counted"]


@pytest.mark.django_db(transaction=True)  # the loop closes the connection between runs
def test_every_runs_again_after_the_pause(settings, monkeypatch):
    settings.HOUSEKEEPING_DAILY_JOBS = ["tests.test_housekeeping.counted_job"]
    pauses: list[int] = []

    class Stop(Exception):
        pass

    def sleep(seconds):
        pauses.append(seconds)
        if len(pauses) == 2:
            raise Stop

    monkeypatch.setattr("core.management.commands.housekeeping.time.sleep", sleep)
    with pytest.raises(Stop):
        run("--every", "3600")
    assert CALLS == ["counted", "counted"] and pauses == [3600, 3600]
    with pytest.raises(CommandError):
        run("--every", "0")


# --- two runs at once (PostgreSQL) -------------------------------------------------------


def needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's")


@pytest.mark.django_db(transaction=True)
def test_a_run_while_another_holds_the_lock_does_nothing(settings):
    needs_postgresql()
    settings.HOUSEKEEPING_DAILY_JOBS = ["core.once.delete_spent_tokens"]
    old_and_fresh_tokens()
    held = threading.Event()
    release = threading.Event()

    def other_run() -> None:
        try:
            with housekeeping.exclusive() as got:
                assert got
                held.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_run)
    thread.start()
    assert held.wait(10)
    try:
        assert run() == "housekeeping: another run is in progress; nothing done\n"
        assert FormToken.objects.count() == 2
    finally:
        release.set()
        thread.join()
    assert run() == "core.once.delete_spent_tokens: 1\n"  # the lock was let go


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_do_the_work_once(settings):
    needs_postgresql()
    settings.HOUSEKEEPING_DAILY_JOBS = ["tests.test_housekeeping.slow_job"]
    start = threading.Barrier(2)
    outputs: list[str] = []

    def one_run() -> None:
        try:
            start.wait()
            outputs.append(run())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert CALLS == ["slow"]
    assert sorted(outputs) == [
        "housekeeping: another run is in progress; nothing done\n",
        "tests.test_housekeeping.slow_job: slept\n",
    ]
