"""Target units (leader, group, network, community), their documents and status history."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from programme.models import UnitType
from registration.fields import EncryptedNationalIdField, NationalIdHashField


class Status(models.TextChoices):
    DRAFT = "DRAFT", _("ร่าง")
    SUBMITTED = "SUBMITTED", _("ยื่นสมัครแล้ว รอตรวจเอกสาร")
    DOCUMENTS_RETURNED = "DOCUMENTS_RETURNED", _("ส่งคืนเอกสารให้แก้ไข")
    DOCUMENTS_COMPLETE = "DOCUMENTS_COMPLETE", _("เอกสารครบถ้วน")
    WITHDRAWN = "WITHDRAWN", _("ถอนการสมัคร")
    # Stage 5: the district committee recommends, the provincial committee certifies.
    RECOMMENDED = "RECOMMENDED", _("อำเภอเสนอให้รับรอง")
    NOT_RECOMMENDED = "NOT_RECOMMENDED", _("อำเภอไม่เสนอให้รับรอง")
    CERTIFIED = "CERTIFIED", _("ผ่านการรับรองมาตรฐาน")
    NOT_CERTIFIED = "NOT_CERTIFIED", _("ไม่ผ่านการรับรอง")


class PositionKind(models.TextChoices):
    FORMAL = "FORMAL", _("เป็นทางการ")
    INFORMAL = "INFORMAL", _("ไม่เป็นทางการ")


# Categories named in docs/domain.md §3 / seed 001 §1.1, plus "other".
GROUP_CATEGORIES = [
    ("SAVINGS", _("กลุ่มออมทรัพย์เพื่อการผลิต")),
    ("KPSM", _("คณะกรรมการพัฒนาสตรีหมู่บ้าน (กพสม.)")),
    ("KPST", _("คณะกรรมการพัฒนาสตรีตำบล (กพสต.)")),
    ("KPSA", _("คณะกรรมการพัฒนาสตรีอำเภอ (กพสอ.)")),
    ("KKKC", _("โครงการแก้ไขปัญหาความยากจน (กข.คจ.)")),
    ("LEARNING_CENTRE", _("ศูนย์เรียนรู้ชุมชน")),
    ("MOTHER_FUND", _("กองทุนแม่ของแผ่นดิน")),
    ("OTHER", _("อื่น ๆ")),
]
NETWORK_CATEGORIES = [
    ("SOCHT", _("ศูนย์ประสานงานองค์กรชุมชนระดับตำบล (ศอช.ต.)")),
    ("SAVINGS_NETWORK", _("เครือข่ายกลุ่มออมทรัพย์เพื่อการผลิต")),
    ("OTP_NETWORK", _("เครือข่ายผู้ประกอบการ OTOP")),
    ("OTHER", _("อื่น ๆ")),
]
ALL_CATEGORIES = dict(GROUP_CATEGORIES + NETWORK_CATEGORIES)


class Unit(models.Model):
    """One applying unit (หน่วยนับ) in one programme year."""

    programme_year = models.ForeignKey(
        "programme.ProgrammeYear", on_delete=models.PROTECT, related_name="units"
    )
    # Denormalised so duplicates can be refused across provinces within a fiscal year.
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"), db_index=True)
    unit_type = models.CharField(_("ประเภท"), max_length=16, choices=UnitType.choices)
    status = models.CharField(
        _("สถานะ"), max_length=24, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    district = models.ForeignKey("geography.District", on_delete=models.PROTECT, related_name="+")
    subdistrict = models.ForeignKey(
        "geography.Subdistrict", on_delete=models.PROTECT, related_name="+", verbose_name=_("ตำบล")
    )
    village = models.ForeignKey(
        "geography.Village",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("หมู่บ้าน"),
    )
    name = models.CharField(_("ชื่อ"), max_length=255)
    # Lower-cased, space-free name used to find duplicates.
    name_key = models.CharField(max_length=255, db_index=True, editable=False)
    responsible_developer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsible_units",
        verbose_name=_("พัฒนากรผู้รับผิดชอบ"),
    )
    carried_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carried_into",
        verbose_name=_("ต่อเนื่องจากปี"),
    )
    description = models.TextField(_("ข้อมูลโดยสังเขป"), blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=30, blank=True)

    # LEADER
    person_title = models.CharField(_("คำนำหน้า"), max_length=30, blank=True)
    first_name = models.CharField(_("ชื่อ"), max_length=100, blank=True)
    last_name = models.CharField(_("นามสกุล"), max_length=100, blank=True)
    # Encrypted at rest, read in clear; found and kept once a year through its keyed hash
    # (registration/fields.py, docs/encryption.md, docs/security.md §13).
    national_id = EncryptedNationalIdField(_("เลขประจำตัวประชาชน"), blank=True)
    national_id_hash = NationalIdHashField()
    birth_date = models.DateField(_("วันเกิด"), null=True, blank=True)
    house_number = models.CharField(_("บ้านเลขที่"), max_length=30, blank=True)
    domicile_years = models.PositiveSmallIntegerField(_("อาศัยอยู่ในชุมชน (ปี)"), null=True, blank=True)
    position_kind = models.CharField(
        _("ลักษณะตำแหน่ง"), max_length=10, choices=PositionKind.choices, blank=True
    )
    position_title = models.CharField(_("ตำแหน่งในชุมชน"), max_length=200, blank=True)
    community_work = models.TextField(_("ผลงานกิจกรรมร่วมกับชุมชน"), blank=True)
    community_accepted = models.BooleanField(_("เป็นที่ยอมรับนับถือของคนในชุมชน"), default=False)

    # GROUP and NETWORK
    category = models.CharField(_("ประเภทกลุ่ม/เครือข่าย"), max_length=32, blank=True)
    category_other = models.CharField(_("ระบุประเภทอื่น"), max_length=200, blank=True)
    founded_on = models.DateField(_("วันที่ก่อตั้ง"), null=True, blank=True)
    member_count = models.PositiveIntegerField(_("จำนวนสมาชิก"), null=True, blank=True)
    resolution_date = models.DateField(_("วันที่มีมติสมัคร"), null=True, blank=True)

    # COMMUNITY
    boundary_description = models.TextField(_("อาณาเขตพื้นที่"), blank=True)
    household_count = models.PositiveIntegerField(_("จำนวนครัวเรือน"), null=True, blank=True)
    assembly_resolution_date = models.DateField(_("วันที่มีมติประชาคม"), null=True, blank=True)

    # When the applicant was given the privacy notice (PDPA, lawful basis: public task).
    privacy_notice_at = models.DateTimeField(_("แจ้งประกาศความเป็นส่วนตัวเมื่อ"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every save through the services; a stale form is refused, not silently applied.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["district_id", "unit_type", "name"]
        indexes = [
            models.Index(fields=["programme_year", "district", "unit_type", "status"]),
            models.Index(fields=["fiscal_year", "unit_type", "name_key"]),
            models.Index(
                fields=["national_id_hash", "fiscal_year"], name="unit_national_id_hash_year"
            ),
            # A developer's own units of a year (the start page, the register's "my units").
            models.Index(
                fields=["responsible_developer", "programme_year", "status"],
                name="unit_developer_year_status",
            ),
            # The start page's list of a developer's units, in the order shown (todo/selectors.py
            # my_units): the district is in it because the scope filters on it.
            models.Index(
                fields=["responsible_developer", "programme_year", "district", "unit_type", "name"],
                name="unit_developer_list",
            ),
        ]
        constraints = [
            # One leader once per fiscal year, nationally; the service gives the friendly message,
            # this index holds under concurrent registrations.
            models.UniqueConstraint(
                fields=["fiscal_year", "national_id_hash"],
                condition=~models.Q(national_id_hash="") & ~models.Q(status="WITHDRAWN"),
                name="unit_leader_once_per_year",
            )
        ]
        verbose_name = _("หน่วยนับ")
        verbose_name_plural = _("หน่วยนับ")

    scope_district_path = "district"
    # Committee members read the units their committees may assess (core/scope.py); the
    # registration documents declare no such path: personal papers stay with the district.
    scope_committee_unit_path = "self"

    def __str__(self) -> str:
        return self.name

    @property
    def type_label(self) -> str:
        return str(UnitType(self.unit_type).label)

    @property
    def masked_national_id(self) -> str:
        return mask_national_id(self.national_id)

    @property
    def category_label(self) -> str:
        if self.category == "OTHER":
            return self.category_other or str(ALL_CATEGORIES["OTHER"])
        return str(ALL_CATEGORIES.get(self.category, ""))

    @property
    def place_line(self) -> str:
        """Village and subdistrict, as lists and public pages give a unit's place: no house
        number (the district is usually a column or heading of its own)."""
        parts = [str(self.village)] if self.village_id else []
        parts.append(self.subdistrict.display_name)
        return " ".join(parts)

    @property
    def address_line(self) -> str:
        parts = []
        if self.house_number:
            parts.append(f"บ้านเลขที่ {self.house_number}")
        if self.village:
            parts.append(str(self.village))
        parts.append(self.subdistrict.display_name)
        parts.append(self.district.display_name)
        parts.append(f"จังหวัด{self.district.province.name_th}")
        return " ".join(parts)


def mask_national_id(value: str) -> str:
    """'3-1006-XXXXX-XX-5': enough to tell people apart, not enough to misuse."""
    if len(value) != 13:
        return value
    return f"{value[0]}-{value[1:5]}-XXXXX-XX-{value[12]}"


def audit_national_id(value: str) -> str:
    """How an audit row holds a national ID (docs/security.md §13): the masked form and a keyed
    fingerprint, so a correction of one hidden digit still shows as a change, while the row
    never holds the ID in clear."""
    if not value:
        return value
    fingerprint = salted_hmac("audit.national_id", value).hexdigest()[:10]
    return f"{mask_national_id(value)} #{fingerprint}"


class TeamMember(models.Model):
    class Role(models.TextChoices):
        TEAM = "TEAM", _("ทีมพัฒนา")
        ADVISER = "ADVISER", _("คณะที่ปรึกษา")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="team_members")
    role = models.CharField(_("บทบาท"), max_length=10, choices=Role.choices)
    name = models.CharField(_("ชื่อ-สกุล"), max_length=200)
    position = models.CharField(_("ตำแหน่ง/หน้าที่"), max_length=200, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=30, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["unit_id", "role", "order", "id"]
        verbose_name = _("ทีมพัฒนา/ที่ปรึกษา")
        verbose_name_plural = _("ทีมพัฒนา/ที่ปรึกษา")

    scope_district_path = "unit__district"

    def __str__(self) -> str:
        return self.name


class MemberOrganisation(models.Model):
    """A member organisation of a network."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="member_organisations")
    name = models.CharField(_("ชื่อองค์กรสมาชิก"), max_length=255)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["unit_id", "order", "id"]
        verbose_name = _("องค์กรสมาชิกเครือข่าย")
        verbose_name_plural = _("องค์กรสมาชิกเครือข่าย")

    scope_district_path = "unit__district"

    def __str__(self) -> str:
        return self.name


class StatusChange(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=24, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=24, choices=Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["unit_id", "at", "id"]

    scope_district_path = "unit__district"


class DocumentKind(models.TextChoices):
    APPLICATION_FORM = "APPLICATION_FORM", _("ใบสมัคร")
    PHOTO = "PHOTO", _("รูปถ่าย ๑ รูป")
    HOUSE_REGISTRATION = "HOUSE_REGISTRATION", _("สำเนาทะเบียนบ้าน")
    ID_CARD = "ID_CARD", _("สำเนาบัตรประจำตัวประชาชน")
    MEETING_MINUTES = "MEETING_MINUTES", _("บันทึกการประชุมที่มีมติของสมาชิกในการสมัคร")
    TEAM_LIST = "TEAM_LIST", _("รายชื่อทีมพัฒนา")
    ASSEMBLY_MINUTES = "ASSEMBLY_MINUTES", _("บันทึกประชาคมชุมชนที่มีมติในการสมัคร")
    LEAD_TEAM_LIST = "LEAD_TEAM_LIST", _("รายชื่อทีมนำการพัฒนา")
    ADVISERS = "ADVISERS", _("รายชื่อคณะที่ปรึกษา (ถ้ามี)")
    OTHER = "OTHER", _("เอกสารอื่น ๆ")


# The checklist of seed 004 "เอกสารประกอบการสมัคร": (kind, required).
REQUIRED_DOCUMENTS: dict[str, list[tuple[str, bool]]] = {
    UnitType.LEADER: [
        (DocumentKind.APPLICATION_FORM, True),
        (DocumentKind.PHOTO, True),
        (DocumentKind.HOUSE_REGISTRATION, True),
        (DocumentKind.ID_CARD, True),
        (DocumentKind.ADVISERS, False),
    ],
    UnitType.GROUP: [
        (DocumentKind.APPLICATION_FORM, True),
        (DocumentKind.MEETING_MINUTES, True),
        (DocumentKind.TEAM_LIST, True),
        (DocumentKind.ADVISERS, False),
    ],
    UnitType.NETWORK: [
        (DocumentKind.APPLICATION_FORM, True),
        (DocumentKind.MEETING_MINUTES, True),
        (DocumentKind.TEAM_LIST, True),
        (DocumentKind.ADVISERS, False),
    ],
    UnitType.COMMUNITY: [
        (DocumentKind.APPLICATION_FORM, True),
        (DocumentKind.ASSEMBLY_MINUTES, True),
        (DocumentKind.LEAD_TEAM_LIST, True),
        (DocumentKind.ADVISERS, False),
    ],
}

# Copies of identity papers and photos of a person are personal data (docs/security.md §11).
# What carries a person's ID, photo or address: the application form prints the national ID
# (docs/security.md §11), so it is read like the ID-card copy.
PERSONAL_DOCUMENT_KINDS = {
    DocumentKind.APPLICATION_FORM,
    DocumentKind.PHOTO,
    DocumentKind.HOUSE_REGISTRATION,
    DocumentKind.ID_CARD,
}


def document_path(instance: "UnitDocument", filename: str) -> str:
    # The server names stored files; the user's file name is kept only as data.
    return f"units/{instance.unit.fiscal_year}/{instance.unit.district_id}/{uuid.uuid4().hex}"


class UnitDocument(models.Model):
    class Review(models.TextChoices):
        PENDING = "PENDING", _("รอตรวจ")
        VERIFIED = "VERIFIED", _("ตรวจแล้ว ถูกต้อง")
        RETURNED = "RETURNED", _("ส่งคืนให้แก้ไข")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("เอกสาร"), max_length=24, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_path, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    # A newer upload of the same kind supersedes this one; nothing uploaded is deleted.
    is_current = models.BooleanField(default=True)
    review = models.CharField(max_length=10, choices=Review.choices, default=Review.PENDING)
    return_reason = models.TextField(_("เหตุผลที่ส่งคืน"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    # Not a field: set by registration.views.unit_detail for the template.
    can_open: bool

    class Meta:
        ordering = ["unit_id", "kind", "-uploaded_at"]
        indexes = [models.Index(fields=["unit", "kind", "is_current"])]
        verbose_name = _("เอกสารประกอบการสมัคร")
        verbose_name_plural = _("เอกสารประกอบการสมัคร")

    scope_district_path = "unit__district"

    @property
    def is_personal(self) -> bool:
        return self.kind in PERSONAL_DOCUMENT_KINDS

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.original_name})"
