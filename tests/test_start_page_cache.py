"""The start page's counted figures are kept until the next write in their scope
(todo/selectors.py `_kept`): a view after a workflow move shows the new count — the district's,
the developer's and the province's — and a view with nothing written since counts nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from registration import services as registration_services
from registration.models import Status, Unit
from tests.conftest import complete_documents
from tests.factories import make_unit
from todo import selectors


@pytest.fixture
def settled(monkeypatch):
    """Every write counts as settled at once (in production a page counted within
    SETTLE_SECONDS of its newest write is shown but not kept)."""
    monkeypatch.setattr(selectors, "SETTLE_SECONDS", 0)


def view(client, user) -> tuple[str, int]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode(), len(captured)


def waiting_review(page: str) -> str | None:
    """The count on the "เอกสารรอตรวจ" line, as shown (Thai digits), or None without one."""
    for line in page.split("<li")[1:]:
        if "เอกสารรอตรวจ" in line:
            return line.split('class="count">')[1].split("<")[0]
    return None


def test_a_move_shows_on_the_next_view_and_nothing_is_counted_in_between(
    alice, leader, client, settled
):
    complete_documents(leader, alice)  # submitted: one document waiting for review
    first, counted = view(client, alice)
    assert waiting_review(first) == "๑"
    again, kept = view(client, alice)
    assert waiting_review(again) == "๑"
    assert kept < counted  # nothing counted the second time

    # The officer accepts the documents: the unit leaves "waiting for review" at once.
    unit = Unit.objects.get(pk=leader.pk)
    for document in unit.documents.filter(is_current=True):
        registration_services.document_verify(actor=alice, document=document)
    assert Unit.objects.get(pk=leader.pk).status == Status.DOCUMENTS_COMPLETE
    after, recounted = view(client, alice)
    assert waiting_review(after) is None
    assert recounted == counted


def test_the_developers_and_the_provinces_pages_follow_the_move(
    alice, dave, pat, leader, client, settled
):
    leader.responsible_developer = dave
    leader.save(update_fields=["responsible_developer"])
    unit = complete_documents(leader, alice, reviewer=alice)
    before_dev, _ = view(client, dave)
    before_province, _ = view(client, pat)
    assert "รอคณะกรรมการจังหวัดพิจารณา" not in before_province
    with_stage = before_dev.split(leader.name)[1].split("</tr>")[0]
    assert with_stage.count("✓") == 1  # past registration, at the before-assessment

    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    registration_services.unit_status_move(actor=alice, unit=unit, to_status=Status.RECOMMENDED)
    after_province, _ = view(client, pat)
    assert "รอคณะกรรมการจังหวัดพิจารณา" in after_province
    after_dev, _ = view(client, dave)
    assert after_dev.split(leader.name)[1].split("</tr>")[0].count("✓") == 5  # at the committee


def test_another_districts_write_keeps_this_districts_page(alice, charlie, year, client, settled):
    make_unit(year, alice, "กลุ่มที่ยื่นแล้ว", status=Status.SUBMITTED)
    _first, counted = view(client, alice)
    other = make_unit(year, charlie, "กลุ่มแม่ทา", district="5102", status=Status.SUBMITTED)
    AuditEntry.objects.create(
        action="test", object_type="x", object_id=str(other.pk), district_id="5102"
    )
    _again, kept = view(client, alice)
    assert kept < counted


def test_a_page_counted_right_after_a_write_is_not_kept(alice, leader, client):
    complete_documents(leader, alice)
    _first, counted = view(client, alice)
    _again, again = view(client, alice)
    assert again == counted  # within SETTLE_SECONDS of the write: counted afresh each time
    # Once the newest write has settled, the next view is kept.
    AuditEntry.objects.update(at=timezone.now() - dt.timedelta(seconds=selectors.SETTLE_SECONDS))
    view(client, alice)
    _kept_page, kept = view(client, alice)
    assert kept < counted


def line_count(page: str, label: str) -> str | None:
    for line in page.split("<li")[1:]:
        if label in line:
            return line.split('class="count">')[1].split("<")[0]
    return None


def test_the_self_assessment_figures_follow_the_work(alice, ready, district_round, client, settled):
    """The unit assessed before and after its development and not yet on a district round is
    to be scheduled; once on the round it is not. An accepted unit with no before-assessment
    is counted as such."""
    to_schedule = "ประเมินหลังการพัฒนาแล้ว ยังไม่ได้จัดเข้ารอบการประเมิน"
    no_before = "ยังไม่ได้ประเมินตนเองก่อนการพัฒนา"
    other = make_unit(
        ready.programme_year, alice, "กลุ่มที่ยังไม่ประเมิน", status=Status.DOCUMENTS_COMPLETE
    )
    AuditEntry.objects.create(
        action="test", object_type="x", object_id=str(other.pk), district_id="5101"
    )
    page, _ = view(client, alice)
    assert line_count(page, to_schedule) == "๑"
    assert line_count(page, no_before) == "๑"

    from assessment import services as assessment_services

    assessment_services.round_add_units(actor=alice, round_=district_round, unit_ids=[ready.pk])
    page, _ = view(client, alice)
    assert line_count(page, to_schedule) is None
    assert line_count(page, no_before) == "๑"


def test_a_quiet_district_still_sees_its_own_next_write(
    alice, charlie, year, client, settled, monkeypatch
):
    """A district without a write among the system's newest audit rows is "quiet": its page
    is kept, and still counted afresh when it writes again and once the window moves on —
    also while the system has fewer rows than the window."""
    # No row without a district either (the fixtures' year): every part of the key quiet.
    AuditEntry.objects.filter(district_id="").delete()
    newest = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    window = newest + 5
    monkeypatch.setattr(selectors, "RECENT_ROWS", window)

    def elsewhere(n):
        AuditEntry.objects.bulk_create(
            AuditEntry(action="t", object_type="x", object_id="1", district_id="5102")
            for _ in range(n)
        )

    make_unit(year, alice, "กลุ่มที่ยื่นแล้ว", status=Status.SUBMITTED)
    first, counted = view(client, alice)  # เมืองลำพูน has no audit row: quiet
    assert waiting_review(first) == "๑"
    _again, kept = view(client, alice)
    assert kept < counted

    second = make_unit(year, alice, "กลุ่มที่สอง", status=Status.SUBMITTED)
    AuditEntry.objects.create(
        action="t", object_type="x", object_id=str(second.pk), district_id="5101"
    )
    assert waiting_review(view(client, alice)[0]) == "๒"
    elsewhere(window + 1)  # quiet again, in a later window: not the page kept before the write
    assert waiting_review(view(client, alice)[0]) == "๒"
