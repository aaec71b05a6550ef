"""แบบรายชื่อผู้สมัครเข้าระบบมาตรฐานการพัฒนาชุมชน (มชช.): the applicant list sent to the province.

One district's list, or the whole province's (then grouped by district within each type), as a
PDF, an editable Word file and an Excel sheet with the same content. Plain data in, bytes out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook

from documents import docx_common, xlsx_common
from documents.parts import AreaReport
from documents.render import render_pdf
from documents.text import bare_district_name, numerals

TITLE = "แบบรายชื่อผู้สมัครเข้าระบบมาตรฐานการพัฒนาชุมชน (มชช.)"
NO_APPLICANTS = "- ไม่มีผู้สมัคร -"


@dataclass
class ApplicantRow:
    name: str
    masked_id: str  # "3-1006-XXXXX-XX-5"; empty for groups, networks and communities
    place: str  # "หมู่ที่ 3 บ้านหนองรี ตำบลบางพระ"
    category: str  # ประเภทกลุ่ม; empty for leaders
    responsible: str  # พัฒนากรผู้รับผิดชอบ
    status: str
    district: str


@dataclass
class ApplicantList(AreaReport):
    province: str  # "ฉะเชิงเทรา" or "จังหวัดฉะเชิงเทรา"
    district: str | None  # None: the whole province
    fiscal_year: int  # Buddhist era, e.g. 2569
    issued_on: dt.date
    office: str
    # (type label, rows) in the order of the four types; every type is listed, even if empty.
    sections: list[tuple[str, list[ApplicantRow]]]
    thai_numerals: bool = True
    signer_name: str = ""
    signer_position: str = ""

    def total(self) -> int:
        return sum(len(rows) for _, rows in self.sections)

    def summary_line(self) -> str:
        return numerals(f"รวมผู้สมัครทั้งสิ้น จำนวน {self.total()} ราย", self.thai_numerals)

    def section_heading(self, index: int, label: str, count: int) -> str:
        return numerals(f"{index}. {label} จำนวน {count} ราย", self.thai_numerals)


def _grouped(data: ApplicantList, rows: list[ApplicantRow]) -> list[tuple[str, list[ApplicantRow]]]:
    """Rows by district, districts in the order they first appear (the caller's sort order);
    a district's list is one group."""
    if not data.whole_province:
        return [("", rows)] if rows else []
    groups: dict[str, list[ApplicantRow]] = {}
    for row in rows:
        groups.setdefault(row.district, []).append(row)
    return list(groups.items())


def _pdf_cells(data: ApplicantList, number: int, row: ApplicantRow) -> list[str]:
    # Thai digits everywhere but the masked ID, which stays as the card prints it.
    t = data.thai_numerals
    return [
        numerals(number, t),
        numerals(row.name, t),
        row.masked_id or "-",
        numerals(row.place, t),
        numerals(row.category, t) or "-",
        numerals(row.responsible, t),
    ]


def _typst_data(data: ApplicantList) -> dict[str, Any]:
    columns = ["ลำดับ", "ชื่อ", "เลขประจำตัวประชาชน", "พื้นที่", "ประเภทกลุ่ม", "พัฒนากร"]
    if data.whole_province:
        columns.insert(1, "อำเภอ")
    sections = []
    for index, (label, rows) in enumerate(data.sections, start=1):
        number = 0
        groups = []
        for district, group_rows in _grouped(data, rows):
            cells = []
            for row in group_rows:
                number += 1
                cells.append(_pdf_cells(data, number, row))
            # The column is headed "อำเภอ", so the cells carry the bare name.
            shown = numerals(bare_district_name(district), data.thai_numerals)
            groups.append({"district": shown, "rows": cells})
        sections.append(
            {
                "heading": data.section_heading(index, label, len(rows)),
                "empty_text": NO_APPLICANTS,
                "groups": groups,
            }
        )
    return {
        "thai_numerals": data.thai_numerals,
        "title_lines": [TITLE, data.year_line(), data.area_line(), data.office],
        "show_district": data.whole_province,
        "columns": columns,
        "sections": sections,
        "summary": data.summary_line(),
        "date_line": data.date_line(),
        "signer": data.signer(),
    }


def applicant_list_pdf(data: ApplicantList) -> bytes:
    return render_pdf("applicant_list", _typst_data(data))


def applicant_list_docx(data: ApplicantList) -> bytes:
    """The same content as the PDF, as an editable Word file (Sarabun 16 pt, real tables)."""
    doc = docx_common.new_document(thai_numerals=data.thai_numerals)
    docx_common.add_title(doc, [TITLE, data.year_line(), data.area_line(), data.office])

    headers = ["ลำดับ", "ชื่อ", "เลขประจำตัวประชาชน", "พื้นที่", "ประเภทกลุ่ม", "พัฒนากร"]
    widths = [1.3, 3.4, 2.7, 3.4, 2.6, 2.6]  # cm, as the PDF
    if data.whole_province:
        headers.insert(1, "อำเภอ")
        widths = [1.3, 2.8, 2.3, 2.7, 2.5, 2.2, 2.2]
    for index, (label, rows) in enumerate(data.sections, start=1):
        docx_common.add_paragraph(
            doc, data.section_heading(index, label, len(rows)), bold=True, space_before_pt=8
        )
        if not rows:
            docx_common.add_paragraph(doc, NO_APPLICANTS, left_indent_cm=2.5)
            continue
        table_rows: list[list[str]] = []
        number = 0
        for district, group_rows in _grouped(data, rows):
            for row in group_rows:
                number += 1
                cells = _pdf_cells(data, number, row)
                if data.whole_province:
                    cells.insert(1, numerals(bare_district_name(district), data.thai_numerals))
                table_rows.append(cells)
        id_column = 3 if data.whole_province else 2
        docx_common.add_table(doc, headers, table_rows, widths, centred_columns=(0, id_column))

    docx_common.add_paragraph(doc, data.summary_line(), bold=True, space_before_pt=10)
    docx_common.add_paragraph(doc, data.date_line())
    docx_common.add_signature(doc, **data.signer())
    return docx_common.to_bytes(doc)


def applicant_list_xlsx(data: ApplicantList) -> bytes:
    """One sheet, one row per applicant; numbers stay numbers so officers can sort and filter."""
    columns = [
        ("ลำดับ", 7),
        ("ประเภท", 30),
        ("ชื่อ", 34),
        ("เลขประจำตัวประชาชน", 22),
        ("ที่อยู่/พื้นที่", 40),
        ("ประเภทกลุ่ม", 36),
        ("พัฒนากรผู้รับผิดชอบ", 26),
        ("สถานะ", 30),
    ]
    if data.whole_province:
        columns.insert(2, ("อำเภอ", 24))
    rows: list[list[object]] = []
    for label, section_rows in data.sections:
        for district, group_rows in _grouped(data, section_rows):
            for row in group_rows:
                values: list[object] = [
                    label,
                    row.name,
                    row.masked_id,
                    row.place,
                    row.category,
                    row.responsible,
                    row.status,
                ]
                if data.whole_province:
                    values.insert(1, district)
                rows.append(values)
    title_lines = [
        f"{TITLE} {data.year_line()}",
        f"{data.area_line()} ({data.office})" if data.office else data.area_line(),
        f"{data.date_line()}  {data.summary_line()}",
    ]

    wb = Workbook()
    ws = xlsx_common.first_sheet(wb)
    ws.title = "รายชื่อผู้สมัคร"
    xlsx_common.write_listing(ws, title_lines, columns, rows, centred_columns=(0,))
    ws.print_options.horizontalCentered = True
    return xlsx_common.to_bytes(wb)


__all__ = [
    "ApplicantList",
    "ApplicantRow",
    "applicant_list_docx",
    "applicant_list_pdf",
    "applicant_list_xlsx",
]
