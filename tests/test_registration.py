import datetime as dt

import pytest

from audit.models import AuditEntry
from core.errors import DomainError
from geography.models import Subdistrict, Village
from programme.models import ProgrammeYear
from programme.services import programme_year_create
from registration import services
from registration.models import Status, Unit, UnitDocument
from tests.conftest import complete_documents, group_data, jpeg_upload, leader_data, pdf_upload


def test_draft_can_be_saved_incomplete_but_not_submitted(alice, year, village):
    unit = services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="LEADER",
        district_id="5101",
        data={"subdistrict": village.subdistrict, "first_name": "สมหญิง", "last_name": "ใจดี"},
    )
    assert unit.status == Status.DRAFT
    with pytest.raises(DomainError) as error:
        services.unit_submit(actor=alice, unit=unit)
    message = error.value.message
    assert "กรุณากรอกเลขประจำตัวประชาชน" in message
    assert "ภูมิลำเนา" in message
    assert "ยังไม่ได้แนบเอกสาร: สำเนาบัตรประจำตัวประชาชน" in message
    unit.refresh_from_db()
    assert unit.status == Status.DRAFT


def test_full_registration_flow_reaches_documents_complete(alice, leader):
    unit = complete_documents(leader, alice)
    assert unit.status == Status.SUBMITTED
    documents = list(unit.documents.filter(is_current=True))
    for document in documents[:-1]:
        services.document_verify(actor=alice, document=document)
    unit.refresh_from_db()
    assert unit.status == Status.SUBMITTED  # not complete until every required document is verified
    services.document_verify(actor=alice, document=documents[-1])
    unit.refresh_from_db()
    assert unit.status == Status.DOCUMENTS_COMPLETE
    moves = list(unit.status_changes.values_list("from_status", "to_status"))
    assert moves == [("", "DRAFT"), ("DRAFT", "SUBMITTED"), ("SUBMITTED", "DOCUMENTS_COMPLETE")]


def test_a_return_from_an_english_screen_stores_the_reason_in_thai(alice, leader):
    from django.utils import translation

    unit = complete_documents(leader, alice, reviewer=alice)
    id_card = unit.documents.get(kind="ID_CARD", is_current=True)
    with translation.override("en"):
        services.document_return(actor=alice, document=id_card, reason="สำเนาไม่ชัด")
    assert unit.status_changes.last().reason == "สำเนาบัตรประจำตัวประชาชน: สำเนาไม่ชัด"


def test_returned_document_needs_reason_and_returns_unit(alice, leader):
    unit = complete_documents(leader, alice, reviewer=alice)
    id_card = unit.documents.get(kind="ID_CARD", is_current=True)
    with pytest.raises(DomainError):
        services.document_return(actor=alice, document=id_card, reason="  ")
    services.document_return(actor=alice, document=id_card, reason="สำเนาไม่ชัด")
    unit.refresh_from_db()
    assert unit.status == Status.DOCUMENTS_RETURNED
    assert unit.status_changes.last().reason == "สำเนาบัตรประจำตัวประชาชน: สำเนาไม่ชัด"
    # A new upload of the returned document puts the unit back in the officer's queue;
    # the old file is kept, not replaced.
    services.document_upload(actor=alice, unit=unit, kind="ID_CARD", upload=jpeg_upload())
    unit.refresh_from_db()
    assert unit.status == Status.SUBMITTED
    assert unit.documents.filter(kind="ID_CARD").count() == 2
    assert unit.documents.filter(kind="ID_CARD", is_current=True).count() == 1


def test_developer_cannot_verify_documents(alice, dave, leader):
    unit = complete_documents(leader, alice)
    document = unit.documents.first()
    with pytest.raises(DomainError):
        services.document_verify(actor=dave, document=document)
    document.refresh_from_db()
    assert document.review == UnitDocument.Review.PENDING


def test_illegal_move_is_refused_with_a_message(alice, leader):
    with pytest.raises(DomainError) as error:
        services.unit_status_move(actor=alice, unit=leader, to_status=Status.DOCUMENTS_COMPLETE)
    assert "เปลี่ยนสถานะจาก “ร่าง” เป็น “เอกสารครบถ้วน” ไม่ได้" == error.value.message
    leader.refresh_from_db()
    assert leader.status == Status.DRAFT


def test_withdraw_needs_reason_and_locks_editing(alice, leader):
    with pytest.raises(DomainError):
        services.unit_withdraw(actor=alice, unit=leader, reason="")
    services.unit_withdraw(actor=alice, unit=leader, reason="ย้ายภูมิลำเนา")
    leader.refresh_from_db()
    assert leader.status == Status.WITHDRAWN
    with pytest.raises(DomainError):
        services.unit_update(
            actor=alice, unit=leader, data={"phone": "1"}, expected_version=leader.version
        )


def test_same_leader_cannot_register_twice_in_a_year(alice, charlie, year, leader, village):
    with pytest.raises(services.DuplicateUnit) as error:
        services.unit_create(
            actor=alice,
            programme_year=year,
            unit_type="LEADER",
            district_id="5101",
            data=leader_data(village),
        )
    assert error.value.existing == leader
    assert "สมัครแล้วในปี 2570" in error.value.message
    # Also from another district of the province.
    other = Subdistrict.objects.get(pk="510201")
    with pytest.raises(services.DuplicateUnit):
        services.unit_create(
            actor=charlie,
            programme_year=year,
            unit_type="LEADER",
            district_id="5102",
            data=leader_data(village, subdistrict=other, village=None),
        )
    assert Unit.objects.filter(national_id="3100600445635").count() == 1


def test_same_leader_may_apply_again_next_year(alice, pat, leader, village):
    from geography.models import Province

    next_year = programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2571
    )
    unit = services.unit_create(
        actor=alice,
        programme_year=next_year,
        unit_type="LEADER",
        district_id="5101",
        data=leader_data(village),
    )
    assert unit.fiscal_year == 2571


def test_same_group_name_in_same_village_is_a_duplicate(alice, year, village):
    first = services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(village),
    )
    with pytest.raises(services.DuplicateUnit) as error:
        services.unit_create(
            actor=alice,
            programme_year=year,
            unit_type="GROUP",
            district_id="5101",
            data=group_data(village, name="กลุ่มออมทรัพย์เพื่อการผลิต บ้านท่าขาม"),
        )
    assert error.value.existing == first
    # Same name in another village of the same subdistrict is another group.
    other_village = Village.objects.create(subdistrict=village.subdistrict, number=7, name="ใหม่")
    services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(other_village),
    )


def test_invalid_national_id_is_refused(alice, year, village):
    with pytest.raises(DomainError) as error:
        services.unit_create(
            actor=alice,
            programme_year=year,
            unit_type="LEADER",
            district_id="5101",
            data=leader_data(village, national_id="3100600445636"),
        )
    assert error.value.field == "national_id"
    assert not Unit.objects.exists()


def test_other_district_cannot_register_here(charlie, year, village):
    with pytest.raises(DomainError):
        services.unit_create(
            actor=charlie,
            programme_year=year,
            unit_type="LEADER",
            district_id="5101",
            data=leader_data(village),
        )


def test_stale_edit_is_refused_and_nothing_is_lost(alice, dave, leader):
    leader.responsible_developer = dave
    leader.save()
    services.unit_update(
        actor=alice, unit=leader, data={"phone": "081"}, expected_version=leader.version
    )
    with pytest.raises(DomainError) as error:
        services.unit_update(
            actor=dave, unit=leader, data={"phone": "099"}, expected_version=leader.version
        )
    assert "มีผู้อื่นแก้ไข" in error.value.message
    leader.refresh_from_db()
    assert leader.phone == "081"


def test_every_change_is_audited_with_old_and_new(alice, leader):
    services.unit_update(
        actor=alice, unit=leader, data={"phone": "081-111-2222"}, expected_version=leader.version
    )
    entry = AuditEntry.objects.filter(unit_id=leader.pk, action="unit.update").get()
    assert entry.actor == alice
    assert entry.changes == {"phone": ["", "081-111-2222"]}
    assert entry.district_id == "5101"
    with pytest.raises(ValueError):
        entry.save()
    with pytest.raises(ValueError):
        entry.delete()


def test_audit_rows_never_hold_a_national_id_in_clear(alice, leader):
    # The leader fixture applied with 3100600445635; correct one hidden (masked) digit.
    services.unit_update(
        actor=alice,
        unit=leader,
        data={"national_id": "3100600440935"},
        expected_version=leader.version,
    )
    rows = AuditEntry.objects.filter(unit_id=leader.pk).values_list("changes", flat=True)
    text = " ".join(str(changes) for changes in rows)
    assert "3100600445635" not in text and "3100600440935" not in text
    old, new = AuditEntry.objects.get(unit_id=leader.pk, action="unit.update").changes[
        "national_id"
    ]
    # Masked alike, yet the keyed fingerprints tell the correction apart.
    assert old.startswith("3-1006-XXXXX-XX-5 #") and new.startswith("3-1006-XXXXX-XX-5 #")
    assert old.split("#")[1] != new.split("#")[1]


def test_document_download_and_upload_are_audited(alice, leader, client):
    services.document_upload(actor=alice, unit=leader, kind="ID_CARD", upload=jpeg_upload())
    document = leader.documents.get()
    client.force_login(alice)
    response = client.get(f"/units/documents/{document.pk}/")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    actions = list(AuditEntry.objects.filter(unit_id=leader.pk).values_list("action", flat=True))
    assert "document.upload" in actions and "document.download" in actions


def test_failed_upload_changes_nothing(alice, leader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = AuditEntry.objects.count()
    with pytest.raises(DomainError):
        services.document_upload(
            actor=alice,
            unit=leader,
            kind="ID_CARD",
            upload=SimpleUploadedFile("x.pdf", b"not a pdf"),
        )
    assert not leader.documents.exists()
    assert AuditEntry.objects.count() == before


def test_carry_over_brings_data_and_documents(alice, pat, year, village):
    from geography.models import Province

    last_year = programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2569
    )
    old = services.unit_create(
        actor=alice,
        programme_year=last_year,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(village),
        team="นางบัว ใจดี, ประธาน",
    )
    services.document_upload(actor=alice, unit=old, kind="MEETING_MINUTES", upload=pdf_upload())
    new = services.unit_carry_over(actor=alice, source=old, programme_year=year)
    assert new.fiscal_year == 2570 and new.carried_from == old and new.status == Status.DRAFT
    assert new.name == old.name and new.member_count == 120
    assert list(new.team_members.values_list("name", flat=True)) == ["นางบัว ใจดี"]
    document = new.documents.get()
    assert document.review == UnitDocument.Review.PENDING
    assert document.file.read().startswith(b"%PDF")
    with pytest.raises(DomainError):
        services.unit_carry_over(actor=alice, source=old, programme_year=year)


def test_programme_year_prefilled_from_department_defaults(year):
    assert year.registration_opens == dt.date(2026, 10, 1)
    assert year.applicant_list_due == dt.date(2026, 12, 20)
    assert year.assessment_due == dt.date(2027, 4, 25)
    assert year.quotas.count() == 4
    assert all(q.min_per_district == 1 and q.min_per_developer is None for q in year.quotas.all())
    assert isinstance(year, ProgrammeYear)


def test_register_page_query_count_does_not_grow_with_units(alice, dave, year, village, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(n, start):
        for i in range(start, start + n):
            services.unit_create(
                actor=alice,
                programme_year=year,
                unit_type="GROUP",
                district_id="5101",
                data=group_data(village, name=f"กลุ่มที่ {i}", responsible_developer=dave),
            )

    client.force_login(alice)
    add(1, 0)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/units/?year={year.pk}")
    add(30, 1)
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/units/?year={year.pk}")
    assert response.content.decode().count("กลุ่มที่ ") == 31
    assert len(many) == len(few) <= 16


def test_register_search_by_national_id_and_filters(alice, year, leader, village, client):
    group = services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(village),
    )
    client.force_login(alice)
    body = client.get(f"/units/?year={year.pk}&q=3-1006-00445-63-5").content.decode()
    assert leader.name in body and group.name not in body
    body = client.get(f"/units/?year={year.pk}&unit_type=GROUP").content.decode()
    assert leader.name not in body and group.name in body
    body = client.get(f"/units/?year={year.pk}&status=SUBMITTED").content.decode()
    assert leader.name not in body and group.name not in body
    body = client.get(f"/units/?year={year.pk}&subdistrict=510102").content.decode()
    assert leader.name in body


def test_create_form_shows_thai_errors_and_saves_nothing(alice, year, client):
    client.force_login(alice)
    response = client.post(
        f"/units/new/LEADER/?year={year.pk}",
        {
            "first_name": "ก",
            "last_name": "ข",
            "subdistrict": "510101",
            "national_id": "1234567890123",
            "birth_date": "12/05/1968",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "เลขประจำตัวประชาชนไม่ถูกต้อง" in body
    assert "พุทธศักราช" in body
    assert not Unit.objects.exists()


def test_duplicate_message_links_to_the_existing_record(alice, year, leader, village, client):
    client.force_login(alice)
    data = {
        k: v
        for k, v in leader_data(village).items()
        if k not in ("subdistrict", "village", "birth_date")
    }
    data.update(
        {
            "subdistrict": "510102",
            "village": village.pk,
            "birth_date": "12/05/2511",
            "position_kind": "FORMAL",
        }
    )
    response = client.post(f"/units/new/LEADER/?year={year.pk}", data)
    body = response.content.decode()
    assert "ไม่สามารถสมัครซ้ำได้" in body
    assert f"/units/{leader.pk}/" in body
    assert Unit.objects.count() == 1


def test_privacy_notice_must_be_recorded_before_submitting(alice, year, village):
    unit = services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="LEADER",
        district_id="5101",
        data=leader_data(village, privacy_notice=False),
    )
    assert unit.privacy_notice_at is None
    assert "ยังไม่ได้แจ้งประกาศความเป็นส่วนตัว (PDPA) แก่ผู้สมัคร" in services.submission_problems(unit)
    services.unit_update(
        actor=alice, unit=unit, data={"privacy_notice": True}, expected_version=unit.version
    )
    unit.refresh_from_db()
    assert unit.privacy_notice_at is not None
    assert AuditEntry.objects.filter(
        unit_id=unit.pk, action="unit.update", changes__has_key="privacy_notice_at"
    ).exists()


@pytest.mark.parametrize(
    "overrides,field",
    [
        ({"birth_date": dt.date(2090, 1, 1)}, "birth_date"),
        ({"birth_date": dt.date(1850, 1, 1)}, "birth_date"),
    ],
)
def test_impossible_leader_dates_are_refused(alice, year, village, overrides, field):
    with pytest.raises(DomainError) as error:
        services.unit_create(
            actor=alice,
            programme_year=year,
            unit_type="LEADER",
            district_id="5101",
            data=leader_data(village, **overrides),
        )
    assert error.value.field == field


def test_resolution_before_founding_is_refused(alice, year, village):
    with pytest.raises(DomainError) as error:
        services.unit_create(
            actor=alice,
            programme_year=year,
            unit_type="GROUP",
            district_id="5101",
            data=group_data(
                village, founded_on=dt.date(2026, 1, 1), resolution_date=dt.date(2025, 1, 1)
            ),
        )
    assert "ไม่ก่อนวันที่ก่อตั้ง" in error.value.message


def test_documents_of_a_withdrawn_unit_cannot_be_reviewed(alice, leader):
    unit = complete_documents(leader, alice)
    services.unit_withdraw(actor=alice, unit=unit, reason="ขอถอน")
    with pytest.raises(DomainError):
        services.document_verify(actor=alice, document=unit.documents.first())


def test_duplicate_in_another_district_reveals_neither_who_nor_where(
    charlie, year, leader, village
):
    other = Subdistrict.objects.get(pk="510201")
    with pytest.raises(services.DuplicateUnit) as error:
        services.unit_create(
            actor=charlie,
            programme_year=year,
            unit_type="LEADER",
            district_id="5102",
            data=leader_data(village, subdistrict=other, village=None),
        )
    message = error.value.message
    assert "สมัครแล้วในปีนี้" in message and "ติดต่อสำนักงานพัฒนาชุมชนจังหวัด" in message
    assert "เมืองลำพูน" not in message and leader.first_name not in message


def test_national_id_with_dashes_is_accepted_by_the_form(alice, year, village, client):
    client.force_login(alice)
    client.post(
        f"/units/new/LEADER/?year={year.pk}",
        {
            "person_title": "นาย",
            "first_name": "ดำ",
            "last_name": "ดี",
            "national_id": "3-1006-00445-63-5",
            "subdistrict": "510102",
            "birth_date": "12052511",
        },
    )
    unit = Unit.objects.get()
    assert unit.national_id == "3100600445635" and unit.birth_date == dt.date(1968, 5, 12)


def test_carry_over_with_a_bad_id_is_a_message_not_an_error(alice, year, client):
    client.force_login(alice)
    response = client.post(f"/units/carry-over/?year={year.pk}", {"unit": "abc"}, follow=True)
    assert response.status_code == 200
    assert "กรุณาเลือกหน่วยนับ" in response.content.decode()


def test_official_documents_stay_thai_when_the_ui_is_english(alice, leader, client):
    from documents.testing import pdf_text

    client.force_login(alice)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    compact = "".join(
        pdf_text(client.get(f"/units/{leader.pk}/application-form.pdf").content).split()
    )
    assert "มาตรฐานผู้นำชุมชน" in compact and "Community" not in compact
    assert AuditEntry.objects.filter(unit_id=leader.pk, action="export.application_form").exists()


def test_audit_on_the_unit_page_reads_as_thai(alice, dave, leader, client):
    services.unit_update(
        actor=alice,
        unit=leader,
        data={"responsible_developer": dave, "birth_date": dt.date(1970, 1, 2)},
        expected_version=leader.version,
    )
    client.force_login(alice)
    body = client.get(f"/units/{leader.pk}/").content.decode()
    assert "แก้ไขข้อมูล" in body
    assert "12 พ.ค. 2511 → 2 ม.ค. 2513" in body
    assert "พัฒนากรผู้รับผิดชอบ: - → Dave ทดสอบ" in body
    assert "unit.update" not in body


def test_a_status_reason_over_1000_characters_is_refused_and_changes_nothing(alice, leader):
    entries, changes = AuditEntry.objects.count(), leader.status_changes.count()
    with pytest.raises(DomainError) as error:
        services.unit_withdraw(actor=alice, unit=leader, reason="ก" * 1001)
    assert error.value.message == "เหตุผลยาวเกิน 1,000 ตัวอักษร" and error.value.field == "reason"
    leader.refresh_from_db()
    assert leader.status == Status.DRAFT
    assert leader.status_changes.count() == changes and AuditEntry.objects.count() == entries
    services.unit_withdraw(actor=alice, unit=leader, reason="ก" * 1000)  # the limit itself passes
    leader.refresh_from_db()
    assert leader.status == Status.WITHDRAWN


def test_withdraw_page_shows_the_reason_limit_and_keeps_the_unit(alice, leader, client):
    changes = leader.status_changes.count()
    client.force_login(alice)
    response = client.post(f"/units/{leader.pk}/withdraw/", {"reason": "ก" * 1001}, follow=True)
    assert "เหตุผลยาวเกิน 1,000 ตัวอักษร" in response.content.decode()
    leader.refresh_from_db()
    assert leader.status == Status.DRAFT and leader.status_changes.count() == changes


def test_a_return_offers_the_usual_reasons_of_the_kind_and_the_provinces_own(alice, leader, client):
    unit = complete_documents(leader, alice)
    client.force_login(alice)
    page = client.get(f"/units/{unit.pk}/").content.decode()
    photo = unit.documents.get(kind="PHOTO", is_current=True)
    assert f'list="reasons-{photo.pk}"' in page
    assert '<option value="รูปถ่ายไม่ชัดเจน">' in page
    assert '<option value="ไฟล์เปิดไม่ได้ หรือมีไม่ครบทุกหน้า">' in page


def test_the_reasons_the_province_wrote_are_offered_for_their_kind(alice, olivia, leader):
    from registration import services
    from registration.return_reasons import return_reasons

    unit = complete_documents(leader, alice)
    id_card = unit.documents.get(kind="ID_CARD", is_current=True)
    services.document_return(actor=alice, document=id_card, reason="ชื่อในบัตรสะกดไม่ตรงกับใบสมัคร")
    assert "ชื่อในบัตรสะกดไม่ตรงกับใบสมัคร" in return_reasons("51")["ID_CARD"]
    assert "ชื่อในบัตรสะกดไม่ตรงกับใบสมัคร" not in return_reasons("51")["PHOTO"]
    assert "ชื่อในบัตรสะกดไม่ตรงกับใบสมัคร" not in return_reasons("50")["ID_CARD"]
    assert return_reasons("51")["ID_CARD"][0] == "สำเนาบัตรประจำตัวประชาชนไม่ชัดเจน"
