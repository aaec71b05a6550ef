from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.models import Kind


class PreferencesForm(forms.Form):
    """Per kind: e-mail on or off (and LINE, when the system sends LINE and the user linked
    an account); in-app is always on."""

    def __init__(self, *args, current: dict[str, tuple[bool, bool]], line: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.line = line and settings.LINE_ENABLED
        for kind in Kind:
            email, line_on = current.get(kind.value, (True, False))
            self.fields[f"email_{kind.value}"] = forms.BooleanField(
                label=_("อีเมล"), required=False, initial=email
            )
            if self.line:
                self.fields[f"line_{kind.value}"] = forms.BooleanField(
                    label=_("LINE"), required=False, initial=line_on
                )

    def rows(self):
        for kind in Kind:
            yield (
                kind.label,
                self[f"email_{kind.value}"],
                (self[f"line_{kind.value}"] if self.line else None),
            )

    def channels(self) -> dict[str, tuple[bool, bool]]:
        data = self.cleaned_data
        return {
            kind.value: (data[f"email_{kind.value}"], bool(data.get(f"line_{kind.value}")))
            for kind in Kind
        }
