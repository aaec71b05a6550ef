"""The workflow's events, turned into notifications for the people whose work they are.
Subscribed in NotificationsConfig.ready; each runs after the move has committed."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from accounts.models import User
from assessment.events import RoundClosed, RoundScheduled
from assessment.models import Round
from committees.models import Member
from core import events
from development.events import PlanStateMoved
from development.models import Plan
from geography.models import District
from notifications import recipients
from notifications.models import Kind
from notifications.services import notify
from programme.events import DistrictReportSent
from programme.models import Deadline, ProgrammeYear
from registration.events import UnitStatusMoved
from registration.models import Status, Unit

# The unit's status it moved to → what its people are told.
UNIT_KINDS = {
    Status.SUBMITTED: Kind.UNIT_SUBMITTED,
    Status.DOCUMENTS_RETURNED: Kind.DOCUMENT_RETURNED,
    Status.DOCUMENTS_COMPLETE: Kind.DOCUMENTS_COMPLETE,
    Status.RECOMMENDED: Kind.DECISION_RECORDED,
    Status.NOT_RECOMMENDED: Kind.DECISION_RECORDED,
    Status.CERTIFIED: Kind.DECISION_RECORDED,
    Status.NOT_CERTIFIED: Kind.DECISION_RECORDED,
}
PLAN_KINDS = {
    Plan.State.SUBMITTED: Kind.PLAN_SUBMITTED,
    Plan.State.RETURNED: Kind.PLAN_RETURNED,
    Plan.State.APPROVED: Kind.PLAN_APPROVED,
}


def unit_status_moved(event: UnitStatusMoved) -> None:
    kind = UNIT_KINDS.get(Status(event.to_status))
    if kind is None:
        return
    unit = Unit.objects.select_related("district").get(pk=event.unit_id)
    people = recipients.district_officers(event.district_id) + recipients.responsible_developer(
        unit.responsible_developer_id, event.district_id
    )
    if event.to_status in (Status.RECOMMENDED, Status.NOT_RECOMMENDED):
        # The district committee's recommendation goes up to the provincial committee.
        people += recipients.province_officers(event.province_id)
    notify(
        recipients=recipients.without(people, event.actor_id),
        kind=kind,
        params={
            "unit_name": unit.name,
            "reason": event.reason,
            "status_label": str(Status(event.to_status).label),
        },
        url=reverse("registration:detail", args=[unit.pk]),
        key=f"unit:{unit.pk}:{event.from_status}>{event.to_status}:{unit.version}",
        about=unit,
    )


def plan_state_moved(event: PlanStateMoved) -> None:
    kind = PLAN_KINDS.get(Plan.State(event.to_state))
    if kind is None:
        return
    unit = Unit.objects.get(pk=event.unit_id)
    people = recipients.district_officers(event.district_id) + recipients.responsible_developer(
        unit.responsible_developer_id, event.district_id
    )
    review_count = Plan.objects.get(pk=event.plan_id).reviews.count()
    notify(
        recipients=recipients.without(people, event.actor_id),
        kind=kind,
        params={"unit_name": unit.name, "reason": event.comment},
        url=reverse("development:plan", kwargs={"unit_pk": unit.pk}),
        key=f"plan:{event.plan_id}:{event.to_state}:{review_count}",
        about=unit,
    )


def district_report_sent(event: DistrictReportSent) -> None:
    """The province hears when a district sends a report (the first time and again)."""
    district = District.objects.get(pk=event.district_id)
    year = ProgrammeYear.objects.get(pk=event.programme_year_id)
    notify(
        recipients=recipients.without(
            recipients.province_officers(event.province_id), event.actor_id
        ),
        kind=Kind.REPORT_SENT,
        params={
            "subject": district.display_name,
            "deadline": str(Deadline(event.deadline).label),
            "district": district.display_name,
            "unit_count": event.unit_count,
            "again": not event.first_time,
        },
        url=reverse("programme:status", args=[year.pk]),
        key=f"report:{event.report_id}:{event.sent_at}",
        about=year,
    )


def _round_people(round_: Round) -> list[User]:
    """The committee's members who have an account: those who score on the round."""
    return [
        m.user
        for m in Member.objects.filter(committee_id=round_.committee_id, user__isnull=False)
        .select_related("user")
        .order_by("order")
        if m.user is not None and m.user.is_active
    ]


def round_scheduled(event: RoundScheduled) -> None:
    """Each member hears of the round's date and the slots (first and last), to plan the day."""
    round_ = Round.objects.get(pk=event.round_id)
    slots = list(round_.entries.order_by("order", "pk").values_list("starts_at", flat=True))
    starts = dt.datetime.fromisoformat(event.starts_at)
    last = max((s for s in slots if s is not None), default=starts)
    notify(
        recipients=recipients.without(_round_people(round_), event.actor_id),
        kind=Kind.ROUND_SCHEDULED,
        params={
            "subject": round_.name,
            "round": round_.name,
            "place": round_.place,
            "starts_at": starts.isoformat(),
            "last_slot_at": last.isoformat(),
            "units": len(slots),
        },
        url=reverse("assessment:round", args=[round_.pk]),
        key=f"round:{round_.pk}:scheduled:{event.starts_at}",
        about=round_,
    )


def round_closed(event: RoundClosed) -> None:
    round_ = Round.objects.get(pk=event.round_id)
    notify(
        recipients=recipients.without(_round_people(round_), event.actor_id),
        kind=Kind.ROUND_CLOSED,
        params={"subject": round_.name, "round": round_.name},
        url=reverse("assessment:round", args=[round_.pk]),
        key=f"round:{round_.pk}:closed",
        about=round_,
    )


def subscribe_all() -> None:
    events.subscribe(RoundScheduled, round_scheduled)
    events.subscribe(RoundClosed, round_closed)
    events.subscribe(UnitStatusMoved, unit_status_moved)
    events.subscribe(PlanStateMoved, plan_state_moved)
    events.subscribe(DistrictReportSent, district_report_sent)
