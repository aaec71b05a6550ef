"""รายงานแผนพัฒนาตนเองของกลุ่มเป้าหมาย (docs/domain.md §4 stage 4): the district's plans sent to the province.

One district's report, or the whole province's (then one part per district), as a PDF, an
editable Word file and an Excel workbook with the same content. Per unit, grouped by the four
types: where it is, its community developer, the state of its plan and who approved it when, and
the plan's items as a table. Landscape A4: an item has eight columns. Plain data in, bytes out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from openpyxl import Workbook

from core.thai import thai_date, thai_date_short
from documents import docx_common, xlsx_common
from documents.parts import AreaReport
from documents.render import render_pdf

TITLE = "รายงานแผนพัฒนาตนเองของกลุ่มเป้าหมาย ระบบมาตรฐานการพัฒนาชุมชน (มชช.)"
NO_PLAN = "ยังไม่มีแผน"
NO_ITEMS = "- แผนยังไม่มีรายการพัฒนา -"
NO_UNITS = "- ไม่มีหน่วยนับ -"
LOCAL_WISDOM = "(ภูมิปัญญาท้องถิ่น)"
ITEM_COLUMNS = [
    "ที่",
    "ตัวบ่งชี้",
    "ความรู้/ทักษะที่ต้องเสริมสร้าง",
    "วิธีการ",
    "ระยะเวลา",
    "วิทยากร/ภาคีที่ให้ความรู้",
    "หลักฐานที่จะแสดงผล",
    "ระดับเป้าหมาย",
    "ความก้าวหน้า",
]
# Landscape A4 less 3 cm and 2 cm margins: 24.7 cm of text width.
ITEM_WIDTHS_CM = [1.0, 4.0, 3.4, 3.2, 3.0, 3.2, 3.1, 1.6, 2.2]
SUMMARY_COLUMNS = ["ประเภท", "หน่วยนับ", "แผนเห็นชอบแล้ว", "แผนอยู่ระหว่างดำเนินการ", NO_PLAN]
INDICATOR_SHORT = 70  # characters of the indicator's text shown beside its code


@dataclass
class PlanItemRow:
    indicator_code: str
    indicator_text: str
    knowledge: str
    method: str
    starts_on: dt.date
    ends_on: dt.date
    resource: str
    local_wisdom: bool
    evidence: str
    target_score: int
    progress: str  # its label, "ดำเนินการแล้ว"


@dataclass
class UnitPlanRow:
    name: str
    place: str  # "หมู่ที่ 3 บ้านท่าขาม ตำบลเหมืองง่า"
    responsible: str  # พัฒนากรผู้รับผิดชอบ
    district: str  # "อำเภอเมืองลำพูน"
    plan_state: str | None  # its label; None when the unit has no plan
    approved: bool = False
    approved_by: str = ""
    approved_on: dt.date | None = None
    items: list[PlanItemRow] = field(default_factory=list)

    @property
    def has_plan(self) -> bool:
        return self.plan_state is not None


@dataclass
class DistrictPlans:
    name: str  # "อำเภอเมืองลำพูน"
    # One list per type, in the order of PlansReport.type_labels.
    units_by_type: list[list[UnitPlanRow]]

    @property
    def unit_count(self) -> int:
        return sum(len(units) for units in self.units_by_type)


@dataclass
class Counts:
    units: int = 0
    approved: int = 0
    pending: int = 0  # a plan that is not approved yet
    no_plan: int = 0

    def add(self, unit: UnitPlanRow) -> None:
        self.units += 1
        if unit.approved:
            self.approved += 1
        elif unit.has_plan:
            self.pending += 1
        else:
            self.no_plan += 1

    def values(self) -> list[int]:
        return [self.units, self.approved, self.pending, self.no_plan]


@dataclass
class PlansReport(AreaReport):
    province: str  # "ลำพูน" or "จังหวัดลำพูน"
    district: str | None  # None: the whole province
    fiscal_year: int  # Buddhist era
    issued_on: dt.date
    office: str
    type_labels: list[str]  # the four types, in order
    # The district's part, or every district of the province (those without units too, so the
    # summary by district shows them with zeros).
    districts: list[DistrictPlans]
    thai_numerals: bool = True
    signer_name: str = ""
    signer_position: str = ""

    def title_lines(self) -> list[str]:
        return [line for line in [TITLE, self.year_line(), self.area_line(), self.office] if line]

    def type_counts(self) -> list[Counts]:
        counts = [Counts() for _ in self.type_labels]
        for district in self.districts:
            for index, units in enumerate(district.units_by_type):
                for unit in units:
                    counts[index].add(unit)
        return counts

    def district_counts(self) -> list[tuple[str, Counts]]:
        result = []
        for district in self.districts:
            counts = Counts()
            for units in district.units_by_type:
                for unit in units:
                    counts.add(unit)
            result.append((district.name, counts))
        return result

    def summary_counts(self) -> list[tuple[str, list[int]]]:
        """Per type, then the total: units, approved plans, pending plans, units without one."""
        counts = self.type_counts()
        total = [sum(column) for column in zip(*(c.values() for c in counts), strict=True)] or [
            0
        ] * 4
        rows = [(label, c.values()) for label, c in zip(self.type_labels, counts, strict=True)]
        return [*rows, ("รวม", total)]

    def summary_rows(self) -> list[list[str]]:
        return [[label, *map(self.n, values)] for label, values in self.summary_counts()]

    def district_summary_rows(self) -> list[list[str]]:
        return [[name, *map(self.n, c.values())] for name, c in self.district_counts()]

    def section_heading(self, index: int, label: str, count: int) -> str:
        return self.n(f"{index}. {label} จำนวน {count} ราย")

    def unit_heading(self, section: int, number: int, unit: UnitPlanRow) -> str:
        return self.n(f"{section}.{number} {unit.name}")

    def unit_lines(self, unit: UnitPlanRow) -> list[str]:
        place = f"พื้นที่ {unit.place}" if unit.place else ""
        developer = f"พัฒนากรผู้รับผิดชอบ {unit.responsible or '-'}"
        return [self.n(" · ".join(p for p in [place, developer] if p)), self.state_line(unit)]

    def state_line(self, unit: UnitPlanRow) -> str:
        if not unit.has_plan:
            return f"สถานะแผน: {NO_PLAN}"
        line = f"สถานะแผน: {unit.plan_state}"
        if unit.approved:
            if unit.approved_by:
                line += f" โดย {unit.approved_by}"
            if unit.approved_on:
                line += f" เมื่อ {thai_date(unit.approved_on)}"
        return self.n(line)

    def period(self, item: PlanItemRow) -> str:
        t = self.thai_numerals
        return (
            f"{thai_date_short(item.starts_on, thai_numerals=t)} – "
            f"{thai_date_short(item.ends_on, thai_numerals=t)}"
        )

    def item_cells(self, number: int, item: PlanItemRow) -> list[str]:
        resource = item.resource or "-"
        if item.local_wisdom:
            resource = f"{item.resource} {LOCAL_WISDOM}".strip()
        return [
            self.n(number),
            self.n(f"{item.indicator_code} {short_text(item.indicator_text)}"),
            self.n(item.knowledge),
            self.n(item.method),
            self.period(item),
            self.n(resource),
            self.n(item.evidence),
            self.n(item.target_score),
            item.progress,
        ]

    def parts(self) -> list[DistrictPlans]:
        """The districts shown in detail: in a province's report, those with units."""
        if not self.whole_province:
            return self.districts
        return [d for d in self.districts if d.unit_count]


def short_text(text: str, limit: int = INDICATOR_SHORT) -> str:
    """The indicator's text cut at a space near `limit`, so a table cell stays a few lines."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + "…"


def _typst_data(data: PlansReport) -> dict[str, Any]:
    parts = []
    for district in data.parts():
        sections = []
        for index, (label, units) in enumerate(
            zip(data.type_labels, district.units_by_type, strict=True), start=1
        ):
            sections.append(
                {
                    "heading": data.section_heading(index, label, len(units)),
                    "units": [
                        {
                            "heading": data.unit_heading(index, number, unit),
                            "lines": data.unit_lines(unit),
                            "has_plan": unit.has_plan,
                            "items": [
                                data.item_cells(i, item) for i, item in enumerate(unit.items, 1)
                            ],
                        }
                        for number, unit in enumerate(units, start=1)
                    ],
                }
            )
        parts.append(
            {"heading": district.name if data.whole_province else "", "sections": sections}
        )
    return {
        "thai_numerals": data.thai_numerals,
        "title_lines": data.title_lines(),
        "summary_heading": "สรุปจำนวนแผนพัฒนาตนเอง แยกตามประเภท",
        "summary_columns": SUMMARY_COLUMNS,
        "summary_rows": data.summary_rows(),
        "district_summary_heading": "สรุปรายอำเภอ" if data.whole_province else "",
        "district_summary_columns": ["อำเภอ", *SUMMARY_COLUMNS[1:]],
        "district_summary_rows": data.district_summary_rows() if data.whole_province else [],
        "item_columns": ITEM_COLUMNS,
        "parts": parts,
        "no_units": NO_UNITS,
        "no_items": NO_ITEMS,
        "date_line": data.date_line(),
        "signer": data.signer(),
    }


def plans_report_pdf(data: PlansReport) -> bytes:
    return render_pdf("plans_report", _typst_data(data))


def plans_report_docx(data: PlansReport) -> bytes:
    """The same content as the PDF, as an editable Word file (Sarabun, landscape, real tables)."""
    doc = docx_common.new_document(thai_numerals=data.thai_numerals)
    docx_common.landscape(doc)
    docx_common.add_title(doc, data.title_lines())

    docx_common.add_paragraph(
        doc, "สรุปจำนวนแผนพัฒนาตนเอง แยกตามประเภท", bold=True, space_before_pt=8
    )
    docx_common.add_table(
        doc,
        SUMMARY_COLUMNS,
        data.summary_rows(),
        [7.5, 3, 3.5, 4.5, 3],
        centred_columns=(1, 2, 3, 4),
    )
    if data.whole_province:
        docx_common.add_paragraph(doc, "สรุปรายอำเภอ", bold=True, space_before_pt=8)
        docx_common.add_table(
            doc,
            ["อำเภอ", *SUMMARY_COLUMNS[1:]],
            data.district_summary_rows(),
            [7.5, 3, 3.5, 4.5, 3],
            centred_columns=(1, 2, 3, 4),
        )

    for district in data.parts():
        if data.whole_province:
            docx_common.add_paragraph(doc, district.name, bold=True, space_before_pt=14)
        for index, (label, units) in enumerate(
            zip(data.type_labels, district.units_by_type, strict=True), start=1
        ):
            docx_common.add_paragraph(
                doc, data.section_heading(index, label, len(units)), bold=True, space_before_pt=8
            )
            if not units:
                docx_common.add_paragraph(doc, NO_UNITS, left_indent_cm=1.5)
            for number, unit in enumerate(units, start=1):
                docx_common.add_paragraph(
                    doc,
                    data.unit_heading(index, number, unit),
                    bold=True,
                    left_indent_cm=0.75,
                    space_before_pt=6,
                )
                for line in data.unit_lines(unit):
                    docx_common.add_paragraph(doc, line, left_indent_cm=1.5)
                if unit.has_plan and not unit.items:
                    docx_common.add_paragraph(doc, NO_ITEMS, left_indent_cm=1.5)
                if unit.items:
                    rows = [data.item_cells(i, item) for i, item in enumerate(unit.items, 1)]
                    docx_common.add_table(
                        doc, ITEM_COLUMNS, rows, ITEM_WIDTHS_CM, centred_columns=(0, 7)
                    )

    docx_common.add_paragraph(doc, data.date_line(), space_before_pt=10)
    docx_common.add_signature(doc, **data.signer())
    return docx_common.to_bytes(doc)


XLSX_COLUMNS = [
    ("ลำดับ", 7),
    ("อำเภอ", 22),
    ("ประเภท", 28),
    ("ชื่อหน่วยนับ", 34),
    ("หมู่บ้าน/ตำบล", 34),
    ("พัฒนากรผู้รับผิดชอบ", 24),
    ("สถานะแผน", 20),
    ("ผู้เห็นชอบแผน", 22),
    ("วันที่เห็นชอบ", 18),
    ("รหัสตัวบ่งชี้", 10),
    ("ตัวบ่งชี้", 50),
    ("ความรู้/ทักษะที่ต้องเสริมสร้าง", 36),
    ("วิธีการ", 34),
    ("เริ่ม", 18),
    ("สิ้นสุด", 18),
    ("วิทยากร/ภาคีที่ให้ความรู้", 30),
    ("ภูมิปัญญาท้องถิ่น", 12),
    ("หลักฐานที่จะแสดงผล", 34),
    ("ระดับเป้าหมาย", 10),
    ("ความก้าวหน้า", 16),
]


def _xlsx_rows(data: PlansReport) -> list[list[object]]:
    """One row per plan item with the unit's columns repeated; a unit without items one row."""
    rows: list[list[object]] = []
    for district in data.districts:
        for label, units in zip(data.type_labels, district.units_by_type, strict=True):
            for unit in units:
                unit_cells: list[object] = [
                    district.name,
                    label,
                    unit.name,
                    unit.place,
                    unit.responsible,
                    unit.plan_state or NO_PLAN,
                    unit.approved_by if unit.approved else "",
                    unit.approved_on if unit.approved else None,  # a date cell (xlsx_common)
                ]
                if not unit.items:
                    rows.append([*unit_cells, *[""] * 11])
                for item in unit.items:
                    rows.append(
                        [
                            *unit_cells,
                            item.indicator_code,
                            item.indicator_text,
                            item.knowledge,
                            item.method,
                            item.starts_on,
                            item.ends_on,
                            item.resource,
                            "ใช่" if item.local_wisdom else "",
                            item.evidence,
                            item.target_score,
                            item.progress,
                        ]
                    )
    return rows


def plans_report_xlsx(data: PlansReport) -> bytes:
    """Sheet 1: one row per plan item, filterable; sheet 2: the summary counts."""
    wb = Workbook()
    ws = xlsx_common.first_sheet(wb)
    ws.title = "แผนพัฒนาตนเอง"
    title_lines = [
        f"{TITLE} {data.year_line()}",
        f"{data.area_line()} ({data.office})" if data.office else data.area_line(),
        data.date_line(),
    ]
    xlsx_common.write_listing(ws, title_lines, XLSX_COLUMNS, _xlsx_rows(data))

    summary = wb.create_sheet("สรุป")
    # Counts stay numbers in a workbook.
    r = xlsx_common.write_count_table(
        summary,
        1,
        "สรุปจำนวนแผนพัฒนาตนเอง แยกตามประเภท",
        SUMMARY_COLUMNS,
        [[label, *values] for label, values in data.summary_counts()],
    )
    if data.whole_province:
        xlsx_common.write_count_table(
            summary,
            r + 2,
            "สรุปรายอำเภอ",
            ["อำเภอ", *SUMMARY_COLUMNS[1:]],
            [[name, *c.values()] for name, c in data.district_counts()],
        )
    xlsx_common.set_column_widths(summary, [30, 12, 18, 24, 14])
    return xlsx_common.to_bytes(wb)


__all__ = [
    "DistrictPlans",
    "PlanItemRow",
    "PlansReport",
    "UnitPlanRow",
    "plans_report_docx",
    "plans_report_pdf",
    "plans_report_xlsx",
]
