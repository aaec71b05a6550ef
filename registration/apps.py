from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationConfig(AppConfig):
    name = "registration"
    verbose_name = _("การรับสมัคร")

    def ready(self) -> None:
        from registration import checks  # noqa: F401  (registers the key check)
