from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for trying the system (`seed_demo`, `demo_logins`); no models."""

    name = "demo"
    verbose_name = "ข้อมูลตัวอย่าง"
