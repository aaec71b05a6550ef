"""ผู้ผ่านการรับรองมาตรฐานการพัฒนาชุมชนดีเด่น อำเภอละ ๑ หน่วยนับ: the province's list of each
district's outstanding certified unit of a year, for the provincial committee.

One row per district, chosen or not: the unit, its type and place, why it was chosen, who chose
it and when, and a note where the choice is missing or must be made again. As a PDF, an
editable Word file and an Excel sheet of the same rows. Plain data in, bytes out; the data is
gathered by certified/print_documents.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook

from core.thai import thai_date
from documents import docx_common, xlsx_common
from documents.parts import Dated, keep_whole
from documents.render import render_pdf
from documents.text import bare_district_name, fiscal_year_be, province_name

TITLE = "ผู้ผ่านการรับรองมาตรฐานการพัฒนาชุมชนดีเด่น อำเภอละ 1 หน่วยนับ"
NOT_CHOSEN = "ยังไม่ได้คัดเลือก"
NO_CERTIFIED = "ยังไม่ได้คัดเลือก (ไม่มีหน่วยนับที่ผ่านการรับรอง)"
NO_LONGER_CERTIFIED = "หน่วยนับนี้ไม่อยู่ในสถานะผ่านการรับรองแล้ว ต้องคัดเลือกใหม่"
COLUMNS = ["ลำดับ", "อำเภอ", "หน่วยนับที่คัดเลือก", "ประเภท", "พื้นที่", "เหตุผลที่คัดเลือก"]
# A4 portrait text width (16 cm), as in the PDF (outstanding_units.typ).
WIDTHS_CM = [1.1, 2.4, 3.2, 2.2, 2.7, 4.4]
# A real date in Excel, shown in the Buddhist era with the Thai month.
XLSX_DATE = xlsx_common.THAI_DATE


@dataclass
class OutstandingUnitRow:
    district: str  # "อำเภอเมืองลำพูน"
    name: str = ""  # empty: not chosen
    unit_type: str = ""
    place: str = ""
    reason: str = ""
    selected_by: str = ""
    selected_on: dt.date | None = None
    note: str = ""  # why the row has no (valid) choice; empty otherwise

    @property
    def chosen(self) -> bool:
        return bool(self.name)


@dataclass
class OutstandingUnits(Dated):
    province: str  # "ลำพูน"
    fiscal_year: int  # Buddhist era
    issued_on: dt.date
    rows: list[OutstandingUnitRow] = field(default_factory=list)
    thai_numerals: bool = True

    def chosen_count(self) -> int:
        return sum(1 for row in self.rows if row.chosen)

    def title_lines(self) -> list[str]:
        return [
            self.n(TITLE),
            self.n(f"ประจำปีงบประมาณ พ.ศ. {fiscal_year_be(self.fiscal_year)}"),
            province_name(self.province),
        ]

    def summary_line(self) -> str:
        return self.n(f"คัดเลือกแล้ว {self.chosen_count()} จาก {len(self.rows)} อำเภอ")

    def chosen_by_text(self, row: OutstandingUnitRow) -> str:
        if not row.chosen:
            return ""
        when = thai_date(row.selected_on, thai_numerals=self.thai_numerals)
        return self.n(f"ผู้คัดเลือก: {row.selected_by} ({when})" if when else row.selected_by)

    def cells(self, number: int, row: OutstandingUnitRow) -> list[str]:
        return [
            self.n(number),
            bare_district_name(row.district),
            self.n(row.name) if row.chosen else (row.note or NOT_CHOSEN),
            row.unit_type,
            self.n(row.place),
            self.n(row.reason),
        ]

    def keep_whole(self) -> list[str]:
        # "หน่วยนับ" would break as "หน่วย / นับ".
        districts = (bare_district_name(r.district) for r in self.rows)
        return keep_whole([self.province, "หน่วยนับ", *districts])


def _typst_data(data: OutstandingUnits) -> dict[str, Any]:
    rows = []
    for number, row in enumerate(data.rows, start=1):
        rows.append(
            {
                "cells": data.cells(number, row),
                "chosen": row.chosen,
                # A chosen unit no longer certified keeps its name, with the note under it.
                "note": row.note if row.chosen else "",
                "chosen_by": data.chosen_by_text(row),
            }
        )
    return {
        "thai_numerals": data.thai_numerals,
        "title": data.title_lines()[0],
        "title_lines": data.title_lines(),
        "keep_whole": data.keep_whole(),
        "columns": COLUMNS,
        "rows": rows,
        "summary": data.summary_line(),
        "date_line": data.date_line(),
    }


def outstanding_units_filename(fiscal_year: int, province: str, fmt: str) -> str:
    return f"ผู้ผ่านการรับรองดีเด่น-{fiscal_year}-{province}.{fmt}"


def outstanding_units_pdf(data: OutstandingUnits) -> bytes:
    return render_pdf("outstanding_units", _typst_data(data))


def outstanding_units_docx(data: OutstandingUnits) -> bytes:
    doc = docx_common.new_document(thai_numerals=data.thai_numerals)
    docx_common.add_title(doc, data.title_lines())
    docx_common.add_paragraph(doc, data.summary_line(), space_before_pt=6)
    cells = []
    for number, row in enumerate(data.rows, start=1):
        values = data.cells(number, row)
        if row.chosen and row.note:
            values[2] = f"{values[2]}\n({row.note})"
        chosen_by = data.chosen_by_text(row)
        if chosen_by:
            values[5] = f"{values[5]}\n{chosen_by}"
        cells.append(values)
    docx_common.add_table(doc, COLUMNS, cells, WIDTHS_CM, centred_columns=(0,))
    docx_common.add_paragraph(doc, data.date_line(), space_before_pt=8)
    return docx_common.to_bytes(doc)


XLSX_COLUMNS = [
    ("ลำดับ", 7),
    ("อำเภอ", 22),
    ("ชื่อหน่วยนับ", 38),
    ("ประเภท", 26),
    ("หมู่บ้าน/ตำบล", 30),
    ("เหตุผลที่คัดเลือก", 50),
    ("ผู้คัดเลือก", 24),
    ("วันที่คัดเลือก", 18),
    ("หมายเหตุ", 30),
]


def outstanding_units_xlsx(data: OutstandingUnits) -> bytes:
    """One row per district; the date of the choice a real date."""
    rows: list[list[object]] = [
        [
            row.district,
            *(value or None for value in (row.name, row.unit_type, row.place, row.reason)),
            row.selected_by or None,
            row.selected_on,
            row.note or None,
        ]
        for row in data.rows
    ]
    wb = Workbook()
    ws = xlsx_common.first_sheet(wb)
    ws.title = "ผู้ผ่านการรับรองดีเด่น"
    title_lines = [
        TITLE,
        f"ปีงบประมาณ {fiscal_year_be(data.fiscal_year)} {province_name(data.province)}",
        f"คัดเลือกแล้ว {data.chosen_count()} จาก {len(data.rows)} อำเภอ "
        f"(ข้อมูล ณ {thai_date(data.issued_on)})",
    ]
    xlsx_common.write_listing(
        ws, title_lines, XLSX_COLUMNS, rows, centred_columns=(0,), number_formats={7: XLSX_DATE}
    )
    return xlsx_common.to_bytes(wb)


__all__ = [
    "OutstandingUnitRow",
    "OutstandingUnits",
    "outstanding_units_docx",
    "outstanding_units_filename",
    "outstanding_units_pdf",
    "outstanding_units_xlsx",
]
