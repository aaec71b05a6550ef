"""The year-end report (docs/domain.md §4 stage 5): its figures on a small hand-made province, the
three formats read back, who may download which part, bad input, and its cost in queries."""

import datetime as dt
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import content_disposition_header

from activities.models import Activity
from activities.models import Kind as ActivityKind
from assessment.models import Decision, Outcome, Round, RoundLevel, RoundUnit
from audit.models import AuditEntry
from certification import services as certification_services
from committees import services as committee_services
from committees.models import Committee, Kind, Member
from development.models import Answer, Phase, Plan, SelfAssessment
from development.selectors import assessment_result
from documents.testing import pdf_text
from frameworks.models import Component, Framework, Indicator, Level
from geography.models import District
from registration.models import Status
from reports.selectors import year_end_report_data
from tests.factories import make_unit

BASE = "/reports/years/{}/year-end"
# Names without a tone mark over an upper vowel, which typst's text extraction doubles.
WEAVERS = "กลุ่มทอผ้าบ้านท่าขาม"
BASKETS = "กลุ่มจักสานบ้านหนองช้างคืน"
BEES = "กลุ่มเลี้ยงผึ้ง"
LEADER = "นายสมชาย ใจงาม"
VILLAGE = "ชุมชนบ้านแม่ทา"
NETWORK = "ศูนย์ประสานงานองค์กรชุมชนตำบลทาปลาดุก"


def compact(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(autouse=True)
def certificate_settings(tmp_path, settings):
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "credential-key.pem"
    settings.SITE_URL = "https://mchch.example.go.th"


@pytest.fixture
def framework(pat, year):
    """The year's group framework: components of weight 1 (indicators of weight 1 and 2) and
    3 (one indicator of weight 1), levels 1–5: full marks 1×(5+10) + 3×5 = 30."""
    framework = Framework.objects.create(
        programme_year=year,
        unit_type="GROUP",
        name="เกณฑ์กลุ่ม 2570",
        approved_at=timezone.now(),
        approved_by=pat,
    )
    first = Component.objects.create(framework=framework, order=1, name="การบริหารจัดการ")
    second = Component.objects.create(
        framework=framework, order=2, name="กิจกรรมต่อเนื่อง", weight=Decimal(3)
    )
    for component, code, weight in ((first, "1.1", 1), (first, "1.2", 2), (second, "2.1", 1)):
        indicator = Indicator.objects.create(
            component=component, order=1, code=code, text=f"ตัวบ่งชี้ {code}", weight=weight
        )
        Level.objects.bulk_create(
            Level(indicator=indicator, score=s, descriptor=f"ระดับ {s}") for s in range(1, 6)
        )
    return framework


def assess(unit, framework, phase, score, actor):
    """A finished self-assessment with the same level on every indicator."""
    assessment = SelfAssessment.objects.create(
        unit=unit,
        phase=phase,
        framework=framework,
        state=SelfAssessment.State.FINISHED,
        started_by=actor,
        finished_by=actor,
        finished_at=timezone.now(),
    )
    for indicator in Indicator.objects.filter(component__framework=framework):
        Answer.objects.create(
            assessment=assessment,
            indicator=indicator,
            level=indicator.levels.get(score=score),
            updated_by=actor,
        )
    return assessment


def developed(unit, framework, actor, before, after=None):
    """Before (and after) self-assessments and an approved plan."""
    assess(unit, framework, Phase.BEFORE, before, actor)
    Plan.objects.create(unit=unit, state=Plan.State.APPROVED)
    if after is not None:
        assess(unit, framework, Phase.AFTER, after, actor)


@pytest.fixture
def province(alice, pat, year, framework):
    """เมืองลำพูน (5101): six applicants (a draft and a withdrawn one not counted), แม่ทา (5102):
    three. Two certificates issued; the committee's 82.50 for the weavers."""
    u = {}
    u["weavers"] = make_unit(year, alice, WEAVERS, status=Status.CERTIFIED)
    u["baskets"] = make_unit(year, alice, BASKETS, status=Status.NOT_CERTIFIED)
    u["bees"] = make_unit(year, alice, BEES, status=Status.NOT_RECOMMENDED)
    u["leader"] = make_unit(year, alice, LEADER, status=Status.CERTIFIED, unit_type="LEADER")
    u["developing"] = make_unit(year, alice, "กลุ่มแปรรูปข้าว", status=Status.DOCUMENTS_COMPLETE)
    u["submitted"] = make_unit(year, alice, "กลุ่มปลูกผัก", status=Status.SUBMITTED)
    make_unit(year, alice, "กลุ่มร่าง", status=Status.DRAFT)
    make_unit(year, alice, "กลุ่มถอน", status=Status.WITHDRAWN)
    u["village"] = make_unit(
        year, alice, VILLAGE, district="5102", status=Status.CERTIFIED, unit_type="COMMUNITY"
    )
    u["network"] = make_unit(
        year, alice, NETWORK, district="5102", status=Status.RECOMMENDED, unit_type="NETWORK"
    )
    u["returned"] = make_unit(
        year,
        alice,
        "นางสาวมาลี ดีงาม",
        district="5102",
        status=Status.DOCUMENTS_RETURNED,
        unit_type="LEADER",
    )
    developed(u["weavers"], framework, alice, before=2, after=4)  # 40% → 80%
    developed(u["baskets"], framework, alice, before=3, after=3)  # 60% → 60%
    developed(u["developing"], framework, alice, before=1)  # 20%, no after yet

    def activity(district, kind, title, held_on, place, units):
        made = Activity.objects.create(
            programme_year=year,
            district_id=district,
            kind=kind,
            title=title,
            held_on=held_on,
            place=place,
            created_by=alice,
            updated_by=alice,
        )
        made.units.set(units)

    activity(
        "5101",
        ActivityKind.GROUP,
        "อบรมการทำบัญชีกลุ่ม",
        dt.date(2027, 1, 20),
        "ที่ว่าการอำเภอ",
        [u["weavers"], u["baskets"]],
    )
    activity(
        "5101",
        ActivityKind.INDIVIDUAL,
        "ติดตามการทำบัญชี",
        dt.date(2027, 2, 3),
        "บ้านท่าขาม",
        [u["weavers"]],
    )
    activity(
        "5102", ActivityKind.GROUP, "เวทีประชาคม", dt.date(2027, 2, 10), "ศาลาหมู่บ้าน", [u["village"]]
    )

    certification_services.issue_certificates(
        actor=pat, year=year, unit_ids=[u["weavers"].pk, u["village"].pk]
    )
    committee_services.committees_create_for_year(actor=pat, programme_year=year)
    committee = Committee.objects.get(programme_year=year, kind=Kind.PROVINCIAL_CERTIFICATION)
    round_ = Round.objects.create(
        programme_year=year,
        level=RoundLevel.PROVINCE,
        committee=committee,
        name="รอบจังหวัด",
        opened_by=pat,
    )
    entry = RoundUnit.objects.create(round=round_, unit=u["weavers"])
    Decision.objects.create(
        round_unit=entry,
        outcome=Outcome.CERTIFY,
        result_percent=Decimal("82.50"),
        result_passed=True,
        from_status=Status.RECOMMENDED,
        to_status=Status.CERTIFIED,
        decided_by=pat,
    )
    return u


# Stage columns: registered, accepted, before, plan, after, recommended, not recommended,
# certified, not certified.
MUEANG = [6, 5, 3, 3, 2, 3, 1, 2, 1]
MAE_THA = [3, 2, 0, 0, 0, 2, 0, 1, 0]
PROVINCE = [9, 7, 3, 3, 2, 5, 1, 3, 1]
BY_TYPE = {
    "มาตรฐานผู้นำชุมชน": [2, 1, 0, 0, 0, 1, 0, 1, 0],
    "มาตรฐานกลุ่ม/องค์กรชุมชน": [5, 4, 3, 3, 2, 2, 1, 1, 1],
    "มาตรฐานเครือข่ายองค์กรชุมชน": [1, 1, 0, 0, 0, 1, 0, 0, 0],
    "มาตรฐานชุมชน": [1, 1, 0, 0, 0, 1, 0, 1, 0],
}


# --- the figures -------------------------------------------------------------------------


def test_figures_by_type_district_and_stage(pat, year, province):
    data = year_end_report_data(user=pat, year=year, district=None)
    districts = {row.label: row.counts for row in data.by_district}
    assert len(districts) == 8  # every district of ลำพูน, those without units with zeros
    assert districts["อำเภอเมืองลำพูน"].values() == MUEANG
    assert districts["อำเภอแม่ทา"].values() == MAE_THA
    assert districts["อำเภอลี้"].values() == [0] * 9
    assert {row.label: row.counts.values() for row in data.by_type} == BY_TYPE
    assert data.total().values() == PROVINCE

    # Pass rate: certified ÷ (certified + not certified + not recommended).
    assert districts["อำเภอเมืองลำพูน"].pass_rate == Decimal("50.00")
    assert districts["อำเภอแม่ทา"].pass_rate == Decimal("100.00")
    assert districts["อำเภอแม่ทา"].awaiting == 1  # the network waits for the province
    assert districts["อำเภอลี้"].pass_rate is None
    by_type = {row.label: row.counts for row in data.by_type}
    assert by_type["มาตรฐานกลุ่ม/องค์กรชุมชน"].pass_rate == Decimal("33.33")
    assert data.total().pass_rate == Decimal("60.00")


def test_before_after_change_matches_the_scoring_module(alice, pat, year, province):
    data = year_end_report_data(user=pat, year=year, district=None)
    group = next(row for row in data.change if row.label == "มาตรฐานกลุ่ม/องค์กรชุมชน")
    # Only the two units with both assessments: (40 + 60) / 2 → (80 + 60) / 2.
    assert (group.units, group.mean_before, group.mean_after) == (
        2,
        Decimal("50.00"),
        Decimal("70.00"),
    )
    assert group.change == Decimal("20.00") and group.improved == 1
    assert all(row.units == 0 for row in data.change if row is not group)
    # The SQL arithmetic is development.scoring's (weights of components and indicators).
    weavers = province["weavers"]
    before = assessment_result(weavers.self_assessments.get(phase=Phase.BEFORE))
    after = assessment_result(weavers.self_assessments.get(phase=Phase.AFTER))
    assert (before.percent, after.percent) == (Decimal("40.00"), Decimal("80.00"))


def test_activities_and_certified_list(pat, year, province):
    data = year_end_report_data(user=pat, year=year, district=None)
    activities = {row.label: (row.group, row.individual, row.units) for row in data.activities}
    assert activities["อำเภอเมืองลำพูน"] == (1, 1, 2)
    assert activities["อำเภอแม่ทา"] == (1, 0, 1)
    certified = [
        (r.type_label, r.name, r.certificate_number, r.result_percent) for r in data.certified
    ]
    # By type (leader, group, network, community), then district and name.
    assert certified == [
        ("มาตรฐานผู้นำชุมชน", LEADER, "", None),
        ("มาตรฐานกลุ่ม/องค์กรชุมชน", WEAVERS, "1/2570", Decimal("82.50")),
        ("มาตรฐานชุมชน", VILLAGE, "2/2570", None),
    ]
    assert data.certified[1].place.endswith("อำเภอเมืองลำพูน")


def test_a_districts_part_holds_only_its_district(alice, year, province):
    data = year_end_report_data(user=alice, year=year, district=District.objects.get(pk="5101"))
    assert [row.label for row in data.by_district] == ["อำเภอเมืองลำพูน"]
    assert data.total().values() == MUEANG
    assert VILLAGE not in [r.name for r in data.certified]
    assert data.letter.salutation == "พัฒนาการจังหวัดลำพูน"  # a district reports to the province


def test_report_costs_the_same_few_queries_however_many_units(
    alice, pat, year, framework, province, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as small:
        year_end_report_data(user=pat, year=year, district=None)
    for i in range(25):
        unit = make_unit(year, alice, f"กลุ่มเพิ่ม {i}", district="5101" if i % 2 else "5102")
        developed(unit, framework, alice, before=1 + i % 3, after=2 + i % 4)
    with django_assert_max_num_queries(len(small)):
        data = year_end_report_data(user=pat, year=year, district=None)
    assert data.total().registered == 9 + 25
    assert len(small) <= 8


# --- the downloads -----------------------------------------------------------------------


def test_province_pdf_reads_back(pat, year, province, client):
    client.force_login(pat)
    response = client.get(f"{BASE.format(year.pk)}/province.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == content_disposition_header(
        True, "รายงานผลการดำเนินงานประจำปี-2570-ลำพูน.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    text = compact(pdf_text(response.content))
    assert "รายงานผลการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน(มชช.)" in text  # the title
    assert "เรียนอธิบดีกรมการพัฒนาชุมชน" in text  # the letter to the department
    assert "ประจำปีพ.ศ.๒๕๗๐" in text
    # The district row by stage: ๖ ๕ ๓ ๓ ๒ ๓ ๑ ๒ ๑; then its pass rate row: ๔ ๒ ๒ ๐ ๕๐.๐๐.
    assert "อำเภอเมืองลำพูน๖๕๓๓๒๓๑๒๑" in text
    assert "อำเภอเมืองลำพูน๔๒๒๐๕๐.๐๐" in text
    assert "รวม๕๓๒๑๖๐.๐๐" in text  # the province's pass rate: 3 of 5
    assert "ร้อยละ๖๐.๐๐" in text  # and in the letter's words
    assert "กลุ่มทอผ" in text and "๑/๒๕๗๐" in text and "๘๒.๕๐" in text  # a certified unit
    assert "ยังไม่ออกประกาศนียบัตร" in text  # the leader without a certificate yet


def test_arabic_digits_and_the_letters_lines_from_the_form(pat, year, province, client):
    client.force_login(pat)
    response = client.get(
        f"{BASE.format(year.pk)}/province.pdf",
        {
            "letter": "1",
            "reference": "ลพ 0019.3/777",
            "issued_on": "09/05/2570",
            "signer_name": "นางบำเพ็ญ เมืองมูล",
            "signer_position": "พัฒนาการจังหวัดลำพูน",
            "on_behalf_of": "ผู้ว่าราชการจังหวัดลำพูน",
            "salutation": "อธิบดีกรมการพัฒนาชุมชน",
        },
    )
    assert response.status_code == 200
    text = compact(pdf_text(response.content))
    assert "อำเภอเมืองลำพูน653323121" in text  # thai_numerals unticked
    assert "ลพ0019.3/777" in text
    assert "9พฤษภาคม2570" in text
    assert "เมืองมูล" in text


def test_word_and_excel_have_the_same_figures(pat, year, province, client):
    client.force_login(pat)
    base = BASE.format(year.pk)

    document = docx.Document(io.BytesIO(client.get(f"{base}/province.docx").content))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    # The district's row by stage and its pass-rate row; the groups' change before → after.
    assert ["อำเภอเมืองลำพูน", *(str(v).translate(thai) for v in MUEANG)] in rows
    assert ["อำเภอเมืองลำพูน", "๔", "๒", "๒", "๐", "๕๐.๐๐"] in rows
    assert ["มาตรฐานกลุ่ม/องค์กรชุมชน", "๒", "๕๐.๐๐", "๗๐.๐๐", "+๒๐.๐๐", "๑"] in rows
    assert [r[:3] for r in rows if WEAVERS in r] == [["๒", "กลุ่ม/องค์กรชุมชน", WEAVERS]]
    assert [r[4] for r in rows if WEAVERS in r] == ["๑/๒๕๗๐"]
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "อธิบดีกรมการพัฒนาชุมชน" in paragraphs and "ขอแสดงความนับถือ" in paragraphs

    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/province.xlsx").content))
    assert book.sheetnames == [
        "ตามขั้นตอน-ประเภท",
        "ตามขั้นตอน-อำเภอ",
        "อัตราการผ่าน",
        "ก่อน-หลังการพัฒนา",
        "กิจกรรม",
        "ผู้ผ่านการรับรอง",
        "มติต่างจากผลคะแนน",
    ]

    def rows_of(sheet):
        return {
            row[0]: list(row[1:])
            for row in book[sheet].iter_rows(values_only=True)
            if row[0] is not None
        }

    by_type = rows_of("ตามขั้นตอน-ประเภท")
    for label, values in BY_TYPE.items():
        assert by_type[label] == values
    assert by_type["รวม"] == PROVINCE
    by_district = rows_of("ตามขั้นตอน-อำเภอ")
    assert by_district["อำเภอเมืองลำพูน"] == MUEANG
    assert by_district["อำเภอแม่ทา"] == MAE_THA
    assert by_district["อำเภอลี้"] == [0] * 9
    passes = rows_of("อัตราการผ่าน")
    assert passes["อำเภอเมืองลำพูน"][:5] == [4, 2, 2, 0, 50.0]
    assert passes["อำเภอแม่ทา"][:5] == [1, 1, 0, 1, 100.0]
    assert passes["อำเภอลี้"][:5] == [0, 0, 0, 0, None]
    change = rows_of("ก่อน-หลังการพัฒนา")
    assert change["มาตรฐานกลุ่ม/องค์กรชุมชน"][:5] == [2, 50.0, 70.0, 20.0, 1]
    assert change["มาตรฐานผู้นำชุมชน"][:5] == [0, None, None, None, 0]
    activities = rows_of("กิจกรรม")
    assert activities["อำเภอเมืองลำพูน"][:3] == [1, 1, 2]
    assert activities["รวม"][:3] == [2, 1, 3]
    certified = [
        row[:6] for row in book["ผู้ผ่านการรับรอง"].iter_rows(values_only=True) if row[0] in (1, 2, 3)
    ]
    assert [(r[1], r[2], r[4], r[5]) for r in certified] == [
        ("มาตรฐานผู้นำชุมชน", LEADER, "ยังไม่ออกประกาศนียบัตร", None),
        ("มาตรฐานกลุ่ม/องค์กรชุมชน", WEAVERS, "1/2570", 82.5),
        ("มาตรฐานชุมชน", VILLAGE, "2/2570", None),
    ]


# --- decisions that depart from the scores (issue 11, finding 7) ----------------------


OVERRIDE_REASON = "ผลงานเด่นชัดในพื้นที่แม้คะแนนต่ำกว่าเกณฑ์"


@pytest.fixture
def overrides(alice, pat, year, province):
    """The village certified against failing scores (standing), the leader's district
    recommendation against no scores taken back (reopened, not counted), and the weavers'
    decision that followed the scores (no override)."""
    round_ = Round.objects.get(name="รอบจังหวัด")
    entry = RoundUnit.objects.create(round=round_, unit=province["village"])
    standing = Decision.objects.create(
        round_unit=entry,
        outcome=Outcome.CERTIFY,
        reasons=OVERRIDE_REASON,
        result_percent=Decimal("45.00"),
        result_passed=False,
        from_status=Status.RECOMMENDED,
        to_status=Status.CERTIFIED,
        decided_by=pat,
        is_override=True,
    )
    committee = Committee.objects.get(programme_year=year, district_id="5101")
    district_round = Round.objects.create(
        programme_year=year,
        level=RoundLevel.DISTRICT,
        district_id="5101",
        committee=committee,
        name="รอบอำเภอ",
        opened_by=alice,
    )
    Decision.objects.create(
        round_unit=RoundUnit.objects.create(round=district_round, unit=province["leader"]),
        outcome=Outcome.RECOMMEND,
        reasons="ทบทวนแล้ว",
        from_status=Status.DOCUMENTS_COMPLETE,
        to_status=Status.RECOMMENDED,
        decided_by=alice,
        is_override=True,
        reopened_at=timezone.now(),
        reopened_by=alice,
        reopen_reason="ต้องให้กรรมการให้คะแนนก่อน",
    )
    return standing


def test_overrides_are_counted_and_listed_in_the_data_and_every_format(
    pat, year, province, overrides, client
):
    data = year_end_report_data(user=pat, year=year, district=None)
    assert [(r.name, r.level_label, r.outcome_label, r.reason) for r in data.overrides] == [
        (VILLAGE, "ระดับจังหวัด", "รับรองมาตรฐาน", OVERRIDE_REASON)
    ]
    assert data.overrides[0].result_percent == Decimal("45.00")
    assert data.overrides[0].decided_by == pat.full_name
    district = province["village"].district.display_name
    assert data.override_counts() == {"district": {district: 1}, "type": {"มาตรฐานชุมชน": 1}}
    # The village's district's part holds it; another district's part does not.
    mae_tha, mueang = District.objects.get(pk="5102"), District.objects.get(pk="5101")
    assert len(year_end_report_data(user=pat, year=year, district=mae_tha).overrides) == 1
    assert year_end_report_data(user=pat, year=year, district=mueang).overrides == []

    base = BASE.format(year.pk)
    client.force_login(pat)
    text = compact(pdf_text(client.get(f"{base}/province.pdf").content))
    assert "มติที่ต่างจากผลคะแนนจำนวน๑มติ" in text
    assert compact(OVERRIDE_REASON) in text and "๔๕.๐๐" in text
    assert "มติที่ต่างจากผลคะแนนของกรรมการ๑มติ" in text  # the letter says so too
    document = docx.Document(io.BytesIO(client.get(f"{base}/province.docx").content))
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert [r[2] for r in rows if OVERRIDE_REASON in r] == [VILLAGE]
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/province.xlsx").content))
    listed = [row for row in book["มติต่างจากผลคะแนน"].iter_rows(values_only=True) if row[0] == 1]
    assert [(r[2], r[4], r[6], r[8]) for r in listed] == [
        (VILLAGE, "ระดับจังหวัด", 45.0, OVERRIDE_REASON)
    ]


def test_district_downloads_its_own_part(alice, dave, year, province, client):
    client.force_login(alice)
    base = BASE.format(year.pk)
    response = client.get(f"{base}/5101.pdf")
    assert response.status_code == 200
    text = compact(pdf_text(response.content))
    assert "เรียนพัฒนาการจังหวัดลำพูน" in text
    assert "อำเภอเมืองลำพูนจังหวัดลำพูน" in text
    assert "กลุ่มทอผ" in text and "แม่ทา" not in text  # nothing of another district
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"{base}/5101.xlsx").content))
    assert "ตามขั้นตอน-อำเภอ" not in book.sheetnames  # one district: no table by district
    assert [row[0] for row in book["ผู้ผ่านการรับรอง"].iter_rows(values_only=True)][-2:] == [1, 2]
    # The district's page is where the province page sends district staff.
    assert client.get(f"{base}/").url == f"{base}/5101/"
    page = client.get(f"{base}/5101/")
    assert page.status_code == 200 and "อำเภอเมืองลำพูน" in page.content.decode()
    # The page counts the certified units (from the stage counts, without the list).
    assert "ผ่านการรับรองมาตรฐาน 2 หน่วยนับ" in page.content.decode()
    client.force_login(dave)  # a community developer of the district too
    response = client.get(f"{base}/5101.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == content_disposition_header(
        True, "รายงานผลการดำเนินงานประจำปี-2570-อำเภอเมืองลำพูน.docx"
    )
    entries = AuditEntry.objects.filter(action="export.year_end_report", district_id="5101")
    assert [e.changes["format"] for e in entries.order_by("pk")] == ["pdf", "xlsx", "docx"]


def test_province_and_department_reach_every_part(pat, admin_user, year, province, client):
    base = BASE.format(year.pk)
    for user in (pat, admin_user):
        client.force_login(user)
        for url in (f"{base}/", f"{base}/5102/", f"{base}/province.xlsx", f"{base}/5102.docx"):
            assert client.get(url).status_code == 200, (user, url)
    page = client.get(f"{base}/").content.decode()
    assert "อธิบดีกรมการพัฒนาชุมชน" in page  # the letter form's default salutation
    entry = AuditEntry.objects.filter(action="export.year_end_report").latest("pk")
    assert entry.actor == admin_user and entry.changes == {"format": "docx", "district": "5102"}


def test_outsiders_get_404_and_nothing_is_logged(charlie, olivia, pat, year, province, client):
    base = BASE.format(year.pk)
    client.force_login(charlie)
    for fmt in ("pdf", "docx", "xlsx"):
        assert client.get(f"{base}/province.{fmt}").status_code == 404  # no province report
        assert client.get(f"{base}/5101.{fmt}").status_code == 404  # another district
    assert client.get(f"{base}/5101/").status_code == 404
    client.force_login(olivia)
    for url in (f"{base}/", f"{base}/5101/", f"{base}/province.pdf", f"{base}/5101.xlsx"):
        assert client.get(url).status_code == 404, url
    # A member of the provincial certification committee reads the year, not the report.
    member = Member.objects.filter(
        committee__programme_year=year, committee__kind=Kind.PROVINCIAL_CERTIFICATION
    ).first()
    assert member is not None
    account, _password = committee_services.member_account_create(
        actor=pat, member=member, username="member1"
    )
    client.force_login(account)
    for url in (f"{base}/", f"{base}/province.pdf", f"{base}/5101.pdf"):
        assert client.get(url).status_code == 404, url
    assert not AuditEntry.objects.filter(action="export.year_end_report").exists()
    client.logout()
    assert client.get(f"{base}/province.pdf").status_code == 302  # to the login page


def test_bad_format_or_district_is_404(pat, year, province, client):
    client.force_login(pat)
    base = BASE.format(year.pk)
    for url in (
        f"{base}/province.html",
        f"{base}/province.PDF",
        f"{base}/5101.csv",
        f"{base}/9999.pdf",  # no such district
        f"{base}/5001.pdf",  # a district of another province
        "/reports/years/999999/year-end/province.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert not AuditEntry.objects.filter(action="export.year_end_report").exists()


def test_bad_letter_input_is_a_thai_message_and_nothing_is_produced(pat, year, province, client):
    client.force_login(pat)
    response = client.get(
        f"{BASE.format(year.pk)}/province.pdf",
        {"letter": "1", "office": "\n".join(["บรรทัด"] * 6), "issued_on": "31/02/2570"},
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert "กรุณากรอกไม่เกิน 4 บรรทัด" in page
    assert "กรุณากรอกวันที่" in page
    assert not AuditEntry.objects.filter(action="export.year_end_report").exists()


def test_year_status_links_to_the_report(pat, year, client):
    client.force_login(pat)
    page = client.get(f"/programme/{year.pk}/").content.decode()
    assert f"/reports/years/{year.pk}/year-end/" in page
