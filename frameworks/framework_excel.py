"""A framework as an Excel sheet an officer can edit, and reading such a sheet back.

Layout (one sheet): a header area with the framework's name, type and pass rule (label in
column A, value in column B), then a table with one row per indicator: component, its
description and weight (repeated on every row of the component; left empty they mean "as in the
row above"), indicator code, text, evidence, weight, then a score and a descriptor column per
level. A row with only the component columns is a component without indicators yet.

Reading checks that the upload really is a plain .xlsx (a zip with a workbook, no macros, within
size limits) before openpyxl opens it, and reports every problem with its row number.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.errors import DomainError
from core.text import clean_text
from documents import docx_common, xlsx_common
from frameworks.editor import (
    MAX_LEVELS,
    ComponentData,
    FrameworkData,
    IndicatorData,
    check_component,
    check_framework_values,
    check_indicator,
    parse_percent,
    parse_score,
    parse_weight,
)
from programme.models import UNIT_TYPE_SHORT, UnitType

SHEET_TITLE = "เกณฑ์ตัวบ่งชี้"
LABEL_NAME = "ชื่อเกณฑ์"
LABEL_TYPE = "ประเภท"
LABEL_YEAR = "ปีดำเนินงาน"
LABEL_TOTAL = "ผ่านเมื่อคะแนนรวมไม่น้อยกว่า (ร้อยละ)"
LABEL_COMPONENT = "และทุกองค์ประกอบไม่น้อยกว่า (ร้อยละ)"
NOTE = (
    "หนึ่งแถวคือหนึ่งตัวบ่งชี้ เรียงตามลำดับในเกณฑ์ · ช่ององค์ประกอบที่เว้นว่างหมายถึงองค์ประกอบเดียวกับแถวบน"
    " · ระดับต้องมีอย่างน้อย 2 ระดับ คะแนนเรียงจากน้อยไปมาก · อย่าแก้ไขหัวตาราง"
)
COLUMNS = [
    "องค์ประกอบ",
    "คำอธิบายองค์ประกอบ",
    "น้ำหนักองค์ประกอบ",
    "รหัสตัวบ่งชี้",
    "ตัวบ่งชี้",
    "หลักฐานที่แสดง",
    "น้ำหนักตัวบ่งชี้",
]
WIDTHS = [22, 34, 12, 10, 48, 34, 12]
MIN_LEVEL_COLUMNS = 5

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_ZIP_ENTRIES = 300
MAX_ROWS = 3000
MAX_PROBLEMS = 100

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def type_labels(unit_type: str) -> set[str]:
    """What the type cell of a sheet may say for a framework of this type."""
    with translation.override("th"):
        return {unit_type, str(UnitType(unit_type).label), str(UNIT_TYPE_SHORT[unit_type])}


def level_headers(index: int) -> tuple[str, str]:
    return f"ระดับ {index} คะแนน", f"ระดับ {index} คำอธิบาย"


# --- export ----------------------------------------------------------------------------------


def _put(ws, row: int, column: int, value: Any, font: Font, *, wrap: bool = True):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters Excel refuses
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text that looks like a formula stays text
    cell.font = font
    cell.alignment = Alignment(vertical="top", wrap_text=wrap)
    return cell


def framework_xlsx(data: FrameworkData, *, type_label: str, year_label: str) -> bytes:
    wb = Workbook()
    ws = xlsx_common.first_sheet(wb)
    ws.title = SHEET_TITLE
    # The font officers' PCs have, at the size of the documents' tables (docs/documents.md).
    font = Font(name=docx_common.FONT, size=docx_common.TABLE_PT)
    bold = Font(name=docx_common.FONT, size=docx_common.TABLE_PT, bold=True)
    head = [
        (LABEL_NAME, data.name),
        (LABEL_TYPE, str(type_label)),
        (LABEL_YEAR, str(year_label)),
        (LABEL_TOTAL, data.pass_total_percent),
        (LABEL_COMPONENT, data.pass_component_percent),
    ]
    for r, (label, value) in enumerate(head, start=1):
        _put(ws, r, 1, label, bold, wrap=False)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=5)
        _put(ws, r, 2, value, font, wrap=False).alignment = Alignment(horizontal="left")
    note_row = len(head) + 1
    _put(ws, note_row, 1, NOTE, Font(name=docx_common.FONT, size=12, italic=True), wrap=False)

    header_row = note_row + 2
    levels = max(
        [MIN_LEVEL_COLUMNS] + [len(i.levels) for c in data.components for i in c.indicators]
    )
    headers = list(COLUMNS)
    widths = list(WIDTHS)
    for index in range(1, levels + 1):
        headers.extend(level_headers(index))
        widths.extend([9, 36])
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor="EFEAF5")
    for c, title in enumerate(headers, start=1):
        cell = _put(ws, header_row, c, title, bold)
        cell.border = border
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)

    r = header_row
    for component in data.components:
        rows = component.indicators or (None,)
        for indicator in rows:
            r += 1
            values: list[Any] = [component.name, component.description, component.weight]
            if indicator is not None:
                values += [
                    indicator.code,
                    indicator.text,
                    indicator.evidence,
                    indicator.weight,
                ]
                for score, descriptor in indicator.levels:
                    values += [score, descriptor]
            for c in range(1, len(headers) + 1):
                value = values[c - 1] if c <= len(values) else None
                _put(ws, r, c, value, font).border = border

    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(headers))}{max(r, header_row)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"{header_row}:{header_row}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- import ----------------------------------------------------------------------------------


class ImportProblems(DomainError):
    """The file was read but its content has problems; `problems` lists each with its row."""

    def __init__(self, problems: list[str]):
        super().__init__(
            gettext("ไฟล์มีข้อผิดพลาด %(count)s รายการ ยังไม่ได้บันทึกการเปลี่ยนแปลงใด ๆ กรุณาแก้ไขแล้วนำเข้าใหม่")
            % {"count": len(problems)},
            field="file",
        )
        self.problems = problems


NOT_XLSX = _(
    "ไฟล์นี้ไม่ใช่ไฟล์ Excel แบบ .xlsx (ระบบตรวจจากเนื้อไฟล์ ไม่ใช่จากชื่อไฟล์) "
    "กรุณาบันทึกเป็น “Excel Workbook (.xlsx)” แล้วลองใหม่"
)


def _open_workbook(upload) -> Any:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise DomainError(gettext("ไฟล์มีขนาดใหญ่เกินกำหนด (ไม่เกิน 2 MB)"), field="file")
    content = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise DomainError(gettext("ไฟล์มีขนาดใหญ่เกินกำหนด (ไม่เกิน 2 MB)"), field="file")
    if not content:
        raise DomainError(gettext("ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ใหม่"), field="file")
    if not content.startswith(b"PK\x03\x04"):
        raise DomainError(NOT_XLSX, field="file")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DomainError(NOT_XLSX, field="file") from exc
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise DomainError(NOT_XLSX, field="file")
    if any(name.lower().endswith(".bin") for name in names):
        raise DomainError(
            gettext("ไฟล์นี้มีมาโครหรือส่วนประกอบที่ระบบไม่รับ กรุณาบันทึกเป็น “Excel Workbook (.xlsx)” ธรรมดา"),
            field="file",
        )
    if (
        len(entries) > MAX_ZIP_ENTRIES
        or sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES
        or any(entry.flag_bits & 0x1 for entry in entries)  # encrypted members
    ):
        raise DomainError(gettext("ไฟล์นี้มีขนาดหรือรูปแบบที่ระบบอ่านไม่ได้"), field="file")
    try:
        types = archive.read("[Content_Types].xml")
    except Exception as exc:  # a damaged member
        raise DomainError(NOT_XLSX, field="file") from exc
    if b"macroEnabled" in types:
        raise DomainError(
            gettext("ไฟล์นี้มีมาโคร (.xlsm) ระบบไม่รับ กรุณาบันทึกเป็น “Excel Workbook (.xlsx)”"),
            field="file",
        )
    try:
        return load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for broken files
        raise DomainError(NOT_XLSX, field="file") from exc


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean_text(str(value)).strip()


def _blank(value: Any) -> bool:
    return _cell_text(value) == ""


@dataclass
class _Component:
    row: int
    name: str
    description: str
    weight: Decimal
    indicators: list[IndicatorData] = field(default_factory=list)


def read_framework_xlsx(upload, *, type_labels: set[str]) -> FrameworkData:
    """Read a framework from an uploaded .xlsx. Raises DomainError for a file that is not a plain
    .xlsx, ImportProblems listing every problem (with its row) for one whose content is wrong.

    `type_labels`: what the file's type cell may say for this framework (it may also be empty).
    """
    workbook = _open_workbook(upload)
    try:
        ws = workbook.worksheets[0]
        rows = ws.iter_rows(max_col=len(COLUMNS) + 2 * MAX_LEVELS, values_only=True)
        return _read_rows(rows, type_labels)
    except DomainError:
        raise
    except Exception as exc:  # a sheet openpyxl cannot stream
        raise DomainError(NOT_XLSX, field="file") from exc
    finally:
        workbook.close()


def _read_rows(rows, type_labels: set[str]) -> FrameworkData:
    problems: list[str] = []

    def problem(row: int, message: str) -> None:
        problems.append(gettext("แถวที่ %(row)s: %(message)s") % {"row": row, "message": message})

    head: dict[str, tuple[int, Any]] = {}
    header_row = None
    components: dict[str, _Component] = {}
    current: _Component | None = None
    codes: dict[str, int] = {}
    level_columns = 0
    for r, values in enumerate(rows, start=1):
        if r > MAX_ROWS:
            raise ImportProblems(
                [
                    gettext("ไฟล์มีแถวมากเกินไป (ไม่เกิน %(MAX_ROWS)s แถว)")
                    % {"MAX_ROWS": format(MAX_ROWS, ",")}
                ]
            )
        if len(problems) >= MAX_PROBLEMS:
            break
        values = list(values) + [None] * (len(COLUMNS) + 2 * MAX_LEVELS - len(values))
        if header_row is None:
            label = _cell_text(values[0])
            if label == COLUMNS[0]:
                header_row = r
                got = [_cell_text(v) for v in values[: len(COLUMNS)]]
                if got != COLUMNS:
                    raise ImportProblems(
                        [
                            gettext("แถวที่ %(row)s: หัวตารางไม่ตรงกับแบบของระบบ ต้องเป็น %(columns)s")
                            % {"row": r, "columns": " | ".join(COLUMNS)}
                        ]
                    )
                for index in range(1, MAX_LEVELS + 1):
                    start = len(COLUMNS) + 2 * (index - 1)
                    if [_cell_text(v) for v in values[start : start + 2]] != list(
                        level_headers(index)
                    ):
                        break
                    level_columns = index
                if level_columns < 2:
                    raise ImportProblems(
                        [
                            gettext(
                                "แถวที่ %(row)s: หัวตารางต้องมีคอลัมน์ “ระดับ 1 คะแนน” “ระดับ 1 คำอธิบาย” เป็นต้นไป"
                            )
                            % {"row": r}
                        ]
                    )
            elif label:
                head[label] = (r, values[1])
            continue
        if all(_blank(v) for v in values):
            continue
        current = _read_row(r, values, level_columns, components, current, codes, problem)

    if header_row is None:
        raise ImportProblems(
            [gettext("ไม่พบหัวตาราง (แถวที่ช่องแรกเขียนว่า “องค์ประกอบ”) กรุณาใช้ไฟล์ที่ส่งออกจากระบบเป็นแบบ")]
        )
    name, total, component_percent = _read_head(head, type_labels, problem)
    if problems:
        raise ImportProblems(sorted(problems, key=_row_number))
    data = FrameworkData(
        name=name,
        pass_total_percent=total,
        pass_component_percent=component_percent,
        components=tuple(
            ComponentData(
                name=c.name,
                description=c.description,
                weight=c.weight,
                indicators=tuple(c.indicators),
            )
            for c in components.values()
        ),
    )
    return data


def _row_number(message: str) -> int:
    digits = message.removeprefix(gettext("แถวที่ ")).split(":", 1)[0]
    return int(digits) if digits.isdigit() else 0


def _read_head(head, type_labels, problem) -> tuple[str, Decimal, Decimal]:
    name = ""
    if LABEL_NAME not in head:
        problem(1, gettext("ไม่พบช่อง “%(LABEL_NAME)s” เหนือหัวตาราง") % {"LABEL_NAME": LABEL_NAME})
    else:
        row, value = head[LABEL_NAME]
        name = _cell_text(value)
        try:
            check_framework_values(name, Decimal(0), Decimal(0))
        except DomainError as error:
            problem(row, error.message)
    if LABEL_TYPE in head:
        row, value = head[LABEL_TYPE]
        if _cell_text(value) and _cell_text(value) not in type_labels:
            problem(
                row,
                gettext("ไฟล์นี้เป็นเกณฑ์ประเภท “%(cell_text)s” ไม่ตรงกับประเภทของเกณฑ์ที่กำลังแก้ไข")
                % {"cell_text": _cell_text(value)},
            )
    percents = []
    for label, key in (
        (LABEL_TOTAL, "pass_total_percent"),
        (LABEL_COMPONENT, "pass_component_percent"),
    ):
        if label not in head:
            problem(1, gettext("ไม่พบช่อง “%(label)s” เหนือหัวตาราง") % {"label": label})
            percents.append(Decimal(0))
            continue
        row, value = head[label]
        try:
            percents.append(parse_percent(value, field=key))
        except DomainError as error:
            problem(row, error.message)
            percents.append(Decimal(0))
    return name, percents[0], percents[1]


def _read_row(r, values, level_columns, components, current, codes, problem):
    name = _cell_text(values[0])
    description = _cell_text(values[1])
    raw_weight = values[2]
    if not name:
        if current is None:
            problem(r, gettext("กรุณากรอกชื่อองค์ประกอบ"))
            return None
        component = current
    else:
        component = components.get(name)
    # The component: defined by its first row; later rows may leave its cells empty.
    if component is None:
        try:
            weight = Decimal(1) if _blank(raw_weight) else parse_weight(raw_weight)
            check_component(name, description, weight)
        except DomainError as error:
            problem(r, error.message)
            return current
        component = components[name] = _Component(r, name, description, weight)
    else:
        if description and description != component.description:
            problem(
                r,
                gettext("คำอธิบายองค์ประกอบ “%(name)s” ไม่ตรงกับแถวที่ %(row)s")
                % {"name": component.name, "row": component.row},
            )
        if not _blank(raw_weight):
            try:
                weight = parse_weight(raw_weight)
            except DomainError as error:
                problem(r, gettext("น้ำหนักองค์ประกอบ: %(message)s") % {"message": error.message})
            else:
                if weight != component.weight:
                    problem(
                        r,
                        gettext("น้ำหนักองค์ประกอบ “%(name)s” ไม่ตรงกับแถวที่ %(row)s")
                        % {"name": component.name, "row": component.row},
                    )

    indicator_cells = values[3 : len(COLUMNS) + 2 * level_columns]
    if all(_blank(v) for v in indicator_cells):
        return component  # a component without indicators (yet)
    code, text, evidence = (_cell_text(v) for v in values[3:6])
    if code in codes:
        problem(
            r,
            gettext("รหัสตัวบ่งชี้ %(code)s ซ้ำกับแถวที่ %(codes)s") % {"code": code, "codes": codes[code]},
        )
        return component
    if code:
        codes[code] = r
    try:
        weight = Decimal(1) if _blank(values[6]) else parse_weight(values[6])
    except DomainError as error:
        problem(r, gettext("น้ำหนักตัวบ่งชี้: %(message)s") % {"message": error.message})
        return component
    levels: list[tuple[int, str]] = []
    for index in range(1, level_columns + 1):
        start = len(COLUMNS) + 2 * (index - 1)
        raw_score, descriptor = values[start], _cell_text(values[start + 1])
        if _blank(raw_score) and not descriptor:
            continue
        if _blank(raw_score):
            problem(r, gettext("ระดับที่ %(index)s: กรุณากรอกคะแนน") % {"index": index})
            return component
        try:
            levels.append((parse_score(raw_score), descriptor))
        except DomainError as error:
            problem(
                r,
                gettext("ระดับที่ %(index)s: %(message)s")
                % {"index": index, "message": error.message},
            )
            return component
    try:
        check_indicator(code, text, evidence, weight, levels)
    except DomainError as error:
        problem(r, error.message)
        return component
    component.indicators.append(
        IndicatorData(code=code, text=text, evidence=evidence, weight=weight, levels=tuple(levels))
    )
    return component
