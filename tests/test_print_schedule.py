"""The presentation schedule of a round prints as PDF, Word and Excel (documents/
presentation_schedule.py, assessment/print_views.py): each reads back with the units in their
order and their slots; each download is audited; someone outside the round's scope gets 404."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from assessment import services
from assessment.models import RoundUnit
from audit.models import AuditEntry
from documents.testing import pdf_text
from documents.xlsx_common import first_sheet
from tests.factories import extra_unit

BANGKOK = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def scheduled(alice, year, entry):
    """The district round with alice's leader and a group, given slots from 09:00."""
    group = extra_unit(year, alice, "กลุ่มทอผ้าบ้านเหล่า")
    round_ = entry.round
    # Made directly: the group has no self-assessment, which the round's rules would want.
    RoundUnit.objects.create(round=round_, unit=group, order=entry.order + 1)
    services.round_schedule(
        actor=alice,
        round_=round_,
        starts_at=dt.datetime(2027, 1, 12, 9, 0, tzinfo=BANGKOK),
        presentation_minutes=15,
        questions_minutes=15,
    )
    return round_


def url(round_, fmt):
    return reverse("assessment_print:schedule", args=[round_.pk, fmt])


def test_the_schedule_pdf_lists_the_units_in_order_with_their_slots(alice, scheduled, client):
    client.force_login(alice)
    response = client.get(url(scheduled, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "ตารางการนำเสนอผลการพัฒนา" in text
    leader = scheduled.entries.order_by("order").first().unit.name
    assert leader.split()[0] in text
    assert text.index("๐๙.๐๐") < text.index("๐๙.๓๐") < text.index("๑๐.๐๐")
    assert "กลุ่มทอผ้าบ้านเหล่า" in text
    assert "มกราคม" in text
    entry = AuditEntry.objects.get(action="export.presentation_schedule")
    assert entry.actor == alice and entry.changes == {"format": "pdf"}
    assert entry.district_id == "5101"


def test_the_schedule_word_file_has_a_row_per_unit(alice, scheduled, client):
    client.force_login(alice)
    response = client.get(url(scheduled, "docx"))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    [table] = document.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][0] == "ลำดับ"
    assert [row[0] for row in rows[1:]] == ["๑", "๒"]
    assert rows[1][1] == "๐๙.๐๐ – ๐๙.๓๐ น."
    assert rows[2][2] == "กลุ่มทอผ้าบ้านเหล่า"


def test_the_schedule_workbook_has_real_dates_and_numbers(alice, scheduled, client):
    client.force_login(alice)
    response = client.get(url(scheduled, "xlsx"))
    sheet = first_sheet(load_workbook(io.BytesIO(response.content)))
    header = next(row for row in range(1, 10) if sheet.cell(row=row, column=1).value == "ลำดับ")
    first, second = header + 1, header + 2
    day = sheet.cell(row=first, column=2)
    assert isinstance(day.value, dt.datetime) and day.value.date() == dt.date(2027, 1, 12)
    assert "th-TH" in day.number_format
    assert sheet.cell(row=first, column=3).value == "09:00"
    assert sheet.cell(row=second, column=3).value == "09:30"
    assert sheet.cell(row=second, column=5).value == "กลุ่มทอผ้าบ้านเหล่า"
    assert sheet.cell(row=first, column=9).value == 15  # a number
    assert sheet.freeze_panes == f"A{first}"


def test_an_unscheduled_round_prints_its_units_under_no_time(alice, entry, client):
    client.force_login(alice)
    text = pdf_text(client.get(url(entry.round, "pdf")).content)
    assert "ยังไม่กำหนดเวลา" in text


def test_a_member_of_the_committee_prints_the_schedule(members, scheduled, client):
    client.force_login(members["m1"].user)
    assert client.get(url(scheduled, "pdf")).status_code == 200


@pytest.mark.parametrize("persona", ["charlie", "olivia"])
def test_outside_the_district_the_schedule_is_404_and_not_audited(
    persona, scheduled, client, request
):
    client.force_login(request.getfixturevalue(persona))
    for fmt in ("pdf", "docx", "xlsx"):
        assert client.get(url(scheduled, fmt)).status_code == 404
    assert not AuditEntry.objects.filter(action="export.presentation_schedule").exists()


def test_an_unknown_format_is_404(alice, scheduled, client):
    client.force_login(alice)
    assert client.get(url(scheduled, "html")).status_code == 404


def test_the_round_pages_link_the_downloads(alice, scheduled, client):
    client.force_login(alice)
    for page in ("assessment:round", "assessment:print"):
        body = client.get(reverse(page, args=[scheduled.pk])).content.decode()
        for fmt in ("pdf", "docx", "xlsx"):
            assert url(scheduled, fmt) in body


def test_slot_times_are_local(alice, scheduled):
    first = scheduled.entries.order_by("order").first()
    assert timezone.localtime(first.starts_at).hour == 9


def test_the_schedule_costs_the_same_queries_for_more_units(
    alice, year, scheduled, client, django_assert_max_num_queries
):
    client.force_login(alice)
    with django_assert_max_num_queries(40) as few:
        client.get(url(scheduled, "xlsx"))
    for i in range(5):
        unit = extra_unit(year, alice, f"กลุ่มเพิ่ม {i}")
        RoundUnit.objects.create(round=scheduled, unit=unit, order=10 + i)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url(scheduled, "xlsx"))
    sheet = first_sheet(load_workbook(io.BytesIO(response.content)))
    names = [row[4] for row in sheet.iter_rows(min_row=5, values_only=True)]
    assert "กลุ่มเพิ่ม 4" in names and len(names) == 7
