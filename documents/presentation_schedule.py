"""ตารางการนำเสนอผลการพัฒนา: the presentation schedule of an assessment round.

The units in the order they present, each with its slot (start and end, presentation and
questions in minutes), grouped by day; units not given a time yet are listed last. As a PDF,
an editable Word file and an Excel sheet of the same rows. Plain data in, bytes out; the data
is gathered by assessment/print_documents.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook

from core.thai import thai_date
from documents import docx_common, xlsx_common
from documents.parts import Dated, keep_whole
from documents.render import render_pdf
from documents.text import bare_district_name, fiscal_year_be

TITLE = "ตารางการนำเสนอผลการพัฒนาต่อคณะกรรมการตรวจประเมิน"
UNSCHEDULED = "ยังไม่กำหนดเวลา"
NO_UNITS = "- ยังไม่มีหน่วยนับในรอบนี้ -"
COLUMNS = ["ลำดับ", "เวลา", "หน่วยนับ", "ประเภท", "พื้นที่", "นำเสนอ/ซักถาม (นาที)"]
# A4 portrait text width (16 cm), as in the PDF (presentation_schedule.typ).
WIDTHS_CM = [1.1, 3.2, 3.9, 2.4, 3.5, 1.9]
# A real date in Excel, shown in the Buddhist era with the Thai month.
XLSX_DATE = xlsx_common.THAI_DATE


@dataclass
class Slot:
    number: int  # the unit's place in the round's order, from 1
    name: str
    unit_type: str
    district: str  # "อำเภอเมืองลำพูน"
    place: str  # "บ้านท่าขาม ตำบลเหมืองง่า"
    starts_at: dt.datetime | None = None  # local time
    ends_at: dt.datetime | None = None
    presentation_minutes: int = 15
    questions_minutes: int = 15


@dataclass
class PresentationSchedule(Dated):
    round_name: str
    committee: str
    level: str  # "ระดับอำเภอ"
    province: str
    fiscal_year: int  # Buddhist era
    place: str
    issued_on: dt.date
    slots: list[Slot] = field(default_factory=list)
    thai_numerals: bool = True

    def time_text(self, slot: Slot) -> str:
        # Official Thai time: "09.00 – 09.30 น."
        if slot.starts_at is None or slot.ends_at is None:
            return "-"
        return self.n(f"{slot.starts_at:%H.%M} – {slot.ends_at:%H.%M} น.")

    def minutes_text(self, slot: Slot) -> str:
        return self.n(f"{slot.presentation_minutes}/{slot.questions_minutes}")

    def place_text(self, slot: Slot) -> str:
        district = bare_district_name(slot.district)
        return self.n(f"{slot.place} อ.{district}" if district else slot.place)

    def cells(self, slot: Slot) -> list[str]:
        return [
            self.n(slot.number),
            self.time_text(slot),
            self.n(slot.name),
            slot.unit_type,
            self.place_text(slot),
            self.minutes_text(slot),
        ]

    def days(self) -> list[tuple[str, list[Slot]]]:
        """(heading, slots) per day in the order of the slots; the unscheduled last."""
        days: dict[dt.date | None, list[Slot]] = {}
        for slot in self.slots:
            day = slot.starts_at.date() if slot.starts_at else None
            days.setdefault(day, []).append(slot)
        ordered = [(day, rows) for day, rows in days.items() if day is not None]
        ordered.sort(key=lambda item: item[0] or dt.date.min)
        result = [
            (f"วันที่ {thai_date(day, thai_numerals=self.thai_numerals, with_era=True)}", rows)
            for day, rows in ordered
        ]
        if None in days:
            result.append((UNSCHEDULED, days[None]))
        return result

    def title_lines(self) -> list[str]:
        lines = [TITLE, self.n(self.round_name), self.n(self.committee)]
        lines.append(self.n(f"ประจำปีงบประมาณ พ.ศ. {fiscal_year_be(self.fiscal_year)}"))
        if self.place:
            lines.append(self.n(f"ณ {self.place}"))
        return lines

    def summary_line(self) -> str:
        return self.n(f"รวม {len(self.slots)} หน่วยนับ")


def _typst_data(data: PresentationSchedule) -> dict[str, Any]:
    return {
        "thai_numerals": data.thai_numerals,
        "title": f"{TITLE} {data.round_name}",
        "title_lines": data.title_lines(),
        "keep_whole": keep_whole(
            [data.province, *(bare_district_name(s.district) for s in data.slots)]
        ),
        "columns": COLUMNS,
        "days": [
            {"heading": heading, "rows": [data.cells(slot) for slot in rows]}
            for heading, rows in data.days()
        ],
        "no_units": NO_UNITS,
        "summary": data.summary_line(),
        "date_line": data.date_line(),
    }


def presentation_schedule_filename(round_name: str, fmt: str) -> str:
    """ "ตารางการนำเสนอ-<round>.pdf", without characters a file name may not carry."""
    safe = "".join("-" if ch in '/\\:*?"<>|' else ch for ch in round_name).strip()[:60]
    return f"ตารางการนำเสนอ-{safe}.{fmt}"


def presentation_schedule_pdf(data: PresentationSchedule) -> bytes:
    return render_pdf("presentation_schedule", _typst_data(data))


def presentation_schedule_docx(data: PresentationSchedule) -> bytes:
    doc = docx_common.new_document(thai_numerals=data.thai_numerals)
    docx_common.add_title(doc, data.title_lines())
    days = data.days()
    if not days:
        docx_common.add_paragraph(doc, NO_UNITS, align=WD_ALIGN_PARAGRAPH.CENTER, space_before_pt=8)
    for heading, rows in days:
        docx_common.add_paragraph(doc, heading, bold=True, space_before_pt=8)
        docx_common.add_table(
            doc,
            COLUMNS,
            [data.cells(slot) for slot in rows],
            WIDTHS_CM,
            centred_columns=(0, 1, 5),
        )
    docx_common.add_paragraph(doc, data.summary_line(), bold=True, space_before_pt=8)
    docx_common.add_paragraph(doc, data.date_line())
    return docx_common.to_bytes(doc)


XLSX_COLUMNS = [
    ("ลำดับ", 7),
    ("วันที่", 20),
    ("เริ่ม", 9),
    ("สิ้นสุด", 9),
    ("หน่วยนับ", 36),
    ("ประเภท", 26),
    ("พื้นที่", 32),
    ("อำเภอ", 20),
    ("นำเสนอ (นาที)", 12),
    ("ซักถาม (นาที)", 12),
]


def presentation_schedule_xlsx(data: PresentationSchedule) -> bytes:
    """One row per unit; the day a real date, the minutes numbers."""
    rows: list[list[object]] = []
    for slot in data.slots:
        starts, ends = slot.starts_at, slot.ends_at
        rows.append(
            [
                starts.date() if starts else None,
                f"{starts:%H:%M}" if starts else "",
                f"{ends:%H:%M}" if ends else "",
                slot.name,
                slot.unit_type,
                slot.place,
                slot.district,
                slot.presentation_minutes,
                slot.questions_minutes,
            ]
        )
    wb = Workbook()
    ws = xlsx_common.first_sheet(wb)
    ws.title = "ตารางการนำเสนอ"
    title_lines = [
        f"{TITLE} {data.round_name}",
        f"{data.committee} ปีงบประมาณ {fiscal_year_be(data.fiscal_year)}",
        f"{'ณ ' + data.place + '  ' if data.place else ''}ข้อมูล ณ วันที่ {thai_date(data.issued_on)}",
    ]
    xlsx_common.write_listing(
        ws,
        title_lines,
        XLSX_COLUMNS,
        rows,
        centred_columns=(0, 2, 3, 8, 9),
        number_formats={1: XLSX_DATE},
    )
    return xlsx_common.to_bytes(wb)


__all__ = [
    "PresentationSchedule",
    "Slot",
    "presentation_schedule_docx",
    "presentation_schedule_filename",
    "presentation_schedule_pdf",
    "presentation_schedule_xlsx",
]
