"""Province → district → subdistrict (official codes) → village (entered by districts); a
province's emblem for its documents."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    """An official area (province, district, subdistrict): named in Thai and in English, shown
    by its Thai name."""

    name_th = models.CharField(_("ชื่อ"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name_th


class Province(Area):
    code = models.CharField(_("รหัส"), max_length=2, primary_key=True)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("จังหวัด")
        verbose_name_plural = _("จังหวัด")

    scope_province_path = "self"


class District(Area):
    code = models.CharField(_("รหัส"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")

    class Meta:
        ordering = ["code"]
        verbose_name = _("อำเภอ")
        verbose_name_plural = _("อำเภอ")

    scope_district_path = "self"

    @property
    def display_name(self) -> str:
        # Bangkok's districts are เขต; elsewhere อำเภอ.
        prefix = "เขต" if self.province_id == "10" else "อำเภอ"
        return f"{prefix}{self.name_th}"


class Subdistrict(Area):
    code = models.CharField(_("รหัส"), max_length=6, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="subdistricts")
    postal_code = models.CharField(_("รหัสไปรษณีย์"), max_length=5, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("ตำบล")
        verbose_name_plural = _("ตำบล")

    @property
    def display_name(self) -> str:
        prefix = (
            "แขวง" if self.code.startswith("10") else "ตำบล"
        )  # the code starts with the province code
        return f"{prefix}{self.name_th}"


class Village(models.Model):
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="villages")
    number = models.PositiveSmallIntegerField(_("หมู่ที่"))
    name = models.CharField(_("ชื่อหมู่บ้าน"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["subdistrict_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["subdistrict", "number"], name="village_number_unique")
        ]
        verbose_name = _("หมู่บ้าน")
        verbose_name_plural = _("หมู่บ้าน")

    scope_district_path = "subdistrict__district"

    def __str__(self) -> str:
        return (
            f"หมู่ที่ {self.number} บ้าน{self.name}"
            if not self.name.startswith("บ้าน")
            else (f"หมู่ที่ {self.number} {self.name}")
        )


class Zone(models.Model):
    """A group of a province's districts for zone-level assessment (seed 001 §2.9)."""

    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="zones")
    name = models.CharField(_("ชื่อโซน"), max_length=100)
    districts = models.ManyToManyField(District, related_name="zones", verbose_name=_("อำเภอ"))

    class Meta:
        ordering = ["province_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="zone_name_unique")
        ]
        verbose_name = _("โซนอำเภอ")
        verbose_name_plural = _("โซนอำเภอ")

    scope_province_path = "province"

    def __str__(self) -> str:
        return self.name


def emblem_path(instance: "ProvinceEmblem", filename: str) -> str:
    # The server names stored files; a replaced one is deleted once the new one is saved.
    return f"emblems/{instance.province_id}/{uuid.uuid4().hex}"


class ProvinceEmblem(models.Model):
    """The Garuda emblem (ตราครุฑ) or office logo a province uploads once, printed by every
    document that has the space (docs/documents.md "Common to all"). The system ships none: it
    is a state emblem, so each office uploads its own."""

    province = models.OneToOneField(
        Province, on_delete=models.CASCADE, primary_key=True, related_name="emblem"
    )
    # A PNG or JPEG as core.uploads re-encoded it (metadata dropped).
    image = models.FileField(upload_to=emblem_path, max_length=255)
    content_type = models.CharField(max_length=20)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    version = models.PositiveIntegerField(default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ตราสัญลักษณ์ของจังหวัด")
        verbose_name_plural = _("ตราสัญลักษณ์ของจังหวัด")

    scope_province_path = "province"

    def __str__(self) -> str:
        return str(self.province)
