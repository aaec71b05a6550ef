"""The province's outstanding units list prints as PDF, Word and Excel (documents/
outstanding_units.py, certified/print_views.py): one row per district, chosen or not, read
back from each file; each download is audited; district staff and another province get 404."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEntry
from certified import services
from documents.testing import pdf_text
from documents.xlsx_common import first_sheet
from tests.factories import make_unit

REASON = "เป็นแบบอย่างด้านการออมของชุมชน"


@pytest.fixture
def chosen(alice, year):
    """เมืองลำพูน's outstanding unit; the other seven districts of ลำพูน have chosen none."""
    unit = make_unit(year, alice, "กลุ่มทอผ้าบ้านท่าขาม")
    services.outstanding_select(actor=alice, year=year, unit=unit, reason=REASON)
    return unit


def squashed(pdf: bytes) -> str:
    """The PDF's text without line breaks: a narrow column breaks a long name over lines."""
    return "".join(pdf_text(pdf).split())


def url(year, fmt):
    if fmt == "xlsx":
        return reverse("certified:outstanding_xlsx", args=[year.pk])
    return reverse("certified_print:outstanding", args=[year.pk, fmt])


def test_the_pdf_lists_every_district_and_the_choice(pat, year, chosen, client):
    client.force_login(pat)
    response = client.get(url(year, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = squashed(response.content)
    assert "ผู้ผ่านการรับรองมาตรฐานการพัฒนาชุมชนดีเด่น" in text
    assert "กลุ่มทอผ้าบ้านท่าขาม" in text and "แบบอย่างด้านการออม" in text
    assert "แม่ทา" in text and "ยังไม่ได้คัดเลือก" in text
    assert "คัดเลือกแล้ว๑จาก๘อำเภอ" in text
    entry = AuditEntry.objects.get(action="export.outstanding")
    assert entry.actor == pat and entry.changes == {"format": "pdf", "chosen": 1}


def test_the_word_file_has_a_row_per_district(pat, year, chosen, client):
    client.force_login(pat)
    response = client.get(url(year, "docx"))
    assert response.status_code == 200
    [table] = docx.Document(io.BytesIO(response.content)).tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:3] == ["ลำดับ", "อำเภอ", "หน่วยนับที่คัดเลือก"]
    assert len(rows) == 1 + 8
    mueang = next(row for row in rows if row[1] == "เมืองลำพูน")
    assert mueang[2] == "กลุ่มทอผ้าบ้านท่าขาม" and mueang[5].startswith(REASON)
    maetha = next(row for row in rows if row[1] == "แม่ทา")
    assert maetha[2].startswith("ยังไม่ได้คัดเลือก")


def test_the_workbook_has_the_date_of_the_choice_as_a_date(pat, year, chosen, client):
    client.force_login(pat)
    response = client.get(url(year, "xlsx"))
    sheet = first_sheet(load_workbook(io.BytesIO(response.content)))
    body = [row for row in sheet.iter_rows(min_row=5) if row[0].value is not None]
    assert len(body) == 8
    mueang = next(row for row in body if row[1].value == "อำเภอเมืองลำพูน")
    assert mueang[2].value == "กลุ่มทอผ้าบ้านท่าขาม" and mueang[5].value == REASON
    assert isinstance(mueang[7].value, dt.datetime)  # a real date, shown in the Buddhist era
    assert "th-TH" in mueang[7].number_format
    assert sheet.freeze_panes == "A5" and sheet.auto_filter.ref


def test_a_choice_no_longer_certified_is_flagged(pat, year, chosen, client):
    from registration.models import Status, Unit

    Unit.objects.filter(pk=chosen.pk).update(status=Status.RECOMMENDED)
    client.force_login(pat)
    text = squashed(client.get(url(year, "pdf")).content)
    assert "กลุ่มทอผ้าบ้านท่าขาม" in text and "ต้องคัดเลือกใหม่" in text


@pytest.mark.parametrize("persona", ["alice", "dave", "charlie", "olivia"])
def test_district_staff_and_another_province_get_404(persona, year, chosen, client, request):
    client.force_login(request.getfixturevalue(persona))
    for fmt in ("pdf", "docx", "xlsx"):
        assert client.get(url(year, fmt)).status_code == 404
    assert not AuditEntry.objects.filter(action="export.outstanding").exists()


def test_an_unknown_format_is_404(pat, year, client):
    client.force_login(pat)
    assert (
        client.get(reverse("certified_print:outstanding", args=[year.pk, "odt"])).status_code == 404
    )


def test_the_pages_link_the_downloads(pat, year, chosen, client):
    client.force_login(pat)
    for page in ("certified:outstanding", "certified:outstanding_print"):
        body = client.get(reverse(page, args=[year.pk])).content.decode()
        for fmt in ("pdf", "docx", "xlsx"):
            assert url(year, fmt) in body
