from django.apps import AppConfig


class DevelopmentConfig(AppConfig):
    name = "development"
    verbose_name = "การเรียนรู้และพัฒนาตนเอง"
