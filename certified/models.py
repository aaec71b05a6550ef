"""After certification: the public profile a district writes for a certified unit, the
activity photos it approves for publication, and its one outstanding unit of the year.

The register of certified units itself is not stored: it is read from the units and their
certificates (certified.selectors), so it can never disagree with them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitProfile(models.Model):
    """What the public may read about one certified unit, written by its district.

    Nothing here is public until the district ticks "publish", and even then only while the unit
    is certified and holds a valid certificate (certified.selectors.public_profile).
    """

    unit = models.OneToOneField(
        "registration.Unit", on_delete=models.PROTECT, related_name="public_profile"
    )
    description = models.TextField(_("ข้อมูลโดยสังเขป"), blank=True)
    achievements = models.TextField(_("ผลงานและความสำเร็จ"), blank=True)
    is_published = models.BooleanField(_("เผยแพร่ต่อสาธารณะ"), default=False)
    published_at = models.DateTimeField(_("เผยแพร่เมื่อ"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Bumped on every save; a form opened before someone else saved is refused, not applied.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("ข้อมูลเผยแพร่ของผู้ผ่านการรับรอง")
        verbose_name_plural = _("ข้อมูลเผยแพร่ของผู้ผ่านการรับรอง")

    scope_district_path = "unit__district"

    def __str__(self) -> str:
        return str(self.unit_id)


class ProfilePhoto(models.Model):
    """An activity photo the district approved for the unit's public profile.

    The public sees the photo's stored display rendition (re-encoded without any metadata, see
    activities.photos) under this row's id, and the caption written here, never the activity
    photo's own caption, id, time, place or camera.
    """

    profile = models.ForeignKey(UnitProfile, on_delete=models.CASCADE, related_name="photos")
    photo = models.ForeignKey(
        "activities.ActivityPhoto", on_delete=models.PROTECT, related_name="+"
    )
    caption = models.CharField(_("คำบรรยายภาพที่เผยแพร่"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["profile_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "photo"], name="profile_photo_once")
        ]
        verbose_name = _("ภาพที่อนุมัติให้เผยแพร่")
        verbose_name_plural = _("ภาพที่อนุมัติให้เผยแพร่")

    scope_district_path = "profile__unit__district"


class OutstandingSelection(models.Model):
    """The district's one outstanding certified unit of the year, presented to the provincial
    committee (seed 001 §2.8: "อำเภอละ 1 หน่วยนับ")."""

    programme_year = models.ForeignKey(
        "programme.ProgrammeYear", on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey("geography.District", on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(
        "registration.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("หน่วยนับที่คัดเลือก"),
    )
    reason = models.TextField(_("เหตุผลที่คัดเลือก"))
    selected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    selected_at = models.DateTimeField(_("คัดเลือกเมื่อ"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme_year_id", "district_id"]
        constraints = [
            # One per district and year, also when two officers choose at the same moment.
            models.UniqueConstraint(
                fields=["programme_year", "district"], name="outstanding_one_per_district_year"
            )
        ]
        verbose_name = _("ผู้ผ่านการรับรองดีเด่นของอำเภอ")
        verbose_name_plural = _("ผู้ผ่านการรับรองดีเด่นของอำเภอ")

    scope_district_path = "district"

    def __str__(self) -> str:
        return f"{self.programme_year_id}/{self.district_id}"
