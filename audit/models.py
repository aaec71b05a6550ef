"""Append-only audit trail: who did what to which object, when, old → new."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(_("เวลา"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(_("การกระทำ"), max_length=64)
    object_type = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64)
    # Plain ids rather than foreign keys: the trail outlives what it describes.
    unit_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    district_id = models.CharField(max_length=4, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("รายการบันทึกการตรวจสอบ")
        verbose_name_plural = _("บันทึกการตรวจสอบ")
        # A district's rows, newest first: a district officer's audit page.
        indexes = [models.Index(fields=["district_id", "id"], name="audit_district_newest")]

    scope_district_path = "district"

    def save(self, *args, **kwargs):
        # Audit rows are written once and never edited through the application.
        if self.pk is not None:
            raise ValueError("audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit entries cannot be deleted")
