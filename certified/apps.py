from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertifiedConfig(AppConfig):
    name = "certified"
    verbose_name = _("ทะเบียนผู้ผ่านการรับรองและประวัติเผยแพร่")
