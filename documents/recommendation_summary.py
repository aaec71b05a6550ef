"""บันทึกข้อความ: the district's summary of its committee's recommendations to the province
(docs/domain.md §4 stage 5, §8 "district recommendation summary"; seed 001 §2.7: results reported to the
province by the year's deadline).

An internal memo (หนังสือภายใน, ระเบียบงานสารบรรณ): a 1.5 cm Garuda at the top left beside
"บันทึกข้อความ"; ส่วนราชการ, ที่ and วันที่, เรื่อง; "เรียน ผู้ว่าราชการจังหวัด…"; the body; one table
per target type (each unit's place, combined result, pass by the framework's rule, the
committee's decision and reasons); the totals; the closing line and the district head's
signature. As PDF, editable Word, and an Excel workbook with the same rows. Plain data in,
bytes out.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from openpyxl import Workbook

from core.thai import arabic_digits, thai_date
from documents import docx_common, xlsx_common
from documents.parts import Numerals, keep_whole
from documents.render import render_pdf
from documents.text import (
    bare_district_name,
    district_name,
    fiscal_year_be,
    province_name,
)

MEMO_HEADING = "บันทึกข้อความ"
TITLE = "สรุปผลการพิจารณาของคณะกรรมการตรวจประเมินระดับอำเภอ เพื่อเสนอจังหวัดรับรองมาตรฐานการพัฒนาชุมชน (มชช.)"
RECOMMEND = "RECOMMEND"
NOT_RECOMMEND = "NOT_RECOMMEND"
OUTCOME_LABELS = {RECOMMEND: "เสนอให้รับรอง", NOT_RECOMMEND: "ไม่เสนอให้รับรอง"}
UNDECIDED = "ยังไม่มีมติ"
NOT_SCHEDULED = "ยังไม่ได้เข้ารับการประเมิน"
IN_ASSESSMENT = "อยู่ระหว่างการประเมิน"
PASSED = "ผ่านเกณฑ์"
NOT_PASSED = "ไม่ผ่านเกณฑ์"
NO_UNITS = "- ไม่มีหน่วยนับ -"
CLOSING = "จึงเรียนมาเพื่อโปรดทราบ และพิจารณาดำเนินการต่อไป"
UNIT_COLUMNS = [
    "ลำดับ",
    "ชื่อหน่วยนับ",
    "หมู่บ้าน/ตำบล",
    "คะแนน (ร้อยละ)",
    "ผลตามเกณฑ์",
    "มติคณะกรรมการ",
    "เหตุผล",
]
# A4 portrait text width (16 cm), as in the PDF (recommendation_summary.typ).
UNIT_WIDTHS_CM = [1.2, 2.9, 2.5, 1.9, 1.7, 2.4, 3.4]
COUNT_COLUMNS = ["ประเภท", "หน่วยนับ", "เข้ารับการประเมิน", "เสนอให้รับรอง", "ไม่เสนอให้รับรอง", UNDECIDED]
COUNT_WIDTHS_CM = [4.4, 1.7, 2.3, 2.6, 2.9, 2.1]
MEMO_HEADING_PT = 29  # the regulation's size for "บันทึกข้อความ"
MEMO_LABEL_PT = 20  # and for ส่วนราชการ, ที่, วันที่, เรื่อง


@dataclass
class UnitResultRow:
    name: str
    place: str  # "หมู่ที่ 3 บ้านท่าขาม ตำบลเหมืองง่า"
    outcome: str | None = None  # RECOMMEND, NOT_RECOMMEND or None (no current decision)
    reasons: str = ""
    percent: Decimal | None = None  # the combined result the committee decided on
    passed: bool | None = None  # by the framework's pass rule
    assessed: bool = False  # on one of the district's assessment rounds
    decided_on: dt.date | None = None

    @property
    def decided(self) -> bool:
        return self.outcome in OUTCOME_LABELS

    @property
    def outcome_label(self) -> str:
        return OUTCOME_LABELS.get(self.outcome or "", UNDECIDED)

    @property
    def passed_label(self) -> str:
        if self.passed is None:
            return "-"
        return PASSED if self.passed else NOT_PASSED

    @property
    def reasons_text(self) -> str:
        if self.decided:
            return self.reasons or "-"
        return IN_ASSESSMENT if self.assessed else NOT_SCHEDULED


@dataclass
class Counts:
    units: int = 0
    assessed: int = 0
    recommended: int = 0
    not_recommended: int = 0
    undecided: int = 0

    def add(self, row: UnitResultRow) -> None:
        self.units += 1
        self.assessed += row.assessed
        if row.outcome == RECOMMEND:
            self.recommended += 1
        elif row.outcome == NOT_RECOMMEND:
            self.not_recommended += 1
        else:
            self.undecided += 1

    def values(self) -> list[int]:
        return [self.units, self.assessed, self.recommended, self.not_recommended, self.undecided]


@dataclass
class RecommendationSummary(Numerals):
    province: str  # "ลำพูน"
    district: str  # "อำเภอเมืองลำพูน" or "เมืองลำพูน"
    fiscal_year: int  # Buddhist era
    issued_on: dt.date
    type_labels: list[str]  # the four types, in order
    units_by_type: list[list[UnitResultRow]]  # one list per type, in that order
    results_due: dt.date | None = None  # the year's "รายงานผลถึงจังหวัด"
    committee: str = ""  # the district assessment committee's name
    reference: str = ""  # the memo's "ที่"; blank: a dotted space for the office's number
    thai_numerals: bool = True
    signer_name: str = ""
    signer_position: str = ""

    # --- the memo's head and body ---

    def office(self) -> str:
        return f"สำนักงานพัฒนาชุมชน{district_name(self.district)}"

    def reference_text(self) -> str:
        return self.n(self.reference) if self.reference else ""

    def date_text(self) -> str:
        # A memo's date line: day, full month, year, without "พ.ศ." (docs/documents.md).
        return thai_date(self.issued_on, thai_numerals=self.thai_numerals)

    def year_text(self) -> str:
        return f"ประจำปีงบประมาณ พ.ศ. {fiscal_year_be(self.fiscal_year)}"

    def subject(self) -> str:
        return self.n(
            "รายงานผลการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ระดับอำเภอ "
            + self.year_text()
        )

    def salutation(self) -> str:
        return f"ผู้ว่าราชการ{province_name(self.province)}"

    def committee_name(self) -> str:
        return self.committee or (
            "คณะกรรมการตรวจประเมินเพื่อการรับรองมาตรฐานการพัฒนาชุมชน ระดับอำเภอ "
            + district_name(self.district)
        )

    def totals(self) -> Counts:
        total = Counts()
        for rows in self.units_by_type:
            for row in rows:
                total.add(row)
        return total

    @property
    def complete(self) -> bool:
        """Every unit has the committee's decision."""
        return self.totals().undecided == 0

    def paragraphs(self) -> list[str]:
        t = self.totals()
        due = ""
        if self.results_due is not None:
            due = f" ภายในวันที่ {thai_date(self.results_due)}"
        first = (
            f"ตามที่{province_name(self.province)}กำหนดให้อำเภอรายงานผลการตรวจประเมินเพื่อการรับรอง"
            f"มาตรฐานการพัฒนาชุมชน (มชช.) {self.year_text()} ถึงจังหวัด{due} นั้น"
        )
        second = (
            f"บัดนี้ {self.committee_name()} ได้ตรวจประเมินหน่วยนับของ{district_name(self.district)}แล้ว "
            f"จากหน่วยนับทั้งหมด {t.units} หน่วยนับ เข้ารับการประเมิน {t.assessed} หน่วยนับ "
            f"คณะกรรมการมีมติเสนอให้รับรอง {t.recommended} หน่วยนับ "
            f"ไม่เสนอให้รับรอง {t.not_recommended} หน่วยนับ และยังไม่มีมติ {t.undecided} หน่วยนับ "
            "รายละเอียดดังนี้"
        )
        return [self.n(first), self.n(second)]

    def note(self) -> str:
        """Shown prominently when some units still lack a decision; empty otherwise."""
        undecided = self.totals().undecided
        if not undecided:
            return ""
        return self.n(
            f"หมายเหตุ: คณะกรรมการยังมีมติไม่ครบทุกหน่วยนับ (ยังไม่มีมติ {undecided} หน่วยนับ) "
            "รายงานฉบับนี้จึงยังไม่ใช่ผลฉบับสมบูรณ์ อำเภอจะรายงานเพิ่มเติมเมื่อคณะกรรมการมีมติครบแล้ว"
        )

    # --- tables ---

    def section_heading(self, index: int, label: str, count: int) -> str:
        return self.n(f"{index}. {label} จำนวน {count} ราย")

    def percent_text(self, row: UnitResultRow) -> str:
        return "-" if row.percent is None else self.n(f"{row.percent:.2f}")

    def unit_cells(self, number: int, row: UnitResultRow) -> list[str]:
        return [
            self.n(number),
            self.n(row.name),
            self.n(row.place),
            self.percent_text(row),
            row.passed_label,
            row.outcome_label,
            self.n(row.reasons_text),
        ]

    def count_rows(self) -> list[tuple[str, list[int]]]:
        """Per type, then the total: units, assessed, recommended, not recommended, undecided."""
        rows = []
        for label, units in zip(self.type_labels, self.units_by_type, strict=True):
            counts = Counts()
            for row in units:
                counts.add(row)
            rows.append((label, counts.values()))
        return [*rows, ("รวม", self.totals().values())]

    def count_cells(self) -> list[list[str]]:
        return [[label, *map(self.n, values)] for label, values in self.count_rows()]

    def keep_whole(self) -> list[str]:
        return keep_whole([self.province, bare_district_name(self.district)])


def _signer(data: RecommendationSummary) -> dict[str, Any]:
    return {
        "name": data.n(data.signer_name),
        "positions": [data.n(data.signer_position)] if data.signer_position else [],
    }


def _typst_data(data: RecommendationSummary) -> dict[str, Any]:
    sections = []
    for index, (label, rows) in enumerate(
        zip(data.type_labels, data.units_by_type, strict=True), start=1
    ):
        sections.append(
            {
                "heading": data.section_heading(index, label, len(rows)),
                "rows": [
                    {"cells": data.unit_cells(i, row), "decided": row.decided}
                    for i, row in enumerate(rows, start=1)
                ],
            }
        )
    return {
        "thai_numerals": data.thai_numerals,
        "keep_whole": data.keep_whole(),
        "title": f"{MEMO_HEADING} {data.subject()}",
        "memo_heading": MEMO_HEADING,
        "office": data.office(),
        "reference": data.reference_text(),
        "date": data.date_text(),
        "subject": data.subject(),
        "salutation": data.salutation(),
        "paragraphs": data.paragraphs(),
        "note": data.note(),
        "unit_columns": UNIT_COLUMNS,
        "sections": sections,
        "no_units": NO_UNITS,
        "counts_heading": "สรุปผลการพิจารณา แยกตามประเภท",
        "count_columns": COUNT_COLUMNS,
        "count_rows": data.count_cells(),
        "closing": CLOSING,
        "signer": _signer(data),
    }


def recommendation_summary_pdf(
    data: RecommendationSummary, *, emblem: bytes | None = None
) -> bytes:
    return render_pdf("recommendation_summary", _typst_data(data), emblem=emblem)


def _memo_line(doc, label: str, value: str):
    """ "ส่วนราชการ สำนักงาน…": the label bold at 20 pt, the value at 16 pt."""
    par = doc.add_paragraph()
    docx_common.style_run(par.add_run(label), bold=True, size_pt=MEMO_LABEL_PT)
    docx_common.style_run(par.add_run(f"  {value}"))
    return par


def recommendation_summary_docx(
    data: RecommendationSummary, *, emblem: bytes | None = None
) -> bytes:
    """The same memo as the PDF, as an editable Word file (Sarabun, real tables)."""
    doc = docx_common.new_document(thai_numerals=data.thai_numerals)
    par = doc.add_paragraph()
    if emblem is not None:
        # The Garuda at the left; a tab takes the heading to about the middle of the line.
        par.add_run().add_picture(io.BytesIO(emblem), height=Cm(1.5))
        par.paragraph_format.tab_stops.add_tab_stop(Cm(docx_common.TEXT_WIDTH_CM / 2 - 2.6))
        par.add_run("\t")
    else:
        par.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docx_common.style_run(par.add_run(MEMO_HEADING), bold=True, size_pt=MEMO_HEADING_PT)

    _memo_line(doc, "ส่วนราชการ", data.office())
    par = _memo_line(doc, "ที่", data.reference_text() or "." * 40)
    docx_common.style_run(par.add_run("  "))
    docx_common.style_run(par.add_run("วันที่"), bold=True, size_pt=MEMO_LABEL_PT)
    docx_common.style_run(par.add_run(f"  {data.date_text()}"))
    _memo_line(doc, "เรื่อง", data.subject())
    docx_common.add_paragraph(doc, f"เรียน  {data.salutation()}", space_before_pt=8)

    for text in data.paragraphs():
        docx_common.indented_paragraph(doc, text, space_before_pt=6)
    note = data.note()
    if note:
        docx_common.indented_paragraph(doc, note, bold=True, space_before_pt=6)

    for index, (label, rows) in enumerate(
        zip(data.type_labels, data.units_by_type, strict=True), start=1
    ):
        docx_common.add_paragraph(
            doc, data.section_heading(index, label, len(rows)), bold=True, space_before_pt=8
        )
        if not rows:
            docx_common.add_paragraph(doc, NO_UNITS, left_indent_cm=1.0)
            continue
        cells = [data.unit_cells(i, row) for i, row in enumerate(rows, start=1)]
        docx_common.add_table(doc, UNIT_COLUMNS, cells, UNIT_WIDTHS_CM, centred_columns=(0, 3, 4))

    docx_common.add_paragraph(doc, "สรุปผลการพิจารณา แยกตามประเภท", bold=True, space_before_pt=8)
    table = docx_common.add_table(
        doc, COUNT_COLUMNS, data.count_cells(), COUNT_WIDTHS_CM, centred_columns=(1, 2, 3, 4, 5)
    )
    for cell in table.rows[-1].cells:  # the total in bold
        for run in cell.paragraphs[0].runs:
            docx_common.style_run(run, bold=True)

    docx_common.indented_paragraph(doc, CLOSING, space_before_pt=10)
    signer = _signer(data)
    docx_common.add_signature(doc, name=signer["name"], positions=signer["positions"])
    return docx_common.to_bytes(doc)


XLSX_COLUMNS = [
    ("ลำดับ", 7),
    ("ประเภท", 28),
    ("ชื่อหน่วยนับ", 34),
    ("หมู่บ้าน/ตำบล", 34),
    ("คะแนน (ร้อยละ)", 12),
    ("ผลตามเกณฑ์", 14),
    ("มติคณะกรรมการ", 18),
    ("เหตุผล", 44),
    ("วันที่มีมติ", 18),
]


def _xlsx_rows(data: RecommendationSummary) -> list[list[object]]:
    rows: list[list[object]] = []
    for label, units in zip(data.type_labels, data.units_by_type, strict=True):
        for row in units:
            rows.append(
                [
                    label,
                    row.name,
                    row.place,
                    row.percent,  # a number in a workbook, empty when there is none
                    row.passed_label if row.passed is not None else "",
                    row.outcome_label,
                    row.reasons_text,
                    row.decided_on,  # a date cell (xlsx_common), empty when undecided
                ]
            )
    return rows


def recommendation_summary_xlsx(data: RecommendationSummary) -> bytes:
    """Sheet 1: one row per unit, filterable; sheet 2: the counts by type."""
    wb = Workbook()
    ws = xlsx_common.first_sheet(wb)
    ws.title = "ผลการพิจารณา"
    title_lines = [
        f"{TITLE} {data.year_text()}",
        f"{district_name(data.district)} {province_name(data.province)} ({data.office()})",
        f"ข้อมูล ณ วันที่ {thai_date(data.issued_on)}",
    ]
    bold_lines = [0]
    note = arabic_digits(data.note())  # a workbook keeps Arabic digits
    if note:
        bold_lines.append(len(title_lines))  # the note stands out, as in the memo
        title_lines.append(note)
    xlsx_common.write_listing(
        ws,
        title_lines,
        XLSX_COLUMNS,
        _xlsx_rows(data),
        bold_lines=bold_lines,
        wrap_titles=True,
        number_formats={4: xlsx_common.PERCENT},  # the score, a percent
    )

    summary = wb.create_sheet("สรุป")
    xlsx_common.write_count_table(
        summary,
        1,
        "สรุปผลการพิจารณา แยกตามประเภท",
        COUNT_COLUMNS,
        [[label, *values] for label, values in data.count_rows()],  # counts stay numbers
        bold_last_row=True,  # the total
    )
    xlsx_common.set_column_widths(summary, [30, 12, 18, 16, 18, 14])
    return xlsx_common.to_bytes(wb)


__all__ = [
    "NOT_RECOMMEND",
    "RECOMMEND",
    "RecommendationSummary",
    "UnitResultRow",
    "recommendation_summary_docx",
    "recommendation_summary_pdf",
    "recommendation_summary_xlsx",
]
