"""Form pieces shared by every domain: Buddhist-era dates and numbers as officers type them."""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.once import new_form_token
from core.text import ascii_digits
from core.thai import date_to_be_input, parse_be_date

# A form of a shared record sent without the version it was made from (docs/security.md §17).
STALE_FORM = _("แบบฟอร์มนี้ไม่ได้ระบุรุ่นของข้อมูลที่เปิดไว้ กรุณาเปิดหน้านี้ใหม่แล้วแก้ไขอีกครั้ง")

# A create form sent without its one-time token (core.once): a page from before, or not a page.
NO_FORM_TOKEN = _("แบบฟอร์มนี้ไม่มีรหัสสำหรับส่งครั้งเดียว กรุณาเปิดหน้านี้ใหม่แล้วส่งอีกครั้ง")


def posted_version(data: Any, name: str = "expected_version") -> int:
    """The version a hand-written form (no Django form class) was made from, or a DomainError
    with STALE_FORM when it is missing or not a number: such a form is refused like a stale
    one, never applied over a newer save."""
    raw = str(data.get(name, "")).strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        raise DomainError(str(STALE_FORM), field=name)
    return int(raw)


def posted_token(data: Any) -> str:
    """The one-time token of a hand-written create form (`{% once_field %}`), or a DomainError
    with NO_FORM_TOKEN when it is missing; the service spends it (core.once)."""
    token = str(data.get("once", "")).strip()
    if not token:
        raise DomainError(str(NO_FORM_TOKEN), field="once")
    return token


class OnceField(forms.CharField):
    """The hidden one-time token of a create form: a fresh one each time the form is shown; the
    service spends it (core.once.use_form_token), so a second submit records nothing."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("initial", new_form_token)
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault(
            "error_messages", {"required": NO_FORM_TOKEN, "max_length": NO_FORM_TOKEN}
        )
        super().__init__(**kwargs)


class OnceForm(forms.Form):
    """Mixed into a create form: adds the hidden `once` token (pass cleaned_data["once"] on)."""

    once = OnceField()


class ThaiDateInput(forms.TextInput):
    def __init__(self, attrs=None):
        defaults = {
            # Lazy: a form declared at import time still shows the request's language.
            "placeholder": _("วว/ดด/ปปปป (พ.ศ.)"),
            "autocomplete": "off",
            "class": "date",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return date_to_be_input(value)
        return value


class ThaiDateField(forms.Field):
    """A date typed as dd/mm/yyyy in the Buddhist era, e.g. 15/01/2568."""

    widget = ThaiDateInput
    default_error_messages = {
        "invalid": _("กรุณากรอกวันที่ในรูปแบบ วว/ดด/ปปปป เป็นปีพุทธศักราช เช่น 15/01/2568"),
        "era": _("กรุณากรอกปีเป็นพุทธศักราช (พ.ศ.) เช่น 2568"),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return parse_be_date(str(value))
        except ValueError as exc:
            code = "era" if str(exc) == "era" else "invalid"
            raise forms.ValidationError(self.error_messages[code], code=code) from exc


_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+")


class AsciiIntegerField(forms.IntegerField):
    """A whole number as users type it, with the bounds of its domain (docs/security.md §9).

    Any Unicode digits ("๑๒", full-width, Arabic-Indic) are read as ASCII digits and thousands
    commas ("1,200") are allowed, before int(). A text input with a numeric keypad, as a number
    input would refuse Thai digits in the browser. The bounds are required, and a value outside
    them is refused with one Thai message that names the field and the range."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"invalid": _("กรุณากรอกเป็นตัวเลขจำนวนเต็ม เช่น 25")}

    def __init__(self, *, max_value: int, min_value: int = 0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Checked in validate(), so the message can give the range with thousands separators.
        self.low, self.high = min_value, max_value

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"\s", "", ascii_digits(value))
            if _THOUSANDS.fullmatch(value):
                value = value.replace(",", "")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is not None and not self.low <= value <= self.high:
            raise forms.ValidationError(
                number_out_of_range(self.label, self.low, self.high), code="range"
            )


def number_out_of_range(label: object, low: int, high: int) -> str:
    return gettext("%(label)sต้องอยู่ระหว่าง %(low)s ถึง %(high)s") % {
        "label": label or gettext("ค่านี้"),
        "low": f"{low:,}",
        "high": f"{high:,}",
    }


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a DomainError next to its field when the field is on the form, else at the top."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The named field as a choice field, so a form's __init__ can set its choices (typed)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{name} is not a choice field")
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The named field as a model choice field, so __init__ can narrow its queryset (typed)."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{name} is not a model choice field")
    return field


def set_choice_labels(field: forms.ModelChoiceField, label: Callable[[Any], str]) -> None:
    """How each object of a model choice field is shown. Django's way is overriding
    label_from_instance; setting it per form keeps the label beside the queryset it labels."""
    field.label_from_instance = label  # type: ignore[method-assign,assignment]
