"""ใบสมัครเข้าสู่ระบบมาตรฐานการพัฒนาชุมชน: the application form, pre-filled, printed for signature.

One layout for the four types; the type decides the team heading, the photo box (leaders)
and the member-organisation list (networks).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from documents.render import render_pdf
from documents.text import (
    bare_district_name,
    district_name,
    fiscal_year_be,
    national_id_display,
    numerals,
    province_name,
    subdistrict_name,
)

TITLE = "ใบสมัครเข้าสู่ระบบมาตรฐานการพัฒนาชุมชน (มชช.)"
DECLARATION = (
    "ข้าพเจ้าขอรับรองว่าข้อมูลข้างต้นเป็นความจริง และสมัครใจเข้าสู่กระบวนการเรียนรู้"
    "และพัฒนาตนเองตามระบบมาตรฐานการพัฒนาชุมชน"
)
TEAM_HEADINGS = {
    "GROUP": "รายชื่อทีมพัฒนา",
    "NETWORK": "รายชื่อทีมพัฒนา",
    "COMMUNITY": "รายชื่อทีมนำการพัฒนา",
}
ADVISERS_HEADING = "รายชื่อคณะที่ปรึกษา (ถ้ามี)"
MEMBERS_HEADING = "รายชื่อองค์กรสมาชิกของเครือข่าย"
BLANK_ROWS = 3  # rows left for handwriting when a list is still empty


@dataclass
class ApplicationForm:
    unit_type: str  # "LEADER" | "GROUP" | "NETWORK" | "COMMUNITY"
    type_label: str  # "มาตรฐานผู้นำชุมชน"
    fiscal_year: int  # Buddhist era, e.g. 2569
    province: str  # bare or prefixed names both print right ("ฉะเชิงเทรา", "จังหวัดฉะเชิงเทรา")
    district: str
    subdistrict: str
    village: str  # "หมู่ที่ 3 บ้านหนองรี" or ""
    fields: list[tuple[str, str]]  # (label, value) rows already formatted in Thai
    team: list[tuple[str, str]]  # (name, position)
    advisers: list[tuple[str, str]]  # (name, position)
    member_organisations: list[str]
    applicant_signature_label: str  # "ผู้สมัคร", "ประธานกลุ่ม", ...
    thai_numerals: bool = True

    def area(self) -> str:
        parts = [
            self.village.strip(),
            subdistrict_name(self.subdistrict),
            district_name(self.district),
            province_name(self.province),
        ]
        return " ".join(part for part in parts if part)


def _people(form: ApplicationForm, people: list[tuple[str, str]]) -> list[list[str]]:
    t = form.thai_numerals
    if not people:
        return [[numerals(i, t), "", ""] for i in range(1, BLANK_ROWS + 1)]
    return [
        [numerals(i, t), numerals(name, t), numerals(position, t)]
        for i, (name, position) in enumerate(people, start=1)
    ]


def _value(value: str, thai: bool) -> str:
    # A national ID keeps the card's Arabic digits and grouping, so it can be checked against it.
    national_id = national_id_display(value)
    return national_id if national_id is not None else numerals(value, thai)


def _typst_data(form: ApplicationForm) -> dict[str, Any]:
    t = form.thai_numerals
    year = fiscal_year_be(form.fiscal_year)
    sections: list[dict[str, Any]] = []
    # Leaders have no development team; list one only if the caller sent names anyway.
    if form.unit_type in TEAM_HEADINGS or form.team:
        heading = TEAM_HEADINGS.get(form.unit_type, "รายชื่อทีมพัฒนา")
        sections.append({"kind": "people", "heading": heading, "rows": _people(form, form.team)})
    sections.append(
        {"kind": "people", "heading": ADVISERS_HEADING, "rows": _people(form, form.advisers)}
    )
    if form.unit_type == "NETWORK" or form.member_organisations:
        items = [numerals(name, t) for name in form.member_organisations]
        sections.append({"kind": "list", "heading": MEMBERS_HEADING, "items": items})

    # Fields and sections share one running number, as on a paper form.
    fields = [
        {"number": numerals(f"{i}.", t), "label": numerals(label, t), "value": _value(value, t)}
        for i, (label, value) in enumerate(form.fields, start=1)
    ]
    for i, section in enumerate(sections, start=len(fields) + 1):
        section["heading"] = numerals(f"{i}. {section['heading']}", t)

    intro = (
        f"ข้าพเจ้าขอสมัครเข้าสู่ระบบมาตรฐานการพัฒนาชุมชน (มชช.) ประเภท{form.type_label} "
        f"ในพื้นที่{form.area()} โดยมีรายละเอียด ดังนี้"
    )
    addressee = bare_district_name(form.district)
    return {
        "thai_numerals": t,
        "title_lines": [
            TITLE,
            numerals(f"ประจำปี พ.ศ. {year}", t),
            f"ประเภท{form.type_label}",
        ],
        "photo_box": form.unit_type == "LEADER",
        "photo_text": numerals("ติดรูปถ่าย ขนาด 1 นิ้ว", t),
        "addressee": f"เรียน  พัฒนาการอำเภอ{addressee}" if addressee else "",
        "intro": numerals(intro, t),
        "fields": fields,
        "sections": sections,
        "declaration": DECLARATION,
        "signature_label": form.applicant_signature_label,
    }


def application_form_pdf(form: ApplicationForm) -> bytes:
    return render_pdf("application_form", _typst_data(form))


__all__ = ["ApplicationForm", "application_form_pdf"]
