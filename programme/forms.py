from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ThaiDateField
from programme.models import ProgrammeYear, UnitType
from programme.services import CALENDAR_FIELDS, RULE_FIELDS


class ProgrammeYearForm(forms.ModelForm):
    class Meta:
        model = ProgrammeYear
        fields = CALENDAR_FIELDS + RULE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CALENDAR_FIELDS:
            self.fields[name] = ThaiDateField(label=self.fields[name].label)


class NewYearForm(forms.Form):
    fiscal_year = forms.IntegerField(label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2560, max_value=2700)


class QuotaForm(forms.Form):
    def __init__(self, *args, quotas, **kwargs):
        super().__init__(*args, **kwargs)
        for quota in quotas:
            label = UnitType(quota.unit_type).label
            self.fields[f"{quota.unit_type}_district"] = forms.IntegerField(
                label=label, min_value=0, max_value=99, initial=quota.min_per_district
            )
            self.fields[f"{quota.unit_type}_developer"] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=99,
                required=False,
                initial=quota.min_per_developer,
            )

    def values(self) -> dict[str, tuple[int, int | None]]:
        return {
            t: (self.cleaned_data[f"{t}_district"], self.cleaned_data.get(f"{t}_developer") or None)
            for t in UnitType.values
            if f"{t}_district" in self.cleaned_data
        }
