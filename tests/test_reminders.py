"""Deadline reminders (notifications/reminders.py): 7, 3 and 1 days before a deadline and the
day after it, to the district officers who still owe something, never twice — also when the
job runs twice at once (PostgreSQL)."""

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from notifications.models import Kind, Notification
from notifications.reminders import send_deadline_reminders
from programme.models import DistrictReport

TODAY = dt.date(2026, 12, 4)


def due_in(year, days: int):
    year.applicant_list_due = TODAY + dt.timedelta(days=days)
    year.save(update_fields=["applicant_list_due"])


def reminded(user) -> list[int]:
    return sorted(
        n.params["days"]
        for n in Notification.objects.filter(recipient=user, kind=Kind.DEADLINE_COMING)
        if n.params["deadline"] == "ส่งแบบรายชื่อผู้สมัครถึงจังหวัด"
    )


def test_seven_three_one_days_before_and_the_day_after(alice, year):
    for days in (7, 3, 1, -1):
        due_in(year, days)
        send_deadline_reminders(TODAY)
    assert reminded(alice) == [-1, 1, 3, 7]
    # Other days tell nobody.
    due_in(year, 5)
    send_deadline_reminders(TODAY)
    assert reminded(alice) == [-1, 1, 3, 7]


def test_only_districts_that_still_owe_are_reminded(alice, charlie, pat, year):
    DistrictReport.objects.create(
        programme_year=year,
        district_id="5102",
        deadline="applicant_list_due",
        first_sent_at=timezone.now(),
        sent_at=timezone.now(),
        sent_by=charlie,
    )
    due_in(year, 7)
    send_deadline_reminders(TODAY)
    assert reminded(alice) == [7]
    assert reminded(charlie) == []  # แม่ทา sent its list
    assert reminded(pat) == []


def test_running_twice_reminds_once(alice, year):
    due_in(year, 3)
    assert send_deadline_reminders(TODAY) >= 1
    assert send_deadline_reminders(TODAY) == 0
    assert reminded(alice) == [3]


def test_the_command_runs_the_reminders(alice, year, capsys, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)
    due_in(year, 1)
    call_command("send_reminders")
    assert "reminders" in capsys.readouterr().out
    assert reminded(alice) == [1]


def test_the_reminder_reads_in_thai(alice, year):
    from notifications import text

    due_in(year, 7)
    send_deadline_reminders(TODAY)
    notification = Notification.objects.get(recipient=alice, kind=Kind.DEADLINE_COMING)
    body = text.body(notification)
    assert "อีก 7 วันถึงกำหนด “ส่งแบบรายชื่อผู้สมัครถึงจังหวัด”" in body
    assert "อำเภอเมืองลำพูน ยังดำเนินการไม่ครบ" in body


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_remind_once(alice, year):
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once need PostgreSQL")
    due_in(year, 7)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def run():
        start.wait()
        try:
            send_deadline_reminders(TODAY)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert reminded(alice) == [7]
