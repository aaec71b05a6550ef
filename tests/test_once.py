"""One-time form tokens (core.once): a double submit of a create form records once (issue 11 §6)."""

import datetime as dt
import re
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities import services as activity_services
from activities.models import Activity, ActivityPhoto
from assessment.models import Round
from audit.models import AuditEntry
from core.errors import DomainError
from core.models import FormToken
from core.once import check_form_token, delete_spent_tokens, new_form_token, use_form_token
from development.models import EvidenceFile, PlanItem
from frameworks.models import Indicator
from tests.conftest import pdf_upload
from tests.factories import jpeg, press_twice


def activity_post(units):
    return {
        "kind": "GROUP",
        "title": "อบรมเสริมสร้างการเรียนรู้ผู้นำชุมชน",
        "held_on": "15/01/2570",
        "place": "ห้องประชุมที่ว่าการอำเภอเมืองลำพูน",
        "units": units,
        "once": new_form_token(),
    }


ALREADY_SENT = "แบบฟอร์มนี้ถูกส่งไปแล้ว ระบบจึงไม่บันทึกซ้ำ"
NO_TOKEN = "แบบฟอร์มนี้ไม่มีรหัสสำหรับส่งครั้งเดียว"


def test_a_token_is_spent_once_and_the_callers_transaction_survives(db):
    token = new_form_token()
    assert len(token) == 43 and token != new_form_token()
    with transaction.atomic():
        use_form_token(token)
        with pytest.raises(DomainError, match=ALREADY_SENT):
            use_form_token(token)
        assert FormToken.objects.filter(token=token).count() == 1  # still usable
    for bad in ("", "short", "x" * 65, "not a token but spaces here!"):
        with pytest.raises(DomainError, match=ALREADY_SENT):
            use_form_token(bad)
    assert FormToken.objects.count() == 1


def test_a_refused_create_leaves_its_token_unspent(db):
    token = new_form_token()
    with pytest.raises(RuntimeError), transaction.atomic():
        use_form_token(token)
        raise RuntimeError("the service refused after spending")
    use_form_token(token)  # rolled back with the record, so the corrected form may be sent


def test_old_spent_tokens_may_be_deleted(db):
    use_form_token(old := new_form_token())
    use_form_token(fresh := new_form_token())
    FormToken.objects.filter(token=old).update(used_at=timezone.now() - dt.timedelta(days=3))
    assert delete_spent_tokens() == 1
    assert list(FormToken.objects.values_list("token", flat=True)) == [fresh]


def test_a_create_form_shows_a_fresh_token(client, alice, year, mueang):
    client.force_login(alice)
    url = reverse("assessment:rounds", args=[year.pk])
    first = client.get(url).context["form"]["once"].value()
    second = client.get(url).context["form"]["once"].value()
    assert first and second and first != second


# --- assessment rounds -------------------------------------------------------------------


def round_post(committee, once):
    data = {"committee": str(committee.pk), "name": "", "combine": "MEAN"}
    if once is not None:
        data["once"] = once
    return data


def test_the_same_round_form_sent_twice_opens_one_round(client, alice, year, mueang):
    client.force_login(alice)
    url = reverse("assessment:rounds", args=[year.pk])
    data = round_post(mueang, new_form_token())
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 200 and ALREADY_SENT in again.content.decode()
    assert Round.objects.count() == 1
    assert AuditEntry.objects.filter(action="assessment.round_create").count() == 1


def test_a_round_form_without_its_token_is_refused(client, alice, year, mueang):
    client.force_login(alice)
    url = reverse("assessment:rounds", args=[year.pk])
    for once in (None, ""):
        response = client.post(url, round_post(mueang, once))
        assert response.status_code == 200 and NO_TOKEN in response.content.decode()
    response = client.post(url, round_post(mueang, "forged token!"))
    assert ALREADY_SENT in response.content.decode()
    assert not Round.objects.exists()


# --- activities --------------------------------------------------------------------------


def test_the_same_activity_form_sent_twice_records_one_activity(
    client, alice, year, accepted_leader, accepted_group
):
    client.force_login(alice)
    data = activity_post(units=[accepted_leader.pk, accepted_group.pk])
    assert client.post(f"/activities/new/{year.pk}/", data).status_code == 302
    again = client.post(f"/activities/new/{year.pk}/", data)
    assert again.status_code == 200 and ALREADY_SENT in again.content.decode()
    assert Activity.objects.count() == 1
    assert AuditEntry.objects.filter(action="activity.create").count() == 1


def test_an_activity_form_without_its_token_is_refused(
    client, alice, year, accepted_leader, accepted_group
):
    client.force_login(alice)
    data = activity_post(units=[accepted_leader.pk, accepted_group.pk])
    del data["once"]
    response = client.post(f"/activities/new/{year.pk}/", data)
    assert response.status_code == 200 and NO_TOKEN in response.content.decode()
    assert not Activity.objects.exists()


# --- committee members -------------------------------------------------------------------


def member_post(once):
    data = {"full_name": "นายสมชาย ใจดี", "position_title": "ปลัดอำเภอ", "role": "MEMBER"}
    if once is not None:
        data["once"] = once
    return data


def test_the_same_member_form_sent_twice_adds_one_member(client, alice, mueang):
    client.force_login(alice)
    url = reverse("committees:member_add", args=[mueang.pk])
    data = member_post(new_form_token())
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 200 and ALREADY_SENT in again.content.decode()
    assert mueang.members.filter(full_name="นายสมชาย ใจดี").count() == 1
    assert AuditEntry.objects.filter(action="committee.member_add").count() == 1


def test_a_member_form_without_its_token_is_refused(client, alice, mueang):
    client.force_login(alice)
    url = reverse("committees:member_add", args=[mueang.pk])
    count = mueang.members.count()
    response = client.post(url, member_post(None))
    assert response.status_code == 200 and NO_TOKEN in response.content.decode()
    assert mueang.members.count() == count
    assert not AuditEntry.objects.filter(action="committee.member_add").exists()


# --- development plan items --------------------------------------------------------------


def plan_item_post(assessed, once):
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    data = {
        "indicator": gap.pk,
        "knowledge": "การบันทึกบัญชี",
        "method": "ศึกษาดูงาน",
        "starts_on": "10/01/2570",
        "ends_on": "28/02/2570",
        "resource": "",
        "evidence": "สมุดบัญชี",
        "target_score": 3,
    }
    if once is not None:
        data["once"] = once
    return data


def test_the_same_plan_item_form_sent_twice_adds_one_item(client, alice, assessed):
    client.force_login(alice)
    url = reverse("development:plan", args=[assessed.pk])
    data = plan_item_post(assessed, new_form_token())
    assert client.post(url, data).status_code == 302
    again = client.post(url, data)
    assert again.status_code == 200 and ALREADY_SENT in again.content.decode()
    assert PlanItem.objects.filter(plan__unit=assessed).count() == 1
    assert AuditEntry.objects.filter(action="plan.item_add").count() == 1


def test_a_plan_item_form_without_its_token_is_refused(client, alice, assessed):
    client.force_login(alice)
    url = reverse("development:plan", args=[assessed.pk])
    response = client.post(url, plan_item_post(assessed, None))
    assert response.status_code == 200 and NO_TOKEN in response.content.decode()
    assert not PlanItem.objects.exists()


# --- two presses at the same moment ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_parallel_presses_open_one_round(alice, year, mueang):
    url = reverse("assessment:rounds", args=[year.pk])
    assert press_twice(alice, url, round_post(mueang, new_form_token())) == [200, 302]
    assert Round.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_parallel_presses_record_one_activity(alice, year, accepted_leader, accepted_group):
    data = activity_post(units=[accepted_leader.pk, accepted_group.pk])
    assert press_twice(alice, f"/activities/new/{year.pk}/", data) == [200, 302]
    assert Activity.objects.count() == 1


# --- evidence files ----------------------------------------------------------------------


def evidence_post(assessed, once):
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    data = {"target": f"indicator-{gap.pk}", "phase": "BEFORE", "files": [pdf_upload("a.pdf")]}
    if once is not None:
        data["once"] = once
    return data


def test_the_evidence_form_carries_a_fresh_token(client, alice, assessed):
    client.force_login(alice)
    url = reverse("development:evidence", args=[assessed.pk])
    first, second = (client.get(url).content.decode() for _ in range(2))
    tokens = re.findall(r'name="once" value="([A-Za-z0-9_-]{43})"', first + second)
    assert len(tokens) == 2 and tokens[0] != tokens[1]


def test_the_same_evidence_form_sent_twice_attaches_once(client, alice, assessed):
    client.force_login(alice)
    url = reverse("development:evidence", args=[assessed.pk])
    once = new_form_token()
    assert client.post(url, evidence_post(assessed, once)).status_code == 302
    again = client.post(url, evidence_post(assessed, once))
    assert again.status_code == 200 and ALREADY_SENT in again.content.decode()
    assert EvidenceFile.objects.filter(unit=assessed).count() == 1
    assert AuditEntry.objects.filter(action="evidence.upload").count() == 1


def test_a_refused_evidence_upload_keeps_its_token_for_the_corrected_form(client, alice, assessed):
    client.force_login(alice)
    url = reverse("development:evidence", args=[assessed.pk])
    once = new_form_token()
    broken = SimpleUploadedFile("notes.pdf", b"not really a pdf", content_type="application/pdf")
    bad = evidence_post(assessed, once) | {"files": [pdf_upload("a.pdf"), broken]}
    page = client.post(url, bad).content.decode()
    assert f'name="once" value="{once}"' in page and not EvidenceFile.objects.exists()
    assert client.post(url, evidence_post(assessed, once)).status_code == 302
    assert EvidenceFile.objects.count() == 1


def test_an_evidence_form_without_its_token_is_refused(client, alice, assessed):
    client.force_login(alice)
    url = reverse("development:evidence", args=[assessed.pk])
    response = client.post(url, evidence_post(assessed, None))
    assert response.status_code == 200 and NO_TOKEN in response.content.decode()
    assert not EvidenceFile.objects.exists()


# --- photo batches -----------------------------------------------------------------------


def photos_post(once):
    data = {"photos": [jpeg(name="a.jpg"), jpeg(name="b.jpg", color=(0, 90, 0))], "stage": 4}
    if once is not None:
        data["once"] = once
    return data


def test_the_same_photo_batch_sent_twice_saves_one_batch(client, alice, activity):
    client.force_login(alice)
    url = reverse("activities:photo_upload", args=[activity.pk])
    once = new_form_token()
    assert client.post(url, photos_post(once)).status_code == 302
    again = client.post(url, photos_post(once))
    # Told it was sent, not that each photo is already there: the token is checked first.
    page = again.content.decode()
    assert again.status_code == 200 and ALREADY_SENT in page and "มีอยู่ในกิจกรรมนี้แล้ว" not in page
    assert ActivityPhoto.objects.filter(activity=activity).count() == 2
    assert AuditEntry.objects.filter(action="photo.upload").count() == 2


def test_a_photo_batch_without_its_token_is_refused(client, alice, activity):
    client.force_login(alice)
    url = reverse("activities:photo_upload", args=[activity.pk])
    response = client.post(url, photos_post(None))
    assert response.status_code == 200 and NO_TOKEN in response.content.decode()
    assert not ActivityPhoto.objects.exists()


def test_a_spent_token_is_refused_before_the_photos_are_read(alice, activity):
    use_form_token(once := new_form_token())
    with pytest.raises(DomainError, match=ALREADY_SENT):
        activity_services.photos_upload(
            actor=alice,
            activity=activity,
            uploads=[SimpleUploadedFile("not-read.jpg", b"never decoded")],
            stage=4,
            once=once,
        )
    check_form_token(fresh := new_form_token())  # an unspent one passes, and stays unspent
    assert not FormToken.objects.filter(token=fresh).exists()
    assert not ActivityPhoto.objects.exists()


# --- sub-criteria and the unit's own indicators ------------------------------------------


def test_the_same_sub_criterion_form_sent_twice_adds_one(client, alice, approved, accepted):
    client.force_login(alice)
    url = reverse("development:criteria", args=[accepted.pk])
    assert 'name="once"' in client.get(url).content.decode()
    indicator = Indicator.objects.filter(component__framework=approved).earliest("pk")
    data = {"action": "add_sub", "indicator": indicator.pk, "text": "มีบันทึกการประชุม"}
    client.post(url, data | {"once": (once := new_form_token())})
    again = client.post(url, data | {"once": once}, follow=True)
    assert ALREADY_SENT in again.content.decode()
    missing = client.post(url, data, follow=True)
    assert NO_TOKEN in missing.content.decode()
    assert accepted.sub_criteria.count() == 1
    assert AuditEntry.objects.filter(action="sub_criterion.add").count() == 1


def test_the_same_own_indicator_form_sent_twice_adds_one(client, alice, approved, accepted):
    client.force_login(alice)
    url = reverse("development:criteria", args=[accepted.pk])
    data = {"action": "add_own", "text": "เยาวชนร่วมกิจกรรม", "level-1": "ไม่มี", "level-2": "มีบ้าง"}
    client.post(url, data | {"once": (once := new_form_token())})
    again = client.post(url, data | {"once": once}, follow=True)
    assert ALREADY_SENT in again.content.decode()
    missing = client.post(url, data, follow=True)
    assert NO_TOKEN in missing.content.decode()
    assert accepted.own_indicators.count() == 1


# --- two presses at the same moment (evidence, photos) -----------------------------------


def press_twice_with_files(user, url, make_data) -> list[int]:
    """press_twice for a form with files: each press gets its own file objects from
    make_data(), as two threads cannot read one upload. PostgreSQL only."""
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once need PostgreSQL")
    start = threading.Barrier(2)
    statuses: list[int] = []

    def press() -> None:
        client = Client()
        client.force_login(user)
        data = make_data()
        start.wait()
        try:
            statuses.append(client.post(url, data).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


@pytest.mark.django_db(transaction=True)
def test_two_parallel_presses_attach_the_evidence_once(alice, assessed):
    url = reverse("development:evidence", args=[assessed.pk])
    once = new_form_token()
    assert press_twice_with_files(alice, url, lambda: evidence_post(assessed, once)) == [200, 302]
    assert EvidenceFile.objects.filter(unit=assessed).count() == 1
    assert AuditEntry.objects.filter(action="evidence.upload").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_parallel_presses_save_one_photo_batch(alice, activity):
    url = reverse("activities:photo_upload", args=[activity.pk])
    once = new_form_token()
    assert press_twice_with_files(alice, url, lambda: photos_post(once)) == [200, 302]
    assert ActivityPhoto.objects.filter(activity=activity).count() == 2
    assert AuditEntry.objects.filter(action="photo.upload").count() == 2


# --- irreversible moves: refused from the wrong state, so a second press changes nothing --


def test_pressing_submit_approve_and_remove_twice_records_each_once(client, alice, dave, assessed):
    from development.models import PlanReview

    client.force_login(alice)
    plan = reverse("development:plan", args=[assessed.pk])
    client.post(plan, plan_item_post(assessed, new_form_token()))
    submit = reverse("development:plan_submit", args=[assessed.pk])
    assert client.post(submit).status_code == client.post(submit).status_code == 302
    client.force_login(dave)
    review = reverse("development:plan_review", args=[assessed.pk])
    client.post(review, {"decision": "approve"})
    client.post(review, {"decision": "approve"})
    assert list(PlanReview.objects.values_list("to_state", flat=True)) == ["SUBMITTED", "APPROVED"]
    assert AuditEntry.objects.filter(action="plan.state").count() == 2
    client.force_login(alice)
    evidence = reverse("development:evidence", args=[assessed.pk])
    client.post(evidence, evidence_post(assessed, new_form_token()))
    remove = reverse("development:evidence_remove", args=[EvidenceFile.objects.get().pk])
    assert client.post(remove).status_code == 302
    assert client.post(remove).status_code == 404  # gone from view: nothing to remove again
    assert AuditEntry.objects.filter(action="evidence.remove").count() == 1


def test_pressing_remove_twice_takes_a_photo_out_once(client, alice, activity):
    client.force_login(alice)
    client.post(
        reverse("activities:photo_upload", args=[activity.pk]), photos_post(new_form_token())
    )
    photo = ActivityPhoto.objects.earliest("pk")
    remove = reverse("activities:photo_remove", args=[photo.pk])
    assert client.post(remove).status_code == 302
    assert client.post(remove).status_code == 404
    assert AuditEntry.objects.filter(action="photo.remove").count() == 1
