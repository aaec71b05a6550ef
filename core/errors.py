class DomainError(Exception):
    """A rule of the domain was not met. The message is Thai and fit to show a user."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
