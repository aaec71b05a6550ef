from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.forms import OnceField, ThaiDateField, model_choice_field, set_choice_labels
from development.models import PlanItem
from frameworks.models import Indicator


class PlanItemForm(forms.ModelForm):
    """A new plan item: the form carries a one-time token, so a double submit adds one."""

    once = OnceField()
    starts_on = ThaiDateField(label=_("เริ่ม"))
    ends_on = ThaiDateField(label=_("สิ้นสุด"))

    class Meta:
        model = PlanItem
        fields = [
            "indicator",
            "knowledge",
            "method",
            "starts_on",
            "ends_on",
            "resource",
            "local_wisdom",
            "evidence",
            "target_score",
        ]

    def __init__(self, *args, gaps: dict[int, tuple[int, int]], **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "indicator").queryset = Indicator.objects.filter(
            pk__in=gaps
        ).order_by("component__order", "order")
        set_choice_labels(
            model_choice_field(self, "indicator"),
            lambda i: (
                gettext("%(code)s %(text)s (ก่อนพัฒนา %(before)s/%(full)s)")
                % {
                    "code": i.code,
                    "text": i.text[:80],
                    "before": gaps[i.pk][0],
                    "full": gaps[i.pk][1],
                }
            ),
        )

    def values(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("indicator", "once")}
