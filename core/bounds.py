"""Bounds on what users type, checked again by the services that take raw values
(docs/security.md §9). The forms give the same messages next to their fields."""

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import DomainError
from core.forms import number_out_of_range
from core.thai import thai_date

# A leader applicant is an adult resident of the community; nobody alive was born before 1900.
MIN_APPLICANT_AGE = 15
EARLIEST_BIRTH = dt.date(1900, 1, 1)
# 1 January 2400 BE (1857 CE): older founding dates are typing mistakes (a CE year typed as
# BE is refused by the date field itself).
EARLIEST_FOUNDING = dt.date(2400 - 543, 1, 1)


def check_number(value: int | None, *, field: str, label: object, high: int, low: int = 0) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise DomainError(gettext("กรุณากรอกเป็นตัวเลขจำนวนเต็ม เช่น 25"), field=field)
    if not low <= value <= high:
        raise DomainError(number_out_of_range(label, low, high), field=field)


def check_date(
    value: dt.date | None, *, field: str, label: object, earliest: dt.date, latest: dt.date
) -> None:
    """Refuse a date outside [earliest, latest], naming the field and the limit."""
    if value is None:
        return
    if value < earliest:
        raise DomainError(
            gettext("%(label)sต้องไม่ก่อนวันที่ %(date)s กรุณาตรวจสอบปี พ.ศ.")
            % {"label": label, "date": thai_date(earliest)},
            field=field,
        )
    if value > latest:
        raise DomainError(
            gettext("%(label)sต้องไม่หลังวันที่ %(date)s กรุณาตรวจสอบปี พ.ศ.")
            % {"label": label, "date": thai_date(latest)},
            field=field,
        )


def latest_birth_date(today: dt.date | None = None) -> dt.date:
    """The latest birth date of someone MIN_APPLICANT_AGE years old today (29 Feb → 28 Feb)."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year - MIN_APPLICANT_AGE)
    except ValueError:
        return today.replace(year=today.year - MIN_APPLICANT_AGE, day=28)


def field_label(model: type[models.Model], name: str) -> str:
    """A model field's verbose name, for messages that name the field."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a field")
    return str(field.verbose_name)
