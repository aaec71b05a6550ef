"""Thai 13-digit national ID numbers and their mod-11 check digit (docs/security.md §9)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def normalise_national_id(value: str) -> str:
    return re.sub(r"[\s-]", "", value or "")


def check_digit(first_twelve: str) -> int:
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(first_twelve))
    return (11 - total % 11) % 10


def is_valid_national_id(value: str) -> bool:
    value = normalise_national_id(value)
    return len(value) == 13 and value.isdigit() and check_digit(value[:12]) == int(value[12])


def validate_national_id(value: str) -> None:
    value = normalise_national_id(value)
    if not value.isdigit() or len(value) != 13:
        raise ValidationError(_("เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก"), code="length")
    if check_digit(value[:12]) != int(value[12]):
        raise ValidationError(
            _("เลขประจำตัวประชาชนไม่ถูกต้อง (เลขตรวจสอบหลักสุดท้ายไม่ตรง) กรุณาตรวจสอบอีกครั้ง"),
            code="check_digit",
        )
