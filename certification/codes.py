"""Certificate numbers as printed and the short verification codes."""

import re
import secrets

from django.conf import settings

# Crockford's base 32: digits and capitals without I, L, O and U, so a code read off paper is
# typed right (a typed O is read as 0, I and L as 1). Ten symbols: 50 bits, never guessed.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
_CODE = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """What a person typed ('abcde-fghjk', with spaces) as a code, or None if it cannot be one."""
    cleaned = re.sub(r"[\s\-–.]", "", (text or "")[:40]).upper()
    # The alphabet has no O, I or L: someone who typed one meant the digit.
    cleaned = cleaned.translate(_LOOKALIKES)
    return cleaned if _CODE.match(cleaned) else None


def display_number(number: int, fiscal_year: int, prefix: str = "") -> str:
    """'ลพ 12/2570', or '12/2570' without a prefix."""
    text = f"{number}/{fiscal_year}"
    return f"{prefix.strip()} {text}" if prefix.strip() else text


def verify_url(code: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/verify/{code}"
