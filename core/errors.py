class DomainError(Exception):
    """A rule of the domain was not met. The message is fit to show a user: a Thai msgid passed
    through gettext, so an English session reads it in English (tests/test_messages.py)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
