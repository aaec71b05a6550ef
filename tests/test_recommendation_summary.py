"""The district's summary of recommendations to the province (บันทึกข้อความ): its three formats,
units without a decision, who may download it, and what it costs in queries."""

import datetime as dt
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from assessment import services
from assessment.models import Decision, RoundUnit
from assessment.summary import recommendation_summary_data
from audit.models import AuditEntry
from committees.models import MemberRole
from core.thai import thai_date
from documents.recommendation_summary import (
    RecommendationSummary,
    UnitResultRow,
    recommendation_summary_docx,
    recommendation_summary_pdf,
)
from documents.testing import pdf_image_count, pdf_text
from geography.models import District
from registration.models import Status, Unit
from tests.factories import account, make_unit, recommend, save

REASONS = "มีผลงานเด่นชัดเป็นที่ยอมรับของชุมชน"
GROUP = "กลุ่มทอผ้าบ้านท่าขาม"
TYPES = ["มาตรฐานผู้นำชุมชน", "มาตรฐานกลุ่ม/องค์กรชุมชน", "มาตรฐานเครือข่ายองค์กรชุมชน", "มาตรฐานชุมชน"]


def compact(text: str) -> str:
    return "".join(text.split())


def url(year_id, tail):
    return f"/assessment/years/{year_id}/summary/{tail}"


@pytest.fixture
def decided(members, entry, framework):
    """The leader scored by two members (65 %, passes) and recommended by the secretary."""
    save(members["m1"], entry, {"1.1": 4, "1.2": 3, "2.1": 2}, framework)
    save(members["m2"], entry, {"1.1": 5, "1.2": 3, "2.1": 4}, framework)
    return recommend(members["sec"], entry, reasons=REASONS)


@pytest.fixture
def waiting_group(alice, year):
    """An accepted group never put on a round: not decided."""
    return make_unit(year, alice, GROUP, status=Status.DOCUMENTS_COMPLETE)


def word_rows(content: bytes) -> list[list[str]]:
    document = docx.Document(io.BytesIO(content))
    return [[c.text for c in row.cells] for t in document.tables for row in t.rows]


def word_paragraphs(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_district_summary_in_three_formats(alice, decided, waiting_group, year, client):
    client.force_login(alice)

    response = client.get(url(year.pk, "5101.pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "recommendation-summary" not in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    text = compact(pdf_text(response.content))
    assert "บันทึกข้อความ" in text
    assert "ส่วนราชการสำนักงานพัฒนาชุมชนอำเภอเมืองลำพูน" in text
    assert "เรียนผู้ว่าราชการจังหวัดลำพูน" in text
    assert "ระดับอำเภอประจำปีงบประมาณพ.ศ.๒๕๗๐" in text  # the subject
    # The year's deadline for reporting results to the province (programme calendar).
    assert compact(thai_date(year.results_due, thai_numerals=True)) in text
    assert "นายสมชายใจงาม" in text and "๖๕.๐๐" in text and "ผ่านเกณฑ์" in text
    assert "เสนอให้รับรอง" in text and compact(REASONS) in text
    assert GROUP in text and "ยังไม่มีมติ" in text and "ยังไม่ได้เข้ารับการประเมิน" in text
    # Totals: 2 units, 1 assessed, 1 recommended, 0 not recommended, 1 without a decision.
    assert "รวม๒๑๑๐๑" in text
    assert "หมายเหตุ" in text  # not every unit is decided: said plainly
    assert "(Aliceทดสอบ)" in text and "พัฒนาการอำเภอเมืองลำพูน" in text

    word = client.get(url(year.pk, "5101.docx")).content
    rows = word_rows(word)
    leader_row = next(r for r in rows if r[1] == "นายสมชาย ใจงาม")
    assert leader_row[3:] == ["๖๕.๐๐", "ผ่านเกณฑ์", "เสนอให้รับรอง", REASONS]
    group_row = next(r for r in rows if r[1] == GROUP)
    assert group_row[5:] == ["ยังไม่มีมติ", "ยังไม่ได้เข้ารับการประเมิน"]
    assert ["รวม", "๒", "๑", "๑", "๐", "๑"] in rows
    paragraphs = word_paragraphs(word)
    assert "บันทึกข้อความ" in paragraphs and "หมายเหตุ" in paragraphs
    assert "(Alice ทดสอบ)" in paragraphs

    book = openpyxl.load_workbook(io.BytesIO(client.get(url(year.pk, "5101.xlsx")).content))
    sheet_rows = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    sheet_leader = next(r for r in sheet_rows if "นายสมชาย ใจงาม" in r)
    assert sheet_leader[1] == "มาตรฐานผู้นำชุมชน" and sheet_leader[4] == 65  # a number
    assert sheet_leader[5:8] == ["ผ่านเกณฑ์", "เสนอให้รับรอง", REASONS]
    sheet_group = next(r for r in sheet_rows if GROUP in r)
    assert sheet_group[4] is None and sheet_group[6] == "ยังไม่มีมติ"
    counts = [[c.value for c in row] for row in book.worksheets[1].iter_rows()]
    assert ["รวม", 2, 1, 1, 0, 1] in counts

    exports = AuditEntry.objects.filter(action="export.recommendation_summary", district_id="5101")
    assert sorted(exports.values_list("changes__format", flat=True)) == ["docx", "pdf", "xlsx"]
    assert {e.actor_id for e in exports} == {alice.pk}


def test_not_recommended_with_reasons_and_no_note_when_all_decided(
    alice, members, entry, framework, year
):
    save(members["m1"], entry, {"1.1": 1, "1.2": 1, "2.1": 1}, framework)
    recommend(members["sec"], entry, outcome="NOT_RECOMMEND", reasons="หลักฐานการพัฒนาไม่ชัดเจน")
    data = recommendation_summary_data(user=alice, year=year, district=entry.unit.district)
    (row,) = data.units_by_type[0]
    assert (row.outcome_label, row.passed_label, row.percent) == (
        "ไม่เสนอให้รับรอง",
        "ไม่ผ่านเกณฑ์",
        Decimal("20.00"),
    )
    assert data.complete and data.note() == ""
    text = compact(pdf_text(recommendation_summary_pdf(data)))
    assert "หลักฐานการพัฒนาไม่ชัดเจน" in text and "หมายเหตุ" not in text
    assert "รวม๑๑๐๑๐" in text


def test_a_reopened_decision_is_not_decided(alice, decided, entry, year):
    services.decision_reopen(actor=alice, round_unit=entry, reason="ทบทวนคะแนน")
    data = recommendation_summary_data(user=alice, year=year, district=entry.unit.district)
    (row,) = data.units_by_type[0]
    assert row.outcome is None and row.assessed and row.reasons_text == "อยู่ระหว่างการประเมิน"
    assert row.percent is None  # the reopened decision's result no longer stands
    assert data.count_rows()[-1] == ("รวม", [1, 1, 0, 0, 1])
    assert not data.complete and "ยังไม่มีมติ ๑ หน่วยนับ" in data.note()


def test_a_unit_past_the_district_without_a_decision_row_counts_by_status(alice, year):
    """Units recommended before rounds were recorded: their status says what was decided."""
    make_unit(year, alice, "กลุ่มรับรองแล้ว", status=Status.CERTIFIED)
    make_unit(year, alice, "กลุ่มไม่ผ่านอำเภอ", status=Status.NOT_RECOMMENDED)
    make_unit(year, alice, "กลุ่มร่าง", status=Status.DRAFT)  # not accepted: not listed
    data = recommendation_summary_data(
        user=alice, year=year, district=District.objects.get(pk="5101")
    )
    assert [r.name for r in data.units_by_type[1]] == ["กลุ่มรับรองแล้ว", "กลุ่มไม่ผ่านอำเภอ"]
    assert data.count_rows()[1] == ("มาตรฐานกลุ่ม/องค์กรชุมชน", [2, 0, 1, 1, 0])


def test_the_district_head_signs_whoever_downloads(alice, pat, decided, year, client):
    client.force_login(pat)
    response = client.get(url(year.pk, "5101.pdf"))
    assert response.status_code == 200
    text = compact(pdf_text(response.content))
    assert "(Aliceทดสอบ)" in text and "(Patทดสอบ)" not in text
    assert AuditEntry.objects.filter(
        action="export.recommendation_summary", actor=pat, district_id="5101"
    ).exists()


def test_a_district_without_units_or_officer_still_renders(pat, year, client):
    client.force_login(pat)
    response = client.get(url(year.pk, "5103.pdf"))  # บ้านโฮ่ง: nothing, nobody on record
    assert response.status_code == 200
    text = compact(pdf_text(response.content))
    assert "-ไม่มีหน่วยนับ-" in text and "รวม๐๐๐๐๐" in text
    assert "พัฒนาการอำเภอ" in text  # the position under a blank name


@pytest.fixture
def maetha_member(charlie, committees):
    return account(charlie, committees.get(district_id="5102"), MemberRole.MEMBER, "maetha1")


@pytest.mark.parametrize("persona", ["charlie", "olivia", "maetha_member", "mueang_member"])
def test_outsiders_get_404_and_nothing_is_logged(
    persona, decided, members, maetha_member, year, client, request
):
    user = members["m1"].user if persona == "mueang_member" else None
    if persona == "maetha_member":
        user = maetha_member.user
    user = user or request.getfixturevalue(persona)
    client.force_login(user)
    before = AuditEntry.objects.count()
    for tail in ("5101.pdf", "5101.docx", "5101.xlsx"):
        assert client.get(url(year.pk, tail)).status_code == 404, tail
    if persona != "charlie":  # charlie reads his own district's page
        assert client.get(url(year.pk, "")).status_code == 404
    assert AuditEntry.objects.count() == before


def test_who_reaches_the_summary(alice, dave, pat, admin_user, charlie, decided, year, client):
    for user in (alice, dave, pat, admin_user):
        client.force_login(user)
        assert client.get(url(year.pk, "5101.xlsx")).status_code == 200, user
    client.force_login(charlie)
    assert client.get(url(year.pk, "5102.docx")).status_code == 200  # his own, empty


@pytest.mark.parametrize(
    "tail", ["5101.html", "5101.", "5101.PDF", "9999.pdf", "5001.pdf", "../5101.pdf", "๕๑๐๑.pdf"]
)
def test_bad_addresses_are_404(tail, admin_user, year, client):
    client.force_login(admin_user)
    assert client.get(url(year.pk, tail)).status_code == 404
    assert not AuditEntry.objects.filter(action="export.recommendation_summary").exists()


def test_page_lists_the_districts_in_scope(alice, pat, decided, waiting_group, year, client):
    client.force_login(alice)
    rounds = client.get(f"/assessment/years/{year.pk}/").content.decode()
    assert url(year.pk, "") in rounds  # the link on the rounds page
    page = client.get(url(year.pk, "")).content.decode()
    assert url(year.pk, "5101.pdf") in page and url(year.pk, "5101.xlsx") in page
    assert "5102.pdf" not in page  # another district is not offered
    assert "อำเภอเมืองลำพูน" in page
    client.force_login(pat)
    page = client.get(url(year.pk, "")).content.decode()
    assert url(year.pk, "5101.docx") in page and url(year.pk, "5102.docx") in page


def add_units(alice, round_, count, start):
    """Accepted groups on the round, half decided; built directly (the query count is what
    this is about, not the workflow)."""
    for i in range(start, start + count):
        unit = make_unit(
            year=round_.programme_year,
            creator=alice,
            name=f"กลุ่มที่ {i}",
            status=Status.DOCUMENTS_COMPLETE,
        )
        entry = RoundUnit.objects.create(round=round_, unit=unit, order=i)
        if i % 2:
            Decision.objects.create(
                round_unit=entry,
                outcome="RECOMMEND",
                reasons="ผ่าน",
                result_percent=Decimal("70.00"),
                result_passed=True,
                from_status=Status.DOCUMENTS_COMPLETE,
                to_status=Status.RECOMMENDED,
                decided_by=alice,
            )
            unit.status = Status.RECOMMENDED
            unit.save(update_fields=["status"])


def test_queries_do_not_grow_with_units(alice, pat, district_round, year, client):
    add_units(alice, district_round, 3, 1)
    district = district_round.district

    def count(user):
        with CaptureQueriesContext(connection) as queries:
            data = recommendation_summary_data(user=user, year=year, district=district)
        return len(queries), sum(len(rows) for rows in data.units_by_type)

    few = (count(alice), count(pat))
    add_units(alice, district_round, 30, 10)
    many = (count(alice), count(pat))
    assert [q for q, _ in many] == [q for q, _ in few]
    assert [n for _, n in many] == [33, 33]
    # Units, entries, decisions, the committee; and the district head when pat downloads.
    assert [q for q, _ in few] == [4, 5]

    client.force_login(pat)
    for tail in ("5101.xlsx", ""):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(year.pk, tail)).status_code == 200
        assert len(queries) <= 14, tail


def test_document_in_arabic_digits_when_asked():
    row = UnitResultRow(
        "นายสมชาย ใจงาม", "หมู่ที่ 3 บ้านท่าขาม", "RECOMMEND", "ดี", Decimal("72.5"), True, True
    )
    data = RecommendationSummary(
        province="ลำพูน",
        district="เมืองลำพูน",
        fiscal_year=2570,
        issued_on=dt.date(2027, 5, 1),
        type_labels=TYPES,
        units_by_type=[[row], [], [], []],
        results_due=dt.date(2027, 5, 9),
        thai_numerals=False,
    )
    pdf = recommendation_summary_pdf(data)
    text = compact(pdf_text(pdf))
    assert "72.50" in text and "1พฤษภาคม2570" in text and "9พฤษภาคม2570" in text
    assert "อำเภอเมืองลำพูน" in text  # the bare name gets its prefix
    assert "หมายเหตุ" not in text

    # The office's Garuda, when it has one, stands at the top left of the memo in both formats.
    emblem = io.BytesIO()
    Image.new("RGB", (30, 36), "black").save(emblem, "PNG")
    assert pdf_image_count(pdf) == 0
    assert pdf_image_count(recommendation_summary_pdf(data, emblem=emblem.getvalue())) == 1
    word = docx.Document(io.BytesIO(recommendation_summary_docx(data, emblem=emblem.getvalue())))
    assert len(word.inline_shapes) == 1 and "บันทึกข้อความ" in word.paragraphs[0].text


def test_district_sends_its_summary_once_every_unit_is_decided(
    alice, pat, decided, waiting_group, year, client
):
    from programme.models import Deadline, DistrictReport

    client.force_login(alice)
    page = client.get(url(year.pk, "")).content.decode()
    assert "data-send-summary" in page
    response = client.post(url(year.pk, "send/"), follow=True)
    assert "ยังมีหน่วยนับที่คณะกรรมการยังไม่มีมติ 1 หน่วย" in response.content.decode()
    assert not DistrictReport.objects.exists()

    Unit.objects.filter(pk=waiting_group.pk).update(status=Status.NOT_RECOMMENDED)
    response = client.post(url(year.pk, "send/"), follow=True)
    assert "เสนอให้รับรอง 1 หน่วยนับ" in response.content.decode()
    report = DistrictReport.objects.get()
    assert (report.district_id, report.deadline, report.unit_count) == (
        "5101",
        Deadline.RESULTS_DUE,
        1,
    )
    assert AuditEntry.objects.filter(action="district_report.send").count() == 1
    # The province sees who sent, and has no button of its own.
    client.force_login(pat)
    page = client.get(url(year.pk, "")).content.decode()
    assert "ส่งแล้ว" in page and "data-send-summary" not in page
    assert client.post(url(year.pk, "send/")).status_code == 404


@pytest.mark.parametrize("persona", ["olivia", "mueang_member", "dave"])
def test_only_the_district_officer_sends_the_summary(
    persona, decided, members, year, client, request
):
    from programme.models import DistrictReport

    user = members["m1"].user if persona == "mueang_member" else request.getfixturevalue(persona)
    client.force_login(user)
    assert client.post(url(year.pk, "send/")).status_code == 404
    assert not DistrictReport.objects.exists()
