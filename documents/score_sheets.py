"""แบบบันทึกคะแนนการตรวจประเมิน: the assessment score sheets of a round.

Three sheets, each as a PDF, an editable Word file and an Excel sheet of the same rows:
- a member's sheet of one unit: the level they gave each indicator, with their comments, the
  components' and the total percent by the framework's rule, signed by the member;
- the committee's combined sheet of one unit: every scoring member's level per indicator and
  the combined score (the round's rule, mean or median), the percents, the pass rule, the
  decision if there is one, signed by the chair and the secretary;
- the committee's combined sheet of the round: one row per unit, each member's percent, the
  combined percent, pass or not, and the decision.

Plain data in, bytes out; the data is gathered by assessment/print_documents.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from docx.document import Document as DocxDocument
from openpyxl import Workbook

from core.thai import arabic_digits, thai_date
from documents import docx_common, xlsx_common
from documents.parts import Dated, keep_whole
from documents.render import render_pdf
from documents.text import bare_district_name, fiscal_year_be

MEMBER_TITLE = "แบบบันทึกคะแนนการตรวจประเมินของกรรมการ"
UNIT_TITLE = "แบบสรุปคะแนนการตรวจประเมินของคณะกรรมการ รายหน่วยนับ"
ROUND_TITLE = "แบบสรุปคะแนนการตรวจประเมินของคณะกรรมการ รายรอบการประเมิน"
PASSED = "ผ่านเกณฑ์"
NOT_PASSED = "ไม่ผ่านเกณฑ์"
NO_SCORES = "ยังไม่มีคะแนน"
MEMBER_LABEL = "กรรมการผู้ประเมิน"
# A sheet with more member columns than this is set on a landscape page.
PORTRAIT_MEMBERS = 4
PERCENT = xlsx_common.PERCENT


def _number(value: Decimal | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, Decimal):
        # A combined level (a mean) keeps two places; a whole one prints whole.
        return f"{value:.2f}" if value != value.to_integral_value() else f"{int(value)}"
    return str(value)


@dataclass
class IndicatorLine:
    component: str
    code: str
    text: str
    max_score: int
    scores: list[int | None]  # one per member column: the level's score, None when not given
    combined: Decimal | int | None = None  # the committee's; a member's sheet: their own
    comment: str = ""  # a member's sheet: their comment on the indicator


@dataclass
class ComponentLine:
    name: str
    percent: Decimal


@dataclass
class SheetHead(Dated):
    """What every sheet of a round prints at its head."""

    round_name: str
    committee: str
    level: str  # "ระดับอำเภอ"
    fiscal_year: int  # Buddhist era
    province: str
    combine_label: str  # "ค่าเฉลี่ยของกรรมการ"
    issued_on: dt.date
    thai_numerals: bool

    def year_line(self) -> str:
        return f"ประจำปีงบประมาณ พ.ศ. {fiscal_year_be(self.fiscal_year)}"

    def round_lines(self) -> list[str]:
        return [self.n(f"{self.round_name} ({self.level})"), self.n(self.committee)]


@dataclass
class Signer:
    name: str  # empty: a dotted blank
    label: str  # "ประธานกรรมการ", "กรรมการผู้ประเมิน"


@dataclass
class UnitScoreSheet(SheetHead):
    """A member's sheet (one member column, comments) or the committee's of one unit."""

    unit_name: str
    unit_type: str
    place: str  # "บ้านท่าขาม ตำบลเหมืองง่า"
    district: str  # "อำเภอเมืองลำพูน"
    members: list[str]  # the member columns' names; a member's sheet: just theirs
    indicators: list[IndicatorLine]
    components: list[ComponentLine]
    percent: Decimal | None  # None: no scores yet
    passed: bool
    pass_total_percent: Decimal
    pass_component_percent: Decimal
    unanswered: list[str] = field(default_factory=list)
    member_sheet: bool = False
    member_role: str = ""  # a member's sheet: "กรรมการ"
    decision_outcome: str = ""  # "เสนอให้รับรอง"; empty: no current decision
    decided_on: dt.date | None = None
    decision_override: bool = False  # the decision departs from the scores
    decision_reasons: str = ""
    comments: list[str] = field(default_factory=list)  # the committee's: "1.1 นาย ก: ..."
    signers: list[Signer] = field(default_factory=list)

    @property
    def title(self) -> str:
        return MEMBER_TITLE if self.member_sheet else UNIT_TITLE

    @property
    def landscape(self) -> bool:
        return not self.member_sheet and len(self.members) > PORTRAIT_MEMBERS

    def title_lines(self) -> list[str]:
        return [self.title, *self.round_lines(), self.n(self.year_line())]

    def unit_lines(self) -> list[str]:
        lines = [
            self.n(f"หน่วยนับ: {self.unit_name} ({self.unit_type})"),
            self.n(f"พื้นที่: {self.place} {self.district}"),
        ]
        if self.member_sheet:
            lines.append(self.n(f"กรรมการ: {self.members[0]} ({self.member_role})"))
        else:
            lines.append(f"วิธีรวมคะแนน: {self.combine_label}")
        return lines

    def columns(self) -> list[str]:
        if self.member_sheet:
            return ["ตัวบ่งชี้", "ระดับที่ให้", "คะแนนเต็ม", "ความเห็น"]
        return ["ตัวบ่งชี้", *[self.n(m) for m in self.members], "รวม", "คะแนนเต็ม"]

    def indicator_cells(self, line: IndicatorLine) -> list[str]:
        label = self.n(f"{line.code} {line.text}")
        if self.member_sheet:
            return [
                label,
                self.n(_number(line.scores[0])),
                self.n(line.max_score),
                self.n(line.comment),
            ]
        return [
            label,
            *[self.n(_number(s)) for s in line.scores],
            self.n(_number(line.combined)),
            self.n(line.max_score),
        ]

    def percent_text(self, value: Decimal | None) -> str:
        return "-" if value is None else self.n(f"{value:.2f}")

    def component_cells(self) -> list[list[str]]:
        rows = [[self.n(c.name), self.percent_text(c.percent)] for c in self.components]
        rows.append(["คะแนนรวม", self.percent_text(self.percent)])
        return rows

    def pass_rule(self) -> str:
        return (
            f"รวมไม่น้อยกว่าร้อยละ {self.pass_total_percent:.2f} "
            f"และทุกองค์ประกอบไม่น้อยกว่าร้อยละ {self.pass_component_percent:.2f}"
        )

    def result_line(self) -> str:
        if self.percent is None:
            return NO_SCORES
        verdict = PASSED if self.passed else NOT_PASSED
        line = f"ผลการประเมิน: ร้อยละ {self.percent:.2f} {verdict} (เกณฑ์ผ่าน: {self.pass_rule()})"
        return self.n(line)

    def decision_line(self) -> str:
        if not self.decision_outcome:
            return ""
        line = f"มติคณะกรรมการ: {self.decision_outcome}"
        if self.decided_on is not None:
            line += f" ({thai_date(self.decided_on, thai_numerals=self.thai_numerals)})"
        if self.decision_override:
            line += " มติต่างจากผลคะแนน"
        return self.n(line)

    def unanswered_line(self) -> str:
        if not self.unanswered or self.percent is None:
            return ""
        return self.n("ตัวบ่งชี้ที่ยังไม่มีคะแนน: " + ", ".join(self.unanswered))

    def keep_whole(self) -> list[str]:
        return keep_whole([self.province, bare_district_name(self.district), "หน่วยนับ"])


@dataclass
class RoundUnitLine:
    name: str
    unit_type: str
    district: str
    member_percents: list[Decimal | None]  # one per member column
    percent: Decimal | None  # the combined; None: no scores
    passed: bool | None
    decision: str = ""  # "เสนอให้รับรอง"; empty: no decision yet


@dataclass
class RoundScoreSheet(SheetHead):
    members: list[str]
    units: list[RoundUnitLine]
    signers: list[Signer] = field(default_factory=list)

    title = ROUND_TITLE

    def title_lines(self) -> list[str]:
        return [ROUND_TITLE, *self.round_lines(), self.n(self.year_line())]

    def method_line(self) -> str:
        return f"วิธีรวมคะแนน: {self.combine_label} (คะแนนเป็นร้อยละตามเกณฑ์ของแต่ละประเภท)"

    def columns(self) -> list[str]:
        return [
            "ลำดับ",
            "หน่วยนับ",
            "ประเภท",
            "อำเภอ",
            *[self.n(m) for m in self.members],
            "รวม (ร้อยละ)",
            "ผลตามเกณฑ์",
            "มติ",
        ]

    def percent_text(self, value: Decimal | None) -> str:
        return "-" if value is None else self.n(f"{value:.2f}")

    def unit_cells(self, number: int, line: RoundUnitLine) -> list[str]:
        passed = "-" if line.passed is None else (PASSED if line.passed else NOT_PASSED)
        return [
            self.n(number),
            self.n(line.name),
            line.unit_type,
            bare_district_name(line.district),
            *[self.percent_text(p) for p in line.member_percents],
            self.percent_text(line.percent),
            passed,
            line.decision or "-",
        ]

    def summary_line(self) -> str:
        decided = sum(1 for u in self.units if u.decision)
        return self.n(f"รวม {len(self.units)} หน่วยนับ มีมติแล้ว {decided} หน่วยนับ")

    def keep_whole(self) -> list[str]:
        return keep_whole(
            [
                self.province,
                "หน่วยนับ",
                "รับรอง",
                *(bare_district_name(u.district) for u in self.units),
            ]
        )


def _file_part(text: str) -> str:
    """A name safe in a file name: no path separators or reserved characters, 60 at most."""
    return "".join("-" if ch in '/\\:*?"<>|' else ch for ch in text).strip()[:60]


def member_sheet_filename(unit_name: str, member: str, fmt: str) -> str:
    return f"คะแนน-{_file_part(unit_name)}-{_file_part(member)}.{fmt}"


def unit_sheet_filename(unit_name: str, fmt: str) -> str:
    return f"คะแนนรวม-{_file_part(unit_name)}.{fmt}"


def round_sheet_filename(round_name: str, fmt: str) -> str:
    return f"สรุปคะแนน-{_file_part(round_name)}.{fmt}"


def _signers(signers: list[Signer]) -> list[dict[str, str]]:
    return [{"name": s.name, "label": s.label} for s in signers]


def _unit_typst_data(data: UnitScoreSheet) -> dict[str, Any]:
    groups: list[dict[str, Any]] = []
    for line in data.indicators:
        if not groups or groups[-1]["component"] != line.component:
            groups.append({"component": data.n(line.component), "rows": []})
        groups[-1]["rows"].append(data.indicator_cells(line))
    return {
        "thai_numerals": data.thai_numerals,
        "title": data.title,
        "title_lines": data.title_lines(),
        "unit_lines": data.unit_lines(),
        "keep_whole": data.keep_whole(),
        "landscape": data.landscape,
        "member_sheet": data.member_sheet,
        "columns": data.columns(),
        "member_count": len(data.members),
        "groups": groups,
        "component_columns": ["องค์ประกอบ", "ร้อยละ"],
        "components": data.component_cells(),
        "result": data.result_line(),
        "unanswered": data.unanswered_line(),
        "decision": data.decision_line(),
        "decision_reasons": data.n(data.decision_reasons),
        "comments_heading": "ความเห็นของกรรมการ",
        "comments": [data.n(c) for c in data.comments],
        "date_line": data.date_line(),
        "signers": _signers(data.signers),
    }


def unit_score_sheet_pdf(data: UnitScoreSheet) -> bytes:
    return render_pdf("score_sheet", _unit_typst_data(data))


def _landscape(doc: DocxDocument) -> float:
    """Turn the document's page to landscape A4; returns the text width in cm."""
    docx_common.landscape(doc)
    return 29.7 - 3 - 2


def _docx_signers(doc: DocxDocument, signers: list[Signer]) -> None:
    for signer in signers:
        docx_common.add_signature(doc, name=signer.name, positions=[], label=signer.label)


def unit_score_sheet_docx(data: UnitScoreSheet) -> bytes:
    doc = docx_common.new_document(thai_numerals=data.thai_numerals)
    width = _landscape(doc) if data.landscape else docx_common.TEXT_WIDTH_CM
    docx_common.add_title(doc, data.title_lines())
    for line in data.unit_lines():
        docx_common.add_paragraph(doc, line, space_before_pt=2)
    columns = data.columns()
    if data.member_sheet:
        widths = [7.0, 2.0, 2.0, width - 11.0]
        centred: tuple[int, ...] = (1, 2)
    else:
        score_width = 1.8
        widths = [width - score_width * (len(columns) - 1), *[score_width] * (len(columns) - 1)]
        centred = tuple(range(1, len(columns)))
    rows: list[list[str]] = []
    component = None
    for indicator in data.indicators:
        if indicator.component != component:
            component = indicator.component
            rows.append([data.n(component), *[""] * (len(columns) - 1)])
        rows.append(data.indicator_cells(indicator))
    docx_common.add_paragraph(doc, "คะแนนรายตัวบ่งชี้", bold=True, space_before_pt=8)
    docx_common.add_table(doc, columns, rows, widths, centred_columns=centred)
    docx_common.add_paragraph(doc, "ร้อยละรายองค์ประกอบ", bold=True, space_before_pt=8)
    table = docx_common.add_table(
        doc, ["องค์ประกอบ", "ร้อยละ"], data.component_cells(), [10.0, 3.0], centred_columns=(1,)
    )
    for cell in table.rows[-1].cells:  # the total in bold
        for run in cell.paragraphs[0].runs:
            docx_common.style_run(run, bold=True)
    docx_common.add_paragraph(doc, data.result_line(), bold=True, space_before_pt=8)
    if data.unanswered_line():
        docx_common.add_paragraph(doc, data.unanswered_line())
    if data.decision_line():
        docx_common.add_paragraph(doc, data.decision_line(), bold=True, space_before_pt=6)
        if data.decision_reasons:
            docx_common.add_paragraph(doc, data.n(f"เหตุผล: {data.decision_reasons}"))
    if data.comments:
        docx_common.add_paragraph(doc, "ความเห็นของกรรมการ", bold=True, space_before_pt=6)
        for comment in data.comments:
            docx_common.add_paragraph(doc, data.n(comment), left_indent_cm=1.0)
    docx_common.add_paragraph(doc, data.date_line(), space_before_pt=6)
    _docx_signers(doc, data.signers)
    return docx_common.to_bytes(doc)


def unit_score_sheet_xlsx(data: UnitScoreSheet) -> bytes:
    """One row per indicator; levels and scores stay numbers."""
    if data.member_sheet:
        columns = [
            ("ลำดับ", 7),
            ("องค์ประกอบ", 24),
            ("รหัส", 8),
            ("ตัวบ่งชี้", 50),
            ("ระดับที่ให้", 12),
            ("คะแนนเต็ม", 12),
            ("ความเห็น", 50),
        ]
    else:
        columns = [
            ("ลำดับ", 7),
            ("องค์ประกอบ", 24),
            ("รหัส", 8),
            ("ตัวบ่งชี้", 50),
            *[(m, 16) for m in data.members],
            ("รวม", 10),
            ("คะแนนเต็ม", 12),
        ]
    rows: list[list[object]] = []
    for line in data.indicators:
        values: list[object] = [line.component, line.code, line.text]
        if data.member_sheet:
            values += [line.scores[0], line.max_score, line.comment]
        else:
            values += [*line.scores, line.combined, line.max_score]
        rows.append(values)
    wb = Workbook()
    ws = xlsx_common.first_sheet(wb)
    ws.title = "คะแนน"
    title_lines = [
        f"{data.title} {data.year_line()}",
        f"{data.round_name} ({data.level}) {data.committee}",
        *data.unit_lines(),
        data.result_line(),
    ]
    title_lines = [arabic_digits(line) for line in title_lines]  # a workbook keeps Arabic digits
    number_formats = {}
    if not data.member_sheet:
        number_formats = {4 + len(data.members): PERCENT}
    xlsx_common.write_listing(
        ws, title_lines, columns, rows, centred_columns=(0, 2), number_formats=number_formats
    )
    summary = wb.create_sheet("ร้อยละ")
    xlsx_common.write_count_table(
        summary,
        1,
        "ร้อยละรายองค์ประกอบ",
        ["องค์ประกอบ", "ร้อยละ"],
        [[c.name, c.percent] for c in data.components] + [["คะแนนรวม", data.percent]],
        bold_last_row=True,
    )
    for row in summary.iter_rows(min_row=3, min_col=2, max_col=2):
        for cell in row:
            cell.number_format = PERCENT
    xlsx_common.set_column_widths(summary, [40, 14])
    return xlsx_common.to_bytes(wb)


def _round_typst_data(data: RoundScoreSheet) -> dict[str, Any]:
    return {
        "thai_numerals": data.thai_numerals,
        "title": ROUND_TITLE,
        "title_lines": data.title_lines(),
        "method": data.method_line(),
        "keep_whole": data.keep_whole(),
        "columns": data.columns(),
        "member_count": len(data.members),
        "rows": [data.unit_cells(i, u) for i, u in enumerate(data.units, start=1)],
        "no_units": "- ยังไม่มีหน่วยนับในรอบนี้ -",
        "summary": data.summary_line(),
        "date_line": data.date_line(),
        "signers": _signers(data.signers),
    }


def round_score_sheet_pdf(data: RoundScoreSheet) -> bytes:
    return render_pdf("score_sheet_round", _round_typst_data(data))


def round_score_sheet_docx(data: RoundScoreSheet) -> bytes:
    doc = docx_common.new_document(thai_numerals=data.thai_numerals)
    width = _landscape(doc)
    docx_common.add_title(doc, data.title_lines())
    docx_common.add_paragraph(doc, data.method_line(), space_before_pt=4)
    columns = data.columns()
    members = len(data.members)
    fixed = [1.2, 0.0, 2.6, 2.6, *[1.8] * members, 2.0, 2.6, 3.4]
    fixed[1] = max(4.0, width - sum(fixed))
    cells = [data.unit_cells(i, u) for i, u in enumerate(data.units, start=1)]
    centred = (0, *range(4, 4 + members + 2))
    docx_common.add_table(doc, columns, cells, fixed, centred_columns=centred)
    docx_common.add_paragraph(doc, data.summary_line(), bold=True, space_before_pt=8)
    docx_common.add_paragraph(doc, data.date_line())
    _docx_signers(doc, data.signers)
    return docx_common.to_bytes(doc)


def round_score_sheet_xlsx(data: RoundScoreSheet) -> bytes:
    columns = [
        ("ลำดับ", 7),
        ("หน่วยนับ", 36),
        ("ประเภท", 24),
        ("อำเภอ", 20),
        *[(m, 16) for m in data.members],
        ("รวม (ร้อยละ)", 12),
        ("ผลตามเกณฑ์", 14),
        ("มติ", 20),
    ]
    rows: list[list[object]] = []
    for u in data.units:
        passed = "" if u.passed is None else (PASSED if u.passed else NOT_PASSED)
        rows.append(
            [u.name, u.unit_type, u.district, *u.member_percents, u.percent, passed, u.decision]
        )
    wb = Workbook()
    ws = xlsx_common.first_sheet(wb)
    ws.title = "สรุปคะแนน"
    title_lines = [
        f"{ROUND_TITLE} {data.year_line()}",
        f"{data.round_name} ({data.level}) {data.committee}",
        f"{data.method_line()}  ข้อมูล ณ วันที่ {thai_date(data.issued_on)}",
    ]
    formats = {column: PERCENT for column in range(4, 4 + len(data.members) + 1)}
    xlsx_common.write_listing(
        ws, title_lines, columns, rows, centred_columns=(0,), number_formats=formats
    )
    return xlsx_common.to_bytes(wb)


__all__ = [
    "ComponentLine",
    "IndicatorLine",
    "RoundScoreSheet",
    "RoundUnitLine",
    "Signer",
    "UnitScoreSheet",
    "round_score_sheet_docx",
    "round_score_sheet_pdf",
    "member_sheet_filename",
    "round_score_sheet_xlsx",
    "round_sheet_filename",
    "unit_score_sheet_docx",
    "unit_score_sheet_pdf",
    "unit_score_sheet_xlsx",
    "unit_sheet_filename",
]
