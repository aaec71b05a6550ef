"""Deadline reminders: 7, 3 and 1 days before each deadline of a province's calendar, and a
"late" notice the day after, to the district officers who still owe something
(docs/notifications.md "Reminders"). Run daily; a second run the same day, or two workers at
once, tell nobody twice: each reminder's key is unique per person (notifications.models)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from geography.models import District
from notifications import recipients
from notifications.models import Kind
from notifications.services import notify
from programme.models import REPORT_DEADLINES, Deadline, DistrictReport, ProgrammeYear
from programme.selectors import quota_status
from registration.models import Status, Unit

DAYS_BEFORE = (7, 3, 1)
LATE_AFTER = 1


def _owing_districts(year: ProgrammeYear, key: str) -> Iterable[District]:
    """The districts of the year's province that still owe something for this deadline."""
    districts = list(District.objects.filter(province_id=year.province_id).order_by("code"))
    if key in REPORT_DEADLINES:
        sent = set(
            DistrictReport.objects.filter(programme_year=year, deadline=key).values_list(
                "district_id", flat=True
            )
        )
        return [d for d in districts if d.pk not in sent]
    if key == Deadline.REGISTRATION_CLOSES:
        status = quota_status(year, districts=districts)
        return [row.district for row in status.districts if row.district and not row.all_met]
    if key == Deadline.ASSESSMENT_DUE:
        waiting = (
            Unit.objects.filter(programme_year=year, status=Status.DOCUMENTS_COMPLETE)
            .values("district_id")
            .annotate(n=Count("pk"))
            .filter(n__gt=0)
        )
        owing = {row["district_id"] for row in waiting}
        return [d for d in districts if d.pk in owing]
    return []


def reminders_due(today: dt.date) -> list[tuple[ProgrammeYear, str, int]]:
    """(year, deadline, days left — negative once late) for every reminder due today."""
    due: list[tuple[ProgrammeYear, str, int]] = []
    wanted = {today + dt.timedelta(days=n): n for n in DAYS_BEFORE}
    wanted[today - dt.timedelta(days=LATE_AFTER)] = -LATE_AFTER
    dates = list(wanted)
    query = Q()
    for key, _label in Deadline.choices:
        query |= Q(**{f"{key}__in": dates})
    for year in ProgrammeYear.objects.filter(query).select_related("province"):
        for key, _label in Deadline.choices:
            if key == Deadline.REGISTRATION_OPENS:
                continue  # nothing is owed before registration opens
            days = wanted.get(getattr(year, key))
            if days is not None:
                due.append((year, key, days))
    return due


def send_deadline_reminders(today: dt.date | None = None) -> int:
    """Send today's reminders; returns how many notifications were new."""
    today = today or timezone.localdate()
    sent = 0
    for year, key, days in reminders_due(today):
        label = str(Deadline(key).label)
        for district in _owing_districts(year, key):
            people = recipients.district_officers(district.pk)
            created = notify(
                recipients=people,
                kind=Kind.DEADLINE_COMING,
                params={
                    "subject": label,
                    "deadline": label,
                    "date": getattr(year, key).isoformat(),
                    "days": days,
                    "district": district.display_name,
                },
                url=reverse("home"),
                key=f"deadline:{year.pk}:{key}:{district.pk}:{days}",
                about=district,
            )
            sent += len(created)
    return sent
