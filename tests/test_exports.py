"""The applicant list and application forms as officers download them."""

import io

import docx
import openpyxl
import pytest

from documents.testing import pdf_text
from documents.xlsx_common import first_sheet
from registration import services
from tests.conftest import complete_documents, group_data


def test_applicant_list_in_three_formats_masks_ids(alice, pat, year, leader, village, client):
    complete_documents(leader, alice, reviewer=alice)
    group = services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(village),
    )
    complete_documents(group, alice, reviewer=alice)
    client.force_login(alice)
    base = f"/units/applicant-list/{year.pk}/5101"

    pdf = client.get(f"{base}.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    compact = "".join(text.split())
    assert "นายสมชายใจงาม" in compact
    assert "3-1006-XXXXX-XX-5" in compact and "3100600445635" not in compact
    assert "ประจำปีพ.ศ.๒๕๗๐" in compact  # Buddhist era, Thai numerals
    assert "มาตรฐานผู้นำชุมชนจำนวน๑ราย" in compact

    word = docx.Document(io.BytesIO(client.get(f"{base}.docx").content))
    word_text = "\n".join(p.text for p in word.paragraphs) + "".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    assert "นายสมชาย ใจงาม" in word_text and "3100600445635" not in word_text

    sheet = first_sheet(openpyxl.load_workbook(io.BytesIO(client.get(f"{base}.xlsx").content)))
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "นายสมชาย ใจงาม" in values
    assert "3100600445635" not in " ".join(values)
    assert group.name in values

    client.force_login(pat)
    province = client.get(f"/units/applicant-list/{year.pk}/province.pdf")
    assert "เมืองลำพูน" in "".join(pdf_text(province.content).split())


def test_drafts_are_not_on_the_applicant_list(alice, year, leader, client):
    client.force_login(alice)
    text = pdf_text(client.get(f"/units/applicant-list/{year.pk}/5101.pdf").content)
    assert "สมชาย" not in text


def test_application_form_pdf_is_prefilled(alice, leader, client):
    client.force_login(alice)
    response = client.get(f"/units/{leader.pk}/application-form.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    compact = "".join(pdf_text(response.content).split())
    assert "ใบสมัครเข้าสู่ระบบมาตรฐานการพัฒนาชุมชน" in compact
    assert "นายสมชายใจงาม" in compact
    assert "๑๒พฤษภาคม๒๕๑๑" in compact  # birth date in the Buddhist era


def test_application_form_of_a_network_lists_member_organisations(alice, year, village, client):
    network = services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="NETWORK",
        district_id="5101",
        data=group_data(village, name="เครือข่ายองค์กรชุมชนตำบลเหมืองง่า", category="SOCHT"),
        member_organisations="กลุ่มออมทรัพย์บ้านท่าขาม\nกลุ่มสตรีบ้านท่าขาม",
    )
    client.force_login(alice)
    compact = "".join(
        pdf_text(client.get(f"/units/{network.pk}/application-form.pdf").content).split()
    )
    assert "เครือข่ายองค์กรชุมชนตำบลเหมืองง่า" in compact
    assert "กลุ่มสตรีบ้านท่าขาม" in compact


@pytest.mark.parametrize("kind", ["ID_CARD", "APPLICATION_FORM", "PHOTO"])
def test_admin_cannot_open_personal_documents(alice, pat, admin_user, leader, client, kind):
    from tests.conftest import jpeg_upload

    services.document_upload(actor=alice, unit=leader, kind=kind, upload=jpeg_upload())
    document = leader.documents.get()
    client.force_login(admin_user)
    assert client.get(f"/units/documents/{document.pk}/").status_code == 404
    client.force_login(pat)  # the province reads them
    assert client.get(f"/units/documents/{document.pk}/").status_code == 200
