"""บันทึกการพัฒนาตนเอง: one unit's development record for the year, as PDF.

Before-assessment, the agreed sub-criteria and the unit's own indicators, the self-development
plan, the activities it took part in with their photos, the after-assessment and the change.
Plain data in, bytes out; development/record.py gathers the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.thai import thai_date, thai_date_short
from documents.render import render_pdf
from documents.text import fiscal_year_be, numerals

TITLE = "บันทึกการพัฒนาตนเองตามระบบมาตรฐานการพัฒนาชุมชน (มชช.)"


@dataclass
class RecordIndicator:
    code: str
    text: str
    max_score: int
    before: int | None
    after: int | None
    sub_criteria: list[str] = field(default_factory=list)


@dataclass
class RecordComponent:
    name: str
    full: Decimal
    before_percent: Decimal | None
    after_percent: Decimal | None
    indicators: list[RecordIndicator]


@dataclass
class RecordPlanItem:
    indicator_code: str
    knowledge: str
    method: str
    starts_on: dt.date
    ends_on: dt.date
    resource: str
    local_wisdom: bool
    evidence: str
    target: int
    progress: str
    progress_note: str


@dataclass
class RecordPhoto:
    name: str  # file name under which the template finds it ("p12.jpg")
    content: bytes
    caption: str


@dataclass
class RecordActivity:
    held_on: dt.date
    title: str
    kind: str
    place: str
    partners: str
    learned: str
    photos: list[RecordPhoto] = field(default_factory=list)


@dataclass
class Assessed:
    finished_on: dt.date | None
    by: str
    percent: Decimal
    points: Decimal
    full: Decimal
    passed: bool


@dataclass
class DevelopmentRecord:
    unit_name: str
    unit_type: str
    area: str  # "หมู่ที่ 3 บ้านหนองรี ตำบลบางพระ อำเภอเมืองลำพูน จังหวัดลำพูน"
    fiscal_year: int
    developer: str
    pass_rule: str
    components: list[RecordComponent]
    own_indicators: list[RecordIndicator]
    before: Assessed | None
    after: Assessed | None
    plan_state: str
    plan_approval: str  # "เห็นชอบโดย … เมื่อ …" or ""
    plan_items: list[RecordPlanItem]
    activities: list[RecordActivity]
    evidence: list[str]
    issued_on: dt.date
    thai_numerals: bool = True


def _n(value: object, record: DevelopmentRecord) -> str:
    return numerals(value, record.thai_numerals)


def _score(value: int | None, record: DevelopmentRecord) -> str:
    return "-" if value is None else _n(value, record)


def _percent(value: Decimal | None, record: DevelopmentRecord) -> str:
    if value is None:
        return "-"
    return _n(f"{value:.2f}", record)


def _signed(delta: int) -> str:
    return f"{delta:+d}" if delta else "0"


def _assessed_line(label: str, assessed: Assessed | None, record: DevelopmentRecord) -> str:
    if assessed is None:
        return f"{label}: ยังไม่ได้ประเมิน"
    when = thai_date(assessed.finished_on, thai_numerals=record.thai_numerals)
    result = "ผ่านเกณฑ์" if assessed.passed else "ยังไม่ผ่านเกณฑ์"
    state = f"ประเมินเสร็จเมื่อ {when} โดย {assessed.by}" if when else "ยังประเมินไม่เสร็จ"
    return _n(
        f"{label}: {state} คะแนนรวม {assessed.points:.2f} จาก {assessed.full:.2f} "
        f"(ร้อยละ {assessed.percent:.2f}) {result}",
        record,
    )


def _typst_data(record: DevelopmentRecord) -> dict[str, Any]:
    t = record.thai_numerals
    components = []
    for number, component in enumerate(record.components, start=1):
        components.append(
            {
                "heading": _n(f"{number}. {component.name}", record),
                "percents": [
                    _percent(component.before_percent, record),
                    _percent(component.after_percent, record),
                    _n(f"{component.full:.2f}".rstrip("0").rstrip("."), record),
                ],
                "rows": [
                    {
                        "cells": [
                            _n(i.code, record),
                            _n(i.text, record),
                            _score(i.before, record),
                            _n(i.max_score - (i.before or 0), record),
                            _score(i.after, record),
                            "-"
                            if i.after is None
                            else _n(_signed(i.after - (i.before or 0)), record),
                        ],
                        "sub_criteria": [_n(text, record) for text in i.sub_criteria],
                    }
                    for i in component.indicators
                ],
            }
        )
    return {
        "thai_numerals": t,
        "title": TITLE,
        "subtitle": _n(f"ประจำปีงบประมาณ พ.ศ. {fiscal_year_be(record.fiscal_year)}", record),
        "facts": [
            ["ชื่อ", _n(record.unit_name, record)],
            ["ประเภท", record.unit_type],
            ["ที่ตั้ง", _n(record.area, record)],
            ["พัฒนากรผู้รับผิดชอบ", record.developer or "-"],
            ["เกณฑ์การผ่าน", _n(record.pass_rule, record)],
        ],
        "before_line": _assessed_line("การประเมินตนเองก่อนการพัฒนา", record.before, record),
        "after_line": _assessed_line("การประเมินตนเองหลังการพัฒนา", record.after, record),
        "components": components,
        "own": [
            [
                _n(i.code, record),
                _n(i.text, record),
                _score(i.before, record),
                _score(i.after, record),
                _n(i.max_score, record),
            ]
            for i in record.own_indicators
        ],
        "plan_line": _n(
            f"สถานะแผน: {record.plan_state}"
            + (f" {record.plan_approval}" if record.plan_approval else ""),
            record,
        ),
        "plan_items": [
            [
                _n(item.indicator_code, record),
                _n(item.knowledge, record) + "\n" + _n(item.method, record),
                _n(
                    f"{thai_date_short(item.starts_on, thai_numerals=t)} – "
                    f"{thai_date_short(item.ends_on, thai_numerals=t)}",
                    record,
                ),
                _n(item.resource or "-", record) + (" (ภูมิปัญญาท้องถิ่น)" if item.local_wisdom else ""),
                _n(item.evidence, record),
                _n(item.target, record),
                item.progress
                + (f"\n{_n(item.progress_note, record)}" if item.progress_note else ""),
            ]
            for item in record.plan_items
        ],
        "activities": [
            {
                "heading": _n(
                    f"{number}. {thai_date(a.held_on, thai_numerals=t)} {a.title} ({a.kind})",
                    record,
                ),
                "lines": [
                    line
                    for line in (
                        f"สถานที่: {_n(a.place, record)}" if a.place else "",
                        f"ภาคีที่ร่วม: {_n(a.partners, record)}" if a.partners else "",
                        f"ผลการเรียนรู้: {_n(a.learned, record)}" if a.learned else "",
                    )
                    if line
                ],
                "photos": [{"name": p.name, "caption": _n(p.caption, record)} for p in a.photos],
            }
            for number, a in enumerate(record.activities, start=1)
        ],
        "evidence": [_n(name, record) for name in record.evidence],
        "date_line": f"พิมพ์เมื่อ {thai_date(record.issued_on, thai_numerals=t)}",
    }


def development_record_pdf(record: DevelopmentRecord) -> bytes:
    images = {p.name: p.content for a in record.activities for p in a.photos}
    return render_pdf("development_record", _typst_data(record), images=images or None)
