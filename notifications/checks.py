"""Start-up check of the LINE settings (docs/notifications.md "LINE"): with LINE on, an empty
channel secret would let anyone sign a webhook call (HMAC under an empty key) and link their
LINE account to an officer's."""

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def line_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    if not settings.LINE_ENABLED:
        return []
    missing = [
        name
        for name in ("LINE_CHANNEL_SECRET", "LINE_CHANNEL_ACCESS_TOKEN")
        if not getattr(settings, name)
    ]
    if missing:
        return [
            checks.Error(
                f"LINE_ENABLED is on but {', '.join(missing)} is empty",
                id="mchch.E201",
                hint="docs/notifications.md",
            )
        ]
    return []
