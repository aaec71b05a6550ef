"""Cleaning text at the boundary: free text, names and digits (docs/security.md §9)."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from core.errors import DomainError

# Control characters other than tab and newline: invisible, refused by XML (Word, Excel) and,
# for NUL, by PostgreSQL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Bidirectional formatting characters: embeddings, overrides and isolates (U+202A–U+202E,
# U+2066–U+2069) and the marks (U+200E, U+200F, U+061C). An override makes "กลุ่มABC" show as
# "กลุ่มCBA" on a page, a PDF or a spreadsheet; Thai text never needs them.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_BIDI = re.compile(f"[{BIDI_CONTROLS}]")
# What a name refuses: every C0 and C1 control (a name is one line: no tab, no newline), the
# bidirectional controls, and the line and paragraph separators.
_NAME_REFUSED = re.compile(f"[\x00-\x1f\x7f-\x9f{BIDI_CONTROLS}\u2028\u2029]")
# Zero-width characters: invisible, and Thai does not need them in a name (ZWSP, U+200B, is
# sometimes typed as a Thai word break). They are removed from names, so "กลุ่ม\u200bออม" is the
# same name as "กลุ่มออม" for the duplicate check and the search.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


def clean_text(value: str) -> str:
    """Free text: control characters (but tab and newline) and bidirectional controls removed."""
    return _BIDI.sub("", _CONTROL.sub("", value or ""))


def limited_text(value: str, *, limit: int, field: str) -> str:
    """Free text as a service takes it: cleaned and trimmed, and refused on its field when longer
    than `limit` characters (a form's max_length says so first; the API will not have one)."""
    text = clean_text(value).strip()
    if len(text) > limit:
        raise DomainError(gettext("ข้อความยาวเกิน %(n)s ตัวอักษร") % {"n": f"{limit:,}"}, field=field)
    return text


def ascii_digits(value: str) -> str:
    """Every Unicode decimal digit (category Nd: Thai ๐-๙, full-width ０-９, Arabic-Indic ٠-٩,
    extended Arabic-Indic, Devanagari …) as its ASCII digit 0-9; other characters unchanged.

    Python's int() and str.isdigit() accept all of these, so a value that is not normalised
    passes every check and is stored as typed, where an ASCII search or a unique index does not
    see it as the same number."""
    value = value or ""
    if value.isascii():
        return value
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in value)


def invisible_character(value: str) -> str | None:
    """The first character a name refuses, as 'U+202E', or None."""
    match = _NAME_REFUSED.search(value or "")
    return f"U+{ord(match.group()):04X}" if match else None


def _refusal(codepoint: str, label: object = None) -> str:
    if label:
        return gettext(
            "%(label)sมีอักขระควบคุมหรืออักขระกำหนดทิศทางข้อความที่มองไม่เห็น (%(codepoint)s) "
            "กรุณาพิมพ์ใหม่โดยไม่คัดลอกมาจากที่อื่น"
        ) % {"label": label, "codepoint": codepoint}
    return gettext(
        "ข้อความนี้มีอักขระควบคุมหรืออักขระกำหนดทิศทางข้อความที่มองไม่เห็น (%(codepoint)s) "
        "กรุณาพิมพ์ใหม่โดยไม่คัดลอกมาจากที่อื่น"
    ) % {"codepoint": codepoint}


def clean_name(value: str, *, field: str | None = None, label: object = None) -> str:
    """A name (of a person, unit, committee, signer): refused with a DomainError when it holds a
    control or bidirectional character, nothing altered silently; zero-width characters removed
    and the ends trimmed."""
    codepoint = invisible_character(value)
    if codepoint:
        raise DomainError(_refusal(codepoint, label), field=field)
    return _ZERO_WIDTH.sub("", value or "").strip()


def validate_name(value: str) -> None:
    """The same refusal as a form field validator, so the message shows next to the field."""
    codepoint = invisible_character(value)
    if codepoint:
        raise ValidationError(_refusal(codepoint), code="invisible")


def is_small_id(value: str) -> bool:
    """A primary key as typed in a URL or form: ASCII digits that fit a 64-bit integer."""
    return value.isascii() and value.isdigit() and len(value) <= 18
