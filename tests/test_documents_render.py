"""The document renderers: PDFs read back as text, Word and Excel files opened back.

No database and no Django settings are needed. Typst PDFs extract a Thai cluster with a tone
mark over an upper vowel twice ("ทั้งสิ้น" reads "ทั้ทั้งสิ้สิ้น"), so the assertions use words
without such clusters.
"""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn

from documents import render
from documents.applicant_list import (
    ApplicantList,
    ApplicantRow,
    applicant_list_docx,
    applicant_list_pdf,
    applicant_list_xlsx,
)
from documents.application_form import ApplicationForm, application_form_pdf
from documents.parts import keep_whole
from documents.testing import pdf_image_count, pdf_page_count, pdf_text
from documents.xlsx_common import first_sheet

TYPE_LABELS = [
    "มาตรฐานผู้นำชุมชน",
    "มาตรฐานกลุ่ม/องค์กรชุมชน",
    "มาตรฐานเครือข่ายองค์กรชุมชน",
    "มาตรฐานชุมชน",
]
MUEANG = "อำเภอเมืองฉะเชิงเทรา"
BANG_PAKONG = "อำเภอบางปะกง"


def _leader(name: str, masked_id: str, district: str = MUEANG) -> ApplicantRow:
    return ApplicantRow(
        name=name,
        masked_id=masked_id,
        place="หมู่ที่ 3 บ้านหนองรี ตำบลบางพระ",
        category="",
        responsible="นายกมล ใจดี",
        status="เอกสารครบถ้วน",
        district=district,
    )


def _group(district: str = MUEANG) -> ApplicantRow:
    return ApplicantRow(
        name="กลุ่มออมทรัพย์เพื่อการผลิตบ้านหนองรี",
        masked_id="",
        place="หมู่ที่ 3 บ้านหนองรี ตำบลบางพระ",
        category="กลุ่มออมทรัพย์เพื่อการผลิต",
        responsible="นางวิไล พูลผล",
        status="ยื่นสมัครแล้ว รอตรวจเอกสาร",
        district=district,
    )


def district_list(**overrides: object) -> ApplicantList:
    values: dict[str, object] = {
        "province": "ฉะเชิงเทรา",
        "district": MUEANG,
        "fiscal_year": 2569,
        "issued_on": dt.date(2025, 12, 20),
        "office": "สำนักงานพัฒนาชุมชนอำเภอเมืองฉะเชิงเทรา",
        "sections": [
            (
                TYPE_LABELS[0],
                [
                    _leader("นางสาวมณีรัตน์ ศรีสุข", "3-1006-XXXXX-XX-5"),
                    _leader("นายประเสริฐ ใจงาม", "1-2345-XXXXX-XX-1"),
                ],
            ),
            (TYPE_LABELS[1], [_group()]),
            (TYPE_LABELS[2], []),
            (TYPE_LABELS[3], []),
        ],
        "signer_name": "นายกมล ใจดี",
        "signer_position": "พัฒนาการอำเภอเมืองฉะเชิงเทรา",
    }
    values.update(overrides)
    return ApplicantList(**values)  # type: ignore[arg-type]


def province_list() -> ApplicantList:
    leaders = [
        _leader("นางสาวมณีรัตน์ ศรีสุข", "3-1006-XXXXX-XX-5", MUEANG),
        _leader("นายสมาน บุญมา", "5-4321-XXXXX-XX-7", BANG_PAKONG),
        _leader("นายประเสริฐ ใจงาม", "1-2345-XXXXX-XX-1", MUEANG),
    ]
    return district_list(
        district=None,
        office="สำนักงานพัฒนาชุมชนจังหวัดฉะเชิงเทรา",
        sections=[
            (TYPE_LABELS[0], leaders),
            (TYPE_LABELS[1], [_group(BANG_PAKONG)] * 14),
            (TYPE_LABELS[2], []),
            (TYPE_LABELS[3], []),
        ],
    )


def compact(text: str) -> str:
    """Text without whitespace: table cells wrap, so a value may span lines."""
    return "".join(text.split())


# --- render.py -----------------------------------------------------------------------------


def test_render_refuses_unknown_or_escaping_templates() -> None:
    for name in ("no_such_document", "../render", "common/../../x"):
        with pytest.raises(render.RenderError):
            render.render_pdf(name, {})


def test_render_reuses_one_compiler() -> None:
    render.render_pdf("specimen", _specimen_data())
    first = render._get_compiler()
    render.render_pdf("specimen", _specimen_data())
    assert render._get_compiler() is first


def _specimen_data(thai_numerals: bool = True) -> dict[str, object]:
    paragraph = (
        "จังหวัดฉะเชิงเทรา ได้ดำเนินงานตามแนวทางการดำเนินงานตามระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
        "ประจำปี ๒๕๖๒ จึงมีคำสั่งแต่งตั้งคณะกรรมการ ระดับจังหวัด/อำเภอ ตามสำเนาคำสั่งที่แนบมาพร้อมนี้"
    )
    return {
        "thai_numerals": thai_numerals,
        "title": "ตัวอย่างหน้าเอกสาร",
        "paragraphs": [paragraph] * 12,
        "signer_name": "นายวรพจน์ แววสิงห์งาม",
        "signer_position": "รองผู้ว่าราชการจังหวัด",
        "on_behalf_of": "ผู้ว่าราชการจังหวัดฉะเชิงเทรา",
    }


def test_common_page_numbers_and_signature_for_another() -> None:
    pdf = render.render_pdf("specimen", _specimen_data())
    pages = pdf_text(pdf).split("\f")
    assert len(pages) >= 2
    assert "- ๑ -" not in pages[0]  # no number on the first page
    assert pages[1].lstrip().startswith("- ๒ -")
    text = pdf_text(pdf)
    assert "(นายวรพจน์ แววสิงห์งาม)" in text
    assert "รองผู้ว่าราชการจังหวัด ปฏิบัติราชการแทน" in text
    assert "ผู้ว่าราชการจังหวัดฉะเชิงเทรา" in text

    arabic = pdf_text(render.render_pdf("specimen", _specimen_data(thai_numerals=False)))
    assert "- 2 -" in arabic


def test_emblem_slot_is_empty_without_an_image() -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (30, 36), "black").save(buffer, "PNG")
    assert pdf_image_count(render.render_pdf("specimen", _specimen_data())) == 0
    with_emblem = render.render_pdf("specimen", _specimen_data(), emblem=buffer.getvalue())
    assert pdf_image_count(with_emblem) == 1


# --- applicant list ------------------------------------------------------------------------


def test_applicant_list_pdf_for_a_district() -> None:
    pdf = applicant_list_pdf(district_list())
    text = pdf_text(pdf)
    assert "แบบรายชื่อผู้สมัครเข้าระบบมาตรฐานการพัฒนาชุมชน (มชช.)" in text
    assert "ประจำปี พ.ศ. ๒๕๖๙" in text
    assert "อำเภอเมืองฉะเชิงเทรา จังหวัดฉะเชิงเทรา" in text
    assert "๑. มาตรฐานผู้นำชุมชน จำนวน ๒ ราย" in text
    assert "๒. มาตรฐานกลุ่ม/องค์กรชุมชน จำนวน ๑ ราย" in text
    assert "๓. มาตรฐานเครือข่ายองค์กรชุมชน จำนวน ๐ ราย" in text
    assert "๔. มาตรฐานชุมชน จำนวน ๐ ราย" in text
    assert text.count("- ไม่มีผู้สมัคร -") == 2
    assert "นางสาวมณีรัตน์" in text and "ศรีสุข" in text
    assert "หมู่ที่ ๓" in text  # Thai digits in the table text
    assert "3-1006-XXXXX-XX-5" in compact(text)  # the masked ID keeps the card's digits
    assert "จำนวน ๓ ราย" in text  # the total
    assert "๒๐ ธันวาคม ๒๕๖๘" in text  # issued, Buddhist era, Thai numerals
    assert "ผู้รายงาน" in text
    assert "พัฒนาการอำเภอเมืองฉะเชิงเทรา" in text
    assert "2569" not in text and "2568" not in text
    # No district column in a district's own list.
    assert "ลำดับ ชื่อ" in text


def test_applicant_list_pdf_with_arabic_numerals() -> None:
    text = pdf_text(applicant_list_pdf(district_list(thai_numerals=False)))
    assert "ประจำปี พ.ศ. 2569" in text
    assert "20 ธันวาคม 2568" in text
    assert "1. มาตรฐานผู้นำชุมชน จำนวน 2 ราย" in text


def test_applicant_list_pdf_for_the_province_groups_by_district() -> None:
    pdf = applicant_list_pdf(province_list())
    text = pdf_text(pdf)
    assert "จังหวัดฉะเชิงเทรา" in text
    assert "อำเภอเมืองฉะเชิงเทรา จังหวัดฉะเชิงเทรา" not in text
    assert "ลำดับ อำเภอ" in text
    # Grouped: both Mueang leaders before the Bang Pakong one.
    leaders = text[text.index("๑. มาตรฐานผู้นำชุมชน") : text.index("๒. มาตรฐานกลุ่ม")]
    assert leaders.index("นายประเสริฐ") < leaders.index("นายสมาน")
    assert "บางปะกง" in leaders
    assert "จำนวน ๑๗ ราย" in text
    assert pdf_page_count(pdf) >= 2
    assert "- ๒ -" in text


def test_applicant_list_docx() -> None:
    doc = Document(io.BytesIO(applicant_list_docx(district_list())))
    paragraphs = [p.text for p in doc.paragraphs]
    assert paragraphs[0] == "แบบรายชื่อผู้สมัครเข้าระบบมาตรฐานการพัฒนาชุมชน (มชช.)"
    assert "ประจำปี พ.ศ. ๒๕๖๙" in paragraphs
    assert "๑. มาตรฐานผู้นำชุมชน จำนวน ๒ ราย" in paragraphs
    assert paragraphs.count("- ไม่มีผู้สมัคร -") == 2
    assert "ข้อมูล ณ วันที่ ๒๐ ธันวาคม ๒๕๖๘" in paragraphs
    assert "(นายกมล ใจดี)" in paragraphs
    assert len(doc.tables) == 2
    leaders = doc.tables[0]
    assert [c.text for c in leaders.rows[0].cells][:3] == ["ลำดับ", "ชื่อ", "เลขประจำตัวประชาชน"]
    assert [c.text for c in leaders.rows[1].cells][:3] == [
        "๑",
        "นางสาวมณีรัตน์ ศรีสุข",
        "3-1006-XXXXX-XX-5",
    ]
    # TH SarabunPSK 16 pt for Thai (complex script) as well as Latin text.
    normal = doc.styles["Normal"]
    assert normal.font.name == "TH SarabunPSK"
    assert normal.font.size.pt == 16
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "TH SarabunPSK"
    section = doc.sections[0]
    assert section.left_margin is not None and section.right_margin is not None
    assert round(section.left_margin.cm, 1) == 3.0
    assert round(section.right_margin.cm, 1) == 2.0
    assert section.different_first_page_header_footer
    assert "PAGE" in section.header._element.xml


def test_applicant_list_docx_for_the_province_has_a_district_column() -> None:
    doc = Document(io.BytesIO(applicant_list_docx(province_list())))
    leaders = doc.tables[0]
    assert leaders.rows[0].cells[1].text == "อำเภอ"
    assert [row.cells[1].text for row in leaders.rows[1:]] == [
        "เมืองฉะเชิงเทรา",
        "เมืองฉะเชิงเทรา",
        "บางปะกง",
    ]


def test_applicant_list_xlsx() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(applicant_list_xlsx(district_list())))
    ws = first_sheet(wb)
    assert "ประจำปี พ.ศ. ๒๕๖๙" in ws["A1"].value
    header = [c.value for c in ws[4]]
    assert header == [
        "ลำดับ",
        "ประเภท",
        "ชื่อ",
        "เลขประจำตัวประชาชน",
        "ที่อยู่/พื้นที่",
        "ประเภทกลุ่ม",
        "พัฒนากรผู้รับผิดชอบ",
        "สถานะ",
    ]
    assert ws.freeze_panes == "A5"
    first = [c.value for c in ws[5]]
    assert first[0] == 1  # a number, so officers can sort
    assert first[1] == "มาตรฐานผู้นำชุมชน"
    assert first[2] == "นางสาวมณีรัตน์ ศรีสุข"
    assert first[3] == "3-1006-XXXXX-XX-5"
    assert first[7] == "เอกสารครบถ้วน"
    assert ws.max_row == 4 + 3  # header rows, then one row per applicant
    assert [c.value for c in ws[7]][5] == "กลุ่มออมทรัพย์เพื่อการผลิต"
    assert ws.column_dimensions["C"].width >= 20


def test_applicant_list_xlsx_for_the_province_has_a_district_column() -> None:
    ws = first_sheet(openpyxl.load_workbook(io.BytesIO(applicant_list_xlsx(province_list()))))
    assert ws["C4"].value == "อำเภอ"
    assert [ws.cell(row=r, column=3).value for r in (5, 6, 7)] == [MUEANG, MUEANG, BANG_PAKONG]
    assert ws.max_row == 4 + 17


# --- application form ----------------------------------------------------------------------


def leader_form(**overrides: object) -> ApplicationForm:
    values: dict[str, object] = {
        "unit_type": "LEADER",
        "type_label": "มาตรฐานผู้นำชุมชน",
        "fiscal_year": 2569,
        "province": "ฉะเชิงเทรา",
        "district": "เมืองฉะเชิงเทรา",
        "subdistrict": "บางพระ",
        "village": "หมู่ที่ 3 บ้านหนองรี",
        "fields": [
            ("ชื่อ-สกุล", "นางสาวมณีรัตน์ ศรีสุข"),
            ("เลขประจำตัวประชาชน", "3100600445635"),
            ("วันเกิด", "5 มีนาคม 2515"),
            ("โทรศัพท์", "081-234-5678"),
            ("ผลงานกิจกรรมร่วมกับชุมชน", ""),
        ],
        "team": [],
        "advisers": [("นายกมล ใจดี", "ผู้ใหญ่บ้านหมู่ที่ 3")],
        "member_organisations": [],
        "applicant_signature_label": "ผู้สมัคร",
    }
    values.update(overrides)
    return ApplicationForm(**values)  # type: ignore[arg-type]


def test_application_form_for_a_leader() -> None:
    text = pdf_text(application_form_pdf(leader_form()))
    assert "ใบสมัครเข้าสู่ระบบมาตรฐานการพัฒนาชุมชน (มชช.)" in text
    assert "ประจำปี พ.ศ. ๒๕๖๙" in text
    assert "ประเภทมาตรฐานผู้นำชุมชน" in text
    assert "เขียนที่ ....." in text and "เดือน ....." in text
    assert "ติดรูปถ่าย" in text
    assert "เรียนพัฒนาการอำเภอเมืองฉะเชิงเทรา" in compact(text)
    # pdfium drops some inter-word spaces in Thai text, so compare without them.
    assert "หมู่ที่๓บ้านหนองรีตำบลบางพระอำเภอเมืองฉะเชิงเทราจังหวัดฉะเชิงเทรา" in compact(text)
    assert "๑. ชื่อ-สกุล นางสาวมณีรัตน์ ศรีสุข" in text
    assert "3-1006-00445-63-5" in text  # the full ID, grouped as on the card
    assert "๕ มีนาคม ๒๕๑๕" in text
    assert "๐๘๑-๒๓๔-๕๖๗๘" in text
    assert "ผลงานกิจกรรมร่วมกับชุมชน" in text  # an empty field still prints, for handwriting
    assert "รายชื่อคณะที่ปรึกษา (ถ้ามี)" in text
    assert "ทีมพัฒนา" not in text  # leaders have no team
    assert "ข้าพเจ้าขอรับรองว่าข้อมูลข้างต้นเป็นความจริง" in text
    assert "ผู้สมัคร" in text
    assert "สำหรับเจ้าหน้าที่" in text
    assert "ครบถ้วน" in text and "เจ้าหน้าที่ผู้รับ" in text


def test_application_form_for_a_network_lists_team_and_members() -> None:
    form = leader_form(
        unit_type="NETWORK",
        type_label="มาตรฐานเครือข่ายองค์กรชุมชน",
        district="อำเภอบางปะกง",
        subdistrict="ท่าสะอ้าน",
        village="",
        fields=[("ชื่อ", "ศูนย์ประสานงานองค์กรชุมชนตำบลท่าสะอ้าน"), ("จำนวนสมาชิก", "12 คน")],
        team=[("นายสมหมาย ขยันดี", "ประธาน")],
        advisers=[],
        member_organisations=["กลุ่มออมทรัพย์เพื่อการผลิตบ้านท่าสะอ้าน"],
        applicant_signature_label="ประธานเครือข่าย",
    )
    text = pdf_text(application_form_pdf(form))
    assert "ประเภทมาตรฐานเครือข่ายองค์กรชุมชน" in text
    assert "ติดรูปถ่าย" not in text
    assert "เรียนพัฒนาการอำเภอบางปะกง" in compact(text)  # no doubled "อำเภอ"
    assert "๒. จำนวนสมาชิก ๑๒ คน" in text
    assert "๓. รายชื่อทีมพัฒนา" in text
    assert "นายสมหมาย ขยันดี" in text
    assert "๔. รายชื่อคณะที่ปรึกษา (ถ้ามี)" in text
    assert "๕. รายชื่อองค์กรสมาชิกของเครือข่าย" in text
    assert "กลุ่มออมทรัพย์เพื่อการผลิตบ้านท่าสะอ้าน" in text
    assert "ประธานเครือข่าย" in text


def test_application_form_for_a_community_names_the_lead_team() -> None:
    form = leader_form(
        unit_type="COMMUNITY",
        type_label="มาตรฐานชุมชน",
        fields=[("ชื่อชุมชน", "บ้านหนองรี")],
        team=[],
        applicant_signature_label="ผู้ใหญ่บ้าน/ผู้แทนชุมชน",
        thai_numerals=False,
    )
    text = pdf_text(application_form_pdf(form))
    assert "ประจำปี พ.ศ. 2569" in text
    assert "2. รายชื่อทีมนำการพัฒนา" in text
    assert "องค์กรสมาชิก" not in text


def test_keep_whole_lists_each_name_once_longest_first():
    names = ["ลำพูน", " เมืองลำพูน ", "", "  ", "ลำพูน", "ปฏิบัติราชการแทน"]
    assert keep_whole(names) == ["ปฏิบัติราชการแทน", "เมืองลำพูน", "ลำพูน"]
