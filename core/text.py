"""Cleaning free text at the boundary."""

import re

# Control characters other than tab and newline: invisible, refused by XML (Word, Excel) and,
# for NUL, by PostgreSQL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str) -> str:
    return _CONTROL.sub("", value or "")


def is_small_id(value: str) -> bool:
    """A primary key as typed in a URL or form: ASCII digits that fit a 64-bit integer."""
    return value.isascii() and value.isdigit() and len(value) <= 18
