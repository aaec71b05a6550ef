"""Data subjects' requests (docs/privacy.md): the register and its 30-day clock, scope, the
access ZIP, rectification and erasure on request."""

import datetime as dt
import hashlib
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core import serializers
from django.urls import get_resolver, reverse
from django.utils import timezone

from activities import services as activity_services
from audit.models import AuditEntry
from certification import services as certification_services
from certified import services as certified_services
from core.errors import DomainError
from core.once import new_form_token
from documents.testing import pdf_text
from geography.models import Province
from notifications.models import Kind
from notifications.services import notify
from privacy import services
from privacy.models import (
    Anonymisation,
    RequestKind,
    RequestStatus,
    RetentionPolicy,
    SubjectRequest,
)
from programme.services import programme_year_create
from registration.models import PERSONAL_DOCUMENT_KINDS, Status, Unit
from registration.selectors import units_by_national_id
from tests.factories import assert_queries_flat, certify, jpeg, make_unit

ID = "3100600445635"
PHONE = "0812345678"


@pytest.fixture(autouse=True)
def signing(signing_key_file):
    """Certificates here are signed with a key file of the test's own (tests/conftest.py)."""


def record(actor, kind=RequestKind.ACCESS, received_on=None, national_id=ID):
    return services.request_create(
        actor=actor,
        kind=kind,
        national_id=national_id,
        received_on=received_on or timezone.localdate(),
        once=new_form_token(),
        details="ขอสำเนาข้อมูลทั้งหมด",
    )


@pytest.fixture
def person(alice, pat, accepted_leader, activity):
    """The leader สมชาย ใจงาม: an activity photo with him in it, then certified with a stored
    certificate, a published profile and a phone number on his record."""
    [photo] = activity_services.photos_upload(
        actor=alice,
        activity=activity,
        uploads=[jpeg("leader.jpg")],
        stage=3,
        units=[accepted_leader],
        caption="สมชายนำเสนอผลงาน",
    )
    unit = certify(accepted_leader, alice)
    Unit.objects.filter(pk=unit.pk).update(phone=PHONE)
    certificate = certification_services.certificate_issue(actor=pat, unit=unit)
    unit = Unit.objects.get(pk=unit.pk)
    certified_services.profile_update(
        actor=alice,
        unit=unit,
        description="ผู้ใหญ่บ้านสมชาย ใจงาม ผู้นำกลุ่มออมทรัพย์",
        achievements="ลดหนี้ครัวเรือน",
        is_published=True,
        expected_version=None,
    )
    return {"unit": unit, "certificate": certificate, "photo": photo}


@pytest.fixture
def earlier(alice, pat):
    """The same person's application of fiscal year 2563, left a draft in another year."""
    old_year = programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2563
    )
    unit = make_unit(old_year, alice, "นายสมชาย ใจงาม", unit_type="LEADER", status=Status.DRAFT)
    unit.first_name, unit.last_name, unit.national_id, unit.house_number = (
        "สมชาย",
        "ใจงาม",
        ID,
        "12",
    )
    unit.save()  # save(), not update(): the ID's keyed hash is set on save (registration/fields.py)
    return unit


# --- the register ------------------------------------------------------------------------------


def test_a_request_is_due_thirty_days_after_receipt_and_shows_days_left(client, alice, leader):
    client.force_login(alice)
    today = timezone.localdate()
    response = client.post(
        reverse("privacy:list"),
        {
            "kind": RequestKind.ACCESS,
            # Thai digits and dashes, as typed: the same person.
            "national_id": "๓-๑๐๐๖-๐๐๔๔๕-๖๓-๕",
            "received_on": f"{today.day:02d}/{today.month:02d}/{today.year + 543}",
            "details": "ขอสำเนา",
            "once": new_form_token(),
        },
    )
    item = SubjectRequest.objects.get()
    assert response.status_code == 302
    assert item.due_on == today + dt.timedelta(days=30)
    assert list(item.units.all()) == [leader]
    assert item.subject_name == "นายสมชาย ใจงาม"
    # The register keeps no clear copy of the ID.
    assert ID not in item.subject_id_label and item.subject_id_label.startswith("3-1006-XXXXX")
    entry = AuditEntry.objects.get(action="privacy.request_create")
    assert entry.object_id == str(item.pk) and ID not in json.dumps(entry.changes)
    page = client.get(reverse("privacy:list")).content.decode()
    assert "เหลือ 30 วัน" in page and "data-late" not in page


def test_a_request_sent_twice_is_recorded_once_and_long_details_are_refused(client, alice, leader):
    client.force_login(alice)
    today = timezone.localdate()
    form = {
        "kind": RequestKind.ACCESS,
        "national_id": ID,
        "received_on": f"{today.day:02d}/{today.month:02d}/{today.year + 543}",
        "details": "ก" * 2001,
        "once": new_form_token(),
    }
    response = client.post(reverse("privacy:list"), form)
    assert "2000" in response.content.decode() and not SubjectRequest.objects.exists()
    with pytest.raises(DomainError) as error:
        services.request_create(
            actor=alice,
            kind=RequestKind.ACCESS,
            national_id=ID,
            received_on=today,
            once=new_form_token(),
            details="ก" * 2001,
        )
    assert error.value.field == "details"
    form["details"] = "ขอสำเนา"
    assert client.post(reverse("privacy:list"), form).status_code == 302
    again = client.post(reverse("privacy:list"), form)
    assert again.status_code == 200 and SubjectRequest.objects.count() == 1


def test_a_late_request_is_shown_red_with_the_days_over(client, alice, leader):
    record(alice, received_on=timezone.localdate() - dt.timedelta(days=33))
    client.force_login(alice)
    page = client.get(reverse("privacy:list")).content.decode()
    assert 'class="badge short" data-late' in page and "เกินกำหนด 3 วัน" in page


def test_a_person_outside_the_officers_district_is_not_found_and_nothing_said(
    client, charlie, leader
):
    client.force_login(charlie)
    today = timezone.localdate()
    response = client.post(
        reverse("privacy:list"),
        {
            "kind": RequestKind.ACCESS,
            "national_id": ID,
            "received_on": f"{today.day:02d}/{today.month:02d}/{today.year + 543}",
            "once": new_form_token(),
        },
    )
    assert "ไม่พบข้อมูลของเลขประจำตัวประชาชนนี้ในพื้นที่ของคุณ" in response.content.decode()
    assert "สมชาย" not in response.content.decode()
    assert not SubjectRequest.objects.exists()


def test_a_bad_national_id_or_a_future_date_is_refused_with_a_message(alice, leader):
    from core.errors import DomainError

    with pytest.raises(DomainError) as error:
        record(alice, national_id="3100600445636")
    assert error.value.field == "national_id"
    with pytest.raises(DomainError) as error:
        record(alice, received_on=timezone.localdate() + dt.timedelta(days=1))
    assert error.value.field == "received_on"


def test_the_register_page_costs_the_same_queries_however_many_requests(client, alice, leader):
    record(alice)
    client.force_login(alice)

    def grew(before, after):
        assert after.count("data-request=") == before.count("data-request=") + 3 == 4

    assert_queries_flat(
        client, reverse("privacy:list"), lambda: [record(alice) for _ in range(3)], expect=grew
    )


# --- scope ---------------------------------------------------------------------------------


def request_urls(item):
    return {
        "privacy:detail": reverse("privacy:detail", args=[item.pk]),
        "privacy:access_zip": reverse("privacy:access_zip", args=[item.pk]),
        "privacy:erase": reverse("privacy:erase", args=[item.pk]),
    }


def test_every_privacy_url_is_in_the_scope_matrix():
    resolver = get_resolver()
    names = {
        f"privacy:{name}"
        for name in resolver.namespace_dict["privacy"][1].reverse_dict
        if isinstance(name, str)
    }
    assert names == set(request_urls(SubjectRequest(pk=1))) | {"privacy:list", "privacy:policy"}


@pytest.mark.parametrize("persona", ["charlie", "olivia"])
def test_an_officer_of_another_district_or_province_gets_404_and_nothing_changes(
    client, alice, leader, persona, request
):
    access = record(alice)
    erasure = record(alice, kind=RequestKind.ERASURE)
    client.force_login(request.getfixturevalue(persona))
    before = AuditEntry.objects.count()
    for item in (access, erasure):
        for name, url in request_urls(item).items():
            assert client.get(url).status_code == 404, name
            response = client.post(
                url, {"status": "DONE", "outcome": "x", "reason": "x", "confirmed": "on"}
            )
            assert response.status_code == 404, name
    assert AuditEntry.objects.count() == before
    assert set(SubjectRequest.objects.values_list("status", flat=True)) == {RequestStatus.RECEIVED}
    assert Unit.objects.get(pk=leader.pk).national_id == ID
    # Nor does the register list them.
    page = client.get(reverse("privacy:list")).content.decode()
    assert "สมชาย" not in page


def test_the_province_and_the_department_see_the_districts_requests(
    client, alice, pat, admin_user, leader
):
    item = record(alice)
    for user in (pat, admin_user):
        client.force_login(user)
        assert client.get(reverse("privacy:detail", args=[item.pk])).status_code == 200
        assert "data-request" in client.get(reverse("privacy:list")).content.decode()


def test_committee_members_and_anonymous_users_have_no_register(client, alice, leader, members):
    item = record(alice)
    client.force_login(members["m1"].user)
    assert client.get(reverse("privacy:list")).status_code == 404
    assert client.get(reverse("privacy:detail", args=[item.pk])).status_code == 404
    client.logout()
    assert client.get(reverse("privacy:list")).status_code == 302


# --- access ------------------------------------------------------------------------------------


def test_the_access_zip_holds_a_thai_summary_and_the_stored_files(client, alice, person, earlier):
    unit = person["unit"]
    item = record(alice)
    assert set(item.units.all()) == {unit, earlier}
    client.force_login(alice)
    response = client.get(reverse("privacy:access_zip", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "no-store"
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None
    names = archive.namelist()
    text = pdf_text(archive.read("summary.pdf"))
    assert "สมชาย" in text and "ใจงาม" in text
    assert "3-1006-XXXXX-XX-5" in text and ID not in text
    # Every year the person applied in, and what the system recorded about them.
    assert "ปีงบประมาณ 2563" in text and "ปีงบประมาณ 2570" in text
    assert "ลดหนี้ครัวเรือน" in text  # the profile
    assert "อบรมเสริมสร้างการเรียนรู้" in text  # the activity of the photo
    assert unit.certificates.get().display_number in text
    # Every stored file is in the ZIP, byte for byte.
    stored = {}
    for document in unit.documents.all():
        with document.file.open("rb") as handle:
            stored[f"documents/{document.pk}-"] = hashlib.sha256(handle.read()).hexdigest()
        assert document.sha256 in {hashlib.sha256(archive.read(n)).hexdigest() for n in names}
    with person["photo"].image.open("rb") as handle:
        stored["photos/"] = hashlib.sha256(handle.read()).hexdigest()
    with person["certificate"].pdf.open("rb") as handle:
        stored["certificates/"] = hashlib.sha256(handle.read()).hexdigest()
    for prefix, digest in stored.items():
        matching = [n for n in names if f"/{prefix}" in n]
        assert matching, prefix
        assert digest in {hashlib.sha256(archive.read(n)).hexdigest() for n in matching}
    kinds = {d.kind for d in unit.documents.all()}
    assert PERSONAL_DOCUMENT_KINDS <= kinds
    assert len(names) == 1 + unit.documents.count() + 2
    # The download is audited with what left.
    entry = AuditEntry.objects.get(action="privacy.access_export")
    assert entry.actor == alice and entry.object_id == str(item.pk)
    assert entry.changes["sha256"] == hashlib.sha256(content).hexdigest()
    assert entry.changes["files"] == len(names) - 1


def test_the_access_zip_is_only_for_access_requests(client, alice, leader):
    item = record(alice, kind=RequestKind.RECTIFICATION)
    client.force_login(alice)
    assert client.get(reverse("privacy:access_zip", args=[item.pk])).status_code == 404


def test_an_access_request_is_marked_done_with_its_outcome(client, alice, leader):
    item = record(alice)
    client.force_login(alice)
    response = client.post(
        reverse("privacy:detail", args=[item.pk]),
        {"status": "DONE", "outcome": "ส่งสำเนาทางอีเมลแล้ว"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == RequestStatus.DONE and item.handled_by == alice
    assert AuditEntry.objects.filter(
        action="privacy.request_close", object_id=str(item.pk)
    ).exists()
    # Done once: a second close is refused.
    response = client.post(
        reverse("privacy:detail", args=[item.pk]), {"status": "REFUSED", "outcome": "x"}
    )
    assert "คำขอนี้ดำเนินการเสร็จแล้ว" in response.content.decode()


# --- rectification -------------------------------------------------------------------------


def test_rectification_links_to_the_units_edit_page_and_records_the_correction(
    client, alice, leader
):
    item = record(alice, kind=RequestKind.RECTIFICATION)
    client.force_login(alice)
    page = client.get(reverse("privacy:detail", args=[item.pk])).content.decode()
    assert reverse("registration:edit", args=[leader.pk]) in page
    response = client.post(
        reverse("privacy:detail", args=[item.pk]), {"status": "DONE", "outcome": "แก้ไขแล้ว"}
    )
    assert "กรุณาระบุรายการที่แก้ไข" in response.content.decode()
    assert SubjectRequest.objects.get().status == RequestStatus.RECEIVED
    client.post(
        reverse("privacy:detail", args=[item.pk]),
        {"status": "DONE", "outcome": "แก้ไขแล้ว", "corrections": "บ้านเลขที่ 45 เป็น 54"},
    )
    item.refresh_from_db()
    assert item.status == RequestStatus.DONE and item.corrections == "บ้านเลขที่ 45 เป็น 54"


def test_a_unit_past_editing_has_no_edit_link(client, alice, person):
    item = record(alice, kind=RequestKind.RECTIFICATION)
    client.force_login(alice)
    page = client.get(reverse("privacy:detail", args=[item.pk])).content.decode()
    assert "data-edit-link" not in page and "แก้ไขที่หน้าหน่วยนับไม่ได้ในสถานะนี้" in page


# --- erasure on request ------------------------------------------------------------------------


def database_text() -> str:
    """Every row of every table, as JSON, and the national IDs as the code reads them (the
    column holds them encrypted: docs/encryption.md)."""
    rows = "".join(
        serializers.serialize("json", model._default_manager.all())
        for model in apps.get_models()
        if model._meta.managed
    )
    return rows + "".join(Unit.objects.values_list("national_id", flat=True))


def media_files(settings) -> set[str]:
    root = settings.MEDIA_ROOT
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_erasure_asks_for_a_reason_and_a_confirmation_first(client, alice, person):
    item = record(alice, kind=RequestKind.ERASURE)
    client.force_login(alice)
    url = reverse("privacy:erase", args=[item.pk])
    assert "ย้อนกลับไม่ได้" in client.get(url).content.decode()
    response = client.post(url, {"reason": "เจ้าของข้อมูลขอลบ"})
    assert "กรุณายืนยันการลบข้อมูล" in response.content.decode()
    assert not Anonymisation.objects.exists()
    assert Unit.objects.get(pk=person["unit"].pk).national_id == ID
    # Only an erasure request can be done by erasing.
    access = record(alice)
    assert client.get(reverse("privacy:erase", args=[access.pk])).status_code == 404


def test_erasure_leaves_no_personal_field_or_file_and_keeps_the_statistics(
    client, alice, pat, person, earlier, settings, django_capture_on_commit_callbacks
):
    from reports.selectors import certified_rows, stage_counts

    unit = person["unit"]
    year_units = Unit.objects.filter(programme_year=unit.programme_year)
    counts = stage_counts(year_units)
    numbers = [(r.certificate_number, r.result_percent) for r in certified_rows(year_units)]
    files_before = media_files(settings)
    personal_files = {d.file.name for d in unit.documents.all()} | {
        person["photo"].image.name,
        person["photo"].thumbnail.name,
        person["certificate"].pdf.name,
    }
    assert personal_files <= files_before
    # A notification about the unit names the leader, in its reason too.
    notify(
        recipients=[alice],
        kind=Kind.DOCUMENT_RETURNED,
        params={"unit_name": unit.name, "reason": "สำเนาบัตรของนายสมชาย ใจงาม ไม่ชัด"},
        url="/",
        key="erasure-test",
        about=unit,
    )
    assert "ใจงาม" in database_text() and ID in database_text()

    item = record(alice, kind=RequestKind.ERASURE)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("privacy:erase", args=[item.pk]),
            {"reason": "เจ้าของข้อมูลขอลบ", "confirmed": "on"},
        )
    assert response.status_code == 302

    text = database_text()
    for value in ("ใจงาม", ID, PHONE, "1968-05-12", "leader.jpg", "สมชายนำเสนอ"):
        assert value not in text, value
    assert not personal_files & media_files(settings)
    # Other units' files stay.
    assert media_files(settings) == files_before - personal_files
    unit.refresh_from_db()
    assert unit.name == "ผู้สมัคร (ลบข้อมูลแล้ว)" and unit.national_id == "" and unit.birth_date is None
    # Nor does the ID's keyed hash stay: a search by it finds nothing now.
    assert unit.national_id_hash == "" and not units_by_national_id(ID).exists()
    assert (unit.unit_type, unit.district_id, unit.fiscal_year, unit.status) == (
        "LEADER",
        "5101",
        2570,
        Status.CERTIFIED,
    )
    certificate = unit.certificates.get()
    assert certificate.display_number == person["certificate"].display_number
    assert not certificate.is_revoked
    assert stage_counts(year_units) == counts
    assert [(r.certificate_number, r.result_percent) for r in certified_rows(year_units)] == numbers
    item.refresh_from_db()
    assert item.status == RequestStatus.DONE and "เจ้าของข้อมูลขอลบ" in item.outcome
    # The draft of 2563 went too.
    assert Unit.objects.get(pk=earlier.pk).first_name == ""
    entries = AuditEntry.objects.filter(action="privacy.anonymise")
    assert {e.unit_id for e in entries} == {unit.pk, earlier.pk}
    assert {e.changes["trigger"] for e in entries} == {"REQUEST"}
    assert [a.pending_files for a in Anonymisation.objects.all()] == [[], []]
    # The request register is still readable, and the access ZIP of the person finds nothing.
    assert client.get(reverse("privacy:detail", args=[item.pk])).status_code == 200


def test_a_running_application_is_not_erased(client, alice, leader):
    item = record(alice, kind=RequestKind.ERASURE)
    client.force_login(alice)
    response = client.post(
        reverse("privacy:erase", args=[item.pk]), {"reason": "ขอลบ", "confirmed": "on"}
    )
    assert "ต้องถอนการสมัครหรือรอผลการพิจารณาก่อน" in response.content.decode()
    assert Unit.objects.get(pk=leader.pk).national_id == ID
    assert not Anonymisation.objects.exists()


def test_an_english_session_reads_the_refusals_in_english(client, alice, leader):
    item = record(alice, kind=RequestKind.ERASURE)
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(
        reverse("privacy:erase", args=[item.pk]), {"reason": "x", "confirmed": "on"}
    )
    assert "withdrawn" in response.content.decode()


# --- the retention policy page ------------------------------------------------------------


def test_the_department_sets_the_retention_policy_and_others_only_read_it(client, admin_user, pat):
    client.force_login(pat)
    page = client.get(reverse("privacy:policy")).content.decode()
    assert (
        'data-policy="fiscal">5<' in page
        and "<form" not in page.split("</header>")[-1].split('<dialog id="confirm-dialog"')[0]
    )
    client.post(
        reverse("privacy:policy"),
        {
            "certificate_validity_years": 1,
            "years_after_validity": 0,
            "years_after_fiscal_year": 1,
            "version": 0,
        },
    )
    assert not RetentionPolicy.objects.exists()
    client.force_login(admin_user)
    data = {
        "certificate_validity_years": "๓",
        "years_after_validity": 1,
        "years_after_fiscal_year": 7,
        "version": 0,
    }
    assert client.post(reverse("privacy:policy"), data).status_code == 302
    policy = RetentionPolicy.objects.get()
    assert (policy.certificate_validity_years, policy.years_after_fiscal_year) == (3, 7)
    assert AuditEntry.objects.filter(action="privacy.retention_update").count() == 1
    # A form opened before that save is refused.
    response = client.post(reverse("privacy:policy"), {**data, "years_after_fiscal_year": 9})
    assert "มีผู้อื่นแก้ไขข้อมูลนี้" in response.content.decode()
    assert RetentionPolicy.objects.get().years_after_fiscal_year == 7


def test_a_retention_outside_its_bounds_is_refused(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("privacy:policy"),
        {
            "certificate_validity_years": 99,
            "years_after_validity": 0,
            "years_after_fiscal_year": 5,
            "version": 0,
        },
    )
    assert "ต้องอยู่ระหว่าง 0 ถึง 50" in response.content.decode()
    assert not RetentionPolicy.objects.exists()


@pytest.fixture
def moved(alice, pat, leader):
    """The same person applied in แม่ทา (charlie's district) in fiscal year 2563."""
    old_year = programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2563
    )
    unit = make_unit(
        old_year, alice, "นายสมชาย ใจงาม", district="5102", unit_type="LEADER", status=Status.DRAFT
    )
    unit.national_id, unit.house_number = ID, "7 แม่ทา"
    unit.save()  # the ID's keyed hash is set on save (registration/fields.py)
    return unit


def test_each_handler_gets_only_the_units_in_their_scope(client, alice, pat, leader, moved):
    item = record(pat)  # the province sees both districts
    assert set(item.units.all()) == {leader, moved}
    assert item.district_id == "5101"  # the newest unit's
    client.force_login(alice)
    page = client.get(reverse("privacy:detail", args=[item.pk])).content.decode()
    assert reverse("registration:detail", args=[leader.pk]) in page
    assert reverse("registration:detail", args=[moved.pk]) not in page
    content = client.get(reverse("privacy:access_zip", args=[item.pk])).content
    text = pdf_text(zipfile.ZipFile(io.BytesIO(content)).read("summary.pdf"))
    assert "ปีงบประมาณ 2570" in text and "ปีงบประมาณ 2563" not in text
    client.force_login(pat)
    content = client.get(reverse("privacy:access_zip", args=[item.pk])).content
    text = pdf_text(zipfile.ZipFile(io.BytesIO(content)).read("summary.pdf"))
    assert "ปีงบประมาณ 2570" in text and "ปีงบประมาณ 2563" in text


def test_a_district_cannot_erase_units_of_another_district_the_province_can(
    client, alice, pat, accepted_leader, moved, django_capture_on_commit_callbacks
):
    certify(accepted_leader, alice)
    item = record(pat, kind=RequestKind.ERASURE)
    client.force_login(alice)
    response = client.post(
        reverse("privacy:erase", args=[item.pk]), {"reason": "ขอลบ", "confirmed": "on"}
    )
    assert "อยู่นอกพื้นที่ของคุณ" in response.content.decode()
    assert not Anonymisation.objects.exists()
    client.force_login(pat)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("privacy:erase", args=[item.pk]), {"reason": "ขอลบ", "confirmed": "on"})
    assert Anonymisation.objects.count() == 2
    assert not Unit.objects.filter(national_id=ID).exists()


def test_the_department_gets_identity_papers_in_the_zip_only_under_its_grant(
    client, admin_user, person
):
    from accounts.testing import login_verified
    from compliance import services as compliance_services
    from core.once import new_form_token

    unit = person["unit"]
    item = record(admin_user)
    login_verified(client, admin_user)

    def zipped_kinds():
        response = client.get(reverse("privacy:access_zip", args=[item.pk]))
        content = b"".join(response.streaming_content) if response.streaming else response.content
        return {
            n.rsplit("-", 1)[-1].split(".")[0]
            for n in zipfile.ZipFile(io.BytesIO(content)).namelist()
            if "/documents/" in n
        }

    without = zipped_kinds()
    assert "ID_CARD" not in without and "HOUSE_REGISTRATION" not in without
    compliance_services.access_request(
        actor=admin_user, unit=unit, reason="ตอบคำขอตามมาตรา 30", once=new_form_token()
    )
    assert {"ID_CARD", "HOUSE_REGISTRATION"} <= zipped_kinds()


def test_the_erasure_page_shows_only_the_units_in_the_viewers_scope(
    client, alice, charlie, pat, leader, moved
):
    item = record(pat, kind=RequestKind.ERASURE)
    assert set(item.units.all()) == {leader, moved}
    client.force_login(alice)
    response = client.get(reverse("privacy:erase", args=[item.pk]))
    assert response.status_code == 200  # the request is เมืองลำพูน's, its newest unit's district
    page = response.content.decode()
    assert "เมืองลำพูน" in page and "แม่ทา" not in page
