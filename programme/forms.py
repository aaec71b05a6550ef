from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import STALE_FORM, AsciiIntegerField, ThaiDateField, model_choice_field
from core.thai import THAI_MONTHS
from geography.models import Province
from programme.models import ProgrammeYear, UnitType
from programme.services import CALENDAR_FIELDS, RULE_BOUNDS, RULE_FIELDS


class ProgrammeYearForm(forms.ModelForm):
    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE_FORM}
    )

    class Meta:
        model = ProgrammeYear
        fields = CALENDAR_FIELDS + RULE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in CALENDAR_FIELDS:
            self.fields[name] = ThaiDateField(label=self.fields[name].label)
        for name, (low, high) in RULE_BOUNDS.items():
            self.fields[name] = AsciiIntegerField(
                label=self.fields[name].label, min_value=low, max_value=high
            )
        self.fields["expected_version"].initial = self.instance.version


class NewYearForm(forms.Form):
    province = forms.ModelChoiceField(label=_("จังหวัด"), queryset=Province.objects.none())
    fiscal_year = forms.IntegerField(label=_("ปีงบประมาณ (พ.ศ.)"), min_value=2560, max_value=2700)

    def __init__(self, *args, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "province").queryset = provinces
        if provinces.count() == 1:
            self.fields["province"].initial = provinces.first()
            self.fields["province"].widget = forms.HiddenInput()


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


class CalendarDefaultsForm(forms.Form):
    """The department's default day and month of each deadline."""

    def __init__(self, *args, current: dict[str, tuple[int, int]], **kwargs):
        super().__init__(*args, **kwargs)
        from programme.models import Deadline

        for key, label in Deadline.choices:
            month, day = current[key]
            self.fields[f"{key}_day"] = forms.IntegerField(
                label=label, min_value=1, max_value=31, initial=day
            )
            self.fields[f"{key}_month"] = forms.TypedChoiceField(
                label=label,
                coerce=int,
                initial=month,
                choices=[(i, name) for i, name in enumerate(THAI_MONTHS, start=1)],
            )

    def values(self) -> dict[str, tuple[int, int]]:
        from programme.models import Deadline

        return {
            key: (self.cleaned_data[f"{key}_month"], self.cleaned_data[f"{key}_day"])
            for key in Deadline.values
        }

    def rows(self):
        from programme.models import Deadline

        return [
            (label, self[f"{key}_day"], self[f"{key}_month"]) for key, label in Deadline.choices
        ]
