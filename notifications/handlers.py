"""The workflow's events, turned into notifications for the people whose work they are.
Subscribed in NotificationsConfig.ready; each runs after the move has committed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Count
from django.urls import reverse

from accounts.models import User
from assessment.events import RoundClosed, RoundScheduled
from assessment.models import Round
from certification.events import CertificateBatchDone, CertificateIssued, CertificateRevoked
from certification.models import Certificate, CertificateBatch
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


def _unit_people(unit: Unit, actor_id: int | None) -> list[User]:
    """The unit's district officers and its community developer (in the unit's district)."""
    people = recipients.district_officers(unit.district_id) + recipients.responsible_developer(
        unit.responsible_developer_id, unit.district_id
    )
    return recipients.without(people, actor_id)


def certificate_issued(event: CertificateIssued) -> None:
    """One certificate issued on its own: the unit's people hear its number."""
    certificate = Certificate.objects.select_related("unit").get(pk=event.certificate_id)
    unit = certificate.unit
    notify(
        recipients=_unit_people(unit, event.actor_id),
        kind=Kind.CERTIFICATE_ISSUED,
        params={"unit_name": unit.name, "number": certificate.display_number},
        url=reverse("registration:detail", args=[unit.pk]),
        key=f"certificate:{certificate.pk}:issued",
        about=unit,
    )


def batch_window_start(batch: CertificateBatch) -> dt.datetime:
    """When the run that `batch` finished began: its own request, or that of an earlier batch
    of the year that was killed and never finished (a new batch picks up its work), counting
    back to the last batch that finished."""
    earlier = CertificateBatch.objects.filter(
        programme_year_id=batch.programme_year_id, requested_at__lt=batch.requested_at
    )
    last_done = earlier.filter(state=CertificateBatch.State.DONE).order_by("-requested_at").first()
    if last_done is not None:
        earlier = earlier.filter(requested_at__gt=last_done.requested_at)
    first = earlier.order_by("requested_at").values_list("requested_at", flat=True).first()
    return first or batch.requested_at


def certificate_batch_done(event: CertificateBatchDone) -> None:
    """The year's batch is done: each district's officers and the developers of its units hear
    once how many certificates the run issued for the district, not once a certificate."""
    batch = CertificateBatch.objects.get(pk=event.batch_id)
    if batch.state != CertificateBatch.State.DONE or batch.finished_at is None:
        return
    issued = Certificate.objects.filter(
        programme_year_id=event.programme_year_id,
        issued_at__gte=batch_window_start(batch),
        issued_at__lte=batch.finished_at,
    )
    counts: dict[str, int] = dict(
        issued.values("unit__district_id")
        .annotate(n=Count("pk"))
        .values_list("unit__district_id", "n")
    )
    developers: dict[str, set[int]] = defaultdict(set)
    for district_id, developer_id in (
        issued.filter(unit__responsible_developer__isnull=False)
        .values_list("unit__district_id", "unit__responsible_developer_id")
        .distinct()
    ):
        developers[district_id].add(developer_id)
    year = ProgrammeYear.objects.get(pk=event.programme_year_id)
    register = reverse("registration:register")
    for district in District.objects.filter(pk__in=counts).order_by("pk"):
        people = recipients.district_officers(district.pk)
        for developer_id in sorted(developers[district.pk]):
            people += recipients.responsible_developer(developer_id, district.pk)
        notify(
            recipients=recipients.without(people, event.actor_id),
            kind=Kind.CERTIFICATE_ISSUED,
            params={
                "subject": district.display_name,
                "district": district.display_name,
                "count": counts[district.pk],
                "fiscal_year": year.fiscal_year,
            },
            url=f"{register}?year={year.pk}&status={Status.CERTIFIED}",
            key=f"certificates:batch:{batch.pk}:{district.pk}",
            # The district itself: only its own staff may hear of its units.
            about=district,
        )


def certificate_revoked(event: CertificateRevoked) -> None:
    certificate = Certificate.objects.select_related("unit").get(pk=event.certificate_id)
    unit = certificate.unit
    notify(
        recipients=_unit_people(unit, event.actor_id),
        kind=Kind.CERTIFICATE_REVOKED,
        params={
            "unit_name": unit.name,
            "number": certificate.display_number,
            "reason": event.reason,
        },
        url=reverse("registration:detail", args=[unit.pk]),
        key=f"certificate:{certificate.pk}:revoked",
        about=unit,
    )


def subscribe_all() -> None:
    events.subscribe(CertificateIssued, certificate_issued)
    events.subscribe(CertificateBatchDone, certificate_batch_done)
    events.subscribe(CertificateRevoked, certificate_revoked)
    events.subscribe(RoundScheduled, round_scheduled)
    events.subscribe(RoundClosed, round_closed)
    events.subscribe(UnitStatusMoved, unit_status_moved)
    events.subscribe(PlanStateMoved, plan_state_moved)
    events.subscribe(DistrictReportSent, district_report_sent)
