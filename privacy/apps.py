from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("สิทธิของเจ้าของข้อมูลส่วนบุคคล")

    def ready(self) -> None:
        # Unit histories name the privacy actions in Thai (audit/presentation.py); the audit app
        # knows no app above it, so the names are added from here.
        from audit.presentation import ACTIONS
        from privacy.models import PRIVACY_ACTIONS

        ACTIONS.update(PRIVACY_ACTIONS)
