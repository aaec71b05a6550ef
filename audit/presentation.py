"""Audit entries as an officer reads them: Thai action names, field labels, names not ids,
Buddhist-era dates."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from core.thai import thai_date_short, thai_datetime

ACTIONS = {
    "compliance.access_request": _("ขอเปิดดูเอกสารที่มีเลขประจำตัวประชาชน"),
    "unit.create": _("สร้างใบสมัคร"),
    "unit.update": _("แก้ไขข้อมูล"),
    "unit.status": _("เปลี่ยนสถานะ"),
    "unit.carry_over": _("นำเข้าจากปีก่อน"),
    "document.upload": _("แนบเอกสาร"),
    "document.verify": _("ตรวจเอกสาร: ถูกต้อง"),
    "document.return": _("ส่งคืนเอกสาร"),
    "document.download": _("เปิดดู/ดาวน์โหลดเอกสาร"),
    "export.application_form": _("พิมพ์ใบสมัคร (PDF)"),
    "self_assessment.save": _("บันทึกการประเมินตนเอง (ยังไม่เสร็จ)"),
    "self_assessment.finish": _("ประเมินตนเองเสร็จสิ้น"),
    "sub_criterion.add": _("เพิ่มเกณฑ์ย่อย"),
    "sub_criterion.remove": _("นำเกณฑ์ย่อยออก"),
    "own_indicator.add": _("เพิ่มตัวบ่งชี้ที่กำหนดเอง"),
    "own_indicator.remove": _("นำตัวบ่งชี้ที่กำหนดเองออก"),
    "plan.item_add": _("เพิ่มรายการในแผนพัฒนาตนเอง"),
    "plan.item_remove": _("นำรายการออกจากแผนพัฒนาตนเอง"),
    "plan.item_progress": _("บันทึกความก้าวหน้าตามแผน"),
    "plan.state": _("เปลี่ยนสถานะแผนพัฒนาตนเอง"),
    "evidence.upload": _("แนบหลักฐานการพัฒนา"),
    "evidence.remove": _("นำหลักฐานการพัฒนาออก"),
    "evidence.download": _("เปิดดู/ดาวน์โหลดหลักฐานการพัฒนา"),
    "export.development_record": _("พิมพ์บันทึกการพัฒนาตนเอง (PDF)"),
    "activity.create": _("บันทึกกิจกรรม"),
    "activity.update": _("แก้ไขกิจกรรม"),
    "photo.upload": _("เพิ่มภาพกิจกรรม"),
    "photo.update": _("แก้ไขข้อมูลภาพกิจกรรม"),
    "photo.remove": _("นำภาพกิจกรรมออก"),
    "assessment.unit_add": _("เข้ารอบการประเมินของคณะกรรมการ"),
    "assessment.unit_remove": _("นำออกจากรอบการประเมินของคณะกรรมการ"),
    "assessment.score_save": _("กรรมการบันทึกคะแนน"),
    "assessment.decide": _("บันทึกผลการพิจารณาของคณะกรรมการ"),
    "assessment.reopen": _("เปิดผลการพิจารณาใหม่"),
    "certificate.issue": _("ออกประกาศนียบัตร"),
    "certificate.revoke": _("เพิกถอนประกาศนียบัตร"),
    "certificate.download": _("ดาวน์โหลดประกาศนียบัตร"),
    "certified.profile_update": _("แก้ไขข้อมูลในทะเบียนผู้ผ่านการรับรอง"),
    "certified.profile_photos": _("แก้ไขภาพในทะเบียนผู้ผ่านการรับรอง"),
    "certified.outstanding_select": _("คัดเลือกเป็นผู้มีผลงานดีเด่น"),
    "export.certified_register": _("ส่งออกทะเบียนผู้ผ่านการรับรอง"),
    "export.outstanding": _("พิมพ์รายชื่อผู้มีผลงานดีเด่น"),
    "export.recommendation_summary": _("พิมพ์สรุปผลการพิจารณาของอำเภอ"),
    "export.year_end_report": _("พิมพ์รายงานผลการดำเนินงานประจำปี"),
    "export.national_year_end_report": _("พิมพ์รายงานผลการดำเนินงานประจำปี ภาพรวมทั้งประเทศ"),
    "line.link": _("เชื่อมบัญชี LINE แล้ว"),
    "line.unlink": _("ยกเลิกการเชื่อมบัญชี LINE แล้ว"),
    "announcement.issue": _("ออกประกาศจังหวัดรายชื่อผู้ผ่านการรับรอง"),
    "announcement.download": _("ดาวน์โหลดประกาศจังหวัด"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")


@dataclass
class Line:
    label: str
    old: str
    new: str


@dataclass
class Row:
    entry: AuditEntry
    action: str
    lines: list[Line]


def _labels() -> dict[str, str]:
    from registration.models import Unit

    labels = {
        f.name: str(f.verbose_name) for f in Unit._meta.get_fields() if hasattr(f, "verbose_name")
    }
    labels.update(
        {
            "status": str(_("สถานะ")),
            "kind": str(_("เอกสาร")),
            "review": str(_("ผลการตรวจ")),
            "file": str(_("ไฟล์")),
            "team:TEAM": str(_("ทีมพัฒนา")),
            "team:ADVISER": str(_("คณะที่ปรึกษา")),
            "member_organisations": str(_("องค์กรสมาชิก")),
            "personal": str(_("เอกสารส่วนบุคคล")),
            "replaces": str(_("แทนที่ฉบับเดิม")),
            "carried_from": str(_("ต่อเนื่องจากหน่วยนับ")),
        }
    )
    return labels


def describe(entries: list[AuditEntry], *, reveal_personal: bool) -> list[Row]:
    from accounts.models import User
    from geography.models import Subdistrict, Village
    from registration.models import DocumentKind, Status, UnitDocument, mask_national_id

    ids: dict[str, set] = {"subdistrict": set(), "village": set(), "responsible_developer": set()}
    for entry in entries:
        for key in ids:
            for value in _pair(entry.changes.get(key)):
                if value not in (None, ""):
                    ids[key].add(value)
    names = {
        "subdistrict": {
            s.pk: s.display_name for s in Subdistrict.objects.filter(pk__in=ids["subdistrict"])
        },
        "village": {str(v.pk): str(v) for v in Village.objects.filter(pk__in=ids["village"])},
        "responsible_developer": {
            str(u.pk): u.full_name for u in User.objects.filter(pk__in=ids["responsible_developer"])
        },
    }
    choices = {
        "status": dict(Status.choices),
        "kind": dict(DocumentKind.choices),
        "review": dict(UnitDocument.Review.choices),
    }
    labels = _labels()

    def show(key: str, value) -> str:
        if value in (None, "", []):
            return "-"
        if key in names:
            return names[key].get(str(value), str(value))
        if key in choices:
            return str(choices[key].get(value, value))
        if isinstance(value, bool):
            return gettext("ใช่") if value else gettext("ไม่ใช่")
        if isinstance(value, list):
            return "; ".join(str(v) for v in value) or "-"
        if key == "national_id" and not reveal_personal:
            return mask_national_id(str(value))
        try:
            if isinstance(value, str) and _ISO_DATE.match(value):
                return thai_date_short(dt.date.fromisoformat(value))
            if isinstance(value, str) and _ISO_DATETIME.match(value):
                return thai_datetime(dt.datetime.fromisoformat(value))
        except ValueError:
            pass  # text that only looks like a date (a phone number, say) is shown as typed
        return str(value)

    rows = []
    for entry in entries:
        lines = []
        for key, value in entry.changes.items():
            if key == "replaces" and not value:
                continue
            label = labels.get(key, key)
            if isinstance(value, list) and len(value) == 2 and key not in ("replaces",):
                lines.append(Line(label, show(key, value[0]), show(key, value[1])))
            else:
                lines.append(Line(label, "", show(key, value)))
        rows.append(
            Row(entry=entry, action=str(ACTIONS.get(entry.action, entry.action)), lines=lines)
        )
    return rows


def _pair(value) -> list:
    if isinstance(value, list) and len(value) == 2:
        return [str(v) if v is not None else None for v in value]
    return [str(value)] if value is not None else []
