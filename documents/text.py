"""Small text helpers shared by the document builders (place names, numerals)."""

from __future__ import annotations

import re

from core.thai import be_year, thai_digits

# Callers pass either bare names ("เมืองฉะเชิงเทรา") or display names ("อำเภอเมืองฉะเชิงเทรา",
# Bangkok's "เขตบางรัก"); both must print once-prefixed.
_PROVINCE_PREFIXES = ("จังหวัด", "กรุงเทพมหานคร")
_DISTRICT_PREFIXES = ("อำเภอ", "เขต")
_SUBDISTRICT_PREFIXES = ("ตำบล", "แขวง")


def _prefixed(name: str, prefixes: tuple[str, ...], default: str) -> str:
    name = (name or "").strip()
    if not name or name.startswith(prefixes):
        return name
    return default + name


def province_name(name: str) -> str:
    """'ฉะเชิงเทรา' -> 'จังหวัดฉะเชิงเทรา'; Bangkok stays 'กรุงเทพมหานคร'."""
    return _prefixed(name, _PROVINCE_PREFIXES, "จังหวัด")


def district_name(name: str) -> str:
    """'เมืองฉะเชิงเทรา' -> 'อำเภอเมืองฉะเชิงเทรา'; 'เขตบางรัก' unchanged."""
    return _prefixed(name, _DISTRICT_PREFIXES, "อำเภอ")


def subdistrict_name(name: str) -> str:
    return _prefixed(name, _SUBDISTRICT_PREFIXES, "ตำบล")


def bare_district_name(name: str) -> str:
    """'อำเภอเมืองฉะเชิงเทรา' -> 'เมืองฉะเชิงเทรา' (for 'พัฒนาการอำเภอ…')."""
    name = (name or "").strip()
    for prefix in _DISTRICT_PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def fiscal_year_be(year: int) -> int:
    """Fiscal years are stored in the Buddhist era; accept a Christian-era year too."""
    return year if year > 2400 else be_year(year)


def numerals(value: object, thai: bool) -> str:
    """The text with Thai digits when the document uses Thai numerals."""
    text = "" if value is None else str(value)
    return thai_digits(text) if thai else text


_NATIONAL_ID = re.compile(r"\d{13}")


def national_id_display(value: str) -> str | None:
    """'3100600445635' -> '3-1006-00445-63-5' (the card's grouping); None if not an ID."""
    digits = re.sub(r"[\s-]", "", value or "")
    if not _NATIONAL_ID.fullmatch(digits):
        return None
    return f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"
