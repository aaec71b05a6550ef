"""รายงานผลการดำเนินงานมาตรฐานการพัฒนาชุมชน ภาพรวมทั้งประเทศ: the department's year-end report
(issue 13, "The national picture for the department"), built from the provinces' figures.

Every figure is a province's year-end report figure (documents/year_end_report.py: the same
StageCounts, so the same pass rate and "not passed") summed over the provinces; the quota is
the province's districts × its minimum per district. One table by type, one row per province
(those that have not opened the year listed as such) with whether the province sent its
year-end report to the department, and one of the provinces' applicants and certified units by
type. A4 landscape throughout: the province table has nine columns. As PDF, an editable Word
file and an Excel workbook of the same rows. Plain data in, bytes out; the data is gathered by
reports/national.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.thai import thai_date_short
from documents import docx_common, xlsx_common
from documents.parts import Dated, keep_whole
from documents.render import render_pdf
from documents.text import fiscal_year_be
from documents.year_end_report import NONE_YET, PASS_RATE_NOTE, TOTAL, StageCounts, short_type

TITLE = "รายงานผลการดำเนินงานมาตรฐานการพัฒนาชุมชน"
WHOLE_COUNTRY = "ภาพรวมทั้งประเทศ"
DEPARTMENT = "กรมการพัฒนาชุมชน"
NOT_STARTED = "ยังไม่เปิดปีดำเนินงาน"
NOT_SENT = "ยังไม่ส่ง"
# The figures of a row, as the tables' columns; headers carry their own line breaks.
FIGURE_COLUMNS = [
    "เป้าหมาย\n(หน่วยนับ)",
    "สมัคร",
    "เอกสาร\nครบถ้วน",
    "ได้รับการ\nประเมินแล้ว",
    "ผ่านการ\nรับรอง",
    "ไม่ผ่าน/\nอำเภอไม่เสนอ",
    "อัตราการผ่าน\n(ร้อยละ)",
]
REPORT_COLUMN = "รายงานประจำปี\nถึงกรม"
QUOTA_NOTE = (
    "เป้าหมาย = จำนวนอำเภอของจังหวัด × จำนวนหน่วยนับอย่างน้อยต่ออำเภอที่จังหวัดกำหนดในแต่ละประเภท "
    "(ประเภทที่ไม่ได้กำหนดนับอำเภอละ 1 หน่วยนับ)"
)


@dataclass
class TypeFigures:
    """One province's (or the country's) figures for one type."""

    quota: int = 0
    counts: StageCounts = field(default_factory=StageCounts)

    def __iadd__(self, other: TypeFigures) -> TypeFigures:
        self.quota += other.quota
        self.counts += other.counts
        return self


@dataclass
class ReportSent:
    """The province's year-end report as recorded sent (reports.models.YearEndReportSent)."""

    sent_at: dt.date
    times: int = 1


@dataclass
class ProvinceRow:
    code: str
    name: str  # "ลำพูน"
    started: bool  # the province has a programme year for the fiscal year
    by_type: list[TypeFigures] = field(default_factory=list)  # in the order of type_labels
    sent: ReportSent | None = None

    def total(self) -> TypeFigures:
        total = TypeFigures()
        for figures in self.by_type:
            total += figures
        return total


@dataclass
class NationalReport(Dated):
    fiscal_year: int  # Buddhist era
    issued_on: dt.date
    type_labels: list[str]
    provinces: list[ProvinceRow]
    thai_numerals: bool = True

    # -- figures --------------------------------------------------------------------------

    def by_type(self) -> list[TypeFigures]:
        totals = [TypeFigures() for _ in self.type_labels]
        for province in self.provinces:
            for total, figures in zip(totals, province.by_type, strict=False):
                total += figures
        return totals

    def total(self) -> TypeFigures:
        total = TypeFigures()
        for figures in self.by_type():
            total += figures
        return total

    def started_count(self) -> int:
        return sum(1 for p in self.provinces if p.started)

    def sent_count(self) -> int:
        return sum(1 for p in self.provinces if p.sent is not None)

    # -- text ------------------------------------------------------------------------------

    def year_text(self) -> str:
        return f"ประจำปีงบประมาณ พ.ศ. {fiscal_year_be(self.fiscal_year)}"

    def title(self) -> str:
        return self.n(f"{TITLE} {self.year_text()} {WHOLE_COUNTRY}")

    def title_lines(self) -> list[str]:
        return [self.title(), DEPARTMENT, self.date_line()]

    def summary_line(self) -> str:
        return self.n(
            f"จังหวัดที่เปิดปีดำเนินงาน {self.started_count()} จาก {len(self.provinces)} จังหวัด "
            f"ส่งรายงานผลการดำเนินงานประจำปีถึงกรมแล้ว {self.sent_count()} จังหวัด"
        )

    def section_titles(self) -> dict[str, str]:
        texts = {
            "by_type": "ผลการดำเนินงาน แยกตามประเภท",
            "by_province": "ผลการดำเนินงานและการส่งรายงานประจำปี แยกตามจังหวัด",
            "province_types": "จำนวนหน่วยนับที่สมัครและที่ผ่านการรับรอง แยกตามจังหวัดและประเภท",
        }
        return {key: self.n(f"{i}. {text}") for i, (key, text) in enumerate(texts.items(), 1)}

    def pct(self, value: Decimal | None) -> str:
        return NONE_YET if value is None else self.n(f"{value:.2f}")

    def figure_cells(self, figures: TypeFigures) -> list[str]:
        c = figures.counts
        values = [figures.quota, c.registered, c.accepted, c.assessed, c.certified, c.failed]
        return [*map(self.n, values), self.pct(c.pass_rate)]

    def sent_text(self, row: ProvinceRow) -> str:
        if not row.started:
            return NOT_STARTED
        if row.sent is None:
            return NOT_SENT
        when = thai_date_short(row.sent.sent_at, thai_numerals=self.thai_numerals)
        return self.n(f"ส่งแล้ว {when}" + (f" ({row.sent.times} ครั้ง)" if row.sent.times > 1 else ""))

    def type_headers(self) -> list[str]:
        return ["ประเภท", *FIGURE_COLUMNS]

    def province_headers(self) -> list[str]:
        return ["จังหวัด", *FIGURE_COLUMNS, REPORT_COLUMN]

    def province_type_headers(self) -> list[str]:
        headers = ["จังหวัด"]
        for label in self.type_labels:
            headers += [f"{short_type(label)}\nสมัคร", f"{short_type(label)}\nผ่าน"]
        return headers

    def type_rows(self) -> list[list[str]]:
        rows = [
            [label, *self.figure_cells(figures)]
            for label, figures in zip(self.type_labels, self.by_type(), strict=True)
        ]
        return [*rows, [TOTAL, *self.figure_cells(self.total())]]

    def province_rows(self) -> list[list[str]]:
        rows = []
        for p in self.provinces:
            figures = self.figure_cells(p.total()) if p.started else [NONE_YET] * 7
            rows.append([p.name, *figures, self.sent_text(p)])
        sent = self.n(f"ส่งแล้ว {self.sent_count()} จังหวัด")
        return [*rows, [TOTAL, *self.figure_cells(self.total()), sent]]

    def province_type_rows(self) -> list[list[str]]:
        def cells(by_type: list[TypeFigures]) -> list[str]:
            out = []
            for figures in by_type:
                out += [self.n(figures.counts.registered), self.n(figures.counts.certified)]
            return out

        rows = [
            [p.name, *(cells(p.by_type) if p.started else [NONE_YET] * 2 * len(self.type_labels))]
            for p in self.provinces
        ]
        return [*rows, [TOTAL, *cells(self.by_type())]]

    def keep_whole(self) -> list[str]:
        return keep_whole([p.name for p in self.provinces])


# --- PDF ---------------------------------------------------------------------------------


def _typst_data(data: NationalReport) -> dict[str, Any]:
    return {
        "thai_numerals": data.thai_numerals,
        "title": data.title(),
        "title_lines": data.title_lines(),
        "keep_whole": data.keep_whole(),
        "summary": data.summary_line(),
        "titles": data.section_titles(),
        "type_headers": data.type_headers(),
        "type_rows": data.type_rows(),
        "province_headers": data.province_headers(),
        "province_rows": data.province_rows(),
        "province_type_headers": data.province_type_headers(),
        "province_type_rows": data.province_type_rows(),
        "notes": [data.n(PASS_RATE_NOTE), data.n(QUOTA_NOTE)],
    }


def national_report_pdf(data: NationalReport) -> bytes:
    return render_pdf("national_report", _typst_data(data))


# --- Word --------------------------------------------------------------------------------

TYPE_WIDTHS_CM = [6.3, 2.4, 2.2, 2.2, 2.4, 2.2, 2.6, 2.6]
PROVINCE_WIDTHS_CM = [3.8, 2.3, 1.9, 2.0, 2.3, 2.0, 2.5, 2.5, 5.4]
PROVINCE_TYPE_WIDTHS_CM = [4.3, *[2.55] * 8]


def national_report_docx(data: NationalReport) -> bytes:
    """The same tables as the PDF, as an editable Word file (Sarabun, landscape, real tables)."""
    doc = docx_common.new_document(thai_numerals=data.thai_numerals)
    docx_common.landscape(doc)
    docx_common.add_title(doc, data.title_lines())
    docx_common.add_paragraph(doc, data.summary_line(), space_before_pt=6)
    titles = data.section_titles()

    def table(title: str, headers: list[str], rows: list[list[str]], widths) -> None:
        docx_common.add_paragraph(doc, title, bold=True, space_before_pt=10)
        centred = tuple(range(1, len(headers)))
        docx_common.add_table(doc, headers, rows, widths, centred_columns=centred)

    table(titles["by_type"], data.type_headers(), data.type_rows(), TYPE_WIDTHS_CM)
    for note in (PASS_RATE_NOTE, QUOTA_NOTE):
        docx_common.add_paragraph(doc, data.n(note), size_pt=14, space_before_pt=4)
    table(titles["by_province"], data.province_headers(), data.province_rows(), PROVINCE_WIDTHS_CM)
    table(
        titles["province_types"],
        data.province_type_headers(),
        data.province_type_rows(),
        PROVINCE_TYPE_WIDTHS_CM,
    )
    return docx_common.to_bytes(doc)


# --- Excel -------------------------------------------------------------------------------


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _figure_values(figures: TypeFigures) -> list[object]:
    c = figures.counts
    return [
        figures.quota,
        c.registered,
        c.accepted,
        c.assessed,
        c.certified,
        c.failed,
        _number(c.pass_rate),
    ]


def _code(code: str) -> int | str:
    # A province's code is a number in a workbook ("51"), to sort by.
    return int(code) if code.isdigit() else code


def _one_line(header: str) -> str:
    return header.replace("\n", " ")


def _table_sheet(
    wb: Workbook,
    title: str,
    heading: list[str],
    headers: list[str],
    rows: list[list[object]],
    widths: list[float],
    number_formats: dict[int, str],
) -> None:
    """Heading lines, then one table whose header stays in view and filters."""
    ws = wb.create_sheet(title)
    for r, line in enumerate(heading, start=1):
        ws.cell(row=r, column=1, value=line).font = xlsx_common.BOLD if r == 1 else xlsx_common.FONT
    header_row = len(heading) + 2
    xlsx_common.write_header(ws, header_row, [_one_line(h) for h in headers])
    last = xlsx_common.write_rows(
        ws, header_row + 1, rows, number_formats=number_formats, wrap_only_text=True
    )
    xlsx_common.set_column_widths(ws, widths)
    xlsx_common.set_landscape_a4(ws)
    ws.freeze_panes = f"A{header_row + 1}"
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{max(last, header_row)}"


def national_report_xlsx(data: NationalReport) -> bytes:
    """Provinces (one row each, the day the report was sent a real date), provinces by type
    (one row per province and type, to sort and pivot), and the totals by type; counts and
    percents stay numbers."""
    wb = Workbook()
    wb.remove(xlsx_common.first_sheet(wb))
    heading = [f"{TITLE} {data.year_text()} {WHOLE_COUNTRY}", data.date_line()]
    titles = data.section_titles()
    figure_widths = [14, 12, 14, 16, 14, 18, 16]

    province_rows: list[list[object]] = []
    for p in data.provinces:
        figures = _figure_values(p.total()) if p.started else [None] * 7
        status = NOT_STARTED if not p.started else ("ส่งแล้ว" if p.sent else NOT_SENT)
        province_rows.append(
            [
                _code(p.code),
                p.name,
                *figures,
                status,
                p.sent.sent_at if p.sent else None,
                p.sent.times if p.sent else None,
            ]
        )
    _table_sheet(
        wb,
        "รายจังหวัด",
        [*heading, titles["by_province"], data.summary_line()],
        [
            "รหัส",
            "จังหวัด",
            *FIGURE_COLUMNS,
            "รายงานประจำปีถึงกรม",
            "วันที่ส่งล่าสุด",
            "จำนวนครั้งที่ส่ง",
        ],
        province_rows,
        [8, 22, *figure_widths, 22, 22, 14],
        {8: xlsx_common.PERCENT, 10: xlsx_common.THAI_DATE},
    )
    long_rows: list[list[object]] = []
    for p in data.provinces:
        if not p.started:
            continue
        for label, by_type in zip(data.type_labels, p.by_type, strict=True):
            long_rows.append([_code(p.code), p.name, label, *_figure_values(by_type)])
    _table_sheet(
        wb,
        "จังหวัด-ประเภท",
        [*heading, titles["province_types"]],
        ["รหัส", "จังหวัด", "ประเภท", *FIGURE_COLUMNS],
        long_rows,
        [8, 22, 32, *figure_widths],
        {9: xlsx_common.PERCENT},
    )
    type_rows: list[list[object]] = [
        [label, *_figure_values(figures)]
        for label, figures in zip(data.type_labels, data.by_type(), strict=True)
    ]
    type_rows.append([TOTAL, *_figure_values(data.total())])
    _table_sheet(
        wb,
        "ตามประเภท",
        [*heading, titles["by_type"], PASS_RATE_NOTE, QUOTA_NOTE],
        data.type_headers(),
        type_rows,
        [32, *figure_widths],
        {7: xlsx_common.PERCENT},
    )
    return xlsx_common.to_bytes(wb)


def national_report_filename(fiscal_year: int, fmt: str) -> str:
    return f"รายงานผลการดำเนินงานประจำปี-{fiscal_year}-ทั้งประเทศ.{fmt}"


__all__ = [
    "NationalReport",
    "ProvinceRow",
    "ReportSent",
    "TypeFigures",
    "national_report_docx",
    "national_report_filename",
    "national_report_pdf",
    "national_report_xlsx",
]
