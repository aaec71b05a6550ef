from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "frameworks"
    label = "frameworks"
    verbose_name = "เกณฑ์ตัวบ่งชี้"
