"""The assessment score sheets print as PDF, Word and Excel (documents/score_sheets.py,
assessment/print_views.py): a member's sheet of a unit, the committee's combined sheet of a
unit and of a round. Each reads back with the right levels and percents; a member prints only
their own sheet while the round is open, the officer and the secretary every sheet; someone
outside the round's scope gets 404; every download is audited."""

import io
from decimal import Decimal

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from assessment import services
from audit.models import AuditEntry
from documents.testing import pdf_text
from documents.xlsx_common import first_sheet
from tests.factories import REASONS, recommend, save

FORMATS = ("pdf", "docx", "xlsx")


@pytest.fixture
def scored(members, entry, framework):
    """Member 1 gives 4, 3, 5 with a comment on 1.1; member 2 gives 2, 3, 5."""
    save(members["m1"], entry, {"1.1": 4, "1.2": 3}, framework, comment="นำเสนอชัดเจน")
    save(members["m1"], entry, {"2.1": 5}, framework)
    save(members["m2"], entry, {"1.1": 2, "1.2": 3, "2.1": 5}, framework)
    return entry


def member_url(entry, member, fmt="pdf"):
    return reverse("assessment_print:member_sheet", args=[entry.pk, member.pk, fmt])


def unit_url(entry, fmt="pdf"):
    return reverse("assessment_print:unit_sheet", args=[entry.pk, fmt])


def round_url(round_, fmt="pdf"):
    return reverse("assessment_print:round_sheet", args=[round_.pk, fmt])


def data_rows(sheet, first_header="ลำดับ"):
    header = next(r for r in range(1, 15) if sheet.cell(row=r, column=1).value == first_header)
    headers = [c.value for c in sheet[header]]
    rows = [
        [c.value for c in row]
        for row in sheet.iter_rows(min_row=header + 1)
        if row[0].value is not None
    ]
    return headers, rows


# --- a member's sheet ----------------------------------------------------------------------


def test_a_members_sheet_reads_back_their_levels_and_comment(members, scored, client):
    m1 = members["m1"]
    client.force_login(m1.user)
    pdf = client.get(member_url(scored, m1))
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "แบบบันทึกคะแนนการตรวจประเมินของกรรมการ" in text
    assert "นำเสนอชัดเจน" in text
    # 1.1: 4 of 5 (weight 1), 1.2: 3 of 5 (weight 2): 10/15 = 66.67; 2.1: 5/5 = 100;
    # total (1 × 10 + 3 × 5) / (1 × 15 + 3 × 5) = 83.33
    assert "๘๓.๓๓" in text and "๖๖.๖๗" in text
    assert "ผ่านเกณฑ์" in text

    word = docx.Document(io.BytesIO(client.get(member_url(scored, m1, "docx")).content))
    indicators = [[c.text for c in row.cells] for row in word.tables[0].rows]
    assert indicators[0] == ["ตัวบ่งชี้", "ระดับที่ให้", "คะแนนเต็ม", "ความเห็น"]
    by_code = {row[0].split()[0]: row for row in indicators[1:] if row[1]}
    assert by_code["๑.๑"][1:] == ["๔", "๕", "นำเสนอชัดเจน"]
    assert by_code["๒.๑"][1] == "๕"

    book = load_workbook(io.BytesIO(client.get(member_url(scored, m1, "xlsx")).content))
    headers, rows = data_rows(book["คะแนน"])
    assert headers[:5] == ["ลำดับ", "องค์ประกอบ", "รหัส", "ตัวบ่งชี้", "ระดับที่ให้"]
    assert [(r[2], r[4]) for r in rows] == [("1.1", 4), ("1.2", 3), ("2.1", 5)]
    percents = {r[0]: r[1] for r in book["ร้อยละ"].iter_rows(min_row=3, values_only=True)}
    assert percents["คะแนนรวม"] == Decimal("83.33") or percents["คะแนนรวม"] == 83.33

    actions = AuditEntry.objects.filter(action="export.member_score_sheet")
    assert actions.count() == 3
    assert {a.changes["format"] for a in actions} == set(FORMATS)
    assert all(a.unit_id == scored.unit_id and a.actor == m1.user for a in actions)


def test_a_member_without_scores_gets_a_blank_sheet_to_fill(members, entry, framework, client):
    m2 = members["m2"]
    client.force_login(m2.user)
    text = pdf_text(client.get(member_url(entry, m2)).content)
    assert "ยังไม่มีคะแนน" in text and "ตัวบ่งชี้" in text


def test_a_member_prints_only_their_own_sheet_while_the_round_is_open(
    alice, members, scored, client
):
    client.force_login(members["m2"].user)
    assert client.get(member_url(scored, members["m1"])).status_code == 404
    assert client.get(unit_url(scored)).status_code == 404
    assert client.get(round_url(scored.round)).status_code == 404
    # The officer and the secretary print every member's sheet.
    for user in (alice, members["sec"].user):
        client.force_login(user)
        assert client.get(member_url(scored, members["m1"])).status_code == 200
    # Once the round closes, its members see each other's scores, on paper as on the screen.
    services.round_close(actor=alice, round_=scored.round)
    client.force_login(members["m2"].user)
    assert client.get(member_url(scored, members["m1"])).status_code == 200
    assert client.get(unit_url(scored)).status_code == 200


def test_a_member_of_another_committee_is_404(alice, members, scored, committees, client):
    from committees.models import Member

    other = Member.objects.filter(committee__district_id="5102").first()
    client.force_login(alice)
    assert client.get(member_url(scored, other)).status_code == 404


# --- the committee's sheet of a unit --------------------------------------------------------


def test_the_committees_unit_sheet_has_every_members_levels_and_the_mean(
    alice, members, scored, framework, client
):
    recommend(members["sec"], scored, reasons=REASONS)
    client.force_login(alice)
    text = pdf_text(client.get(unit_url(scored)).content)
    assert "แบบสรุปคะแนนการตรวจประเมินของคณะกรรมการ" in text
    assert "ค่าเฉลี่ยของกรรมการ" in text
    # 1.1: mean of 4 and 2 = 3; the unit's combined total: (1 × (3 + 2 × 3) + 3 × 5) /
    # (15 + 15) = 80.00
    assert "๘๐.๐๐" in text
    assert "เสนอให้รับรอง" in text
    assert "นำเสนอชัดเจน" in text  # the members' comments
    assert "ประธานอนุกรรมการ" in text and "อนุกรรมการและเลขานุการ" in text  # who signs

    word = docx.Document(io.BytesIO(client.get(unit_url(scored, "docx")).content))
    header = [c.text for c in word.tables[0].rows[0].cells]
    assert header[-2:] == ["รวม", "คะแนนเต็ม"] and len(header) == 5  # two member columns
    rows = {r.cells[0].text.split()[0]: [c.text for c in r.cells] for r in word.tables[0].rows}
    assert rows["๑.๑"][1:] == ["๔", "๒", "๓", "๕"]

    book = load_workbook(io.BytesIO(client.get(unit_url(scored, "xlsx")).content))
    headers, rows = data_rows(book["คะแนน"])
    assert len(headers) == 8
    assert rows[0][4:7] == [4, 2, 3]
    assert AuditEntry.objects.filter(action="export.unit_score_sheet").count() == 3


# --- the committee's sheet of a round -------------------------------------------------------


def test_the_round_sheet_lists_each_unit_with_each_members_percent(alice, members, scored, client):
    client.force_login(alice)
    text = pdf_text(client.get(round_url(scored.round)).content)
    assert "รายรอบการประเมิน" in text
    # Member 1: 83.33; member 2: (1 × (2 + 6) + 3 × 5) / 30 = 76.67; combined 80.00
    assert "๘๓.๓๓" in text and "๗๖.๖๗" in text and "๘๐.๐๐" in text

    word = docx.Document(io.BytesIO(client.get(round_url(scored.round, "docx")).content))
    [table] = word.tables
    cells = [c.text for c in table.rows[1].cells]
    assert cells[0] == "๑" and cells[4:7] == ["๘๓.๓๓", "๗๖.๖๗", "๘๐.๐๐"]
    assert cells[7] == "ผ่านเกณฑ์"

    book = load_workbook(io.BytesIO(client.get(round_url(scored.round, "xlsx")).content))
    _headers, rows = data_rows(first_sheet(book))
    assert [float(v) for v in rows[0][4:7]] == [83.33, 76.67, 80.0]
    assert first_sheet(book).cell(row=5, column=5).number_format == "0.00"
    assert AuditEntry.objects.filter(action="export.round_score_sheet").count() == 3


@pytest.mark.parametrize("persona", ["charlie", "olivia"])
def test_outside_the_district_every_sheet_is_404(persona, members, scored, client, request):
    client.force_login(request.getfixturevalue(persona))
    for fmt in FORMATS:
        assert client.get(member_url(scored, members["m1"], fmt)).status_code == 404
        assert client.get(unit_url(scored, fmt)).status_code == 404
        assert client.get(round_url(scored.round, fmt)).status_code == 404
    assert not AuditEntry.objects.filter(action__endswith="score_sheet").exists()


def test_the_pages_link_the_sheets(alice, members, scored, client):
    client.force_login(members["m1"].user)
    body = client.get(reverse("assessment:score", args=[scored.pk])).content.decode()
    assert member_url(scored, members["m1"], "docx") in body
    client.force_login(alice)
    body = client.get(reverse("assessment:result", args=[scored.pk])).content.decode()
    assert unit_url(scored, "xlsx") in body and member_url(scored, members["m2"]) in body
    body = client.get(reverse("assessment:round", args=[scored.round_id])).content.decode()
    assert round_url(scored.round, "pdf") in body


def test_a_member_of_another_districts_committee_reads_no_sheet(
    charlie, members, scored, committees, client
):
    from committees.models import MemberRole
    from tests.factories import account

    other = account(charlie, committees.get(district_id="5102"), MemberRole.SECRETARY, "maetha1")
    client.force_login(other.user)
    assert client.get(member_url(scored, members["m1"])).status_code == 404
    assert client.get(member_url(scored, other)).status_code == 404
    assert client.get(unit_url(scored)).status_code == 404
    assert client.get(round_url(scored.round)).status_code == 404
    schedule = reverse("assessment_print:schedule", args=[scored.round_id, "pdf"])
    assert client.get(schedule).status_code == 404
