from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("บัญชีผู้ใช้")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import remember_devices_at_login

        user_logged_in.connect(remember_devices_at_login, dispatch_uid="accounts.second_step_due")
