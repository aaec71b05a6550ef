"""The self-development plans report to the province: its three formats, who may download it,
sending it, and what it costs in queries."""

import datetime as dt
import io
import re

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from core.once import new_form_token
from development import services
from development.models import Phase, Plan, PlanItem
from development.plans_report import plans_report_data
from documents.plans_report import (
    DistrictPlans,
    PlanItemRow,
    PlansReport,
    UnitPlanRow,
    plans_report_pdf,
    short_text,
)
from documents.testing import pdf_text
from frameworks.models import Indicator
from programme.models import Deadline, DistrictReport
from tests.conftest import (
    approved_copy,
    complete_documents,
    group_data,
    make_framework,
    new_unit,
)

KNOWLEDGE = "การบันทึกบัญชีครัวเรือน"
TYPES = ["มาตรฐานผู้นำชุมชน", "มาตรฐานกลุ่ม/องค์กรชุมชน", "มาตรฐานเครือข่ายองค์กรชุมชน", "มาตรฐานชุมชน"]


def compact(text: str) -> str:
    return "".join(text.split())


@pytest.fixture
def framework(pat, year):
    """The year's approved leader framework: three indicators of five levels."""
    return approved_copy(pat, year, make_framework(["ภูมิรู้"], text="ตัวบ่งชี้ทดสอบข้อ {i}"))


@pytest.fixture
def planned(alice, dave, framework, leader):
    """dave's leader with a finished before-assessment (level 2 everywhere) and one plan item."""
    leader.responsible_developer = dave
    leader.save()
    unit = complete_documents(leader, alice, reviewer=alice)
    indicators = list(Indicator.objects.filter(component__framework=framework))
    answers: dict[int, tuple[int | None, str]] = {
        i.pk: (i.levels.get(score=2).pk, "") for i in indicators
    }
    services.self_assessment_save(
        actor=alice, unit=unit, phase=Phase.BEFORE, answers=answers, finish=True
    )
    services.plan_item_add(
        once=new_form_token(),
        actor=alice,
        unit=unit,
        indicator_id=indicators[1].pk,
        values={
            "knowledge": KNOWLEDGE,
            "method": "อบรมร่วมกับผู้นำ อช. ทั้งอำเภอ",
            "starts_on": dt.date(2027, 1, 10),
            "ends_on": dt.date(2027, 2, 28),
            "resource": "ปราชญ์ชาวบ้าน",
            "local_wisdom": True,
            "evidence": "สมุดบัญชีครัวเรือน",
            "target_score": 4,
        },
    )
    return unit


def approve(unit, alice, dave):
    services.plan_submit(actor=alice, unit=unit)
    services.plan_review(actor=dave, unit=unit, approve=True, comment="เห็นชอบ")


@pytest.fixture
def group(alice, year, village):
    unit = new_unit(alice, year, "GROUP", group_data(village))
    return complete_documents(unit, alice, reviewer=alice)


def word_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def sheet_values(content: bytes) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_district_report_in_three_formats(alice, dave, planned, group, year, client):
    approve(planned, alice, dave)
    client.force_login(alice)
    base = f"/development/years/{year.pk}/plans-report/5101"

    response = client.get(f"{base}.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    text = compact(pdf_text(response.content))
    assert "อำเภอเมืองลำพูน" in text
    assert "นายสมชายใจงาม" in text
    assert KNOWLEDGE in text
    assert "๑๐ม.ค.๒๕๗๐" in text and "๒๘ก.พ.๒๕๗๐" in text  # the period, Buddhist era, Thai digits
    assert "ประจำปีพ.ศ.๒๕๗๐" in text
    assert "ปราชญ์ชาวบ้าน(ภูมิปัญญา" in text  # the resource person is local wisdom
    assert "โดยDaveทดสอบ" in text  # who approved the plan
    assert group.name in text and "ยังไม่มีแผน" in text  # the group has no plan

    word = word_text(client.get(f"{base}.docx").content)
    assert KNOWLEDGE in word and "นายสมชาย ใจงาม" in word and "ยังไม่มีแผน" in word

    values = sheet_values(client.get(f"{base}.xlsx").content)
    assert KNOWLEDGE in values and "นายสมชาย ใจงาม" in values
    # 10 ม.ค. 2570 is a date cell, shown in the Buddhist era by its number format; local wisdom
    # is flagged.
    assert "2027-01-10 00:00:00" in values and "ใช่" in values
    assert group.name in values and "ยังไม่มีแผน" in values  # one row for a unit without a plan

    exports = AuditEntry.objects.filter(action="export.plans_report", district_id="5101")
    assert sorted(exports.values_list("changes__format", flat=True)) == ["docx", "pdf", "xlsx"]
    assert {e.actor_id for e in exports} == {alice.pk}


def test_pending_plan_is_counted_apart_from_approved(alice, planned, group, year):
    data = plans_report_data(user=alice, year=year, district=planned.district)
    assert data.summary_counts()[0] == ("มาตรฐานผู้นำชุมชน", [1, 0, 1, 0])  # drafted, not approved
    assert data.summary_counts()[1] == ("มาตรฐานกลุ่ม/องค์กรชุมชน", [1, 0, 0, 1])
    assert data.summary_counts()[-1] == ("รวม", [2, 0, 1, 1])


def test_province_report_lists_every_district(alice, dave, pat, planned, year, client):
    approve(planned, alice, dave)
    client.force_login(pat)
    response = client.get(f"/development/years/{year.pk}/plans-report/province.pdf")
    assert response.status_code == 200
    text = compact(pdf_text(response.content))
    assert "จังหวัดลำพูน" in text and "สรุปรายอำเภอ" in text
    assert "อำเภอเมืองลำพูน" in text and "อำเภอแม่ทา" in text  # แม่ทา: no units, zeros
    assert KNOWLEDGE in text
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/development/years/{year.pk}/plans-report/province.xlsx").content)
    ).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    item_row = next(row for row in rows if KNOWLEDGE in row)
    assert "อำเภอเมืองลำพูน" in item_row and "เห็นชอบแล้ว" in item_row
    assert AuditEntry.objects.filter(
        action="export.plans_report", changes__district="province", actor=pat
    ).exists()


def district_urls(year_id):
    base = f"/development/years/{year_id}/plans-report"
    return [f"{base}/5101.pdf", f"{base}/5101.docx", f"{base}/5101.xlsx"]


@pytest.mark.parametrize("persona", ["charlie", "olivia"])
def test_outsiders_get_404_and_nothing_changes(persona, planned, year, client, request):
    client.force_login(request.getfixturevalue(persona))
    before = AuditEntry.objects.count()
    for url in district_urls(year.pk):
        assert client.get(url).status_code == 404, url
    if persona == "olivia":
        province = f"/development/years/{year.pk}/plans-report/province.pdf"
        assert client.get(province).status_code == 404
        assert client.post(f"/development/years/{year.pk}/plans-report/send/").status_code == 404
    assert AuditEntry.objects.count() == before
    assert not DistrictReport.objects.exists()


def test_who_reaches_which_report(alice, dave, pat, admin_user, planned, year, client):
    province = f"/development/years/{year.pk}/plans-report/province.pdf"
    for user in (alice, dave):
        client.force_login(user)
        assert client.get(province).status_code == 404  # a district sees its own district only
        assert client.get(district_urls(year.pk)[2]).status_code == 200
    for user in (pat, admin_user):
        client.force_login(user)
        assert client.get(province).status_code == 200
        assert client.get(district_urls(year.pk)[2]).status_code == 200


@pytest.mark.parametrize(
    "tail",
    ["5101.html", "5101.", "9999.pdf", "5001.pdf", "province.exe", "../5101.pdf", "๕๑๐๑.pdf"],
)
def test_bad_addresses_are_404(tail, admin_user, year, client):
    client.force_login(admin_user)
    assert client.get(f"/development/years/{year.pk}/plans-report/{tail}").status_code == 404
    assert not AuditEntry.objects.filter(action="export.plans_report").exists()


def test_send_records_the_report_and_the_province_sees_it(alice, dave, pat, planned, year, client):
    client.force_login(alice)
    send = f"/development/years/{year.pk}/plans-report/send/"
    # Nothing approved yet: nothing is recorded.
    body = client.post(send, follow=True).content.decode()
    assert "ยังไม่มีแผนพัฒนาตนเองที่เห็นชอบแล้ว" in body
    assert not DistrictReport.objects.exists()
    assert client.get(send).status_code == 405

    approve(planned, alice, dave)
    response = client.post(send)
    assert response.status_code == 302
    assert response["Location"] == f"/development/years/{year.pk}/progress/"
    report = DistrictReport.objects.get()
    assert (report.district_id, report.deadline, report.unit_count) == (
        "5101",
        Deadline.PLANS_DUE,
        1,
    )
    assert not report.late
    page = client.get(f"/development/years/{year.pk}/progress/").content.decode()
    assert "ส่งจังหวัดแล้ว" in page and "ส่งแผนพัฒนาตนเองฉบับปรับปรุงถึงจังหวัด" in page
    assert "ล่าช้า" not in page

    client.force_login(pat)
    status = client.get(f"/programme/{year.pk}/").content.decode()
    row = next(r for r in re.findall(r"<tr>.*?</tr>", status, re.S) if "ส่งแผนพัฒนาตนเองถึงจังหวัด" in r)
    assert "ส่งแล้ว 1 อำเภอ" in row and "อำเภอเมืองลำพูน" in row


def test_a_late_report_shows_late(alice, dave, pat, planned, year, client):
    approve(planned, alice, dave)
    year.plans_due = dt.date(2026, 11, 1)
    year.save()
    client.force_login(alice)
    client.post(f"/development/years/{year.pk}/plans-report/send/")
    assert DistrictReport.objects.get().late
    page = client.get(f"/development/years/{year.pk}/progress/").content.decode()
    assert "ล่าช้า" in page
    client.force_login(pat)
    status = client.get(f"/programme/{year.pk}/").content.decode()
    assert "อำเภอเมืองลำพูน (ส่งล่าช้า)" in status


def test_only_the_district_officer_sends(dave, pat, admin_user, planned, year, client):
    for user in (dave, pat, admin_user):
        client.force_login(user)
        assert client.post(f"/development/years/{year.pk}/plans-report/send/").status_code == 404
    assert not DistrictReport.objects.exists()


def test_progress_page_shows_the_panel_by_role(alice, dave, pat, planned, year, client):
    progress = f"/development/years/{year.pk}/progress/"
    client.force_login(alice)
    page = client.get(progress).content.decode()
    assert f"/development/years/{year.pk}/plans-report/5101.pdf" in page
    assert "plans-report/send/" in page and "plans-report/province" not in page
    client.force_login(dave)
    page = client.get(progress).content.decode()
    assert "plans-report/5101.xlsx" in page and "plans-report/send/" not in page
    client.force_login(pat)
    page = client.get(progress).content.decode()
    assert "plans-report/province.pdf" in page and "plans-report/send/" not in page
    assert "plans-report/5102.pdf" in page  # and each district's


def add_group_with_plan(alice, dave, year, village, name, indicator):
    unit = new_unit(alice, year, "GROUP", group_data(village, name=name))
    complete_documents(unit, alice, reviewer=alice)
    # Built directly: the query count of the report is what this is about, not the workflow.
    plan = Plan.objects.create(unit=unit, state=Plan.State.APPROVED)
    plan.reviews.create(from_state="SUBMITTED", to_state="APPROVED", actor=dave)
    for order in (1, 2):
        PlanItem.objects.create(
            plan=plan,
            indicator=indicator,
            knowledge=f"{name} {order}",
            method="ศึกษาดูงาน",
            starts_on=dt.date(2027, 1, 1),
            ends_on=dt.date(2027, 1, 31),
            evidence="ภาพถ่าย",
            target_score=3,
            order=order,
        )


def test_queries_do_not_grow_with_units(alice, dave, pat, planned, year, village, client):
    indicator = Indicator.objects.filter(component__framework__programme_year=year).first()
    add_group_with_plan(alice, dave, year, village, "กลุ่มสตรีบ้านท่าขาม", indicator)

    district = planned.district

    def count(user):
        with CaptureQueriesContext(connection) as queries:
            plans_report_data(user=user, year=year, district=None if user == pat else district)
        return len(queries)

    few = (count(alice), count(pat))
    for name in ("กลุ่มทอผ้าบ้านท่าขาม", "กลุ่มจักสานบ้านท่าขาม", "กลุ่มเลี้ยงผึ้งบ้านท่าขาม"):
        add_group_with_plan(alice, dave, year, village, name, indicator)
    assert (count(alice), count(pat)) == few
    assert few == (3, 4)  # units, plan items, approvals; and the province's districts

    client.force_login(alice)
    url = f"/development/years/{year.pk}/plans-report/5101.xlsx"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert len(queries) <= 12


def test_document_marks_local_wisdom_and_shortens_long_indicators():
    long_text = "แสวงหาความรู้และพัฒนาตนเองอย่างต่อเนื่อง โดยเข้ารับการอบรม ศึกษาดูงาน และถ่ายทอดความรู้ให้ผู้อื่นในชุมชนอย่างสม่ำเสมอ"
    assert short_text(long_text).endswith("…") and len(short_text(long_text)) <= 71
    assert short_text("สั้น") == "สั้น"
    item = PlanItemRow(
        "1.2", long_text, KNOWLEDGE, "อบรม", dt.date(2027, 1, 10), dt.date(2027, 2, 28),
        "", True, "ภาพถ่าย", 4, "ยังไม่เริ่ม",
    )  # fmt: skip
    unit = UnitPlanRow(
        "นายสมชาย ใจงาม", "หมู่ที่ 3 บ้านท่าขาม", "", "อำเภอเมืองลำพูน", "เห็นชอบแล้ว", True,
        items=[item],
    )  # fmt: skip
    data = PlansReport(
        province="ลำพูน",
        district="เมืองลำพูน",
        fiscal_year=2570,
        issued_on=dt.date(2027, 2, 1),
        office="",
        type_labels=TYPES,
        districts=[DistrictPlans("อำเภอเมืองลำพูน", [[unit], [], [], []])],
        thai_numerals=False,
    )
    assert data.item_cells(1, item)[5] == "(ภูมิปัญญาท้องถิ่น)"
    text = compact(pdf_text(plans_report_pdf(data)))
    assert "10ม.ค.2570" in text and "ประจำปีพ.ศ.2570" in text  # Arabic digits when asked
    assert "-ไม่มีหน่วยนับ-" in text  # the empty types are listed too
