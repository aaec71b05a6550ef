"""The workbooks keep what officers sort and filter on: dates are dates shown in the Buddhist
era, numbers are numbers, the header row stays in view and filters; read back with openpyxl
(docs/documents.md "How documents are made")."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest

from documents import xlsx_common
from tests.factories import SAMPLE_DAY, sample_xlsx

# A date written as text: "3 ธ.ค. 2569", "3 ธันวาคม 2569", "๓ ธ.ค. ๒๕๖๙".
DATE_AS_TEXT = re.compile(r"^[0-9๐-๙]{1,2} [ก-ฮ.]+ ?[ก-๙.]* [0-9๐-๙]{4}$")
MONTHS = re.compile(
    r"(ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\.|ธันวาคม)"
)


@pytest.fixture(scope="module")
def workbooks() -> dict[str, openpyxl.Workbook]:
    return {
        name: openpyxl.load_workbook(io.BytesIO(build())) for name, build in sample_xlsx().items()
    }


def _data_cells(ws):
    """The cells below the sheet's frozen header (the title lines above hold text dates)."""
    first = int(re.sub(r"\D", "", ws.freeze_panes or "A1"))
    for row in ws.iter_rows(min_row=first):
        yield from row


@pytest.mark.parametrize("name", sorted(sample_xlsx()))
def test_dates_are_dates_in_the_buddhist_era(workbooks, name: str) -> None:
    dates = 0
    for ws in workbooks[name].worksheets:
        for cell in _data_cells(ws):
            if isinstance(cell.value, dt.datetime | dt.date):
                dates += 1
                assert cell.number_format.startswith("[$-th-TH,107]"), (name, cell.coordinate)
                assert "yyyy" in cell.number_format
            elif isinstance(cell.value, str):
                text = cell.value.strip()
                assert not (MONTHS.search(text) and DATE_AS_TEXT.match(text)), (
                    name,
                    cell.coordinate,
                    text,
                )
    if name in (
        "plans_report",
        "recommendation_summary",
        "presentation_schedule",
        "outstanding_units",
        "certified_register",
    ):
        assert dates, name  # the samples carry dates


def test_a_date_reads_back_as_the_day() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(sample_xlsx()["plans_report"]()))
    ws = wb.worksheets[0]
    values = [cell.value for cell in _data_cells(ws) if isinstance(cell.value, dt.datetime)]
    assert values and all(value.date() == SAMPLE_DAY for value in values)


def test_cell_value_keeps_times_in_thai_time() -> None:
    value, fmt = xlsx_common.cell_value(dt.datetime(2026, 12, 3, 3, 30, tzinfo=dt.UTC))
    assert value == dt.datetime(2026, 12, 3, 10, 30) and fmt == xlsx_common.THAI_DATE_TIME
    assert xlsx_common.cell_value(dt.date(2026, 12, 3)) == (
        dt.date(2026, 12, 3),
        xlsx_common.THAI_DATE,
    )
    assert xlsx_common.cell_value(7) == (7, None)


@pytest.mark.parametrize("name", sorted(sample_xlsx()))
def test_numbers_are_numbers_and_headers_stay(workbooks, name: str) -> None:
    for ws in workbooks[name].worksheets:
        if ws.max_row < 3:
            continue
        assert ws.freeze_panes, (name, ws.title)
        for cell in _data_cells(ws):
            if isinstance(cell.value, str):
                assert not re.fullmatch(r"[0-9๐-๙]+|[0-9๐-๙]+\.[0-9๐-๙]{2}", cell.value.strip()), (
                    name,
                    ws.title,
                    cell.coordinate,
                    cell.value,
                )
    first = workbooks[name].worksheets[0]
    assert first.auto_filter.ref, name
    for row in first.iter_rows(max_row=min(first.max_row, 12)):
        for cell in row:
            if cell.value is not None:
                assert cell.font.name == "TH SarabunPSK", (name, cell.coordinate)
