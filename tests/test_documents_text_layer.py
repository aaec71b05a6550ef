"""Every PDF the system makes reads back, with poppler's pdftotext (the reader e-Saraban
archives and most Linux tools use), as the words it prints, with no cluster doubled and no space
inside a word; the body text prints the size of TH Sarabun New 16 pt (docs/documents.md "Font",
"Text layer").

No database: each document is rendered from plain data like its domain gathers.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import io
import re
import shutil
import struct
import subprocess
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from PIL import Image

from documents import announcement as ann
from documents import certificate as cert
from documents import committee_order as order
from documents import development_record as record
from documents import photo_dossier as dossier
from documents import plans_report as plans
from documents import recommendation_summary as summary
from documents import render
from documents import subject_access as access
from documents import year_end_report as yer
from documents.applicant_list import ApplicantList, ApplicantRow, applicant_list_pdf
from documents.application_form import ApplicationForm, application_form_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

TYPES = ["มาตรฐานผู้นำชุมชน", "มาตรฐานกลุ่ม/องค์กรชุมชน", "มาตรฐานเครือข่ายองค์กรชุมชน", "มาตรฐานชุมชน"]
DAY = dt.date(2026, 12, 3)
AT = dt.datetime(2026, 12, 3, 10, 30, tzinfo=dt.UTC)
# Words whose clusters typst 0.15 wrote so that readers doubled them or broke them with a space
# ("คำสั่สั่ง", "ศักดิ์ ดิ์", "เป็ น"): every sample carries some of them.
HARD = "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป ผู้ช่วยเลขานุการ ฝึกอบรม ฟื้นฟู ศักดิ์สิทธิ์ ปั่นป่วน"


def pdftotext(pdf: bytes, *options: str) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 160, 90)).save(buffer, "JPEG")
    return buffer.getvalue()


def _order() -> bytes:
    members = [
        order.OrderMember(f"ตำแหน่งที่ {i} ผู้ช่วยเลขานุการ", "สำนักงานพัฒนาชุมชนจังหวัดลำพูน", "กรรมการ")
        for i in range(1, 12)
    ]
    data = order.CommitteeOrder(
        issuing_office="จังหวัดลำพูน",
        number=12,
        year_be=2570,
        subject="แต่งตั้งคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน",
        reason=f"เพื่อให้การดำเนินงาน {HARD}",
        authority="จึงแต่งตั้งคณะกรรมการ ดังนี้",
        members=members,
        duties=[f"หน้าที่ข้อ {i} {HARD}" for i in range(1, 6)],
        signed_on=DAY,
        signer_name="นายวรพจน์ แววสิงห์งาม",
        signer_position="รองผู้ว่าราชการจังหวัด",
        on_behalf_of="ผู้ว่าราชการจังหวัดลำพูน",
    )
    return order.committee_order_pdf(data)


def _announcement() -> bytes:
    units = [
        ann.AnnouncedUnit(f"นายสมชาย ใจงาม {i}", ["หมู่ที่ 3 บ้านท่าขาม", "ตำบลบ้านกลาง"])
        for i in range(8)
    ]
    data = ann.Announcement(
        issuing_office="จังหวัดลำพูน",
        subject=f"ผลการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี 2570 {HARD}",
        fiscal_year=2570,
        committee="คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน",
        groups=[ann.TypeGroup(TYPES[0], "คน", [ann.DistrictGroup("อำเภอเมืองลำพูน", units)])],
        assessed_from=DAY,
        assessed_to=DAY,
        announced_on=DAY,
        signer_name="นายวรพจน์ แววสิงห์งาม",
        signer_position="ผู้ว่าราชการจังหวัดลำพูน",
    )
    return ann.announcement_pdf(data)


def _certificate() -> bytes:
    return cert.certificate_pdf(
        cert.CertificateData(
            province="ลำพูน",
            unit_name="นางสาวศักดิ์สิทธิ์ ฟื้นฟู",
            place="อำเภอเมืองลำพูน",
            standard=TYPES[0],
            fiscal_year=2570,
            issued_on=DAY,
            number="ลพ 12/2570",
            code="ABCDE12345",
            verify_url="https://example.org/verify/ABCDE12345",
            signers=[cert.Signer("นายวรพจน์ แววสิงห์งาม", "ผู้ว่าราชการจังหวัดลำพูน")],
        )
    )


def _year_end() -> bytes:
    counts = yer.StageCounts(registered=5, accepted=4, before_done=4, plan_approved=3)
    data = yer.YearEndReport(
        province="ลำพูน",
        district=None,
        fiscal_year=2570,
        issued_on=DAY,
        letter=yer.Letter(
            reference="ลพ 0019.3/",
            office_lines=["ศาลากลางจังหวัดลำพูน", "ถนนอินทยงยศ ลพ 51000"],
            salutation="อธิบดีกรมการพัฒนาชุมชน",
            refer_to=HARD,
            signer_name="นายวรพจน์ แววสิงห์งาม",
            signer_position="ผู้ว่าราชการจังหวัดลำพูน",
            contact_lines=["สำนักงานพัฒนาชุมชนจังหวัด", "โทร 0-5351-1234"],
        ),
        type_labels=TYPES,
        by_type=[yer.CountRow(label, counts) for label in TYPES],
        by_district=[yer.CountRow("อำเภอเมืองลำพูน", counts)],
        change=[yer.ChangeRow(label, 2, 120.0, 160.0, 2) for label in TYPES],
        activities=[yer.ActivityRow("อำเภอเมืองลำพูน", 2, 3, 4)],
        certified=[
            yer.CertifiedRow(
                TYPES[0], "นายสมชาย ใจงาม", "ตำบลบ้านกลาง", "ลพ 1/2570", Decimal("82.50")
            )
        ],
    )
    return yer.year_end_report_pdf(data)


def _summary() -> bytes:
    rows = [
        summary.UnitResultRow(
            "นายสมชาย ใจงาม", "ตำบลบ้านกลาง", "RECOMMEND", HARD, Decimal("80"), True, True, DAY
        )
    ]
    data = summary.RecommendationSummary(
        province="ลำพูน",
        district="อำเภอเมืองลำพูน",
        fiscal_year=2570,
        issued_on=DAY,
        type_labels=TYPES,
        units_by_type=[rows, [], [], []],
        committee="คณะกรรมการตรวจประเมินอำเภอเมืองลำพูน",
        signer_name="นายกมล ใจดี",
        signer_position="พัฒนาการอำเภอเมืองลำพูน",
    )
    return summary.recommendation_summary_pdf(data)


def _applicant_list() -> bytes:
    row = ApplicantRow(
        "นายสมชาย ใจงาม",
        "3-1006-XXXXX-XX-5",
        HARD,
        "",
        "นายกมล ใจดี",
        "เอกสารครบถ้วน",
        "อำเภอเมืองลำพูน",
    )
    data = ApplicantList(
        province="ลำพูน",
        district="อำเภอเมืองลำพูน",
        fiscal_year=2570,
        issued_on=DAY,
        office="สำนักงานพัฒนาชุมชนอำเภอเมืองลำพูน",
        sections=[(TYPES[0], [row]), (TYPES[1], []), (TYPES[2], []), (TYPES[3], [])],
        signer_name="นายกมล ใจดี",
        signer_position="พัฒนาการอำเภอเมืองลำพูน",
    )
    return applicant_list_pdf(data)


def _application_form() -> bytes:
    return application_form_pdf(
        ApplicationForm(
            unit_type="LEADER",
            type_label=TYPES[0],
            fiscal_year=2570,
            province="ลำพูน",
            district="เมืองลำพูน",
            subdistrict="บ้านกลาง",
            village="หมู่ที่ 3 บ้านท่าขาม",
            fields=[("ชื่อ-สกุล", "นายสมชาย ใจงาม"), ("ผลงาน", HARD)],
            team=[],
            advisers=[],
            member_organisations=[],
            applicant_signature_label="ผู้สมัคร",
        )
    )


def _plans_report() -> bytes:
    item = plans.PlanItemRow(
        "1.1", "ตัวชี้วัด", HARD, "ฝึกอบรม", DAY, DAY, "งบประมาณ", True, "ภาพถ่าย", 3, "ดำเนินการแล้ว"
    )
    unit = plans.UnitPlanRow(
        "นายสมชาย ใจงาม",
        "ตำบลบ้านกลาง",
        "นายกมล ใจดี",
        "อำเภอเมืองลำพูน",
        "เห็นชอบแล้ว",
        True,
        "นายกมล ใจดี",
        DAY,
        [item],
    )
    data = plans.PlansReport(
        province="ลำพูน",
        district="อำเภอเมืองลำพูน",
        fiscal_year=2570,
        issued_on=DAY,
        office="สำนักงานพัฒนาชุมชนอำเภอเมืองลำพูน",
        type_labels=TYPES,
        districts=[plans.DistrictPlans("อำเภอเมืองลำพูน", [[unit], [], [], []])],
        signer_name="นายกมล ใจดี",
        signer_position="พัฒนาการอำเภอเมืองลำพูน",
    )
    return plans.plans_report_pdf(data)


def _development_record() -> bytes:
    indicator = record.RecordIndicator("1.1", HARD, 5, 2, 4, ["เกณฑ์ย่อย"])
    component = record.RecordComponent(
        "ด้านการพัฒนาตนเอง", Decimal(5), Decimal(40), Decimal(80), [indicator]
    )
    assessed = record.Assessed(DAY, "นายกมล ใจดี", Decimal("80"), Decimal(4), Decimal(5), True)
    item = record.RecordPlanItem(
        "1.1", "ความรู้", "ฝึกอบรม", DAY, DAY, "งบประมาณ", True, "ภาพถ่าย", 4, "ดำเนินการแล้ว", ""
    )
    activity = record.RecordActivity(
        DAY,
        "ฝึกอบรมอาชีพ",
        "กิจกรรมกลุ่ม",
        "ศาลาหมู่บ้าน",
        "อบต.",
        HARD,
        [record.RecordPhoto("p1.jpg", _jpeg(), "ภาพกิจกรรม")],
    )
    data = record.DevelopmentRecord(
        unit_name="นายสมชาย ใจงาม",
        unit_type=TYPES[0],
        area="หมู่ที่ 3 บ้านท่าขาม ตำบลบ้านกลาง อำเภอเมืองลำพูน จังหวัดลำพูน",
        fiscal_year=2570,
        developer="นายกมล ใจดี",
        pass_rule="ร้อยละ 70",
        components=[component],
        own_indicators=[],
        before=assessed,
        after=assessed,
        plan_state="เห็นชอบแล้ว",
        plan_approval="",
        plan_items=[item],
        activities=[activity],
        evidence=["ภาพถ่าย"],
        issued_on=DAY,
    )
    return record.development_record_pdf(data)


def _photo_dossier() -> bytes:
    activity = dossier.DossierActivity(
        "ฝึกอบรมอาชีพ",
        DAY,
        "ศาลาหมู่บ้าน",
        "กิจกรรมกลุ่ม",
        "อำเภอเมืองลำพูน",
        ["นายสมชาย ใจงาม"],
        HARD,
        [dossier.DossierPhoto(_jpeg(), "ภาพกิจกรรม")],
    )
    data = dossier.PhotoDossier(
        province="ลำพูน",
        district="อำเภอเมืองลำพูน",
        fiscal_year=2570,
        issued_on=DAY,
        office="สำนักงานพัฒนาชุมชนอำเภอเมืองลำพูน",
        stages=[dossier.DossierStage(2, "ขั้นการเรียนรู้และพัฒนาตนเอง", [activity])],
        signer_name="นายกมล ใจดี",
        signer_position="พัฒนาการอำเภอเมืองลำพูน",
    )
    return dossier.photo_dossier_pdf(data)


def _subject_access() -> bytes:
    unit = access.UnitRecord(
        fiscal_year=2570,
        type_label=TYPES[0],
        district="อำเภอเมืองลำพูน จังหวัดลำพูน",
        status="เอกสารครบถ้วน",
        details=[("ชื่อ", "นายสมชาย ใจงาม"), ("ผลงาน", HARD)],
        statuses=[access.StatusLine(AT, "ร่าง", "ยื่นสมัครแล้ว", "")],
    )
    data = access.SubjectAccess(
        person="นายสมชาย ใจงาม",
        id_label="3-1006-XXXXX-XX-5",
        received_on=DAY,
        issued_on=DAY,
        office="อำเภอเมืองลำพูน จังหวัดลำพูน",
        units=[unit],
        file_count=0,
    )
    return access.subject_access_pdf(data)


# Each document and words it must read back (besides HARD, which each carries).
DOCUMENTS: dict[str, tuple[Callable[[], bytes], list[str]]] = {
    "committee_order": (_order, ["คำสั่งจังหวัดลำพูน", "สั่ง ณ วันที่ ๓ ธันวาคม พ.ศ. ๒๕๖๙"]),
    "announcement": (_announcement, ["ประกาศจังหวัดลำพูน", "จึงประกาศให้ทราบโดยทั่วกัน"]),
    "certificate": (_certificate, ["นางสาวศักดิ์สิทธิ์ ฟื้นฟู", "ABCDE-12345"]),
    "year_end_report": (_year_end, ["อธิบดีกรมการพัฒนาชุมชน", "ขอแสดงความนับถือ"]),
    "recommendation_summary": (_summary, ["บันทึกข้อความ", "อำเภอเมืองลำพูน"]),
    "applicant_list": (_applicant_list, ["แบบรายชื่อผู้สมัคร", "ผู้รายงาน"]),
    "application_form": (_application_form, ["ใบสมัคร", "ผู้สมัคร"]),
    "plans_report": (_plans_report, ["นายสมชาย ใจงาม", "ผู้รายงาน"]),
    "development_record": (_development_record, ["นายสมชาย ใจงาม", "ฝึกอบรมอาชีพ"]),
    "photo_dossier": (_photo_dossier, ["ฝึกอบรมอาชีพ", "ผู้รายงาน"]),
    "subject_access": (_subject_access, ["นายสมชาย ใจงาม"]),
}
# Certificates carry no HARD words of their own beyond the unit's name.
NO_HARD = {"certificate"}

# A Thai cluster read twice: a consonant with marks, then the same cluster again ("สั่สั่ง").
DOUBLED = re.compile(r"([ก-ฮ][\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]+)\1")


def lines_joined(text: str) -> str:
    """The text with its lines joined: Thai wraps between words without a space, so a word
    broken by a line end reads whole, while a space inside a word ("เป็ น") still shows."""
    return re.sub(r"\s*\n\s*", "", text)


# Where the samples' HARD words stand in running text, not in a table's cell: pdftotext's
# default reading, which follows the page's columns, reads them as a line.
PROSE = {"committee_order", "announcement", "year_end_report", "application_form", "subject_access"}


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[str, str]]:
    """Per document: pdftotext's reading of the page, and its reading in content order (-raw),
    where a table's cells come one after another."""
    texts = {}
    for name, (build, _) in DOCUMENTS.items():
        pdf = build()
        texts[name] = (pdftotext(pdf), pdftotext(pdf, "-raw"))
    return texts


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_pdf_text_reads_back(rendered: dict[str, tuple[str, str]], name: str) -> None:
    page, raw = rendered[name]
    words = DOCUMENTS[name][1] + ([] if name in NO_HARD else HARD.split())
    missing = [word for word in words if word not in lines_joined(raw)]
    assert not missing, f"{name}: not read back: {missing}"
    if name in PROSE:
        missing = [word for word in HARD.split() if word not in lines_joined(page)]
        assert not missing, f"{name}: not read back on the page: {missing}"
    for text in (page, raw):
        match = DOUBLED.search(text)
        assert match is None, f"{name}: doubled cluster {match.group(0)!r}"


def test_text_layer_mends_what_typst_writes() -> None:
    """Without documents.text_layer, typst's own PDF reads "ศักดิ์ ดิ์" and "เป็ น": the mending
    is what the test above sees."""
    from documents import render, text_layer

    data = {
        "thai_numerals": True,
        "title": "t",
        "paragraphs": [HARD],
        "signer_name": "",
        "signer_position": "",
        "on_behalf_of": "",
    }
    mended = render.render_pdf("specimen", data)
    with render._lock:
        raw_pdf = render._get_compiler().compile(
            input=str(render.template_path("specimen")),
            sys_inputs={"data": __import__("json").dumps(data, ensure_ascii=False)},
        )
    assert isinstance(raw_pdf, bytes)
    assert "ศักดิ์สิทธิ์" not in lines_joined(pdftotext(raw_pdf))
    assert HARD in pdftotext(mended)
    assert text_layer.mend(mended) == mended or HARD in pdftotext(text_layer.mend(mended))


# TH Sarabun New's x-height: 340 of its 1000 units (Sarabun's is 500, and Sarabun prints 1.47 ×
# larger at a size; Laksaman's, TH Sarabun New's glyphs at 150.42 %, is 511). The regulation's
# body text is TH Sarabun New 16 pt, whose x-height is therefore 5.44 pt.
TH_SARABUN_NEW_X_HEIGHT = 0.340
OFFICIAL_BODY_PT = 16


def _font_table(path: Path, tag: bytes) -> bytes:
    data = path.read_bytes()
    count = struct.unpack(">H", data[4:6])[0]
    for i in range(count):
        name, _checksum, offset, length = struct.unpack(">4sIII", data[12 + 16 * i : 28 + 16 * i])
        if name == tag:
            return data[offset : offset + length]
    raise LookupError(tag)


def _x_height_em(path: Path) -> float:
    units_per_em = struct.unpack(">H", _font_table(path, b"head")[18:20])[0]
    x_height = struct.unpack(">h", _font_table(path, b"OS/2")[86:88])[0]
    return x_height / units_per_em


def _body_chars(pdf: bytes) -> Counter[tuple[float, str]]:
    """(size in pt, font name) of each Thai consonant on the first page."""
    found: Counter[tuple[float, str]] = Counter()
    document = pdfium.PdfDocument(pdf)
    try:
        text_page = document[0].get_textpage()
        name = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        for i in range(text_page.count_chars()):
            if "ก" <= text_page.get_text_range(i, 1) <= "ฮ":
                pdfium_c.FPDFText_GetFontInfo(text_page.raw, i, name, 128, ctypes.byref(flags))
                size = round(pdfium_c.FPDFText_GetFontSize(text_page.raw, i), 3)
                found[(size, name.value.decode().split("+")[-1])] += 1
    finally:
        document.close()
    return found


@pytest.mark.parametrize("name", ["committee_order", "announcement", "year_end_report"])
def test_body_text_prints_the_size_of_th_sarabun_new_16(name: str) -> None:
    (size, font), _count = _body_chars(DOCUMENTS[name][0]()).most_common(1)[0]
    assert font == "Laksaman"
    x_height = size * _x_height_em(render.PDF_FONT_DIR / "Laksaman.ttf")
    official = OFFICIAL_BODY_PT * TH_SARABUN_NEW_X_HEIGHT
    assert abs(x_height / official - 1) < 0.03, (x_height, official)


def test_measured_glyph_matches_the_font_x_height() -> None:
    """The glyph drawn is as tall as the font says: an "x" set at the body size measures, by
    its outline's box in the PDF, TH Sarabun New 16 pt's x-height."""
    data = {
        "thai_numerals": True,
        "title": "t",
        "paragraphs": ["xxxx นนนน"],
        "signer_name": "",
        "signer_position": "",
        "on_behalf_of": "",
    }
    document = pdfium.PdfDocument(render.render_pdf("specimen", data))
    try:
        text_page = document[0].get_textpage()
        heights = [
            text_page.get_charbox(i)[3] - text_page.get_charbox(i)[1]
            for i in range(text_page.count_chars())
            if text_page.get_text_range(i, 1) == "x"
        ]
    finally:
        document.close()
    official = OFFICIAL_BODY_PT * TH_SARABUN_NEW_X_HEIGHT
    assert heights and all(abs(h / official - 1) < 0.03 for h in heights), heights
