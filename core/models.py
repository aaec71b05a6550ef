"""The few records core keeps for every domain. Nothing here knows a domain app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FormToken(models.Model):
    """A one-time form token that has been spent: a create form carries a fresh token, and the
    service that records the form spends it in its own transaction (core.once). A second press of
    the same form finds the token spent and records nothing."""

    token = models.CharField(_("รหัสแบบฟอร์ม"), max_length=64, unique=True)
    used_at = models.DateTimeField(_("ใช้เมื่อ"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("รหัสแบบฟอร์มที่ใช้แล้ว")
        verbose_name_plural = _("รหัสแบบฟอร์มที่ใช้แล้ว")

    def __str__(self) -> str:
        return self.token
