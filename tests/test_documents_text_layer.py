"""Every PDF the system makes reads back, with poppler's pdftotext (the reader e-Saraban
archives and most Linux tools use), as the words it prints, with no cluster doubled and no space
inside a word; the body text prints the size of TH Sarabun New 16 pt (docs/documents.md
"Common to all").

No database: each document is rendered from plain data like its domain gathers.
"""

from __future__ import annotations

import ctypes
import re
import shutil
import struct
import subprocess
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from documents import render
from tests.factories import SAMPLE_HARD, sample_pdfs

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

HARD = SAMPLE_HARD


def pdftotext(pdf: bytes, *options: str) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *options, "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode("utf-8")


# Each document and words it must read back (besides HARD, which each carries).
WORDS: dict[str, list[str]] = {
    "committee_order": ["คำสั่งจังหวัดลำพูน", "สั่ง ณ วันที่ ๓ ธันวาคม พ.ศ. ๒๕๖๙"],
    "announcement": ["ประกาศจังหวัดลำพูน", "จึงประกาศให้ทราบโดยทั่วกัน"],
    "certificate": ["นางสาวศักดิ์สิทธิ์ ฟื้นฟู", "ABCDE-12345"],
    "year_end_report": ["อธิบดีกรมการพัฒนาชุมชน", "ขอแสดงความนับถือ"],
    "recommendation_summary": ["บันทึกข้อความ", "อำเภอเมืองลำพูน"],
    "applicant_list": ["แบบรายชื่อผู้สมัคร", "ผู้รายงาน"],
    "application_form": ["ใบสมัคร", "ผู้สมัคร"],
    "plans_report": ["นายสมชาย ใจงาม", "ผู้รายงาน"],
    "development_record": ["นายสมชาย ใจงาม", "ฝึกอบรมอาชีพ"],
    "photo_dossier": ["ฝึกอบรมอาชีพ", "ผู้รายงาน"],
    "subject_access": ["นายสมชาย ใจงาม"],
    "presentation_schedule": ["ตารางการนำเสนอผลการพัฒนา", "ยังไม่กำหนดเวลา"],
    "member_score_sheet": ["แบบบันทึกคะแนนการตรวจประเมินของกรรมการ", "นายกมล ใจดี"],
    "unit_score_sheet": ["รายหน่วยนับ", "มติคณะกรรมการ", "ความเห็นของกรรมการ"],
    "round_score_sheet": ["รายรอบการประเมิน", "ศักดิ์สิทธิ์", "ประธานกรรมการ"],
    "outstanding_units": ["ผู้ผ่านการรับรองมาตรฐานการพัฒนาชุมชนดีเด่น", "ยังไม่ได้คัดเลือก"],
    "national_report": ["ภาพรวมทั้งประเทศ", "ยังไม่เปิดปีดำเนินงาน"],
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
    for name, build in sample_pdfs().items():
        pdf = build()
        texts[name] = (pdftotext(pdf), pdftotext(pdf, "-raw"))
    return texts


@pytest.mark.parametrize("name", sorted(WORDS))
def test_pdf_text_reads_back(rendered: dict[str, tuple[str, str]], name: str) -> None:
    page, raw = rendered[name]
    words = WORDS[name] + ([] if name in NO_HARD else HARD.split())
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
    (size, font), _count = _body_chars(sample_pdfs()[name]()).most_common(1)[0]
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


@pytest.mark.parametrize("name", sorted(WORDS))
def test_thai_numerals_number_every_heading(
    rendered: dict[str, tuple[str, str]], name: str
) -> None:
    """With Thai numerals chosen (the samples' default), what a document numbers itself is in
    Thai digits too: the development record had "1. ผลการประเมินตนเอง" beside "๑.๑"."""
    page, raw = rendered[name]
    arabic = re.findall(r"(?m)^\s*[0-9]+\.(?:[0-9]+)?\s", raw)
    assert not arabic, (name, arabic)


@pytest.mark.parametrize("name", ["committee_order", "year_end_report"])
def test_a_page_that_goes_on_names_the_next_pages_first_words(name: str) -> None:
    """The regulation's continuation line: at the foot of page 1, "/" and the first words of
    page 2 with "…"; page 2 opens with "- ๒ -" and then those words."""
    pdf = sample_pdfs()[name]()
    first = pdftotext(pdf, "-f", "1", "-l", "1")
    second = pdftotext(pdf, "-f", "2", "-l", "2")
    foot = [line.strip() for line in first.splitlines() if line.strip()][-1]
    assert foot.startswith("/") and foot.endswith("…"), foot
    lead = foot[1:-1]
    opening = "".join(second.split())
    assert opening.startswith("-๒"), opening[:40]
    assert lead.replace(" ", "") in opening[:120], (lead, opening[:120])


def test_a_long_announcement_names_the_row_that_opens_the_next_page() -> None:
    """The list's row opens page 2 under its repeated headings; page 1 ends with its words."""
    from documents import announcement as ann
    from tests.factories import sample_announcement

    data = sample_announcement()
    data.groups[0].districts[0].units = [
        ann.AnnouncedUnit(f"นายสมชาย ใจงาม {i}", ["หมู่ที่ 3 บ้านท่าขาม", "ตำบลบ้านกลาง"])
        for i in range(40)
    ]
    pdf = ann.announcement_pdf(data)
    first = [line.strip() for line in pdftotext(pdf, "-f", "1", "-l", "1").splitlines()]
    foot = [line for line in first if line][-1]
    assert foot.startswith("/") and foot.endswith("…"), foot
    second = "".join(pdftotext(pdf, "-f", "2", "-l", "2").split())
    assert "(ต่อ)" in second[:80]
    assert foot[1:-1].replace(" ", "") in second[:160], (foot, second[:160])
