"""The record of processing activities (บันทึกรายการกิจกรรมการประมวลผล, PDPA s.39), declared
once, here: what the system does with personal data, why, on what basis, who receives it,
how long it is kept and how it is protected, with the models and fields that hold it
(docs/compliance.md "Record of processing").

`uncovered()` finds model fields that hold personal data (by name, stored files, photos) and
personal document kinds that no activity declares; tests/test_compliance_processing.py fails
while any is left, so a new field of that kind comes with its line in this record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CONTROLLER = _("กรมการพัฒนาชุมชน กระทรวงมหาดไทย")

NO_TRANSFER = _("ไม่มีการส่งหรือโอนข้อมูลไปต่างประเทศ ระบบและข้อมูลอยู่บนเครื่องแม่ข่ายของกรม")
RETENTION = _(
    "เก็บไว้ตลอดระยะเวลาที่เป็นหลักฐานของปีดำเนินงานและการรับรอง ตามระเบียบงานสารบรรณของทางราชการ "
    "ระบบยังไม่ลบหรือทำให้ข้อมูลไม่สามารถระบุตัวบุคคลได้โดยอัตโนมัติเมื่อพ้นระยะเวลา"
)
SECURITY = _(
    "เข้าถึงได้ตามบทบาทและพื้นที่ (อำเภอ จังหวัด กรม) นอกพื้นที่ไม่พบข้อมูล; บันทึกการตรวจสอบทุกการแก้ไข "
    "การเปิดดูเอกสารและการส่งออก; ไฟล์ไม่อยู่บนที่อยู่สาธารณะและดาวน์โหลดผ่านการตรวจสิทธิ์เท่านั้น; "
    "เชื่อมต่อผ่าน HTTPS; สำรองข้อมูลเป็นไฟล์ที่ต้องเก็บรักษาแยกและเข้ารหัส"
)
PUBLIC_TASK = _(
    "มาตรา 24(4) การปฏิบัติหน้าที่ในการดำเนินภารกิจเพื่อประโยชน์สาธารณะหรือการใช้อำนาจรัฐ "
    "(ภารกิจการส่งเสริมมาตรฐานการพัฒนาชุมชนของกรม)"
)


@dataclass(frozen=True, eq=False)
class Activity:
    key: str
    name: Promise
    purpose: Promise
    legal_basis: Promise
    subjects: Promise
    data: Promise
    recipients: Promise
    # "app_label.Model" → the fields of that model holding this activity's personal data.
    holds: dict[str, tuple[str, ...]]
    document_kinds: tuple[str, ...] = ()
    transfers: Promise = NO_TRANSFER
    retention: Promise = RETENTION
    security: Promise = SECURITY
    security_extra: Promise | None = None

    def held(self) -> list[tuple[str, list[str]]]:
        """The models and fields as the record prints them: their own Thai names, or the names
        below for fields and models that have none (files, django-axes' tables)."""
        rows = []
        for label, names in self.holds.items():
            model = apps.get_model(label)
            rows.append(
                (
                    str(MODEL_LABELS.get(label, model._meta.verbose_name)),
                    [_field_label(model, name) for name in names],
                )
            )
        return rows

    def document_labels(self) -> list[str]:
        from registration.models import DocumentKind

        return [str(DocumentKind(kind).label) for kind in self.document_kinds]


def _field_label(model: type[models.Model], name: str) -> str:
    """The field's own verbose name, or the one below when it has only Django's default."""
    label = str(getattr(model._meta.get_field(name), "verbose_name", name))
    if label.lower() == name.replace("_", " "):
        return str(FIELD_LABELS.get(name, label))
    return label


MODEL_LABELS = {
    "axes.AccessAttempt": _("การเข้าสู่ระบบที่ผิดพลาด (ที่ยังนับอยู่)"),
    "axes.AccessFailureLog": _("ประวัติการเข้าสู่ระบบที่ผิดพลาด"),
    "axes.AccessLog": _("ประวัติการเข้าสู่ระบบ"),
}
FIELD_LABELS = {
    "file": _("ไฟล์"),
    "pdf": _("ไฟล์ PDF"),
    "docx": _("ไฟล์ Word"),
    "combined_pdf": _("ไฟล์ PDF รวมทั้งปี"),
    "image": _("ภาพ"),
    "thumbnail": _("ภาพย่อ"),
    "photo": _("ภาพ"),
    "actor": _("ผู้กระทำ"),
    "changes": _("รายละเอียดการเปลี่ยนแปลง"),
    "username": _("ชื่อผู้ใช้"),
    "ip_address": _("ที่อยู่ไอพี"),
    "user_agent": _("โปรแกรมที่ใช้เข้าระบบ"),
    "recipient": _("ผู้รับ"),
    "params": _("รายละเอียดของเรื่องที่แจ้ง"),
    "user": _("ผู้ใช้"),
    "line_user_id": _("รหัสผู้ใช้ LINE"),
}


ACTIVITIES: tuple[Activity, ...] = (
    Activity(
        key="registration",
        name=_("การรับสมัครและตรวจเอกสารผู้สมัคร"),
        purpose=_("รับสมัครหน่วยนับ ตรวจคุณสมบัติและเอกสารประกอบการสมัคร และจัดทำบัญชีรายชื่อผู้สมัครส่งจังหวัด"),
        legal_basis=PUBLIC_TASK,
        subjects=_("ผู้นำชุมชนที่สมัคร ผู้ติดต่อของกลุ่ม เครือข่ายและชุมชน ทีมพัฒนาและคณะที่ปรึกษา"),
        data=_(
            "ชื่อ-สกุล เลขประจำตัวประชาชน วันเกิด บ้านเลขที่และที่อยู่ โทรศัพท์ "
            "ใบสมัคร รูปถ่าย สำเนาบัตรประจำตัวประชาชนและสำเนาทะเบียนบ้าน"
        ),
        recipients=_(
            "อำเภอและจังหวัดของหน่วยนับ; กรมเห็นเลขประจำตัวประชาชนแบบปกปิด และเปิดดูเอกสารส่วนบุคคลได้"
            "เฉพาะเมื่อบันทึกคำขอพร้อมเหตุผล (มีอายุจำกัด จังหวัดเห็นคำขอ); กรรมการประเมินไม่เห็นเอกสารรับสมัคร"
        ),
        holds={
            "registration.Unit": (
                "person_title",
                "first_name",
                "last_name",
                "national_id",
                # The keyed hash of the ID (docs/encryption.md): not the ID, but it links a
                # person's units, so it is personal data too.
                "national_id_hash",
                "birth_date",
                "house_number",
                "phone",
            ),
            "registration.TeamMember": ("name", "phone"),
            "registration.UnitDocument": ("file",),
        },
        document_kinds=("APPLICATION_FORM", "PHOTO", "HOUSE_REGISTRATION", "ID_CARD"),
        security_extra=_(
            "เลขประจำตัวประชาชนเข้ารหัสในฐานข้อมูล (AES-256-GCM) ค้นหาด้วยค่าแฮชที่มีกุญแจ; "
            "ในบันทึกการตรวจสอบเก็บแบบปกปิด; การส่งออกพิมพ์แบบปกปิด; "
            "ไฟล์ที่อัปโหลดถูกตรวจเนื้อหาและเข้ารหัสภาพใหม่โดยไม่มีข้อมูลแฝง"
        ),
    ),
    Activity(
        key="development",
        name=_("การพัฒนาตนเองและการประเมินของคณะกรรมการ"),
        purpose=_("บันทึกการประเมินตนเอง แผนพัฒนาตนเอง หลักฐานการพัฒนา และคะแนนของคณะกรรมการตรวจประเมิน"),
        legal_basis=PUBLIC_TASK,
        subjects=_("ผู้สมัครที่ผ่านการตรวจเอกสาร และกรรมการผู้ให้คะแนน"),
        data=_("ผลการประเมินตนเอง แผนและความก้าวหน้า ไฟล์หลักฐานการพัฒนา คะแนนและความเห็นของกรรมการ"),
        recipients=_("อำเภอและจังหวัด; กรรมการเห็นเฉพาะหน่วยนับในรอบการประเมินของคณะตน"),
        holds={"development.EvidenceFile": ("file",)},
    ),
    Activity(
        key="activities",
        name=_("กิจกรรมพัฒนาและภาพกิจกรรม"),
        purpose=_("บันทึกกิจกรรมกลุ่มและรายบุคคลของอำเภอ และภาพถ่ายประกอบแต่ละขั้นตอน"),
        legal_basis=PUBLIC_TASK,
        subjects=_("ผู้เข้าร่วมกิจกรรมที่ปรากฏในภาพ"),
        data=_("ภาพถ่าย เวลาและพิกัดที่ถ่าย รุ่นกล้องหรือโทรศัพท์"),
        recipients=_(
            "อำเภอ (เวลา พิกัด และกล้อง เฉพาะอำเภอ); จังหวัดและกรมเห็นภาพ; "
            "ภาพที่อำเภออนุมัติเผยแพร่ในหน้าสาธารณะของผู้ผ่านการรับรอง"
        ),
        holds={
            "activities.ActivityPhoto": (
                "image",
                "thumbnail",
                "taken_at",
                "gps_latitude",
                "gps_longitude",
                "camera_model",
            ),
            "certified.ProfilePhoto": ("photo",),
        },
        security_extra=_("ภาพถูกเข้ารหัสใหม่โดยไม่มีข้อมูลแฝง หน้าสาธารณะแสดงเฉพาะภาพที่อนุมัติ"),
    ),
    Activity(
        key="certification",
        name=_("คณะกรรมการ ประกาศนียบัตร และทะเบียนผู้ผ่านการรับรอง"),
        purpose=_(
            "แต่งตั้งคณะกรรมการ ออกคำสั่งและประกาศจังหวัด ออกประกาศนียบัตรที่ตรวจสอบได้ "
            "และเผยแพร่ทะเบียนผู้ผ่านการรับรอง"
        ),
        legal_basis=PUBLIC_TASK,
        subjects=_("กรรมการ ผู้ลงนามในคำสั่ง ประกาศและประกาศนียบัตร และผู้ผ่านการรับรอง"),
        data=_("ชื่อ-สกุลและตำแหน่งของกรรมการและผู้ลงนาม ชื่อผู้ผ่านการรับรองในประกาศนียบัตรและประกาศจังหวัด"),
        recipients=_(
            "อำเภอ จังหวัดและกรม; สาธารณะเห็นชื่อ ประเภท พื้นที่และสถานะประกาศนียบัตร "
            "(ไม่มีเลขประจำตัว วันเกิด ที่อยู่หรือโทรศัพท์)"
        ),
        holds={
            "committees.Member": ("full_name", "position_title", "agency"),
            "committees.Committee": ("signer_name", "signer_position"),
            "certification.CertificateSettings": ("signer_name", "second_signer_name"),
            "certification.Certificate": ("pdf",),
            "certification.CertificateBatch": ("combined_pdf",),
            "certification.Announcement": ("signer_name", "pdf", "docx"),
            # The province's emblem printed on its orders and announcements: a stored upload.
            "geography.ProvinceEmblem": ("image",),
        },
    ),
    Activity(
        key="accounts",
        name=_("บัญชีผู้ใช้ การเข้าสู่ระบบ และบันทึกการตรวจสอบ"),
        purpose=_("ยืนยันตัวผู้ใช้ จำกัดสิทธิ์ตามบทบาท ป้องกันการเดารหัสผ่าน และบันทึกว่าใครทำอะไรเมื่อใด"),
        legal_basis=_(
            "มาตรา 24(4) ภารกิจเพื่อประโยชน์สาธารณะ และมาตรา 37(1) หน้าที่จัดให้มีมาตรการรักษาความมั่นคงปลอดภัย"
        ),
        subjects=_("เจ้าหน้าที่ของอำเภอ จังหวัดและกรม และกรรมการที่มีบัญชีผู้ใช้"),
        data=_("ชื่อ-สกุล ตำแหน่ง อีเมล โทรศัพท์ ชื่อผู้ใช้ ที่อยู่ไอพีและเวลาเข้าสู่ระบบ การกระทำในระบบ"),
        recipients=_("ผู้ดูแลบัญชีของกรม จังหวัดและอำเภอตามพื้นที่"),
        holds={
            "accounts.User": (
                "title",
                "first_name",
                "last_name",
                "email",
                "phone",
                "position_title",
            ),
            # The address an invitation to set a password was sent to (accounts/invitations.py).
            "accounts.Invitation": ("sent_to",),
            "audit.AuditEntry": ("actor", "changes"),
            # django-axes: failed and successful logins, with the client's address.
            "axes.AccessAttempt": ("username", "ip_address", "user_agent"),
            "axes.AccessFailureLog": ("username", "ip_address", "user_agent"),
            "axes.AccessLog": ("username", "ip_address", "user_agent"),
        },
        security_extra=_(
            "รหัสผ่านเก็บแบบแฮช; ล็อกการเข้าสู่ระบบเมื่อผิดหลายครั้ง; บันทึกการตรวจสอบแก้ไขหรือลบไม่ได้"
        ),
    ),
    Activity(
        key="notifications",
        name=_("การแจ้งเตือนผู้ใช้ (ในระบบ อีเมล และ LINE)"),
        purpose=_(
            "แจ้งเจ้าหน้าที่เมื่อมีงานรอดำเนินการหรือใกล้ถึงกำหนดส่ง ในระบบ ทางอีเมล และทาง LINE ตามที่ผู้ใช้เลือก"
        ),
        legal_basis=PUBLIC_TASK,
        subjects=_("เจ้าหน้าที่ของอำเภอ จังหวัดและกรมที่รับการแจ้งเตือน"),
        data=_("ผู้รับ เรื่องที่แจ้ง (ชื่อหน่วยนับ) การเลือกช่องทาง รหัสผู้ใช้ LINE ที่ผูกไว้"),
        recipients=_("ผู้รับการแจ้งเตือนเอง; เครื่องแม่ข่ายอีเมลของกรม; ผู้ให้บริการ LINE เมื่อผู้ใช้เลือกรับทาง LINE"),
        holds={
            "notifications.Notification": ("recipient", "params"),
            "notifications.LineLink": ("user", "line_user_id"),
        },
        transfers=_(
            "ข้อความที่ผู้ใช้เลือกรับทาง LINE ส่งผ่าน LINE Messaging API ของผู้ให้บริการ LINE "
            "ซึ่งอาจประมวลผลนอกประเทศ (ปิดไว้โดยค่าเริ่มต้น); ช่องทางอื่นไม่ส่งไปต่างประเทศ"
        ),
    ),
    Activity(
        key="compliance",
        name=_("คำขอเปิดดูเอกสารส่วนบุคคลและบันทึกเหตุการละเมิด"),
        purpose=_(
            "บันทึกการเปิดดูเอกสารที่มีเลขประจำตัวประชาชนโดยกรม และเหตุการละเมิดข้อมูลส่วนบุคคลกับการแจ้งเหตุ"
        ),
        legal_basis=_("มาตรา 37(4) และมาตรา 39 หน้าที่ของผู้ควบคุมข้อมูลส่วนบุคคล"),
        subjects=_("เจ้าหน้าที่ผู้ขอเปิดดูหรือรายงานเหตุ และเจ้าของข้อมูลที่ได้รับผลกระทบ (จำนวน)"),
        data=_("ผู้ขอ เหตุผล เวลา; รายละเอียดเหตุ ข้อมูลและจำนวนผู้ได้รับผลกระทบ การแจ้งสำนักงานและเจ้าของข้อมูล"),
        recipients=_("กรม และจังหวัดของหน่วยนับหรือของเหตุ"),
        holds={
            "compliance.AccessGrant": ("user", "reason"),
            "compliance.Breach": ("description", "data_affected", "people_affected"),
        },
    ),
)

# Field names that hold a person's identity, contact, birth or place (docs/security.md §11),
# or a person's account elsewhere (a LINE user id). E-mail and IP addresses are found by their
# field type instead: a field named "email" may be a delivery status.
PERSONAL_FIELD_NAME = re.compile(
    r"national_id|birth|phone|address|house_number|gps_|first_name|last_name|full_name"
    r"|signer_name|line_user"
)
PERSONAL_FIELD_TYPES = (models.EmailField, models.GenericIPAddressField, models.FileField)


def _is_photo(model: type[models.Model], f: models.Field[Any, Any]) -> bool:
    if "photo" not in model.__name__.lower():
        return False
    related = f.related_model if f.is_relation else None
    return isinstance(f, models.FileField) or (
        isinstance(related, type) and "photo" in related.__name__.lower()
    )


def personal_fields(app_labels: Iterable[str]) -> set[str]:
    """ "app_label.Model.field" of every field of these apps that holds personal data: by its
    name, every stored file (an upload may hold anything; a generated document names people)
    and every photo."""
    found = set()
    labels = set(app_labels)
    for model in apps.get_models():
        if model._meta.app_label not in labels:
            continue
        for f in model._meta.concrete_fields:
            if (
                PERSONAL_FIELD_NAME.search(f.name)
                or isinstance(f, PERSONAL_FIELD_TYPES)
                or _is_photo(model, f)
            ):
                found.add(f"{model._meta.label}.{f.name}")
    return found


def declared_fields(activities: Iterable[Activity] = ACTIVITIES) -> set[str]:
    return {
        f"{label}.{name}" for a in activities for label, names in a.holds.items() for name in names
    }


def uncovered(app_labels: Iterable[str], activities: Iterable[Activity] = ACTIVITIES) -> list[str]:
    """What holds personal data and is in no declared activity: fields, then document kinds."""
    from registration.models import PERSONAL_DOCUMENT_KINDS

    activities = list(activities)
    fields = personal_fields(app_labels) - declared_fields(activities)
    kinds = {str(k) for k in PERSONAL_DOCUMENT_KINDS} - {
        k for a in activities for k in a.document_kinds
    }
    return sorted(fields) + sorted(f"document kind {k}" for k in kinds)
