from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "คณะกรรมการและคำสั่งแต่งตั้ง"
