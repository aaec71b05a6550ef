from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "notifications"

    def ready(self) -> None:
        # The workflow's events reach people through here (docs/notifications.md).
        from notifications import checks, handlers  # noqa: F401  (checks registers itself)

        handlers.subscribe_all()
