"""Registration: input that once broke a page or a rule (found in review), each test failing
without its fix."""

import io

import openpyxl
import pytest

from accounts.models import User
from core.errors import DomainError
from documents.xlsx_common import first_sheet
from registration import services
from registration.models import Status
from registration.permissions import can_edit_unit
from tests.conftest import complete_documents, group_data, jpeg_upload


def test_phone_that_looks_like_a_date_does_not_break_the_unit_page(alice, year, village, client):
    unit = services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(village, phone="1234-56-78"),
    )
    client.force_login(alice)
    response = client.get(f"/units/{unit.pk}/")
    assert response.status_code == 200 and "1234-56-78" in response.content.decode()


def test_department_sees_only_masked_ids_in_history_and_no_application_form(
    admin_user, leader, client
):
    client.force_login(admin_user)
    body = client.get(f"/units/{leader.pk}/").content.decode()
    assert "3100600445635" not in body and "3-1006-XXXXX-XX-5" in body
    assert client.get(f"/units/{leader.pk}/application-form.pdf").status_code == 404


def test_control_characters_are_stripped_from_free_text_and_exports_work(
    alice, year, village, client
):
    client.force_login(alice)
    fields = {
        "subdistrict": "510102",
        "category": "SAVINGS",
        "privacy_notice": "on",
        "resolution_date": "01/11/2569",
        "description": "ก่อตั้ง\x1bปี 2540",
    }
    # In a name a control character is refused, not silently removed (docs/security.md §9).
    response = client.post(f"/units/new/GROUP/?year={year.pk}", {**fields, "name": "กลุ่ม\x1bสอง"})
    assert "อักขระควบคุม" in response.content.decode() and not year.units.exists()
    client.post(f"/units/new/GROUP/?year={year.pk}", {**fields, "name": "กลุ่มสอง"})
    unit = year.units.get()
    assert unit.name == "กลุ่มสอง" and unit.description == "ก่อตั้งปี 2540"
    complete_documents(unit, alice, reviewer=alice)
    response = client.get(f"/units/applicant-list/{year.pk}/5101.xlsx")
    assert response.status_code == 200
    sheet = first_sheet(openpyxl.load_workbook(io.BytesIO(response.content)))
    assert "กลุ่มสอง" in [c.value for row in sheet.iter_rows() for c in row]


def test_returned_extra_document_blocks_completion_until_replaced(alice, leader):
    unit = complete_documents(leader, alice)
    services.document_upload(actor=alice, unit=unit, kind="OTHER", upload=jpeg_upload())
    other = unit.documents.get(kind="OTHER")
    services.document_return(actor=alice, document=other, reason="ภาพไม่ชัด")
    for document in unit.documents.filter(is_current=True).exclude(kind="OTHER"):
        services.document_verify(actor=alice, document=document)
    unit.refresh_from_db()
    assert unit.status == Status.DOCUMENTS_RETURNED  # every required one verified, yet not complete
    with pytest.raises(DomainError) as error:
        services.unit_submit(actor=alice, unit=unit)
    assert "ยังไม่ได้แก้ไขเอกสารที่ถูกส่งคืน" in error.value.message
    services.document_upload(actor=alice, unit=unit, kind="OTHER", upload=jpeg_upload())
    other.refresh_from_db()
    assert not other.is_current  # the returned one is superseded, and kept
    unit.refresh_from_db()
    assert unit.status == Status.SUBMITTED


def test_developer_loses_rights_when_the_unit_is_reassigned(alice, dave, year, village):
    unit = services.unit_create(
        actor=dave,
        programme_year=year,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(village),
    )
    assert can_edit_unit(dave, unit)
    other = User.objects.create_user(
        username="dev2", password="x", role="DEVELOPER", district_id="5101", province_id="51"
    )
    services.unit_update(
        actor=alice, unit=unit, data={"responsible_developer": other}, expected_version=unit.version
    )
    unit.refresh_from_db()
    assert not can_edit_unit(dave, unit)
    with pytest.raises(DomainError):
        services.unit_withdraw(actor=dave, unit=unit, reason="x")


def test_developer_carries_over_only_own_units(alice, dave, pat, year, village):
    from geography.models import Province
    from programme.services import programme_year_create

    last = programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2569
    )
    source = services.unit_create(
        actor=alice,
        programme_year=last,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(village),
    )
    with pytest.raises(DomainError):
        services.unit_carry_over(actor=dave, source=source, programme_year=year)


@pytest.mark.parametrize("value", ["²", "99999999999999999999999"])
def test_odd_carry_over_ids_are_ignored(alice, year, client, value):
    client.force_login(alice)
    response = client.post(f"/units/carry-over/?year={year.pk}", {"unit": value}, follow=True)
    assert response.status_code == 200


def test_nul_byte_in_a_reason_is_not_an_error(alice, leader, client):
    client.force_login(alice)
    response = client.post(f"/units/{leader.pk}/withdraw/", {"reason": "ย้าย\x00ออก"})
    assert response.status_code == 302
    leader.refresh_from_db()
    assert leader.status == Status.WITHDRAWN
    assert leader.status_changes.last().reason == "ย้ายออก"


def test_id_and_phone_fields_bring_up_the_number_keypad(client, alice, year):
    client.force_login(alice)
    page = client.get("/units/new/LEADER/").content.decode()
    assert 'name="national_id"' in page and 'inputmode="numeric"' in page
    assert 'inputmode="tel"' in page
