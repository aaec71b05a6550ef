"""The workflow seam: status moves through one public service each, checked against one table,
and announced to subscribers after the transaction commits (core.events)."""

import logging
import re
from pathlib import Path

import pytest
from django.db import transaction

from certification import batch as batch_module
from certification.models import CertificateBatch
from core import events
from core.errors import DomainError
from development.events import PlanStateMoved
from development.models import Plan, PlanReview
from development.services import plan_state_move
from registration import services
from registration.events import UnitStatusMoved
from registration.models import Status, StatusChange, Unit
from tests.factories import run_worker


@pytest.fixture
def received():
    """Events of both kinds delivered while the test runs; the subscription ends with it."""
    delivered: list[UnitStatusMoved | PlanStateMoved] = []
    with (
        events.subscribed(UnitStatusMoved, delivered.append),
        events.subscribed(PlanStateMoved, delivered.append),
    ):
        yield delivered


def test_unit_move_is_announced_after_commit(
    alice, leader, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.unit_withdraw(actor=alice, unit=leader, reason="  ย้ายไปต่างจังหวัด ")
        assert received == []  # not before the commit
    assert received == [
        UnitStatusMoved(
            unit_id=leader.pk,
            programme_year_id=leader.programme_year_id,
            district_id="5101",
            province_id="51",
            from_status=Status.DRAFT,
            to_status=Status.WITHDRAWN,
            actor_id=alice.pk,
            reason="ย้ายไปต่างจังหวัด",
        )
    ]


def test_unit_move_rolled_back_is_not_announced(
    alice, leader, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.unit_withdraw(actor=alice, unit=leader, reason="ทดสอบ")
            raise RuntimeError("something later in the same transaction failed")
    assert callbacks == [] and received == []
    assert Unit.objects.get(pk=leader.pk).status == Status.DRAFT


def test_an_in_transaction_subscriber_writes_with_the_move_and_its_error_undoes_it(alice, leader):
    """A handler subscribed in_transaction runs inside the move's transaction, before publish
    returns (the tallies' outbox, docs/tallies.md): its error rolls the move back."""
    seen: list[str] = []

    def inside(event):
        seen.append(Unit.objects.get(pk=event.unit_id).status)  # the move is already written

    def refusing(event):
        raise RuntimeError("the outbox is full")

    with events.subscribed(UnitStatusMoved, inside, in_transaction=True):
        services.unit_withdraw(actor=alice, unit=leader, reason="ทดสอบ")
    assert seen == [Status.WITHDRAWN]
    with events.subscribed(UnitStatusMoved, refusing, in_transaction=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            unit = Unit.objects.select_for_update().get(pk=leader.pk)
            services.unit_status_move(actor=alice, unit=unit, to_status=Status.DRAFT, reason="คืน")
    assert Unit.objects.get(pk=leader.pk).status == Status.WITHDRAWN
    assert not StatusChange.objects.filter(unit=leader, from_status=Status.WITHDRAWN).exists()


def test_failing_subscriber_breaks_neither_the_move_nor_the_others(
    alice, leader, django_capture_on_commit_callbacks, caplog
):
    def broken(event):
        raise ValueError("subscriber bug")

    delivered: list[UnitStatusMoved] = []
    with (
        events.subscribed(UnitStatusMoved, broken),
        events.subscribed(UnitStatusMoved, delivered.append),
        caplog.at_level(logging.ERROR, logger="core.events"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.unit_withdraw(actor=alice, unit=leader, reason="ทดสอบ")
    assert [e.to_status for e in delivered] == [Status.WITHDRAWN]
    assert Unit.objects.get(pk=leader.pk).status == Status.WITHDRAWN
    assert "subscriber bug" in caplog.text


FLAKY_CALLS: list[UnitStatusMoved] = []


def flaky_handler(event: UnitStatusMoved) -> None:
    """Fails on its first call, as a handler would while the database is briefly away."""
    FLAKY_CALLS.append(event)
    if len(FLAKY_CALLS) == 1:
        raise ConnectionError("database away for a moment")


def always_failing_handler(event: UnitStatusMoved) -> None:
    FLAKY_CALLS.append(event)
    raise ConnectionError("database gone")


def test_a_failed_handler_is_tried_again_by_the_worker_with_the_same_event(
    alice, leader, settings, worker_in_test, django_capture_on_commit_callbacks
):
    settings.EVENT_RETRY_SECONDS = [0]
    FLAKY_CALLS.clear()
    with (
        events.subscribed(UnitStatusMoved, flaky_handler),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.unit_withdraw(actor=alice, unit=leader, reason="ทดสอบ")
    assert len(FLAKY_CALLS) == 1
    run_worker()
    assert len(FLAKY_CALLS) == 2 and FLAKY_CALLS[1] == FLAKY_CALLS[0]
    run_worker()
    assert len(FLAKY_CALLS) == 2  # it succeeded: nothing more queued


def test_a_handler_that_keeps_failing_is_given_up_after_the_set_attempts(
    alice, leader, settings, worker_in_test, django_capture_on_commit_callbacks, caplog
):
    settings.EVENT_RETRY_SECONDS = [0, 0]
    FLAKY_CALLS.clear()
    with caplog.at_level(logging.ERROR, logger="core.events"):
        with (
            events.subscribed(UnitStatusMoved, always_failing_handler),
            django_capture_on_commit_callbacks(execute=True),
        ):
            services.unit_withdraw(actor=alice, unit=leader, reason="ทดสอบ")
        for _ in range(4):
            run_worker()
    assert len(FLAKY_CALLS) == 3
    assert "gave up" in caplog.text


def test_unit_table_refuses_an_illegal_move(
    alice, leader, received, django_capture_on_commit_callbacks
):
    changes = StatusChange.objects.filter(unit=leader).count()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError) as error:
        services.unit_status_move(actor=alice, unit=leader, to_status=Status.CERTIFIED)
    assert error.value.message == "เปลี่ยนสถานะจาก “ร่าง” เป็น “ผ่านการรับรองมาตรฐาน” ไม่ได้"
    assert Unit.objects.get(pk=leader.pk).status == Status.DRAFT
    assert StatusChange.objects.filter(unit=leader).count() == changes
    assert received == []


def test_plan_move_is_announced_after_commit(
    alice, leader, received, django_capture_on_commit_callbacks
):
    plan = Plan.objects.create(unit=leader)
    with django_capture_on_commit_callbacks(execute=True):
        plan_state_move(actor=alice, plan=plan, to_state=Plan.State.SUBMITTED)
    assert received == [
        PlanStateMoved(
            plan_id=plan.pk,
            unit_id=leader.pk,
            district_id="5101",
            province_id="51",
            from_state=Plan.State.DRAFT,
            to_state=Plan.State.SUBMITTED,
            actor_id=alice.pk,
            comment="",
        )
    ]


@pytest.mark.parametrize(
    "from_state,to_state",
    [
        (Plan.State.APPROVED, Plan.State.SUBMITTED),
        (Plan.State.APPROVED, Plan.State.RETURNED),
        (Plan.State.DRAFT, Plan.State.APPROVED),
        (Plan.State.RETURNED, Plan.State.APPROVED),
    ],
)
def test_plan_table_refuses_an_illegal_move(
    alice, leader, received, django_capture_on_commit_callbacks, from_state, to_state
):
    plan = Plan.objects.create(unit=leader, state=from_state)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(DomainError) as error:
        plan_state_move(actor=alice, plan=plan, to_state=to_state)
    assert error.value.message == (
        f"เปลี่ยนสถานะแผนจาก “{from_state.label}” เป็น “{to_state.label}” ไม่ได้"
    )
    assert Plan.objects.get(pk=plan.pk).state == from_state
    assert not PlanReview.objects.filter(plan=plan).exists()
    assert received == []


def test_subscription_ends_with_its_block(alice, leader, django_capture_on_commit_callbacks):
    delivered: list[UnitStatusMoved] = []
    with pytest.raises(RuntimeError), events.subscribed(UnitStatusMoved, delivered.append):
        raise RuntimeError("the test body failed")
    with django_capture_on_commit_callbacks(execute=True):
        services.unit_withdraw(actor=alice, unit=leader, reason="ทดสอบ")
    # The block's subscriber is gone (the notifications app's own stays subscribed).
    assert delivered == []


def test_no_app_calls_a_private_move_of_another_module():
    root = Path(__file__).resolve().parent.parent
    private_call = re.compile(r"\w\._\w*move\(")
    offenders = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        if ".venv" not in path.parts
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if private_call.search(line)
    ]
    assert offenders == []


@pytest.mark.parametrize(
    "from_state,to_state",
    [
        (CertificateBatch.State.DONE, CertificateBatch.State.RUNNING),
        (CertificateBatch.State.QUEUED, CertificateBatch.State.DONE),
    ],
)
def test_batch_table_refuses_an_illegal_move(pat, year, from_state, to_state):
    batch = CertificateBatch.objects.create(programme_year=year, requested_by=pat, state=from_state)
    with pytest.raises(DomainError) as error:
        batch_module.batch_state_move(batch=batch, to_state=to_state)
    assert error.value.message == (
        f"เปลี่ยนสถานะการออกประกาศนียบัตรจาก “{from_state.label}” เป็น “{to_state.label}” ไม่ได้"
    )
    assert CertificateBatch.objects.get(pk=batch.pk).state == from_state
