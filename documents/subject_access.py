"""สรุปข้อมูลส่วนบุคคลของเจ้าของข้อมูล: what the system holds about one person, for an access
request under PDPA s.30 (docs/privacy.md), as a PDF that travels in the ZIP with the files.

Plain data in, bytes out (docs/documents.md): privacy.access gathers the person's units across
years and passes them here as the dataclasses below; every heading is this module's. Arabic
digits throughout: the summary is a reply to a person, not an official letter.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from core.thai import thai_date, thai_date_short, thai_datetime
from documents.render import render_pdf

TITLE = "สรุปข้อมูลส่วนบุคคลที่ระบบมาตรฐานการพัฒนาชุมชน (มชช.) เก็บรักษาไว้"
SUBTITLE = "ตามคำขอใช้สิทธิเข้าถึงข้อมูลส่วนบุคคล (มาตรา 30 พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562)"
INTRO = (
    "เอกสารนี้แสดงข้อมูลทั้งหมดที่ระบบเก็บไว้เกี่ยวกับเจ้าของข้อมูล ทุกปีที่สมัคร ได้แก่ ข้อมูลการสมัคร "
    "สถานะ เอกสารประกอบการสมัคร ผลการประเมิน ประกาศนียบัตร ข้อมูลเผยแพร่ ภาพกิจกรรม "
    "และบันทึกการตรวจสอบที่เกี่ยวกับเจ้าของข้อมูล ไฟล์เอกสารและภาพอยู่ในแฟ้ม ZIP เดียวกันตามชื่อที่ระบุ"
)
NONE = "- ไม่มี -"
HEADINGS = {
    "details": "ข้อมูลการสมัคร",
    "statuses": "ประวัติสถานะ",
    "documents": "เอกสารประกอบการสมัคร",
    "assessments": "ผลการประเมินตนเอง",
    "decisions": "ผลการพิจารณาของคณะกรรมการ",
    "certificates": "ประกาศนียบัตร",
    "profile": "ข้อมูลเผยแพร่ในทะเบียนผู้ผ่านการรับรอง",
    "photos": "ภาพกิจกรรมที่มีหน่วยนับนี้",
    "audit": "บันทึกการตรวจสอบ (ผู้ใดทำอะไรกับข้อมูลนี้ เมื่อใด)",
}
COLUMNS = {
    "statuses": ["วันที่", "จาก", "เป็น", "เหตุผล"],
    "documents": ["เอกสาร", "ชื่อไฟล์เดิม", "แนบเมื่อ", "ผลการตรวจ", "ไฟล์ใน ZIP"],
    "assessments": ["ระยะ", "สถานะ", "คะแนนร้อยละ", "ผล"],
    "decisions": ["รอบ", "มติ", "คะแนนร้อยละ", "วันที่"],
    "certificates": ["เลขที่", "ให้ไว้ ณ วันที่", "สถานะ", "ไฟล์ใน ZIP"],
    "photos": ["กิจกรรม", "วันที่", "คำบรรยายภาพ", "ไฟล์ใน ZIP"],
    "audit": ["เวลา", "การกระทำ", "ผู้กระทำ"],
}
PASSED = "ผ่าน"
NOT_PASSED = "ไม่ผ่าน"
VALID = "ใช้ได้"
REVOKED = "เพิกถอนแล้ว"
NOT_IN_ZIP = "-"


@dataclass
class DocumentLine:
    kind: str
    original_name: str
    uploaded_at: dt.datetime
    review: str
    zip_name: str  # "" when the file is not in the ZIP


@dataclass
class StatusLine:
    at: dt.datetime
    from_status: str
    to_status: str
    reason: str


@dataclass
class AssessmentLine:
    phase: str
    state: str
    percent: str  # "72.50" or ""
    passed: bool | None


@dataclass
class DecisionLine:
    round_name: str
    outcome: str
    percent: str
    decided_at: dt.datetime


@dataclass
class CertificateLine:
    number: str
    issued_on: dt.date
    revoked: bool
    zip_name: str


@dataclass
class PhotoLine:
    activity: str
    held_on: dt.date
    caption: str
    zip_name: str


@dataclass
class AuditLine:
    at: dt.datetime
    action: str
    actor: str


@dataclass
class UnitRecord:
    fiscal_year: int
    type_label: str
    district: str  # "อำเภอเมืองลำพูน จังหวัดลำพูน"
    status: str
    details: list[tuple[str, str]]  # (label, value) as the unit holds them
    statuses: list[StatusLine] = field(default_factory=list)
    documents: list[DocumentLine] = field(default_factory=list)
    assessments: list[AssessmentLine] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)
    certificates: list[CertificateLine] = field(default_factory=list)
    profile: list[tuple[str, str]] = field(default_factory=list)
    photos: list[PhotoLine] = field(default_factory=list)
    audit: list[AuditLine] = field(default_factory=list)


@dataclass
class SubjectAccess:
    person: str
    id_label: str  # the masked national ID
    received_on: dt.date
    issued_on: dt.date
    office: str  # who answers: "อำเภอเมืองลำพูน จังหวัดลำพูน"
    units: list[UnitRecord]
    file_count: int


def _passed(value: bool | None) -> str:
    if value is None:
        return ""
    return PASSED if value else NOT_PASSED


def _table(key: str, rows: list[list[str]]) -> dict[str, Any]:
    return {"heading": HEADINGS[key], "columns": COLUMNS[key], "rows": rows}


def _unit(record: UnitRecord) -> dict[str, Any]:
    tables = [
        _table(
            "statuses",
            [[thai_datetime(s.at), s.from_status, s.to_status, s.reason] for s in record.statuses],
        ),
        _table(
            "documents",
            [
                [
                    d.kind,
                    d.original_name,
                    thai_datetime(d.uploaded_at),
                    d.review,
                    d.zip_name or NOT_IN_ZIP,
                ]
                for d in record.documents
            ],
        ),
        _table(
            "assessments",
            [[a.phase, a.state, a.percent, _passed(a.passed)] for a in record.assessments],
        ),
        _table(
            "decisions",
            [
                [d.round_name, d.outcome, d.percent, thai_datetime(d.decided_at)]
                for d in record.decisions
            ],
        ),
        _table(
            "certificates",
            [
                [
                    c.number,
                    thai_date_short(c.issued_on),
                    REVOKED if c.revoked else VALID,
                    c.zip_name or NOT_IN_ZIP,
                ]
                for c in record.certificates
            ],
        ),
        _table(
            "photos",
            [
                [p.activity, thai_date_short(p.held_on), p.caption, p.zip_name or NOT_IN_ZIP]
                for p in record.photos
            ],
        ),
        _table("audit", [[thai_datetime(a.at), a.action, a.actor] for a in record.audit]),
    ]
    return {
        "heading": f"ปีงบประมาณ {record.fiscal_year} {record.type_label} {record.district}",
        "status": f"สถานะ: {record.status}",
        "details_heading": HEADINGS["details"],
        "details": [[label, value or "-"] for label, value in record.details],
        "profile_heading": HEADINGS["profile"],
        "profile": [[label, value or "-"] for label, value in record.profile],
        "tables": tables,
    }


def subject_access_data(data: SubjectAccess) -> dict[str, Any]:
    return {
        "title_lines": [TITLE, SUBTITLE],
        "intro": INTRO,
        "none": NONE,
        "header": [
            ["เจ้าของข้อมูล", data.person],
            ["เลขประจำตัวประชาชน", data.id_label],
            ["รับคำขอเมื่อ", thai_date(data.received_on)],
            ["ข้อมูล ณ วันที่", thai_date(data.issued_on)],
            ["หน่วยงานผู้ตอบคำขอ", data.office],
            ["จำนวนหน่วยนับ (ทุกปี)", str(len(data.units))],
            ["จำนวนไฟล์ในแฟ้ม ZIP", str(data.file_count)],
        ],
        "units": [_unit(u) for u in data.units],
    }


def subject_access_pdf(data: SubjectAccess) -> bytes:
    return render_pdf("subject_access", subject_access_data(data))


__all__ = [
    "AssessmentLine",
    "AuditLine",
    "CertificateLine",
    "DecisionLine",
    "DocumentLine",
    "PhotoLine",
    "StatusLine",
    "SubjectAccess",
    "UnitRecord",
    "subject_access_pdf",
]
