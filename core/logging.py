"""Keep national ID numbers out of the logs (docs/security.md §14)."""

import logging
import re

_THIRTEEN_DIGITS = re.compile(r"(?<!\d)(\d)[\d-]{11,15}(\d)(?!\d)")


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = _THIRTEEN_DIGITS.sub(
            lambda m: m.group(1) + "-XXXX-XXXXX-XX-" + m.group(2), message
        )
        if redacted != message:
            record.msg = redacted
            record.args = ()
        return True
