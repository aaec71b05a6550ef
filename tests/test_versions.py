"""No lost write (issue 11): a photo's caption, a self-assessment and a plan item's progress are
saved only from the version their form was made from. A stale or missing version is refused
with a Thai message, changes nothing, and the page keeps what the user typed
(docs/security.md §17). The parallel tests need PostgreSQL."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from activities import services as activities
from activities.models import ActivityPhoto
from audit.models import AuditEntry
from core.errors import DomainError
from core.once import new_form_token
from development import services
from development.models import Phase, PlanItem, SelfAssessment
from frameworks.models import Indicator
from tests.factories import indicators_of, jpeg, plan_values

STALE_PHOTO = "มีผู้อื่นแก้ไขภาพนี้หลังจากที่คุณเปิดหน้า"
STALE_ASSESSMENT = "มีผู้อื่นบันทึกการประเมินนี้หลังจากที่คุณเปิดแบบฟอร์ม"
STALE_PROGRESS = "มีผู้อื่นบันทึกความก้าวหน้าของรายการนี้หลังจากที่คุณเปิดหน้า"
NO_VERSION = "แบบฟอร์มนี้ไม่ได้ระบุรุ่นของข้อมูลที่เปิดไว้"


def at_once(*presses) -> list[int]:
    """Each (user, url, data) POSTed at the same moment on its own connection (PostgreSQL
    only: SQLite serialises them anyway). The status codes, in the order given."""
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once need PostgreSQL")
    start = threading.Barrier(len(presses))
    statuses: list[int] = [0] * len(presses)

    def press(index: int, user, url: str, data: dict) -> None:
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            statuses[index] = client.post(url, data).status_code
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=press, args=(index, *args)) for index, args in enumerate(presses)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


# --- photo captions ----------------------------------------------------------------------


@pytest.fixture
def photo(alice, activity):
    [photo] = activities.photos_upload(
        actor=alice, activity=activity, uploads=[jpeg("a.jpg")], stage=4, caption="เดิม"
    )
    return photo


def photo_post(caption, version, stage=4):
    data = {"stage": stage, "caption": caption}
    if version is not None:
        data["expected_version"] = version
    return data


def test_a_photo_form_shows_its_version_and_a_save_moves_it_on(client, alice, photo):
    client.force_login(alice)
    page = client.get(reverse("activities:detail", args=[photo.activity_id])).content.decode()
    assert 'name="expected_version" value="1"' in page
    url = reverse("activities:photo_edit", args=[photo.pk])
    assert client.post(url, photo_post("อบรมวันแรก", 1)).status_code == 302
    photo.refresh_from_db()
    assert (photo.caption, photo.version) == ("อบรมวันแรก", 2)


def test_a_stale_photo_caption_is_refused_and_keeps_what_was_typed(client, alice, dave, photo):
    url = reverse("activities:photo_edit", args=[photo.pk])
    client.force_login(dave)
    assert client.post(url, photo_post("คำบรรยายของพัฒนากร", 1)).status_code == 302
    client.force_login(alice)
    response = client.post(url, photo_post("คำบรรยายของพัฒนาการอำเภอ", 1, stage=3))
    page = response.content.decode()
    assert response.status_code == 200 and STALE_PHOTO in page
    # The refused form is open again with what alice typed, and still the version she had.
    assert 'value="คำบรรยายของพัฒนาการอำเภอ"' in page and "<details open>" in page
    assert '<option value="3" selected>' in page
    photo.refresh_from_db()
    assert (photo.caption, photo.stage, photo.version) == ("คำบรรยายของพัฒนากร", 4, 2)
    assert AuditEntry.objects.filter(action="photo.update").count() == 1


def test_a_photo_form_without_a_version_is_refused(client, alice, photo):
    client.force_login(alice)
    url = reverse("activities:photo_edit", args=[photo.pk])
    for version in (None, "", "x"):
        response = client.post(url, photo_post("ไม่มีรุ่น", version))
        assert response.status_code == 200 and NO_VERSION in response.content.decode()
    photo.refresh_from_db()
    assert (photo.caption, photo.version) == ("เดิม", 1)
    with pytest.raises(DomainError, match=STALE_PHOTO):
        activities.photo_update(
            actor=alice, photo=photo, stage=4, units=[], caption="x", expected_version=0
        )


@pytest.mark.django_db(transaction=True)
def test_two_parallel_photo_saves_one_wins_the_other_is_refused(alice, dave, photo):
    url = reverse("activities:photo_edit", args=[photo.pk])
    statuses = at_once((alice, url, photo_post("ของอลิซ", 1)), (dave, url, photo_post("ของเดฟ", 1)))
    assert sorted(statuses) == [200, 302]
    photo.refresh_from_db()
    winner = "ของอลิซ" if statuses[0] == 302 else "ของเดฟ"
    assert (photo.caption, photo.version) == (winner, 2)
    assert ActivityPhoto.objects.get(pk=photo.pk).version == 2


# --- self-assessments --------------------------------------------------------------------


def answers_post(framework, score, version, note=""):
    data = {f"level-{i.pk}": i.levels.get(score=score).pk for i in indicators_of(framework)}
    first = indicators_of(framework)[0]
    data[f"note-{first.pk}"] = note
    data["save"] = "1"
    if version is not None:
        data["expected_version"] = version
    return data


def test_an_assessment_form_carries_its_version_0_before_the_first_save(
    client, alice, approved, accepted
):
    client.force_login(alice)
    url = reverse("development:assessment", args=[accepted.pk, "BEFORE"])
    assert 'name="expected_version" value="0"' in client.get(url).content.decode()
    assert client.post(url, answers_post(approved, 2, 0)).status_code == 302
    assert 'name="expected_version" value="1"' in client.get(url).content.decode()
    assert client.post(url, answers_post(approved, 3, 1)).status_code == 302
    assert SelfAssessment.objects.get(unit=accepted, phase=Phase.BEFORE).version == 2


def test_a_stale_assessment_is_refused_and_keeps_what_was_typed(
    client, alice, dave, approved, accepted
):
    url = reverse("development:assessment", args=[accepted.pk, "BEFORE"])
    client.force_login(dave)
    assert client.post(url, answers_post(approved, 2, 0, note="ของพัฒนากร")).status_code == 302
    client.force_login(alice)
    # Alice opened the page before dave's first save: her form carries 0.
    response = client.post(url, answers_post(approved, 4, 0, note="ของพัฒนาการอำเภอ"))
    page = response.content.decode()
    assert response.status_code == 200 and STALE_ASSESSMENT in page
    assert "ของพัฒนาการอำเภอ" in page and 'name="expected_version" value="0"' in page
    first = indicators_of(approved)[0]
    assert f'value="{first.levels.get(score=4).pk}" checked' in page
    assessment = SelfAssessment.objects.get(unit=accepted, phase=Phase.BEFORE)
    assert assessment.version == 1
    assert set(assessment.answers.values_list("level__score", flat=True)) == {2}
    assert assessment.answers.get(indicator=first).note == "ของพัฒนากร"


def test_an_assessment_form_without_a_version_is_refused(client, alice, approved, accepted):
    services.self_assessment_save(actor=alice, unit=accepted, phase=Phase.BEFORE, answers={})
    client.force_login(alice)
    url = reverse("development:assessment", args=[accepted.pk, "BEFORE"])
    for version in (None, "", "๑", "-1"):
        response = client.post(url, answers_post(approved, 3, version, note="ไม่มีรุ่น"))
        page = response.content.decode()
        assert response.status_code == 200 and NO_VERSION in page and "ไม่มีรุ่น" in page
    assessment = SelfAssessment.objects.get(unit=accepted, phase=Phase.BEFORE)
    assert assessment.version == 1 and not assessment.answers.exists()
    # A service call without a version means "made before any assessment": refused now.
    with pytest.raises(DomainError, match=STALE_ASSESSMENT):
        services.self_assessment_save(actor=alice, unit=accepted, phase=Phase.BEFORE, answers={})


@pytest.mark.django_db(transaction=True)
def test_two_parallel_first_saves_of_an_assessment_one_wins(alice, dave, approved, accepted):
    url = reverse("development:assessment", args=[accepted.pk, "BEFORE"])
    statuses = at_once(
        (alice, url, answers_post(approved, 2, 0, note="ของอลิซ")),
        (dave, url, answers_post(approved, 4, 0, note="ของเดฟ")),
    )
    assert sorted(statuses) == [200, 302]
    assessment = SelfAssessment.objects.get(unit=accepted, phase=Phase.BEFORE)
    assert assessment.version == 1
    scores = set(assessment.answers.values_list("level__score", flat=True))
    assert scores == ({2} if statuses[0] == 302 else {4})


# --- plan-item progress ------------------------------------------------------------------


@pytest.fixture
def approved_item(alice, dave, assessed):
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    item = services.plan_item_add(
        once=new_form_token(), actor=alice, unit=assessed, indicator_id=gap.pk, values=plan_values()
    )
    services.plan_submit(actor=alice, unit=assessed)
    services.plan_review(actor=dave, unit=assessed, approve=True, comment="")
    return item


def progress_post(note, version, progress="IN_PROGRESS"):
    data = {"progress": progress, "note": note}
    if version is not None:
        data["expected_version"] = version
    return data


def test_a_progress_form_shows_its_version_and_a_save_moves_it_on(client, dave, approved_item):
    client.force_login(dave)
    page = client.get(reverse("development:plan", args=[approved_item.plan.unit_id])).content
    assert 'name="expected_version" value="1"' in page.decode()
    url = reverse("development:plan_item_progress", args=[approved_item.pk])
    assert client.post(url, progress_post("เริ่มอบรมแล้ว", 1)).status_code == 302
    approved_item.refresh_from_db()
    assert (approved_item.progress_note, approved_item.version) == ("เริ่มอบรมแล้ว", 2)


def test_stale_progress_is_refused_and_keeps_what_was_typed(client, alice, dave, approved_item):
    url = reverse("development:plan_item_progress", args=[approved_item.pk])
    client.force_login(dave)
    assert client.post(url, progress_post("ผลของพัฒนากร", 1)).status_code == 302
    client.force_login(alice)
    response = client.post(url, progress_post("ผลของพัฒนาการอำเภอ", 1, progress="DONE"))
    page = response.content.decode()
    assert response.status_code == 200 and STALE_PROGRESS in page
    assert "ผลของพัฒนาการอำเภอ</textarea>" in page and '<option value="DONE" selected>' in page
    approved_item.refresh_from_db()
    assert (approved_item.progress, approved_item.progress_note) == ("IN_PROGRESS", "ผลของพัฒนากร")
    assert approved_item.version == 2
    assert AuditEntry.objects.filter(action="plan.item_progress").count() == 1


def test_a_progress_form_without_a_version_is_refused(client, dave, approved_item):
    client.force_login(dave)
    url = reverse("development:plan_item_progress", args=[approved_item.pk])
    for version in (None, "", "abc"):
        response = client.post(url, progress_post("ไม่มีรุ่น", version))
        page = response.content.decode()
        assert response.status_code == 200 and NO_VERSION in page and "ไม่มีรุ่น" in page
    approved_item.refresh_from_db()
    assert (approved_item.progress, approved_item.version) == ("PLANNED", 1)


@pytest.mark.django_db(transaction=True)
def test_two_parallel_progress_saves_one_wins(alice, dave, approved_item):
    url = reverse("development:plan_item_progress", args=[approved_item.pk])
    statuses = at_once(
        (alice, url, progress_post("ของอลิซ", 1)), (dave, url, progress_post("ของเดฟ", 1))
    )
    assert sorted(statuses) == [200, 302]
    item = PlanItem.objects.get(pk=approved_item.pk)
    assert item.version == 2
    assert item.progress_note == ("ของอลิซ" if statuses[0] == 302 else "ของเดฟ")


# --- activities (already versioned): a missing version is now named as such ---------------


def test_an_activity_edit_without_a_version_is_refused_as_stale(client, alice, activity):
    client.force_login(alice)
    data = {
        "kind": "GROUP",
        "title": "แก้โดยไม่มีรุ่น",
        "held_on": "15/01/2570",
        "place": "ศาลา",
        "units": [u.pk for u in activity.units.all()],
    }
    response = client.post(reverse("activities:edit", args=[activity.pk]), data)
    assert response.status_code == 200 and NO_VERSION in response.content.decode()
    activity.refresh_from_db()
    assert activity.title != "แก้โดยไม่มีรุ่น" and activity.version == 1
