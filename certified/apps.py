from django.apps import AppConfig


class CertifiedConfig(AppConfig):
    name = "certified"
    verbose_name = "ทะเบียนผู้ผ่านการรับรองและประวัติเผยแพร่"
