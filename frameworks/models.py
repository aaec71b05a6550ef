"""Indicator frameworks as data (docs/domain.md §6): components → indicators → rubric levels.

The tables keep the names they had when these models lived in `development/`
(migration frameworks 0001 moved them without touching the database).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programme.models import UnitType


class Framework(models.Model):
    """Components → indicators → rubric levels, with weights and a pass rule.

    A framework without a programme year is the department's default for its type; a
    province copies it into its year, adapts it and approves it.
    """

    programme_year = models.ForeignKey(
        "programme.ProgrammeYear",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="frameworks",
    )
    unit_type = models.CharField(_("ประเภท"), max_length=16, choices=UnitType.choices)
    name = models.CharField(_("ชื่อเกณฑ์"), max_length=255)
    pass_total_percent = models.DecimalField(
        _("ผ่านเมื่อคะแนนรวมไม่น้อยกว่า (ร้อยละ)"), max_digits=5, decimal_places=2, default=Decimal(60)
    )
    pass_component_percent = models.DecimalField(
        _("และทุกองค์ประกอบไม่น้อยกว่า (ร้อยละ)"), max_digits=5, decimal_places=2, default=Decimal(50)
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("อนุมัติเมื่อ"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approval_reference = models.CharField(
        _("มติคณะกรรมการที่อนุมัติ"),
        max_length=500,
        blank=True,
        help_text=_("เช่น มติคณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด ครั้งที่ 1/2570"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "development_framework"
        ordering = ["programme_year_id", "unit_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme_year", "unit_type"],
                name="framework_once_per_year_type",
                condition=models.Q(programme_year__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["unit_type"],
                name="framework_one_default_per_type",
                condition=models.Q(programme_year__isnull=True),
            ),
        ]
        verbose_name = _("เกณฑ์ตัวบ่งชี้")
        verbose_name_plural = _("เกณฑ์ตัวบ่งชี้")

    scope_province_path = "programme_year__province"

    def __str__(self) -> str:
        return self.name

    @property
    def is_default(self) -> bool:
        return self.programme_year_id is None

    @property
    def owner_province_id(self) -> str:
        """The province whose year holds the framework; "" for the department's default."""
        return self.programme_year.province_id if self.programme_year else ""


class Component(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="components")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("องค์ประกอบ"), max_length=255)
    description = models.TextField(_("คำอธิบาย"), blank=True)
    weight = models.DecimalField(_("น้ำหนัก"), max_digits=6, decimal_places=2, default=Decimal(1))

    class Meta:
        db_table = "development_component"
        ordering = ["framework_id", "order", "id"]
        verbose_name = _("องค์ประกอบ")
        verbose_name_plural = _("องค์ประกอบ")

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    component = models.ForeignKey(Component, on_delete=models.CASCADE, related_name="indicators")
    order = models.PositiveSmallIntegerField(default=0)
    code = models.CharField(_("ลำดับ"), max_length=16)
    text = models.TextField(_("ตัวบ่งชี้"))
    evidence = models.TextField(_("หลักฐานที่แสดง"), blank=True)
    weight = models.DecimalField(_("น้ำหนัก"), max_digits=6, decimal_places=2, default=Decimal(1))

    class Meta:
        db_table = "development_indicator"
        ordering = ["component_id", "order", "id"]
        verbose_name = _("ตัวบ่งชี้")
        verbose_name_plural = _("ตัวบ่งชี้")

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class Level(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField(_("คะแนน"))
    descriptor = models.TextField(_("คำอธิบายระดับ"))

    class Meta:
        db_table = "development_level"
        ordering = ["indicator_id", "score"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "score"], name="level_score_unique")
        ]
        verbose_name = _("ระดับ")
        verbose_name_plural = _("ระดับ")
