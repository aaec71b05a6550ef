"""Start-up check of the national ID keys (docs/encryption.md): a malformed key stops
`migrate`, `runserver` and `check` before any ID is written under it."""

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from registration.crypto import keyring


@checks.register(checks.Tags.security)
def national_id_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        keyring()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="mchch.E101", hint="docs/encryption.md")]
    return []
