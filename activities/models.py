"""Activities the district runs for the units (stages 3–4) and the photos of every stage 1–5."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    GROUP = "GROUP", _("กิจกรรมกลุ่ม")
    INDIVIDUAL = "INDIVIDUAL", _("กิจกรรมรายหน่วย")


class Stage(models.IntegerChoices):
    """The five stages of the year (docs/domain.md §4), in the seeds' wording."""

    PREPARATION = 1, _("ขั้นเตรียมการ")
    REGISTRATION = 2, _("ขั้นรับสมัคร")
    LEARNING_REINFORCEMENT = 3, _("ขั้นเสริมสร้างการเรียนรู้")
    SELF_DEVELOPMENT = 4, _("ขั้นการเรียนรู้และพัฒนาตนเอง")
    CERTIFICATION = 5, _("ขั้นประเมินเพื่อรับรองการพัฒนาตนเอง")


class Activity(models.Model):
    """One activity of a district: a group activity for several units or an individual one."""

    programme_year = models.ForeignKey(
        "programme.ProgrammeYear", on_delete=models.PROTECT, related_name="activities"
    )
    district = models.ForeignKey("geography.District", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("ลักษณะกิจกรรม"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("ชื่อกิจกรรม"), max_length=255)
    # Empty only on a draft: a group activity proposed from the gap analysis (insights/gaps.py)
    # before the district has set its date and place.
    held_on = models.DateField(_("วันที่จัด"), null=True, blank=True)
    place = models.CharField(_("สถานที่"), max_length=255)
    partners = models.TextField(_("ภาคีที่ร่วม"), blank=True)
    units = models.ManyToManyField(
        "registration.Unit", related_name="activities", blank=True, verbose_name=_("หน่วยนับที่ร่วม")
    )
    learning = models.TextField(_("ผลการเรียนรู้"), blank=True)
    plan_items = models.ManyToManyField(
        "development.PlanItem",
        related_name="+",
        blank=True,
        verbose_name=_("รายการในแผนพัฒนาตนเองที่กิจกรรมนี้ตอบสนอง"),
    )
    indicators = models.ManyToManyField(
        "frameworks.Indicator",
        related_name="+",
        blank=True,
        verbose_name=_("ตัวบ่งชี้ที่กิจกรรมนี้ตอบสนอง"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every edit; a form opened before someone else saved is refused, not applied.
    version = models.PositiveIntegerField(default=1)
    # A draft has its units and indicator but no date or place yet; the first edit that sets
    # them records it. Drafts have no photos and stay out of the dossier and the records.
    is_draft = models.BooleanField(_("ร่าง"), default=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["programme_year", "district", "held_on"])]
        verbose_name = _("กิจกรรม")
        verbose_name_plural = _("กิจกรรม")

    scope_district_path = "district"

    def __str__(self) -> str:
        return self.title


def photo_path(instance: "ActivityPhoto", filename: str) -> str:
    # The server names stored files; the user's file name is kept only as data.
    activity = instance.activity
    return f"activities/{activity.programme_year_id}/{activity.district_id}/{uuid.uuid4().hex}.jpg"


class ActivityPhoto(models.Model):
    """A photo of an activity, stored only as re-encoded renditions without any metadata.

    What the camera recorded (time, place, camera) is kept in the fields below, read before the
    metadata was dropped; it is evidence for the district and shown to no one else.
    """

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="photos")
    stage = models.PositiveSmallIntegerField(_("ขั้นตอน"), choices=Stage.choices)
    units = models.ManyToManyField(
        "registration.Unit", related_name="+", blank=True, verbose_name=_("หน่วยนับในภาพ")
    )
    caption = models.CharField(_("คำบรรยายภาพ"), max_length=300, blank=True)
    image = models.FileField(upload_to=photo_path, max_length=255)
    thumbnail = models.FileField(upload_to=photo_path, max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    original_name = models.CharField(max_length=255)
    # Of the file as uploaded, to recognise the same photo sent twice.
    sha256 = models.CharField(max_length=64)
    taken_at = models.DateTimeField(_("ถ่ายเมื่อ"), null=True, blank=True)
    gps_latitude = models.DecimalField(
        _("ละติจูด"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    gps_longitude = models.DecimalField(
        _("ลองจิจูด"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    camera_model = models.CharField(_("กล้อง/โทรศัพท์"), max_length=120, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # Removal keeps the row and the files: the trail of what was shown stays.
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_reason = models.CharField(_("เหตุผลที่นำออก"), max_length=500, blank=True)
    # Bumped on every edit of the tags or caption; a form opened before someone else saved is
    # refused, not applied (docs/security.md §17).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["activity_id", "stage", "id"]
        indexes = [models.Index(fields=["activity", "stage"])]
        verbose_name = _("ภาพกิจกรรม")
        verbose_name_plural = _("ภาพกิจกรรม")

    scope_district_path = "activity__district"

    def __str__(self) -> str:
        return self.caption or self.original_name

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def has_location(self) -> bool:
        return self.gps_latitude is not None and self.gps_longitude is not None
