"""Forms of the framework editor: they parse what was typed; the rules live in frameworks.editor."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.text import clean_text
from frameworks import editor


def _text_field(label, *, textarea=False) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 2}) if textarea else forms.TextInput()
    return forms.CharField(label=label, required=False, widget=widget)


def _parsed(parse, value, **kwargs):
    try:
        return parse(value, **kwargs)
    except DomainError as error:
        raise forms.ValidationError(error.message) from error


class _CleanTextMixin(forms.Form):
    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for key, value in list(data.items()):
            if isinstance(value, str):
                data[key] = clean_text(value).strip()
        return data


class FrameworkForm(_CleanTextMixin, forms.Form):
    name = _text_field(_("ชื่อเกณฑ์"))
    pass_total_percent = _text_field(_("ผ่านเมื่อคะแนนรวมไม่น้อยกว่า (ร้อยละ)"))
    pass_component_percent = _text_field(_("และทุกองค์ประกอบไม่น้อยกว่า (ร้อยละ)"))

    def clean_pass_total_percent(self):
        return _parsed(
            editor.parse_percent,
            self.cleaned_data["pass_total_percent"],
            field="pass_total_percent",
        )

    def clean_pass_component_percent(self):
        return _parsed(
            editor.parse_percent,
            self.cleaned_data["pass_component_percent"],
            field="pass_component_percent",
        )


class ComponentForm(_CleanTextMixin, forms.Form):
    name = _text_field(_("ชื่อองค์ประกอบ"))
    description = _text_field(_("คำอธิบาย"), textarea=True)
    weight = _text_field(_("น้ำหนัก"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Say how the weight counts (development/scoring.py): it multiplies the component's
        # points, so a component with more indicators also carries more of the total.
        self.fields["weight"].help_text = _(
            "คะแนนรวม = ผลรวมของ (น้ำหนักองค์ประกอบ × คะแนนที่ได้ในองค์ประกอบ) เทียบกับผลรวมของ "
            "(น้ำหนัก × คะแนนเต็มขององค์ประกอบ) องค์ประกอบที่มีตัวบ่งชี้มากจึงมีส่วนในคะแนนรวมมากขึ้น"
        )

    def clean_weight(self):
        return _parsed(editor.parse_weight, self.cleaned_data["weight"])


class IndicatorForm(_CleanTextMixin, forms.Form):
    """An indicator with up to MAX_LEVELS levels typed as score_1/descriptor_1 … pairs.

    A level with a descriptor but no score takes its row number as its score.
    """

    code = _text_field(_("รหัส"))
    text = _text_field(_("ตัวบ่งชี้"), textarea=True)
    evidence = _text_field(_("หลักฐานที่แสดง"), textarea=True)
    weight = _text_field(_("น้ำหนัก"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(1, editor.MAX_LEVELS + 1):
            self.fields[f"score_{index}"] = forms.CharField(required=False)
            self.fields[f"descriptor_{index}"] = forms.CharField(required=False)

    def clean_weight(self):
        return _parsed(editor.parse_weight, self.cleaned_data["weight"])

    def clean(self):
        data = super().clean()
        levels = []
        for index in range(1, editor.MAX_LEVELS + 1):
            raw = data.get(f"score_{index}", "")
            descriptor = data.get(f"descriptor_{index}", "")
            if not raw and not descriptor:
                continue
            try:
                score = editor.parse_score(raw) if raw else index
            except DomainError as error:
                self.add_error(None, gettext("ระดับที่ %(n)d: ") % {"n": index} + error.message)
                continue
            levels.append((score, descriptor))
        data["levels"] = levels
        return data

    def level_rows(self, minimum: int = 5) -> list[dict]:
        """The level inputs to show: every filled one, then blank ones (at least `minimum`)."""

        def value(name):
            if self.is_bound:
                return self.data.get(name, "")
            return self.initial.get(name, "")

        filled = [
            i
            for i in range(1, editor.MAX_LEVELS + 1)
            if value(f"score_{i}") or value(f"descriptor_{i}")
        ]
        count = min(editor.MAX_LEVELS, max(minimum, (max(filled) if filled else 0) + 2))
        return [
            {
                "index": i,
                "score": value(f"score_{i}"),
                "descriptor": value(f"descriptor_{i}"),
            }
            for i in range(1, count + 1)
        ]

    @staticmethod
    def initial_for(indicator) -> dict:
        initial = {
            "code": indicator.code,
            "text": indicator.text,
            "evidence": indicator.evidence,
            "weight": number_text(indicator.weight),
        }
        for index, level in enumerate(indicator.levels.all(), start=1):
            initial[f"score_{index}"] = str(level.score)
            initial[f"descriptor_{index}"] = level.descriptor
        return initial


def number_text(value) -> str:
    """1.00 → "1", 1.50 → "1.5": how an officer would type it."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
