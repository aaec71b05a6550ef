"""รายงานผลการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.): the year-end report (docs/domain.md §4 stage 5,
§8 "the year-end report to the department (summary of learning, development and results)").

The province's report goes to กรมการพัฒนาชุมชน; a district's part goes to the province (seed 001
§2.7.2 asks districts for the same summary). Both are an external letter (หนังสือภายนอก,
docs/documents.md; the regulation's layout the seeds' letters follow) that sums the year up in a few
paragraphs, followed by the enclosure: units per type and per district by stage, pass rates,
self-assessment before → after, the district's learning activities and the certified units.
The letter is A4 portrait; the enclosure is landscape, its tables having up to ten columns.
As PDF, as an editable Word file, and as Excel with one sheet per part. Plain data in, bytes out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from core.thai import thai_date
from documents import docx_common, xlsx_common
from documents.parts import Numerals, continuation_lead, keep_whole
from documents.render import render_pdf
from documents.text import district_name, fiscal_year_be, province_name

TITLE = "รายงานผลการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.)"
TOTAL = "รวม"
NONE_YET = "-"
HUNDRED = Decimal(100)
TWO_PLACES = Decimal("0.01")

# The stages a unit passes in the year, in order (docs/domain.md §4), as the tables' columns. Headers
# carry their own line breaks ("\n"): a narrow column would otherwise break inside a word.
STAGE_COLUMNS = [
    ("registered", "สมัคร"),
    ("accepted", "เอกสาร\nครบถ้วน"),
    ("before_done", "ประเมิน\nก่อนพัฒนา"),
    ("plan_approved", "แผน\nเห็นชอบแล้ว"),
    ("after_done", "ประเมิน\nหลังพัฒนา"),
    ("recommended", "อำเภอเสนอ\nให้รับรอง"),
    ("not_recommended", "อำเภอ\nไม่เสนอ"),
    ("certified", "ผ่านการ\nรับรอง"),
    ("not_certified", "ไม่ผ่าน\nการรับรอง"),
]
PASS_COLUMNS = [
    "ได้รับการ\nประเมินแล้ว",
    "ผ่านการ\nรับรอง",
    "ไม่ผ่าน/\nอำเภอไม่เสนอ",
    "รอผลการรับรอง\nของจังหวัด",
    "อัตราการผ่าน\n(ร้อยละ)",
]
CHANGE_COLUMNS = [
    "ประเภท",
    "ประเมินตนเองครบ\nก่อนและหลัง (หน่วยนับ)",
    "คะแนนเฉลี่ย\nก่อนพัฒนา (ร้อยละ)",
    "คะแนนเฉลี่ย\nหลังพัฒนา (ร้อยละ)",
    "เปลี่ยนแปลง\n(ร้อยละ)",
    "คะแนนดีขึ้น\n(หน่วยนับ)",
]
ACTIVITY_COLUMNS = [
    "อำเภอ",
    "กิจกรรมกลุ่ม\n(ครั้ง)",
    "กิจกรรมรายหน่วย\n(ครั้ง)",
    "หน่วยนับ\nที่เข้าร่วม",
]
CERTIFIED_COLUMNS = [
    "ที่",
    "ประเภท",
    "ชื่อหน่วยนับ",
    "ที่ตั้ง",
    "เลขที่\nประกาศนียบัตร",
    "คะแนนประเมิน\nของจังหวัด (ร้อยละ)",
]
OVERRIDE_COLUMNS = [
    "ลำดับ",
    "ประเภท",
    "ชื่อหน่วยนับ",
    "อำเภอ",
    "ระดับ",
    "มติ",
    "ผลคะแนน\n(ร้อยละ)",
    "ผู้บันทึกมติ",
    "เหตุผล",
]
NO_OVERRIDES = "- ไม่มีมติที่ต่างจากผลคะแนน -"
NO_SCORES = "ไม่มีคะแนน"
NO_CERTIFICATE = "ยังไม่ออกประกาศนียบัตร"
NO_CERTIFIED = "- ยังไม่มีหน่วยนับที่ผ่านการรับรอง -"
PASS_RATE_NOTE = (
    "อัตราการผ่าน = หน่วยนับที่ผ่านการรับรอง ÷ หน่วยนับที่ได้รับการประเมินแล้ว "
    "(ผ่านการรับรอง ไม่ผ่านการรับรอง และอำเภอไม่เสนอให้รับรอง) × ๑๐๐"
)
CHANGE_NOTE = (
    "คะแนนรวมตามเกณฑ์ตัวบ่งชี้มาตรฐานของจังหวัด (ถ่วงน้ำหนัก) เฉพาะหน่วยนับที่ประเมินตนเอง"
    "เสร็จทั้งก่อนและหลังการพัฒนา ไม่รวมตัวบ่งชี้ที่หน่วยนับกำหนดเอง"
)


def percent_of(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def two_places(value: float | Decimal | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class StageCounts:
    """How many units reached each stage. Cumulative: a certified unit counts as registered,
    accepted, recommended… too; `recommended` is every unit the district recommended."""

    registered: int = 0
    accepted: int = 0
    before_done: int = 0
    plan_approved: int = 0
    after_done: int = 0
    recommended: int = 0
    not_recommended: int = 0
    certified: int = 0
    not_certified: int = 0

    def __iadd__(self, other: StageCounts) -> StageCounts:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def values(self) -> list[int]:
        return [getattr(self, key) for key, _ in STAGE_COLUMNS]

    @property
    def failed(self) -> int:
        return self.not_certified + self.not_recommended

    @property
    def assessed(self) -> int:
        """Units with a final result: certified, not certified, or not recommended by the
        district (its committee assessed them too)."""
        return self.certified + self.failed

    @property
    def awaiting(self) -> int:
        """Recommended by the district, not yet decided by the province."""
        return max(self.recommended - self.certified - self.not_certified, 0)

    @property
    def pass_rate(self) -> Decimal | None:
        return percent_of(self.certified, self.assessed)


@dataclass
class CountRow:
    label: str  # a type's label or a district's name
    counts: StageCounts


@dataclass
class ChangeRow:
    """Before → after development for one type: units that finished both self-assessments."""

    label: str
    units: int = 0
    before_sum: float = 0.0  # sums of the units' total percents, so totals can be averaged
    after_sum: float = 0.0
    improved: int = 0

    @property
    def mean_before(self) -> Decimal | None:
        return two_places(self.before_sum / self.units) if self.units else None

    @property
    def mean_after(self) -> Decimal | None:
        return two_places(self.after_sum / self.units) if self.units else None

    @property
    def change(self) -> Decimal | None:
        if self.mean_before is None or self.mean_after is None:
            return None
        return self.mean_after - self.mean_before


@dataclass
class ActivityRow:
    label: str  # the district
    group: int = 0
    individual: int = 0
    units: int = 0  # distinct units that took part


@dataclass
class CertifiedRow:
    type_label: str
    name: str
    place: str  # "หมู่ที่ 3 บ้านท่าขาม ตำบลเหมืองง่า อำเภอเมืองลำพูน"
    certificate_number: str  # "" while none is issued
    result_percent: Decimal | None  # the provincial committee's combined result


@dataclass
class OverrideRow:
    """A decision that departs from the present members' scores (assessment's override)."""

    type_label: str
    name: str
    district: str  # "อำเภอเมืองลำพูน"
    level_label: str  # "ระดับอำเภอ"
    outcome_label: str  # "เสนอให้รับรอง"
    result_percent: Decimal | None  # None: no scores before the committee
    result_passed: bool | None
    decided_by: str
    reason: str


@dataclass
class Letter:
    """What the covering letter says beside the figures; every line editable in the form."""

    reference: str = ""  # "ลพ ๐๐๑๙.๓/"; blank leaves a dotted line to fill in
    office_lines: list[str] = field(default_factory=list)  # issuing office and address
    salutation: str = ""  # "อธิบดีกรมการพัฒนาชุมชน"
    refer_to: str = ""  # อ้างถึง, optional
    signer_name: str = ""
    signer_position: str = ""
    on_behalf_of: str = ""
    contact_lines: list[str] = field(default_factory=list)  # owning unit, telephone


@dataclass
class YearEndReport(Numerals):
    province: str  # "ลำพูน"
    district: str | None  # "อำเภอเมืองลำพูน"; None: the whole province
    fiscal_year: int  # Buddhist era
    issued_on: dt.date
    letter: Letter
    type_labels: list[str]
    by_type: list[CountRow]
    by_district: list[CountRow]  # every district of the part, those without units included
    change: list[ChangeRow]  # one per type
    activities: list[ActivityRow]  # one per district
    certified: list[CertifiedRow]
    thai_numerals: bool = True
    overrides: list[OverrideRow] = field(default_factory=list)

    # -- derived text shared by the three formats --------------------------------------

    @property
    def whole_province(self) -> bool:
        return self.district is None

    def pct(self, value: Decimal | None, *, signed: bool = False) -> str:
        if value is None:
            return NONE_YET
        text = f"{value:+.2f}" if signed else f"{value:.2f}"
        return self.n(text)

    def area_line(self) -> str:
        if self.district is None:
            return province_name(self.province)
        return f"{district_name(self.district)} {province_name(self.province)}"

    def area(self) -> str:
        """Who reports: "จังหวัดลำพูน" or "อำเภอเมืองลำพูน"."""
        return province_name(self.province) if self.district is None else self.district

    def year_text(self) -> str:
        return f"ประจำปี พ.ศ. {fiscal_year_be(self.fiscal_year)}"

    def subject(self) -> str:
        return self.n(f"รายงานผลการดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.) {self.year_text()}")

    def title_lines(self) -> list[str]:
        return [TITLE, self.n(self.year_text()), self.area_line(), self.data_date_line()]

    def data_date_line(self) -> str:
        return f"ข้อมูล ณ วันที่ {thai_date(self.issued_on, thai_numerals=self.thai_numerals)}"

    def total(self) -> StageCounts:
        total = StageCounts()
        for row in self.by_type:
            total += row.counts
        return total

    def change_total(self) -> ChangeRow:
        total = ChangeRow(label=TOTAL)
        for row in self.change:
            total.units += row.units
            total.before_sum += row.before_sum
            total.after_sum += row.after_sum
            total.improved += row.improved
        return total

    def activity_total(self) -> ActivityRow:
        return ActivityRow(
            label=TOTAL,
            group=sum(r.group for r in self.activities),
            individual=sum(r.individual for r in self.activities),
            units=sum(r.units for r in self.activities),
        )

    # -- the letter ---------------------------------------------------------------------

    def number_line(self) -> str:
        reference = self.letter.reference.strip()
        return f"ที่ {self.n(reference)}" if reference else f"ที่ {'.' * 30}"

    def date_line(self) -> str:
        return thai_date(self.issued_on, thai_numerals=self.thai_numerals)

    def enclosure(self) -> tuple[str, str]:
        return (
            self.n(f"รายงานผลการดำเนินงานระบบ มชช. {self.year_text()}"),
            self.n("จำนวน 1 ชุด"),
        )

    def _by_type_text(self) -> str:
        parts = [
            f"{short_type(row.label)} {row.counts.registered}"
            for row in self.by_type
            if row.counts.registered
        ]
        return f" ({' '.join(parts)})" if parts else ""

    def body_paragraphs(self) -> list[str]:
        t = self.total()
        change = self.change_total()
        acts = self.activity_total()
        year = self.year_text()
        if self.whole_province:
            opening = (
                f"ตามที่กรมการพัฒนาชุมชนได้กำหนดให้จังหวัดดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.) "
                f"{year} เพื่อเป็นเครื่องมือให้ผู้นำชุมชน กลุ่ม/องค์กรชุมชน เครือข่ายองค์กรชุมชน "
                f"และชุมชน เรียนรู้และพัฒนาตนเองไปสู่ความเข้มแข็ง ตามขั้นตอนการดำเนินงาน 5 ขั้นตอน "
                f"และรายงานผลการดำเนินงานให้กรมการพัฒนาชุมชนทราบ นั้น"
            )
            with_districts = sum(1 for row in self.by_district if row.counts.registered)
            where = f" จาก {with_districts} อำเภอ" if with_districts else ""
        else:
            opening = (
                f"ตามที่{province_name(self.province)}ได้แจ้งให้อำเภอดำเนินงานระบบมาตรฐาน"
                f"การพัฒนาชุมชน (มชช.) {year} และรายงานผลการเรียนรู้และพัฒนาตนเองของกลุ่มเป้าหมาย"
                f"และผลการประเมินให้จังหวัดทราบ นั้น"
            )
            where = ""
        paragraphs = [
            opening,
            f"{self.area()} ได้ดำเนินการแล้ว ขอรายงานผลการดำเนินงาน ดังนี้",
            f"1. การรับสมัคร มีกลุ่มเป้าหมายสมัครเข้าสู่ระบบ มชช. จำนวน {t.registered} หน่วยนับ"
            f"{where}{self._by_type_text()} ผ่านการตรวจสอบเอกสารครบถ้วน {t.accepted} หน่วยนับ",
            f"2. การเสริมสร้างการเรียนรู้และการพัฒนาตนเอง ประเมินตนเองก่อนการพัฒนาแล้ว "
            f"{t.before_done} หน่วยนับ จัดทำแผนพัฒนาตนเองที่พัฒนากรเห็นชอบแล้ว {t.plan_approved} "
            f"หน่วยนับ ประเมินตนเองหลังการพัฒนาแล้ว {t.after_done} หน่วยนับ อำเภอจัดกิจกรรมกลุ่ม "
            f"{acts.group} ครั้ง กิจกรรมรายหน่วย {acts.individual} ครั้ง มีหน่วยนับเข้าร่วม "
            f"{acts.units} หน่วยนับ",
        ]
        if change.units:
            paragraphs.append(
                f"3. ผลการเรียนรู้และพัฒนาตนเอง หน่วยนับที่ประเมินตนเองครบทั้งก่อนและหลังการพัฒนา "
                f"{change.units} หน่วยนับ มีคะแนนเฉลี่ยจากร้อยละ {change.mean_before:.2f} "
                f"เป็นร้อยละ {change.mean_after:.2f} ({change_words(change.change)}) "
                f"มีคะแนนดีขึ้น {change.improved} หน่วยนับ"
            )
        else:
            paragraphs.append(
                "3. ผลการเรียนรู้และพัฒนาตนเอง ยังไม่มีหน่วยนับที่ประเมินตนเองครบทั้งก่อนและหลังการพัฒนา"
            )
        result = (
            f"4. ผลการประเมินเพื่อรับรองการพัฒนาตนเอง อำเภอเสนอให้รับรอง {t.recommended} หน่วยนับ "
            f"ไม่เสนอ {t.not_recommended} หน่วยนับ คณะกรรมการระดับจังหวัดรับรอง {t.certified} "
            f"หน่วยนับ ไม่รับรอง {t.not_certified} หน่วยนับ"
        )
        if t.awaiting:
            result += f" อยู่ระหว่างการพิจารณาของจังหวัด {t.awaiting} หน่วยนับ"
        if t.pass_rate is not None:
            result += (
                f" คิดเป็นอัตราการผ่านการรับรองร้อยละ {t.pass_rate:.2f} "
                f"ของหน่วยนับที่ได้รับการประเมินแล้ว {t.assessed} หน่วยนับ"
            )
        if self.overrides:
            result += (
                f" ในจำนวนนี้มีมติที่ต่างจากผลคะแนนของกรรมการ {len(self.overrides)} มติ"
                f" ({self.override_counts_text()})"
            )
        paragraphs += [result, "รายละเอียดตามสิ่งที่ส่งมาด้วย", "จึงเรียนมาเพื่อโปรดทราบ"]
        return [self.n(p) for p in paragraphs]

    # -- the enclosure's tables ---------------------------------------------------------

    def section_titles(self) -> dict[str, str]:
        """Numbered headings of the parts present (the district's part has no table by district)."""
        keys = ["by_type", "by_district", "pass", "change", "activities", "certified", "overrides"]
        if not self.whole_province:
            keys.remove("by_district")
        texts = {
            "by_type": "จำนวนหน่วยนับตามขั้นตอนการดำเนินงาน แยกตามประเภท",
            "by_district": "จำนวนหน่วยนับตามขั้นตอนการดำเนินงาน แยกตามอำเภอ",
            "pass": "ผลการประเมินและอัตราการผ่านการรับรอง",
            "change": "ผลการเรียนรู้และพัฒนาตนเอง: คะแนนประเมินตนเองก่อนและหลังการพัฒนา",
            "activities": "กิจกรรมการเรียนรู้ที่อำเภอจัด",
            "certified": f"รายชื่อหน่วยนับที่ผ่านการรับรองมาตรฐาน จำนวน {len(self.certified)} หน่วยนับ",
            "overrides": f"มติที่ต่างจากผลคะแนน จำนวน {len(self.overrides)} มติ",
        }
        return {key: self.n(f"{i}. {texts[key]}") for i, key in enumerate(keys, start=1)}

    def stage_rows(self, rows: list[CountRow]) -> list[list[str]]:
        total = StageCounts()
        out = []
        for row in rows:
            total += row.counts
            out.append([row.label, *map(self.n, row.counts.values())])
        out.append([TOTAL, *map(self.n, total.values())])
        return out

    def pass_rows(self, rows: list[CountRow]) -> list[list[str]]:
        total = StageCounts()
        out = []
        for row in [*rows, None]:
            counts = total if row is None else row.counts
            if row is not None:
                total += row.counts
            out.append(
                [
                    TOTAL if row is None else row.label,
                    self.n(counts.assessed),
                    self.n(counts.certified),
                    self.n(counts.failed),
                    self.n(counts.awaiting),
                    self.pct(counts.pass_rate),
                ]
            )
        return out

    def change_rows(self) -> list[list[str]]:
        return [
            [
                row.label,
                self.n(row.units),
                self.pct(row.mean_before),
                self.pct(row.mean_after),
                self.pct(row.change, signed=True),
                self.n(row.improved),
            ]
            for row in [*self.change, self.change_total()]
        ]

    def activity_rows(self) -> list[list[str]]:
        rows = self.activities + ([self.activity_total()] if self.whole_province else [])
        return [
            [row.label, self.n(row.group), self.n(row.individual), self.n(row.units)]
            for row in rows
        ]

    def certified_rows(self) -> list[list[str]]:
        return [
            [
                self.n(i),
                short_type(row.type_label),
                self.n(row.name),
                self.n(row.place),
                self.n(row.certificate_number) if row.certificate_number else NO_CERTIFICATE,
                self.pct(row.result_percent),
            ]
            for i, row in enumerate(self.certified, start=1)
        ]

    def override_counts(self) -> dict[str, dict[str, int]]:
        """How many overrides, by district and by type (labels in order of first row)."""
        counts: dict[str, dict[str, int]] = {"district": {}, "type": {}}
        for row in self.overrides:
            counts["district"][row.district] = counts["district"].get(row.district, 0) + 1
            counts["type"][row.type_label] = counts["type"].get(row.type_label, 0) + 1
        return counts

    def override_counts_text(self) -> str:
        counts = self.override_counts()
        by_type = " ".join(f"{short_type(k)} {v}" for k, v in counts["type"].items())
        by_district = " ".join(f"{k} {v}" for k, v in counts["district"].items())
        return self.n(f"แยกตามประเภท: {by_type} · แยกตามอำเภอ: {by_district}")

    def override_rows(self) -> list[list[str]]:
        return [
            [
                self.n(i),
                short_type(row.type_label),
                self.n(row.name),
                self.n(row.district),
                row.level_label,
                row.outcome_label,
                self.pct(row.result_percent) if row.result_percent is not None else NO_SCORES,
                self.n(row.decided_by),
                self.n(row.reason),
            ]
            for i, row in enumerate(self.overrides, start=1)
        ]


def short_type(label: str) -> str:
    """'มาตรฐานผู้นำชุมชน' -> 'ผู้นำชุมชน' for running text."""
    return label.removeprefix("มาตรฐาน")


def change_words(value: Decimal | None) -> str:
    if value is None or value == 0:
        return "ไม่เปลี่ยนแปลง"
    return f"{'เพิ่มขึ้น' if value > 0 else 'ลดลง'} {abs(value):.2f}"


# --- PDF ---------------------------------------------------------------------------------


def _typst_data(data: YearEndReport) -> dict[str, Any]:
    titles = data.section_titles()
    stage_headers = [h for _, h in STAGE_COLUMNS]
    enclosure, enclosure_count = data.enclosure()
    return {
        "thai_numerals": data.thai_numerals,
        "keep_whole": keep_whole([data.province, data.district or "", "ปฏิบัติราชการแทน"]),
        "letter": {
            "number_line": data.number_line(),
            "office_lines": [data.n(line) for line in data.letter.office_lines],
            "date_line": data.date_line(),
            "subject": data.subject(),
            "salutation": data.n(data.letter.salutation),
            "refer_to": data.n(data.letter.refer_to),
            "enclosure": enclosure,
            "enclosure_count": enclosure_count,
            # Each with its first words, for the continuation line (common.typ `continues`).
            "paragraphs": [
                {"text": p, "lead": continuation_lead(p)} for p in data.body_paragraphs()
            ],
            "signer": {
                "name": data.n(data.letter.signer_name),
                "position": data.n(data.letter.signer_position),
                "on_behalf_of": data.n(data.letter.on_behalf_of),
            },
            "contact_lines": [data.n(line) for line in data.letter.contact_lines],
        },
        "title_lines": data.title_lines(),
        "titles": titles,
        "type_header": "ประเภท",
        "district_header": "อำเภอ",
        "stage_headers": stage_headers,
        "by_type": data.stage_rows(data.by_type),
        "by_district": data.stage_rows(data.by_district) if data.whole_province else [],
        "pass_headers": PASS_COLUMNS,
        "pass_by_type": data.pass_rows(data.by_type),
        "pass_by_district": data.pass_rows(data.by_district) if data.whole_province else [],
        "pass_note": PASS_RATE_NOTE,
        "change_headers": CHANGE_COLUMNS,
        "change_rows": data.change_rows(),
        "change_note": CHANGE_NOTE,
        "activity_headers": ACTIVITY_COLUMNS,
        "activity_rows": data.activity_rows(),
        "certified_headers": CERTIFIED_COLUMNS,
        "certified_rows": data.certified_rows(),
        "no_certified": NO_CERTIFIED,
        "override_headers": OVERRIDE_COLUMNS,
        "override_rows": data.override_rows(),
        "override_counts": data.override_counts_text() if data.overrides else "",
        "no_overrides": NO_OVERRIDES,
        "sub_by_type": "แยกตามประเภท",
        "sub_by_district": "แยกตามอำเภอ",
    }


def year_end_report_pdf(data: YearEndReport, *, emblem: bytes | None = None) -> bytes:
    return render_pdf("year_end_report", _typst_data(data), emblem=emblem)


# --- Word --------------------------------------------------------------------------------

LANDSCAPE_TEXT_CM = 24.7  # A4 landscape less 3 cm and 2 cm margins
STAGE_WIDTHS_CM = [5.9, *[2.08] * 9]
PASS_WIDTHS_CM = [6.5, 3.4, 3.4, 3.8, 3.8, 3.6]
CHANGE_WIDTHS_CM = [6.5, 4.0, 3.6, 3.6, 3.2, 3.6]
ACTIVITY_WIDTHS_CM = [7.5, 5.0, 5.0, 5.0]
CERTIFIED_WIDTHS_CM = [1.2, 4.2, 6.0, 7.3, 3.4, 2.6]
OVERRIDE_WIDTHS_CM = [1.2, 2.6, 4.0, 3.0, 2.2, 2.6, 2.0, 3.2, 3.9]


def _label_line(doc, label: str, text: str, *, space_before_pt: float = 6) -> None:
    par = docx_common.add_paragraph(doc, space_before_pt=space_before_pt)
    docx_common.style_run(par.add_run(label), bold=True)
    docx_common.style_run(par.add_run(f"  {text}"))
    # Continuation lines align after the label, as typed letters do.
    par.paragraph_format.left_indent = Cm(2.5)
    par.paragraph_format.first_line_indent = Cm(-2.5)


def _restart_numbering(section) -> None:
    """The enclosure numbers its own pages; its first page carries none."""
    sect_pr = section._sectPr
    pg = sect_pr.find(qn("w:pgNumType"))
    if pg is None:
        pg = OxmlElement("w:pgNumType")
        sect_pr.append(pg)
    pg.set(qn("w:start"), "1")


def _landscape_section(doc):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    _restart_numbering(section)
    return section


def _centred_columns(count: int) -> tuple[int, ...]:
    return tuple(range(1, count))


def year_end_report_docx(data: YearEndReport, *, emblem: bytes | None = None) -> bytes:
    """The letter and the enclosure as an editable Word file (Sarabun, real tables)."""
    doc = docx_common.new_document(thai_numerals=data.thai_numerals)
    letter = data.letter
    docx_common.add_emblem(doc, emblem)
    # "ที่ …" at the left and the office at the right, on the same line.
    office = [data.n(line) for line in letter.office_lines] or [""]
    table = doc.add_table(rows=len(office), cols=2)
    table.autofit = False
    for r, line in enumerate(office):
        cells = table.rows[r].cells
        docx_common.set_cell_text(cells[0], data.number_line() if r == 0 else "", size_pt=16)
        docx_common.set_cell_text(cells[1], line, size_pt=16)
        cells[0].width, cells[1].width = Cm(9.5), Cm(6.5)
    docx_common.add_paragraph(doc, data.date_line(), left_indent_cm=8, space_before_pt=6)
    _label_line(doc, "เรื่อง", data.subject())
    _label_line(doc, "เรียน", data.n(letter.salutation))
    if letter.refer_to:
        _label_line(doc, "อ้างถึง", data.n(letter.refer_to))
    enclosure, count = data.enclosure()
    _label_line(doc, "สิ่งที่ส่งมาด้วย", f"{enclosure}  {count}")
    for i, text in enumerate(data.body_paragraphs()):
        docx_common.indented_paragraph(doc, text, space_before_pt=6 if i == 0 else 0)
    docx_common.add_paragraph(doc, "ขอแสดงความนับถือ", left_indent_cm=8, space_before_pt=10)
    docx_common.add_signature(
        doc,
        name=data.n(letter.signer_name),
        positions=[data.n(letter.signer_position)] if letter.signer_position else [],
        on_behalf_of=data.n(letter.on_behalf_of) or None,
    )
    for i, line in enumerate(letter.contact_lines):
        docx_common.add_paragraph(doc, data.n(line), space_before_pt=24 if i == 0 else 0)

    _landscape_section(doc)
    docx_common.add_title(doc, data.title_lines())
    titles = data.section_titles()
    stage_headers = [h for _, h in STAGE_COLUMNS]

    def heading(text: str) -> None:
        docx_common.add_paragraph(doc, text, bold=True, space_before_pt=10)

    def add_table(
        headers: list[str], rows: list[list[str]], widths, centred: tuple[int, ...]
    ) -> None:
        docx_common.add_table(doc, headers, rows, widths, centred_columns=centred)

    heading(titles["by_type"])
    add_table(
        ["ประเภท", *stage_headers],
        data.stage_rows(data.by_type),
        STAGE_WIDTHS_CM,
        _centred_columns(10),
    )
    if data.whole_province:
        heading(titles["by_district"])
        add_table(
            ["อำเภอ", *stage_headers],
            data.stage_rows(data.by_district),
            STAGE_WIDTHS_CM,
            _centred_columns(10),
        )
    heading(titles["pass"])
    docx_common.add_paragraph(doc, "แยกตามประเภท", space_before_pt=4)
    add_table(
        ["ประเภท", *PASS_COLUMNS], data.pass_rows(data.by_type), PASS_WIDTHS_CM, _centred_columns(6)
    )
    if data.whole_province:
        docx_common.add_paragraph(doc, "แยกตามอำเภอ", space_before_pt=6)
        add_table(
            ["อำเภอ", *PASS_COLUMNS],
            data.pass_rows(data.by_district),
            PASS_WIDTHS_CM,
            _centred_columns(6),
        )
    docx_common.add_paragraph(doc, PASS_RATE_NOTE, size_pt=14, space_before_pt=4)
    heading(titles["change"])
    add_table(CHANGE_COLUMNS, data.change_rows(), CHANGE_WIDTHS_CM, _centred_columns(6))
    docx_common.add_paragraph(doc, CHANGE_NOTE, size_pt=14, space_before_pt=4)
    heading(titles["activities"])
    add_table(ACTIVITY_COLUMNS, data.activity_rows(), ACTIVITY_WIDTHS_CM, _centred_columns(4))
    heading(titles["certified"])
    if data.certified:
        add_table(CERTIFIED_COLUMNS, data.certified_rows(), CERTIFIED_WIDTHS_CM, (0, 4, 5))
    else:
        docx_common.add_paragraph(doc, NO_CERTIFIED, left_indent_cm=1.5)
    heading(titles["overrides"])
    if data.overrides:
        docx_common.add_paragraph(doc, data.override_counts_text(), size_pt=14, space_before_pt=4)
        add_table(OVERRIDE_COLUMNS, data.override_rows(), OVERRIDE_WIDTHS_CM, (0, 4, 6))
    else:
        docx_common.add_paragraph(doc, NO_OVERRIDES, left_indent_cm=1.5)
    # Keep the word processor's default spacing after the last table tidy.
    doc.paragraphs[-1].paragraph_format.space_after = Pt(0)
    return docx_common.to_bytes(doc)


# --- Excel -------------------------------------------------------------------------------


def _sheet(
    wb: Workbook,
    title: str,
    heading_lines: list[str],
    tables,
    *,
    number_formats: dict[int, str] | None = None,
) -> None:
    """One part: its heading lines, then each (subtitle, headers, rows, widths) table; the
    tables of a sheet share their columns, so `number_formats` holds for them all."""
    ws = wb.create_sheet(title)
    for r, line in enumerate(heading_lines, start=1):
        ws.cell(row=r, column=1, value=line).font = xlsx_common.BOLD if r == 1 else xlsx_common.FONT
    r = len(heading_lines)
    widths: dict[int, float] = {}
    header_rows: list[tuple[int, int, int]] = []  # (header row, last row, columns) per table
    for subtitle, headers, rows, col_widths in tables:
        r += 1
        if subtitle:
            r += 1
            ws.cell(row=r, column=1, value=subtitle).font = xlsx_common.BOLD
        r += 1
        xlsx_common.write_header(ws, r, headers)
        header_row = r
        # Only text wraps here: these tables are mostly figures.
        r = xlsx_common.write_rows(
            ws, r + 1, rows, number_formats=number_formats, wrap_only_text=True
        )
        header_rows.append((header_row, max(r, header_row), len(headers)))
        for c, width in enumerate(col_widths, start=1):
            widths[c] = max(widths.get(c, 0), width)
    xlsx_common.set_column_widths(ws, list(widths.values()))
    xlsx_common.set_landscape_a4(ws)
    if header_rows:
        # The first table's header stays in view; a sheet of one table filters on it (a sheet
        # has one filter).
        first, last, columns = header_rows[0]
        ws.freeze_panes = f"A{first + 1}"
        ws.print_title_rows = f"{first}:{first}"
        if len(header_rows) == 1:
            ws.auto_filter.ref = f"A{first}:{get_column_letter(columns)}{last}"


def _number(value: Decimal | None) -> float | None:
    # Percents stay numbers in a workbook (two places); blank where there is nothing to divide.
    return float(value) if value is not None else None


def _stage_values(rows: list[CountRow]) -> list[list[object]]:
    total = StageCounts()
    out: list[list[object]] = []
    for row in rows:
        total += row.counts
        out.append([row.label, *row.counts.values()])
    out.append([TOTAL, *total.values()])
    return out


def _pass_values(rows: list[CountRow]) -> list[list[object]]:
    total = StageCounts()
    out: list[list[object]] = []
    for row in rows:
        total += row.counts
    for label, c in [*((row.label, row.counts) for row in rows), (TOTAL, total)]:
        out.append([label, c.assessed, c.certified, c.failed, c.awaiting, _number(c.pass_rate)])
    return out


def year_end_report_xlsx(data: YearEndReport) -> bytes:
    """One sheet per part of the enclosure; counts and percents stay numbers."""
    wb = Workbook()
    wb.remove(xlsx_common.first_sheet(wb))
    titles = data.section_titles()
    heading = [f"{TITLE} {data.year_text()}", data.area_line(), data.data_date_line()]
    stage_headers = [h for _, h in STAGE_COLUMNS]
    stage_widths = [30, *[14] * 9]

    _sheet(
        wb,
        "ตามขั้นตอน-ประเภท",
        [*heading, titles["by_type"]],
        [(None, ["ประเภท", *stage_headers], _stage_values(data.by_type), stage_widths)],
    )
    if data.whole_province:
        _sheet(
            wb,
            "ตามขั้นตอน-อำเภอ",
            [*heading, titles["by_district"]],
            [(None, ["อำเภอ", *stage_headers], _stage_values(data.by_district), stage_widths)],
        )
    pass_widths = [30, 16, 16, 18, 18, 16]
    pass_tables = [
        ("แยกตามประเภท", ["ประเภท", *PASS_COLUMNS], _pass_values(data.by_type), pass_widths)
    ]
    if data.whole_province:
        pass_tables.append(
            ("แยกตามอำเภอ", ["อำเภอ", *PASS_COLUMNS], _pass_values(data.by_district), pass_widths)
        )
    _sheet(
        wb,
        "อัตราการผ่าน",
        [*heading, titles["pass"], PASS_RATE_NOTE],
        pass_tables,
        number_formats={5: xlsx_common.PERCENT},
    )
    change_values = [
        [
            row.label,
            row.units,
            _number(row.mean_before),
            _number(row.mean_after),
            _number(row.change),
            row.improved,
        ]
        for row in [*data.change, data.change_total()]
    ]
    _sheet(
        wb,
        "ก่อน-หลังการพัฒนา",
        [*heading, titles["change"], CHANGE_NOTE],
        [(None, CHANGE_COLUMNS, change_values, [30, 22, 20, 20, 16, 18])],
        number_formats={2: xlsx_common.PERCENT, 3: xlsx_common.PERCENT, 4: xlsx_common.PERCENT},
    )
    activity_rows = data.activities + ([data.activity_total()] if data.whole_province else [])
    _sheet(
        wb,
        "กิจกรรม",
        [*heading, titles["activities"]],
        [
            (
                None,
                ACTIVITY_COLUMNS,
                [[r.label, r.group, r.individual, r.units] for r in activity_rows],
                [30, 18, 18, 18],
            )
        ],
    )
    certified_values = [
        [
            i,
            row.type_label,
            row.name,
            row.place,
            row.certificate_number or NO_CERTIFICATE,
            _number(row.result_percent),
        ]
        for i, row in enumerate(data.certified, start=1)
    ]
    _sheet(
        wb,
        "ผู้ผ่านการรับรอง",
        [*heading, titles["certified"]],
        [(None, CERTIFIED_COLUMNS, certified_values, [7, 28, 36, 50, 20, 18])],
        number_formats={5: xlsx_common.PERCENT},
    )
    override_values = [
        [
            i,
            row.type_label,
            row.name,
            row.district,
            row.level_label,
            row.outcome_label,
            _number(row.result_percent) if row.result_percent is not None else NO_SCORES,
            row.decided_by,
            row.reason,
        ]
        for i, row in enumerate(data.overrides, start=1)
    ]
    counts = [data.override_counts_text()] if data.overrides else [NO_OVERRIDES]
    _sheet(
        wb,
        "มติต่างจากผลคะแนน",
        [*heading, titles["overrides"], *counts],
        [(None, OVERRIDE_COLUMNS, override_values, [7, 24, 30, 24, 14, 20, 14, 26, 50])],
        number_formats={6: xlsx_common.PERCENT},
    )
    return xlsx_common.to_bytes(wb)


__all__ = [
    "ActivityRow",
    "CertifiedRow",
    "ChangeRow",
    "CountRow",
    "Letter",
    "OverrideRow",
    "StageCounts",
    "YearEndReport",
    "year_end_report_docx",
    "year_end_report_pdf",
    "year_end_report_xlsx",
]
