"""The Excel workbook of the register of certified units, and the note on a district's
outstanding unit (the list itself is documents/outstanding_units.py).

The register may run to hundreds of thousands of rows for the department, so it is written in
openpyxl's write-only mode, streaming rows from the database in chunks.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from certified.selectors import (
    CERTIFICATE_NONE,
    CERTIFICATE_REVOKED,
    OutstandingRow,
    RegisterRow,
    certificate_status,
)
from documents import docx_common, xlsx_common

CERTIFICATE_LABELS = {
    CERTIFICATE_NONE: "ยังไม่ได้ออก",
    CERTIFICATE_REVOKED: "ถูกเพิกถอน",
    "valid": "ใช้ได้",
}

REGISTER_COLUMNS = [
    ("ลำดับ", 7),
    ("ปีงบประมาณ", 11),
    ("ประเภท", 26),
    ("ชื่อ", 40),
    ("หมู่บ้าน/ตำบล", 32),
    ("อำเภอ", 20),
    ("จังหวัด", 16),
    ("เลขที่ประกาศนียบัตร", 18),
    ("สถานะประกาศนียบัตร", 16),
    ("วันที่ผ่านการรับรอง", 18),
]

_FONT = Font(name=docx_common.FONT, size=docx_common.TABLE_PT)
_BOLD = Font(name=docx_common.FONT, size=docx_common.TABLE_PT, bold=True)
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_ROW_STYLE = "register-row"
# The day of certification is a real date shown in the Buddhist era, so it sorts and filters
# as a date (docs/documents.md "How documents are made").
_DATE_STYLE = "register-date"


def _local_date(value):
    return timezone.localtime(value).date() if value else None


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def register_xlsx(
    units: Iterable[RegisterRow], *, title: str, scope_line: str, filters_line: str
) -> tuple[bytes, int]:
    """The filtered register as a workbook; also the number of rows written."""
    wb = Workbook(write_only=True)
    # One named style for every body cell: styling each cell with its own Font/Border objects
    # costs a style lookup per cell and made a national export ten times slower.
    wb.add_named_style(
        NamedStyle(
            name=_ROW_STYLE,
            font=_FONT,
            border=_BORDER,
            alignment=Alignment(vertical="top", wrap_text=True),
        )
    )
    wb.add_named_style(
        NamedStyle(
            name=_DATE_STYLE,
            font=_FONT,
            border=_BORDER,
            alignment=Alignment(vertical="top"),
            number_format=xlsx_common.THAI_DATE,
        )
    )
    ws = wb.create_sheet("ทะเบียนผู้ผ่านการรับรอง")
    for c, (_, width) in enumerate(REGISTER_COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.freeze_panes = "A5"

    def cell(value, style=_ROW_STYLE):
        item = WriteOnlyCell(ws, value=value)
        item.style = style
        return item

    def plain(value, font=_FONT):
        item = WriteOnlyCell(ws, value=value)
        item.font = font
        return item

    ws.append([plain(title, _BOLD)])
    ws.append([plain(scope_line)])
    ws.append([plain(filters_line)])
    header_cells = []
    for header, _ in REGISTER_COLUMNS:
        item = cell(header)
        item.font = _BOLD
        header_cells.append(item)
    ws.append(header_cells)
    count = 0
    for count, unit in enumerate(units, start=1):
        ws.append(
            [
                cell(count),
                cell(unit.fiscal_year),
                cell(unit.get_unit_type_display()),
                cell(unit.name),
                cell(unit.place_line),
                cell(unit.district.display_name),
                cell(unit.district.province.name_th),
                cell(unit.certificate_number or "-"),
                cell(CERTIFICATE_LABELS[certificate_status(unit)]),
                cell(_local_date(unit.certified_at), _DATE_STYLE),
            ]
        )
    ws.auto_filter.ref = f"A4:{get_column_letter(len(REGISTER_COLUMNS))}{4 + count}"
    ws.print_title_rows = "4:4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    return _save(wb), count


def outstanding_note(row: OutstandingRow) -> str:
    if row.selection is None:
        if row.certified_count == 0:
            return "ยังไม่ได้คัดเลือก (ไม่มีหน่วยนับที่ผ่านการรับรอง)"
        return "ยังไม่ได้คัดเลือก"
    if not row.still_certified:
        return "หน่วยนับนี้ไม่อยู่ในสถานะผ่านการรับรองแล้ว ต้องคัดเลือกใหม่"
    return ""
