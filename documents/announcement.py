"""ประกาศจังหวัด…เรื่อง ผลการรับรองมาตรฐานการพัฒนาชุมชน (มชช.): the province's announcement of the
units its committee certified (docs/documents.md "Announcement").

Garuda space; "ประกาศจังหวัดลำพูน"; "เรื่อง …"; a short centred rule; why (the programme, the
committee's assessment on its dates), then what: the certified units grouped by type (docs/domain.md §3
order) and, within a type, by district, each with a running number and its place; "จึงประกาศให้
ทราบโดยทั่วกัน"; "ประกาศ ณ วันที่ … พ.ศ. …"; the signature block with "… ปฏิบัติราชการแทน".
No "ที่" number: announcements carry none. As PDF and as an editable Word file with the same
lines. Plain data in, bytes out.

A list running over pages repeats its type and district headings at the top of the next page,
marked "(ต่อ)" (continued), in the PDF; in Word the district's heading row repeats (Word cannot
mark it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from core.thai import THAI_MONTHS, thai_date
from documents import docx_common
from documents.committee_order import _no_borders, _short_rule
from documents.parts import SignedOrder, continuation_lead, keep_whole
from documents.render import render_pdf

# The list: type headings from 1.25 cm, then the number (right-aligned in its column), the name,
# and the place in a column of its own; announcement.typ uses the same measures.
LIST_INDENT_CM = 1.25
NUMBER_COLUMN_CM = 1.2
PLACE_COLUMN_CM = 6.0
CLOSING = "จึงประกาศให้ทราบโดยทั่วกัน"
CONTINUED = "(ต่อ)"
DRAFT_MARK = "ร่าง"
# Dots for what a draft does not know yet (the date of signing, the assessment dates).
BLANK = "." * 30


@dataclass
class AnnouncedUnit:
    name: str  # "นายสมชาย ใจงาม", "กลุ่มออมทรัพย์เพื่อการผลิตบ้านท่าขาม"
    # ["หมู่ที่ 3 บ้านท่าขาม", "ตำบลบ้านกลาง"]: each part is kept on one line where it fits.
    place_parts: list[str] = field(default_factory=list)

    @property
    def place(self) -> str:
        return " ".join(part for part in self.place_parts if part)


@dataclass
class DistrictGroup:
    district: str  # "อำเภอเมืองลำพูน"
    units: list[AnnouncedUnit] = field(default_factory=list)


@dataclass
class TypeGroup:
    label: str  # "มาตรฐานผู้นำชุมชน"
    counter: str  # the classifier counted in: "คน", "กลุ่ม", "เครือข่าย", "ชุมชน"
    districts: list[DistrictGroup] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(d.units) for d in self.districts)


@dataclass
class Announcement(SignedOrder):
    issuing_office: str  # "จังหวัดลำพูน"
    subject: str  # "ผลการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี 2570"
    fiscal_year: int  # Buddhist era
    committee: str  # "คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัดลำพูน"
    groups: list[TypeGroup] = field(default_factory=list)
    assessed_from: dt.date | None = None
    assessed_to: dt.date | None = None
    announced_on: dt.date | None = None
    signer_name: str = ""
    signer_position: str = ""
    on_behalf_of: str = ""
    thai_numerals: bool = True
    edition: int = 1
    # An edition after the first cancels the one before it: its subject line and date.
    replaces_subject: str = ""
    replaces_date: dt.date | None = None
    draft: bool = False
    # Names not to break inside (the province's, the districts'): typst's Thai line breaking
    # does not know them.
    keep_whole: list[str] = field(default_factory=list)

    # Derived text shared by the two formats.
    @property
    def total(self) -> int:
        return sum(g.count for g in self.groups)

    def heading(self) -> str:
        return f"ประกาศ{self.issuing_office}"

    def full_subject(self) -> str:
        edition = f" (ฉบับที่ {self.edition})" if self.edition > 1 else ""
        return f"{self.subject}{edition}"

    def subject_line(self) -> str:
        return self.n(f"เรื่อง {self.full_subject()}")

    def assessed_text(self) -> str:
        """'15 – 16 กรกฎาคม 2570', '30 มิถุนายน – 2 กรกฎาคม 2570' or one day."""
        start, end = self.assessed_from, self.assessed_to
        if start is None:
            return BLANK
        if end is None or end == start:
            return thai_date(start)
        if (start.year, start.month) == (end.year, end.month):
            return f"{start.day} – {thai_date(end)}"
        if start.year == end.year:
            return f"{start.day} {THAI_MONTHS[start.month - 1]} – {thai_date(end)}"
        return f"{thai_date(start)} – {thai_date(end)}"

    def body_paragraphs(self) -> list[str]:
        programme = f"ระบบมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี {self.fiscal_year}"
        why = (
            f"ตามที่กรมการพัฒนาชุมชน ได้กำหนดให้มีการดำเนินงานการพัฒนาตาม{programme} "
            "เพื่อยกระดับคุณภาพชีวิต เพิ่มประสิทธิภาพการบริหารจัดการของกลุ่มเป้าหมาย "
            "ทั้งที่เป็นบุคคล กลุ่ม เครือข่ายองค์กรและชุมชน สร้างกำลังใจในการพัฒนาตนเอง "
            "และประกาศความสำเร็จให้แก่ผู้มีความพร้อมในการเป็นผู้ที่เป็นแบบอย่าง นั้น"
        )
        what = (
            f"บัดนี้ {self.committee} ได้ตรวจประเมินและพิจารณารับรองผลการพัฒนาตนเองของ"
            f"กลุ่มเป้าหมาย เมื่อวันที่ {self.assessed_text()} เรียบร้อยแล้ว "
            "จึงประกาศรายชื่อผู้ผ่านการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) "
            f"ประจำปี {self.fiscal_year} จำนวนทั้งสิ้น {self.total} หน่วยนับ ดังนี้"
        )
        return [self.n(why), self.n(what)]

    def group_heading(self, group: TypeGroup) -> str:
        return self.n(f"{group.label} จำนวน {group.count} {group.counter}")

    def rows(self, group: TypeGroup) -> list[tuple[str, list[tuple[str, str, list[str]]]]]:
        """(district, [(number, name, place parts)]) of a type; numbers run on through the type,
        so the last number of a type is its count."""
        result, number = [], 0
        for district in group.districts:
            lines = []
            for unit in district.units:
                number += 1
                parts = [self.n(part) for part in unit.place_parts if part]
                lines.append((self.n(f"{number}."), self.n(unit.name), parts))
            result.append((self.n(district.district), lines))
        return result

    def cancellation(self) -> str:
        """The sentence by which a later edition replaces the one before it."""
        if self.edition <= 1 or not self.replaces_subject:
            return ""
        date = thai_date(self.replaces_date, with_era=True) if self.replaces_date else BLANK
        return self.n(
            f"ทั้งนี้ ให้ยกเลิกประกาศ{self.issuing_office} เรื่อง {self.replaces_subject} "
            f"ลงวันที่ {date} และให้ใช้ประกาศฉบับนี้แทน"
        )

    def date_line(self) -> str:
        if self.announced_on is None:
            return f"ประกาศ ณ วันที่ {BLANK}"
        return "ประกาศ ณ วันที่ " + thai_date(
            self.announced_on, thai_numerals=self.thai_numerals, with_era=True
        )


def _typst_data(data: Announcement) -> dict[str, Any]:
    groups = []
    for t, group in enumerate(data.groups):
        groups.append(
            {
                "key": f"t{t}",
                "heading": data.group_heading(group),
                "districts": [
                    {
                        "key": f"t{t}d{d}",
                        "heading": district,
                        "rows": [
                            {
                                "number": number,
                                "name": name,
                                "place": place,
                                "lead": continuation_lead(f"{number} {name}"),
                            }
                            for number, name, place in rows
                        ],
                    }
                    for d, (district, rows) in enumerate(data.rows(group))
                ],
            }
        )
    return {
        "thai_numerals": data.thai_numerals,
        "keep_whole": keep_whole(data.keep_whole),
        "heading": data.heading(),
        "subject_line": data.subject_line(),
        "paragraphs": data.body_paragraphs(),
        "groups": groups,
        "continued": CONTINUED,
        "cancellation": data.cancellation(),
        "closing": CLOSING,
        "date_line": data.date_line(),
        "signer": data.typst_signer(),
        "draft": DRAFT_MARK if data.draft else "",
        "title": f"{data.heading()} {data.full_subject()}",
    }


def announcement_pdf(data: Announcement, *, emblem: bytes | None = None) -> bytes:
    return render_pdf("announcement", _typst_data(data), emblem=emblem)


def _district_table(doc, heading: str, rows: list[tuple[str, str, list[str]]]) -> None:
    """One district's units: the district's name as a heading row Word repeats on the next page,
    then number, name and place; borderless, as the PDF."""
    size = docx_common.BODY_PT
    widths = [
        LIST_INDENT_CM + NUMBER_COLUMN_CM,
        docx_common.TEXT_WIDTH_CM - LIST_INDENT_CM - NUMBER_COLUMN_CM - PLACE_COLUMN_CM,
        PLACE_COLUMN_CM,
    ]
    table = doc.add_table(rows=1 + len(rows), cols=3)
    table.autofit = False
    _no_borders(table)
    head = table.rows[0]
    docx_common.repeat_as_header(head)
    docx_common.keep_row_together(head)
    merged = head.cells[1].merge(head.cells[2])
    docx_common.set_cell_text(merged, heading, bold=True, size_pt=size)
    for r, (number, name, place) in enumerate(rows, start=1):
        row = table.rows[r]
        docx_common.keep_row_together(row)
        cells = row.cells
        docx_common.set_cell_text(cells[0], number, size_pt=size, align=WD_ALIGN_PARAGRAPH.RIGHT)
        docx_common.set_cell_text(cells[1], name, size_pt=size)
        docx_common.set_cell_text(cells[2], " ".join(place), size_pt=size)
    docx_common.set_column_widths(table, widths)


def announcement_docx(data: Announcement, *, emblem: bytes | None = None) -> bytes:
    """The same lines as the PDF, as an editable Word file (Sarabun 16 pt)."""
    doc = docx_common.new_document(thai_numerals=data.thai_numerals)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    if data.draft:
        docx_common.add_paragraph(doc, f"({DRAFT_MARK})", bold=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    docx_common.add_emblem(doc, emblem)
    docx_common.add_paragraph(doc, data.heading(), bold=True, align=centre)
    docx_common.add_paragraph(doc, data.subject_line(), align=centre)
    _short_rule(doc)
    for text in data.body_paragraphs():
        docx_common.indented_paragraph(doc, text)
    for group in data.groups:
        par = docx_common.add_paragraph(
            doc, data.group_heading(group), bold=True, left_indent_cm=LIST_INDENT_CM
        )
        par.paragraph_format.space_before = Pt(6)
        par.paragraph_format.keep_with_next = True
        for district, rows in data.rows(group):
            _district_table(doc, district, rows)
    cancellation = data.cancellation()
    if cancellation:
        docx_common.indented_paragraph(doc, cancellation, space_before_pt=6)
    # The closing, the date and the signature stay on one page, as in the PDF.
    for text in (data.n(CLOSING), data.date_line()):
        par = docx_common.indented_paragraph(doc, text, space_before_pt=6)
        par.paragraph_format.keep_with_next = True
    docx_common.add_signature(doc, **data.docx_signer())
    return docx_common.to_bytes(doc)


__all__ = [
    "AnnouncedUnit",
    "Announcement",
    "DistrictGroup",
    "TypeGroup",
    "announcement_docx",
    "announcement_pdf",
]
