"""Data subjects' requests under the PDPA, the department's retention policy, and the record of
every unit whose personal data was anonymised (docs/privacy.md)."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# PDPA s.30: an access request is answered within 30 days of its receipt; the register keeps
# the same clock for every kind of request (docs/privacy.md).
RESPONSE_DAYS = 30


# How the audit rows this app writes read (for audit/presentation.py's ACTIONS).
PRIVACY_ACTIONS = {
    "privacy.request_create": _("บันทึกคำขอของเจ้าของข้อมูลส่วนบุคคล"),
    "privacy.request_close": _("บันทึกผลการดำเนินการตามคำขอของเจ้าของข้อมูล"),
    "privacy.access_export": _("ดาวน์โหลดสำเนาข้อมูลส่วนบุคคล (ZIP)"),
    "privacy.retention_update": _("แก้ไขระยะเวลาการเก็บรักษาข้อมูลส่วนบุคคล"),
    "privacy.anonymise": _("ลบข้อมูลส่วนบุคคล"),
}


class RequestKind(models.TextChoices):
    ACCESS = "ACCESS", _("ขอเข้าถึงและรับสำเนาข้อมูล")
    RECTIFICATION = "RECTIFICATION", _("ขอแก้ไขข้อมูลให้ถูกต้อง")
    ERASURE = "ERASURE", _("ขอลบหรือทำให้ไม่สามารถระบุตัวตนได้")
    OBJECTION = "OBJECTION", _("คัดค้านหรือคำขออื่น")


class RequestStatus(models.TextChoices):
    RECEIVED = "RECEIVED", _("รับคำขอแล้ว อยู่ระหว่างดำเนินการ")
    DONE = "DONE", _("ดำเนินการแล้ว")
    REFUSED = "REFUSED", _("ปฏิเสธคำขอ")


class SubjectRequest(models.Model):
    """One request of a data subject (คำขอของเจ้าของข้อมูลส่วนบุคคล).

    The person is the leader whose units were found by national ID when the request was
    recorded (`units`); the ID itself is kept only masked with a keyed fingerprint
    (registration.models.audit_national_id), so this register adds no clear copy of it.
    """

    kind = models.CharField(_("ประเภทคำขอ"), max_length=16, choices=RequestKind.choices)
    # The district of the person's newest unit in the recorder's scope: who answers it.
    district = models.ForeignKey("geography.District", on_delete=models.PROTECT, related_name="+")
    units = models.ManyToManyField("registration.Unit", related_name="+", blank=True)
    subject_id_label = models.CharField(_("เลขประจำตัวประชาชน (ปกปิด)"), max_length=40)
    subject_name = models.CharField(_("ชื่อเจ้าของข้อมูล"), max_length=255)
    details = models.TextField(_("รายละเอียดคำขอ"), blank=True)
    received_on = models.DateField(_("วันที่รับคำขอ"))
    due_on = models.DateField(_("ครบกำหนดตอบ"))
    status = models.CharField(
        _("สถานะ"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.RECEIVED
    )
    # Rectification: what was corrected (the correction itself is made on the unit's edit page).
    corrections = models.TextField(_("รายการที่แก้ไข"), blank=True)
    outcome = models.TextField(_("ผลการดำเนินการ"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ผู้ดำเนินการ"),
    )
    handled_at = models.DateTimeField(_("ดำเนินการเมื่อ"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["district", "status", "due_on"])]
        verbose_name = _("คำขอของเจ้าของข้อมูลส่วนบุคคล")
        verbose_name_plural = _("คำขอของเจ้าของข้อมูลส่วนบุคคล")

    scope_district_path = "district"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_id_label}"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.RECEIVED

    @property
    def days_left(self) -> int:
        return (self.due_on - timezone.localdate()).days

    @property
    def days_late(self) -> int:
        return -self.days_left

    @property
    def is_late(self) -> bool:
        return self.is_open and self.days_left < 0


def due_date(received_on: dt.date) -> dt.date:
    return received_on + dt.timedelta(days=RESPONSE_DAYS)


class RetentionPolicy(models.Model):
    """How long personal data is kept (one row, set by the department). Defaults follow issue
    11: until the certificate's validity ends, or five years for units never certified."""

    certificate_validity_years = models.PositiveSmallIntegerField(
        _("ประกาศนียบัตรมีอายุ (ปี นับจากวันที่ให้ไว้)"), default=5
    )
    years_after_validity = models.PositiveSmallIntegerField(
        _("เก็บต่อหลังประกาศนียบัตรหมดอายุหรือถูกเพิกถอน (ปี)"), default=0
    )
    years_after_fiscal_year = models.PositiveSmallIntegerField(
        _("เก็บหลังสิ้นปีงบประมาณ สำหรับหน่วยนับที่ไม่ได้รับการรับรอง (ปี)"), default=5
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("ระยะเวลาการเก็บรักษาข้อมูลส่วนบุคคล")
        verbose_name_plural = _("ระยะเวลาการเก็บรักษาข้อมูลส่วนบุคคล")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class Trigger(models.TextChoices):
    RETENTION = "RETENTION", _("ครบระยะเวลาการเก็บรักษา")
    REQUEST = "REQUEST", _("ตามคำขอของเจ้าของข้อมูล")


class Anonymisation(models.Model):
    """A unit whose personal data was removed: the reason the retention run skips it, and the
    files still to delete from storage if the process stopped after the commit."""

    unit = models.OneToOneField(
        "registration.Unit", on_delete=models.PROTECT, related_name="anonymisation"
    )
    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    request = models.ForeignKey(
        SubjectRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    # Storage names deleted after the commit; emptied once they are gone.
    pending_files = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("การลบข้อมูลส่วนบุคคล")
        verbose_name_plural = _("การลบข้อมูลส่วนบุคคล")

    scope_district_path = "unit__district"
