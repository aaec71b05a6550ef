from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("ส่วนกลาง")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import session_started

        user_logged_in.connect(session_started, dispatch_uid="core.session_started")
