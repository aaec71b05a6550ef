from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the domain was not met. The message is fit to show a user: a Thai msgid passed
    through gettext, so an English session reads it in English (tests/test_messages.py)."""

    def __init__(self, message: str | Promise, *, field: str | None = None):
        # A lazy message (gettext_lazy at module level) is read now, in the request's language.
        text = str(message)
        super().__init__(text)
        self.message = text
        self.field = field
