from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("ส่วนกลาง")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks

        from core.client_ip import check_trusted_proxy
        from core.middleware import session_started

        checks.register(check_trusted_proxy, checks.Tags.security, deploy=True)

        user_logged_in.connect(session_started, dispatch_uid="core.session_started")
