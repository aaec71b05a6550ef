"""The roles a user acts in: the vocabulary of the scope mechanism (core/scope.py).

It lives in core so that core needs no domain app; accounts.models re-exports it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "ADMIN", _("ผู้ดูแลระบบ (กรม)")
    PROVINCE = "PROVINCE", _("นักวิชาการพัฒนาชุมชนจังหวัด")
    DISTRICT = "DISTRICT", _("พัฒนาการอำเภอ")
    DEVELOPER = "DEVELOPER", _("พัฒนากร")
    # A member of a committee who scores: reads only what the committee assesses (core/scope.py);
    # created by committees.services.member_account_create, never through the user list.
    COMMITTEE = "COMMITTEE", _("กรรมการประเมิน")
