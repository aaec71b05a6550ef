"""Thai calendar and numerals: Buddhist-era dates as officers write them."""

import datetime as dt
import re

from core.text import ascii_digits

THAI_MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
THAI_MONTHS_SHORT = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
BE_OFFSET = 543
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_digits(value: object) -> str:
    return str(value).translate(_THAI_DIGITS)


def arabic_digits(value: str) -> str:
    """ASCII digits for every Unicode digit form (Thai, full-width, Arabic-Indic …)."""
    return ascii_digits(value)


def be_year(year: int) -> int:
    return year + BE_OFFSET


def thai_date(value: dt.date | None, *, thai_numerals: bool = False, with_era: bool = False) -> str:
    """'11 มกราคม 2562' (or with Thai numerals, or 'พ.ศ.' before the year as in an order's date)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    era = "พ.ศ. " if with_era else ""
    text = f"{value.day} {THAI_MONTHS[value.month - 1]} {era}{be_year(value.year)}"
    return thai_digits(text) if thai_numerals else text


def thai_date_short(value: dt.date | None, *, thai_numerals: bool = False) -> str:
    """'11 ม.ค. 2562' for tables and lists."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    text = f"{value.day} {THAI_MONTHS_SHORT[value.month - 1]} {be_year(value.year)}"
    return thai_digits(text) if thai_numerals else text


def thai_datetime(value: dt.datetime | None) -> str:
    """'11 ม.ค. 2562 14:05 น.' in local time."""
    if value is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{thai_date_short(local.date())} {local:%H:%M} น."


def date_to_be_input(value: dt.date | None) -> str:
    """'15/01/2568': the form in which officers type dates."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{be_year(value.year)}"


_BE_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


def parse_be_date(text: str) -> dt.date:
    """Parse 'dd/mm/yyyy' with a Buddhist-era year (any Unicode digits). Raises ValueError."""
    text = ascii_digits(text or "").strip()
    if len(text) == 8 and text.isdigit():  # "15012568", as typed on a phone's digit pad
        text = f"{text[:2]}/{text[2:4]}/{text[4:]}"
    match = _BE_DATE.match(text)
    if not match:
        raise ValueError("format")
    day, month, year = (int(part) for part in match.groups())
    if year < 2400 or year > 2700:
        raise ValueError("era")
    return dt.date(year - BE_OFFSET, month, day)


def fiscal_year_of(value: dt.date) -> int:
    """The fiscal year (B.E.) a date falls in: 1 Oct of N-1 to 30 Sep of N."""
    return be_year(value.year + 1 if value.month >= 10 else value.year)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    year_ce = fiscal_year_be - BE_OFFSET
    return dt.date(year_ce - 1, 10, 1), dt.date(year_ce, 9, 30)


def fiscal_year_window(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    """The fiscal year with a quarter either side (1 July before to 31 December after): where a
    programme year's calendar may lie, as a province may open registration early or report late."""
    year_ce = fiscal_year_be - BE_OFFSET
    return dt.date(year_ce - 1, 7, 1), dt.date(year_ce, 12, 31)
