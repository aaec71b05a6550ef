"""The workflow's events, turned into notifications for the people whose work they are.
Subscribed in NotificationsConfig.ready; each runs after the move has committed."""

from __future__ import annotations

from django.urls import reverse

from core import events
from development.events import PlanStateMoved
from development.models import Plan
from notifications import recipients
from notifications.models import Kind
from notifications.services import notify
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


def subscribe_all() -> None:
    events.subscribe(UnitStatusMoved, unit_status_moved)
    events.subscribe(PlanStateMoved, plan_state_moved)
