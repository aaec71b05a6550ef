"""Pieces the documents' dataclasses share: numerals in the document's choice, the date the data
is as of, the lines of a report on one district or a whole province, the signature of an
official order, and the names the PDFs keep whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from core.thai import thai_date
from documents.text import district_name, fiscal_year_be, numerals, province_name

REPORTER_LABEL = "ผู้รายงาน"


def keep_whole(names: Iterable[str]) -> list[str]:
    """Names typst's Thai line breaking does not know ("ลำพูน" would break "ลำ/พูน"), longest
    first so that a name is matched before a shorter one inside it; blanks and repeats dropped."""
    return sorted({name.strip() for name in names if name and name.strip()}, key=len, reverse=True)


class Numerals:
    """Mixed into a document's dataclass, which declares `thai_numerals`."""

    thai_numerals: bool

    def n(self, value: object) -> str:
        return numerals(value, self.thai_numerals)


class Dated(Numerals):
    """A document whose data is as of `issued_on`, which the dataclass declares."""

    issued_on: dt.date

    def date_line(self) -> str:
        return f"ข้อมูล ณ วันที่ {thai_date(self.issued_on, thai_numerals=self.thai_numerals)}"


class AreaReport(Dated):
    """The applicant list, the photo dossier and the plans report: one district's or a whole
    province's, signed by the officer who reports. The dataclass declares these fields."""

    province: str  # "ลำพูน" or "จังหวัดลำพูน"
    district: str | None  # None: the whole province
    fiscal_year: int  # Buddhist era
    issued_on: dt.date
    signer_name: str
    signer_position: str

    @property
    def whole_province(self) -> bool:
        return self.district is None

    def area_line(self) -> str:
        if self.district is None:
            return province_name(self.province)
        return f"{district_name(self.district)} {province_name(self.province)}"

    def year_line(self) -> str:
        return self.n(f"ประจำปี พ.ศ. {fiscal_year_be(self.fiscal_year)}")

    def signer(self) -> dict[str, Any]:
        """The reporter's signature block, as the templates and docx_common.add_signature read it."""
        return {
            "name": self.signer_name,
            "positions": [self.signer_position] if self.signer_position else [],
            "label": REPORTER_LABEL,
        }


class SignedOrder(Numerals):
    """The announcement and a committee order: signed for the province, maybe on behalf of the
    governor. The dataclass declares these fields."""

    signer_name: str
    signer_position: str
    on_behalf_of: str

    def typst_signer(self) -> dict[str, str]:
        return {
            "name": self.n(self.signer_name),
            "position": self.n(self.signer_position),
            "on_behalf_of": self.n(self.on_behalf_of),
        }

    def docx_signer(self) -> dict[str, Any]:
        """The keyword arguments of docx_common.add_signature."""
        return {
            "name": self.n(self.signer_name),
            "positions": [self.n(self.signer_position)] if self.signer_position else [],
            "on_behalf_of": self.n(self.on_behalf_of) or None,
        }


_LEADING_VOWELS = set("เแโใไ")
_CLOSING_VOWELS = set("ะำ")  # end a syllable: "คณะ|กรรมการ", "จัดทำ|ทะเบียน"
_INNER_VOWELS = set("าิีึืุูั")  # a consonant after one of these closes its syllable
LEAD_CHARS = 24


def _is_consonant(ch: str) -> bool:
    return "ก" <= ch <= "ฮ"


def _syllable_starts(text: str) -> list[int]:
    """Places where a Thai syllable surely starts (no dictionary): before a leading vowel, after
    SARA A or SARA AM, and after a final consonant that follows a vowel ("ผ่าน|การ", "จัด|ทำ")."""
    starts = []
    for i in range(1, len(text)):
        ch, before = text[i], text[i - 1]
        if text[i + 1 : i + 2] == "์" or not (_is_consonant(ch) or ch in _LEADING_VOWELS):
            continue
        if ch in _LEADING_VOWELS and before not in _LEADING_VOWELS:
            starts.append(i)
        elif before in _CLOSING_VOWELS:
            starts.append(i)
        elif _is_consonant(before) and i >= 2 and text[i - 2] in _INNER_VOWELS:
            starts.append(i)
    return starts


def continuation_lead(text: str) -> str:
    """The first words of an item, for the continuation line at the foot of the page before it
    ("/๒. แต่งตั้งคณะอนุกรรมการ…"): its number and text up to a space within LEAD_CHARS, else cut
    where a syllable surely starts."""
    text = " ".join((text or "").split())
    if len(text) <= LEAD_CHARS:
        return text
    number, _, rest = text.partition(" ")
    if not number.endswith(".") or not rest:
        number, rest = "", text
    head = f"{number} " if number else ""
    room = max(LEAD_CHARS - len(head), 8)
    space = rest.rfind(" ", 0, room + 1)
    if space >= room // 2:
        return head + rest[:space]
    cuts = [i for i in _syllable_starts(rest) if 4 <= i <= room]
    return head + rest[: cuts[-1] if cuts else space if space > 0 else room]
