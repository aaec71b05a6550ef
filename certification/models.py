"""Certificates of certified units: numbered per province-year, verifiable, revocable."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import UnitType


class CertificateSettings(models.Model):
    """What a province prints on its certificates of one year: number prefix and signers."""

    programme_year = models.OneToOneField(
        "programme.ProgrammeYear", on_delete=models.CASCADE, related_name="certificate_settings"
    )
    number_prefix = models.CharField(
        _("อักษรย่อหน้าเลขที่"),
        max_length=10,
        blank=True,
        help_text=_("เช่น ลพ (เลขที่จะพิมพ์เป็น ลพ ๑๒/๒๕๗๐) เว้นว่างได้"),
    )
    issued_on = models.DateField(
        _("ให้ไว้ ณ วันที่"),
        null=True,
        blank=True,
        help_text=_("วันที่พิมพ์บนประกาศนียบัตร เว้นว่างเพื่อใช้วันที่ออก"),
    )
    signer_name = models.CharField(_("ผู้ลงนาม"), max_length=200, blank=True)
    signer_position = models.CharField(
        _("ตำแหน่งผู้ลงนาม"),
        max_length=300,
        blank=True,
        help_text=_("เช่น ผู้ว่าราชการจังหวัดลำพูน (ขึ้นบรรทัดใหม่ได้)"),
    )
    second_signer_name = models.CharField(_("ผู้ลงนามคนที่สอง (ถ้ามี)"), max_length=200, blank=True)
    second_signer_position = models.CharField(_("ตำแหน่งผู้ลงนามคนที่สอง"), max_length=300, blank=True)
    thai_numerals = models.BooleanField(_("ใช้เลขไทย"), default=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Raised by every save of the settings: a form made from an older version is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("การตั้งค่าประกาศนียบัตร")
        verbose_name_plural = _("การตั้งค่าประกาศนียบัตร")

    scope_province_path = "programme_year__province"

    @property
    def has_signer(self) -> bool:
        return bool(self.signer_name.strip() and self.signer_position.strip())


class CertificateCounter(models.Model):
    """The last number given in a province-year. Locked (SELECT … FOR UPDATE) while a number is
    taken, so numbers stay unique and gapless however many officers or workers issue at once."""

    programme_year = models.OneToOneField(
        "programme.ProgrammeYear", on_delete=models.CASCADE, related_name="certificate_counter"
    )
    last_number = models.PositiveIntegerField(default=0)

    scope_province_path = "programme_year__province"


def certificate_path(instance: "Certificate", filename: str) -> str:
    # Server-chosen names; the code is not guessable but the folder is private anyway.
    year = instance.programme_year
    return f"certificates/{year.fiscal_year}/{year.province_id}/{instance.number:05d}-{instance.code}.pdf"


class Certificate(models.Model):
    programme_year = models.ForeignKey(
        "programme.ProgrammeYear", on_delete=models.PROTECT, related_name="certificates"
    )
    unit = models.ForeignKey(
        "registration.Unit", on_delete=models.PROTECT, related_name="certificates"
    )
    number = models.PositiveIntegerField(_("เลขที่"))
    # The printed number ("ลพ 12/2570"), kept as issued even if the prefix changes later.
    display_number = models.CharField(_("เลขที่ประกาศนียบัตร"), max_length=40)
    code = models.CharField(_("รหัสตรวจสอบ"), max_length=16, unique=True)

    # What the certificate says, as issued: the verify page and the credential show this.
    unit_name = models.CharField(_("ชื่อ"), max_length=255)
    unit_type = models.CharField(_("ประเภท"), max_length=16, choices=UnitType.choices)
    issued_on = models.DateField(_("ให้ไว้ ณ วันที่"))

    issued_at = models.DateTimeField(_("ออกเมื่อ"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(_("เพิกถอนเมื่อ"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("เหตุผลที่เพิกถอน"), blank=True)

    pdf = models.FileField(upload_to=certificate_path, max_length=255, blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["programme_year_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "number"], name="certificate_number_unique"
            ),
            # One current (not revoked) certificate per unit; a revoked one may be replaced.
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(revoked_at__isnull=True),
                name="certificate_one_current_per_unit",
            ),
        ]
        verbose_name = _("ประกาศนียบัตร")
        verbose_name_plural = _("ประกาศนียบัตร")

    scope_district_path = "unit__district"

    def __str__(self) -> str:
        return self.display_number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def type_label(self) -> str:
        return str(UnitType(self.unit_type).label)

    @property
    def code_display(self) -> str:
        """'ABCDE-FGHJK': easier to read aloud and type."""
        return f"{self.code[:5]}-{self.code[5:]}" if len(self.code) == 10 else self.code


def combined_path(instance: "CertificateBatch", filename: str) -> str:
    year = instance.programme_year
    return f"certificates/{year.fiscal_year}/{year.province_id}/all-{instance.pk}.pdf"


class CertificateBatch(models.Model):
    """One run of "issue all certificates of the year" as a background task.

    The work itself is idempotent (see certification.batch); this row only tells the page what
    is going on. Progress is read from the certificates themselves, not counted here, so a run
    that was killed and started again reports the truth.
    """

    class State(models.TextChoices):
        QUEUED = "QUEUED", _("รอเริ่ม")
        RUNNING = "RUNNING", _("กำลังดำเนินการ")
        DONE = "DONE", _("เสร็จแล้ว")
        FAILED = "FAILED", _("ไม่สำเร็จ")

    programme_year = models.ForeignKey(
        "programme.ProgrammeYear", on_delete=models.CASCADE, related_name="certificate_batches"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Touched after every chunk: a RUNNING batch whose heartbeat is old was killed.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # The combined PDF of every valid certificate of the year, in number order, for printing.
    combined_pdf = models.FileField(upload_to=combined_path, max_length=255, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("การออกประกาศนียบัตรทั้งปี")
        verbose_name_plural = _("การออกประกาศนียบัตรทั้งปี")

    scope_province_path = "programme_year__province"


def announcement_path(instance: "Announcement", filename: str) -> str:
    # Server-chosen names; the folder is private (served only through a scoped view).
    year = instance.programme_year
    extension = filename.rsplit(".", 1)[-1]
    return f"announcements/{year.fiscal_year}/{year.province_id}/edition-{instance.edition}.{extension}"


class Announcement(models.Model):
    """One issued edition of the province's announcement of its certified units (ประกาศจังหวัด).

    Issued editions are records: what was announced (the units, the text's settings, the PDF
    and Word files) stays as issued. A later edition cancels the one before it in its own text.
    """

    programme_year = models.ForeignKey(
        "programme.ProgrammeYear", on_delete=models.PROTECT, related_name="announcements"
    )
    edition = models.PositiveSmallIntegerField(_("ฉบับที่"))
    subject = models.CharField(_("เรื่อง"), max_length=500)
    assessed_from = models.DateField(_("ตรวจประเมินตั้งแต่วันที่"))
    assessed_to = models.DateField(_("ถึงวันที่"), null=True, blank=True)
    announced_on = models.DateField(_("ประกาศ ณ วันที่"))
    signer_name = models.CharField(_("ชื่อผู้ลงนาม"), max_length=200, blank=True)
    signer_position = models.CharField(_("ตำแหน่งผู้ลงนาม"), max_length=200, blank=True)
    on_behalf_of = models.CharField(_("ปฏิบัติราชการแทน"), max_length=200, blank=True)
    thai_numerals = models.BooleanField(_("ใช้เลขไทย"), default=True)
    # The units announced, as announced: [{"id", "name", "type", "district"}] in the
    # document's order.
    units = models.JSONField(default=list)
    unit_count = models.PositiveIntegerField(_("จำนวนหน่วยนับ"))

    pdf = models.FileField(upload_to=announcement_path, max_length=255)
    pdf_sha256 = models.CharField(max_length=64)
    docx = models.FileField(upload_to=announcement_path, max_length=255)
    docx_sha256 = models.CharField(max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("ออกเมื่อ"), auto_now_add=True)

    class Meta:
        ordering = ["programme_year_id", "-edition"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "edition"], name="announcement_edition_unique"
            ),
        ]
        verbose_name = _("ประกาศจังหวัด")
        verbose_name_plural = _("ประกาศจังหวัด")

    # The province's; its districts read (and download) the issued editions (core/scope.py).
    scope_province_path = "programme_year__province"

    @property
    def has_signer(self) -> bool:
        return bool(self.signer_name.strip() and self.signer_position.strip())

    def __str__(self) -> str:
        return f"{self.subject} ({self.edition})"
