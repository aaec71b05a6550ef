"""Excel (openpyxl) building blocks shared by the reports' workbooks.

TH SarabunPSK 16 pt, thin borders, landscape A4. Cells keep plain values: counts and percents
stay numbers, and dates are dates shown in the Buddhist era ("3 ธันวาคม 2569"), so officers can
sort, filter and sum them.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection, Mapping, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from documents import docx_common

FONT = Font(name=docx_common.FONT, size=docx_common.BODY_PT)
BOLD = Font(name=docx_common.FONT, size=docx_common.BODY_PT, bold=True)
_THIN = Side(style="thin")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
# Headers are centred and wrapped: a long title in a narrow column takes two lines.
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
PERCENT = "0.00"  # two places, as the PDF shows percents
# A date in Thai with the Buddhist-era year (calendar 7 of locale th-TH): "3 ธันวาคม 2569".
THAI_DATE = "[$-th-TH,107]d mmmm yyyy"
THAI_DATE_TIME = "[$-th-TH,107]d mmmm yyyy h:mm"
# Times are shown as the office reads its clock.
LOCAL_ZONE = ZoneInfo("Asia/Bangkok")


def cell_value(value: Any) -> tuple[Any, str | None]:
    """What a cell stores for `value`, and the number format it needs: a date or a time stays
    a date (Excel needs it without a time zone), in the Buddhist era."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(LOCAL_ZONE).replace(tzinfo=None)
        return value, THAI_DATE_TIME
    if isinstance(value, dt.date):
        return value, THAI_DATE
    return value, None


def first_sheet(wb: Workbook) -> Worksheet:
    """The sheet a new workbook starts with (openpyxl types `active` as optional)."""
    ws = wb.active
    if not isinstance(ws, Worksheet):
        raise TypeError("a new workbook starts with a worksheet")
    return ws


def _bordered(ws: Worksheet, row: int, column: int, value: Any, font: Font) -> Cell:
    value, number_format = cell_value(value)
    cell = ws.cell(row=row, column=column, value=value)
    if number_format is not None:
        cell.number_format = number_format
    cell.font = font
    cell.border = BORDER
    return cell


def write_header(ws: Worksheet, row: int, headers: Sequence[str]) -> None:
    for column, title in enumerate(headers, start=1):
        _bordered(ws, row, column, title, BOLD).alignment = HEADER_ALIGNMENT


def write_rows(
    ws: Worksheet,
    first_row: int,
    rows: Sequence[Sequence[object]],
    *,
    centred_columns: Collection[int] = (),
    number_formats: Mapping[int, str] | None = None,
    wrap_only_text: bool = False,
) -> int:
    """Bordered, top-aligned data rows from `first_row`; returns the last row written
    (`first_row - 1` when there are none). Columns are counted from 0, as in
    docx_common.add_table; a number format applies to the column's non-empty cells."""
    number_formats = number_formats or {}
    row = first_row - 1
    for row, values in enumerate(rows, start=first_row):
        for index, value in enumerate(values):
            cell = _bordered(ws, row, index + 1, value, FONT)
            cell.alignment = Alignment(
                vertical="top",
                wrap_text=isinstance(value, str) if wrap_only_text else True,
                horizontal="center" if index in centred_columns else None,
            )
            if index in number_formats and value is not None:
                cell.number_format = number_formats[index]
    return row


def set_column_widths(ws: Worksheet, widths: Sequence[float]) -> None:
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def set_landscape_a4(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4


def write_listing(
    ws: Worksheet,
    title_lines: Sequence[str],
    columns: Sequence[tuple[str, float]],
    rows: Sequence[Sequence[object]],
    *,
    bold_lines: Collection[int] = (0,),
    wrap_titles: bool = False,
    centred_columns: Collection[int] = (),
    number_formats: Mapping[int, str] | None = None,
) -> int:
    """A sheet of one row per item under title lines merged over the table's width.

    `columns` are (header, width) pairs, the first for the row number this function writes
    before each row's values; `bold_lines` are indices of `title_lines`. The header row stays
    in view, filters, and prints on every page. Returns the last row.
    """
    headers = [title for title, _ in columns]
    last_column = get_column_letter(len(headers))
    title_alignment = (
        Alignment(horizontal="center", wrap_text=True)
        if wrap_titles
        else Alignment(horizontal="center")
    )
    for row, line in enumerate(title_lines, start=1):
        ws.merge_cells(f"A{row}:{last_column}{row}")
        cell = ws.cell(row=row, column=1, value=line)
        cell.font = BOLD if row - 1 in bold_lines else FONT
        cell.alignment = title_alignment

    header_row = len(title_lines) + 1
    write_header(ws, header_row, headers)
    numbered = [[number, *values] for number, values in enumerate(rows, start=1)]
    last_row = write_rows(
        ws,
        header_row + 1,
        numbered,
        centred_columns=centred_columns,
        number_formats=number_formats,
    )
    set_column_widths(ws, [width for _, width in columns])
    ws.freeze_panes = f"A{header_row + 1}"
    ws.auto_filter.ref = f"A{header_row}:{last_column}{max(last_row, header_row)}"
    set_landscape_a4(ws)
    ws.print_title_rows = f"{header_row}:{header_row}"
    return last_row


def write_count_table(
    ws: Worksheet,
    row: int,
    heading: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    bold_last_row: bool = False,
) -> int:
    """A bold heading at `row`, then a bordered table of counts; returns its last row.
    `bold_last_row` sets a total row in bold."""
    ws.cell(row=row, column=1, value=heading).font = BOLD
    row += 1
    for column, title in enumerate(headers, start=1):
        _bordered(ws, row, column, title, BOLD)
    if ws.freeze_panes is None:
        ws.freeze_panes = f"A{row + 1}"  # the sheet's first table keeps its header in view
    for index, values in enumerate(rows):
        row += 1
        font = BOLD if bold_last_row and index == len(rows) - 1 else FONT
        for column, value in enumerate(values, start=1):
            _bordered(ws, row, column, value, font)
    return row


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
