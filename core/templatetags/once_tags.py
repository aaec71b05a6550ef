"""`{% once_field %}`: the hidden one-time token of a hand-written create form (core.once)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.once import new_form_token

register = template.Library()


@register.simple_tag
def once_field(token: str | None = None) -> SafeString:
    """A fresh token each time the form is shown; `token` keeps the one a refused form was
    sent with, so correcting and resending it still records once."""
    return format_html('<input type="hidden" name="once" value="{}">', token or new_form_token())
