"""PDPA records (docs/compliance.md): the department's explicit access to a unit's personal
documents, and the log of personal-data breaches with the 72-hour clock of s.37(4)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessGrant(models.Model):
    """The department's request to read one unit's personal documents and full national ID:
    recorded with its reason, open to its requester alone until `expires_at`
    (docs/security.md §11; `registration.permissions.can_read_personal_data` asks for it)."""

    unit = models.ForeignKey(
        "registration.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("หน่วยนับ")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("ผู้ขอ")
    )
    reason = models.TextField(_("เหตุผลและฐานทางกฎหมาย"))
    granted_at = models.DateTimeField(_("ขอเมื่อ"))
    expires_at = models.DateTimeField(_("หมดอายุเมื่อ"))

    class Meta:
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["user", "unit", "expires_at"], name="grant_live")]
        verbose_name = _("คำขอเปิดดูเอกสารที่มีเลขประจำตัวประชาชน")
        verbose_name_plural = _("คำขอเปิดดูเอกสารที่มีเลขประจำตัวประชาชน")

    # The province of the unit reads who looked at its people (core/scope.py).
    scope_district_path = "unit__district"

    def __str__(self) -> str:
        return f"{self.user_id} → {self.unit_id}"


class Risk(models.TextChoices):
    RISK = "RISK", _("มีความเสี่ยง")
    HIGH = "HIGH", _("มีความเสี่ยงสูง")


class Breach(models.Model):
    """A personal-data breach (PDPA s.37(4)): reported by the department, or as a suspicion by
    a province for its own province, and completed by the department."""

    province = models.ForeignKey(
        "geography.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("จังหวัด"),
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reported_at = models.DateTimeField(_("รายงานเมื่อ"))
    # A province's report waits for the department to assess and complete it.
    suspected = models.BooleanField(_("ต้องสงสัย รอกรมตรวจสอบ"), default=False)
    discovered_at = models.DateTimeField(_("พบเหตุเมื่อ"))
    description = models.TextField(_("เหตุที่เกิดขึ้น"))
    data_affected = models.TextField(_("ข้อมูลที่ได้รับผลกระทบ"), blank=True)
    people_affected = models.PositiveIntegerField(
        _("จำนวนเจ้าของข้อมูลที่ได้รับผลกระทบ"), null=True, blank=True
    )
    risk = models.CharField(_("การประเมินความเสี่ยง"), max_length=8, choices=Risk.choices, blank=True)
    measures = models.TextField(_("มาตรการที่ดำเนินการ"), blank=True)
    office_notified_at = models.DateTimeField(_("แจ้งสำนักงานคณะกรรมการฯ เมื่อ"), null=True, blank=True)
    late_reason = models.TextField(_("เหตุที่แจ้งเกิน 72 ชั่วโมง"), blank=True)
    subjects_notified_at = models.DateTimeField(_("แจ้งเจ้าของข้อมูลเมื่อ"), null=True, blank=True)
    closed_at = models.DateTimeField(_("ปิดเรื่องเมื่อ"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Bumped on every save through the services; a stale form is refused (docs/security.md §16).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-discovered_at", "-id"]
        verbose_name = _("เหตุการละเมิดข้อมูลส่วนบุคคล")
        verbose_name_plural = _("บันทึกเหตุการละเมิดข้อมูลส่วนบุคคล")

    # A province reads its own breaches; the department all (compliance.permissions decides
    # who opens the log at all: a district reads none).
    scope_province_path = "province"

    def __str__(self) -> str:
        return f"#{self.pk}"
