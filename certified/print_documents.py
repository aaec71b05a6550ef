"""The province's list of each district's outstanding unit of a year, as data for
documents/outstanding_units.py (PDF, Word, Excel). The view fetches the year through
core.scope and keeps the list to the province's officers (certified/views.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from certified.exports import outstanding_note
from certified.selectors import OutstandingRow
from core.text import clean_text
from documents.outstanding_units import (
    OutstandingUnitRow,
    OutstandingUnits,
    outstanding_units_docx,
    outstanding_units_filename,
    outstanding_units_pdf,
    outstanding_units_xlsx,
)
from programme.models import ProgrammeYear

RENDERERS: dict[str, Callable[[OutstandingUnits], bytes]] = {
    "pdf": outstanding_units_pdf,
    "docx": outstanding_units_docx,
    "xlsx": outstanding_units_xlsx,
}


def outstanding_data(year: ProgrammeYear, rows: list[OutstandingRow]) -> OutstandingUnits:
    lines = []
    for row in rows:
        selection = row.selection
        line = OutstandingUnitRow(district=row.district.display_name, note=outstanding_note(row))
        if selection is not None:
            unit = selection.unit
            line.name = clean_text(unit.name)
            line.unit_type = str(unit.get_unit_type_display())
            line.place = unit.place_line
            line.reason = clean_text(selection.reason)
            line.selected_by = selection.selected_by.full_name
            line.selected_on = timezone.localdate(selection.selected_at)
        lines.append(line)
    return OutstandingUnits(
        province=year.province.name_th,
        fiscal_year=year.fiscal_year,
        issued_on=timezone.localdate(),
        rows=lines,
    )


def outstanding_document(
    year: ProgrammeYear, rows: list[OutstandingRow], fmt: str
) -> tuple[bytes, str]:
    """The list's bytes in the format and its file name ("ผู้ผ่านการรับรองดีเด่น-2570-ลำพูน.pdf")."""
    content = RENDERERS[fmt](outstanding_data(year, rows))
    return content, outstanding_units_filename(year.fiscal_year, year.province.name_th, fmt)
