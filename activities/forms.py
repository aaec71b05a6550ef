from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from activities.models import Kind, Stage
from activities.selectors import eligible_plan_items, eligible_units, year_indicators
from activities.services import Links
from core.forms import (
    STALE_FORM,
    OnceForm,
    ThaiDateField,
    model_choice_field,
    set_choice_labels,
)
from development.models import Indicator, PlanItem
from programme.models import UNIT_TYPE_SHORT
from registration.models import Unit


class CheckboxList(forms.CheckboxSelectMultiple):
    """Checkboxes in a scrolling box: a district may have dozens of units or indicators."""

    def __init__(self, attrs=None):
        super().__init__({"class": "checklist", **(attrs or {})})


# A version missing, not a number or negative: the form is refused as a stale one.
STALE_FORM_ERRORS = {"required": STALE_FORM, "invalid": STALE_FORM, "min_value": STALE_FORM}


def _choices_error(message) -> dict:
    return {"invalid_choice": message, "invalid_pk_value": message, "invalid_list": message}


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("ลักษณะกิจกรรม"), choices=Kind.choices, widget=forms.RadioSelect, initial=Kind.GROUP
    )
    title = forms.CharField(
        label=_("ชื่อกิจกรรม"),
        max_length=255,
        error_messages={"required": _("กรุณากรอกชื่อกิจกรรม")},
    )
    held_on = ThaiDateField(label=_("วันที่จัด"), error_messages={"required": _("กรุณากรอกวันที่จัดกิจกรรม")})
    place = forms.CharField(
        label=_("สถานที่"),
        max_length=255,
        error_messages={"required": _("กรุณากรอกสถานที่จัดกิจกรรม")},
    )
    partners = forms.CharField(
        label=_("ภาคีที่ร่วม"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("หน่วยงานหรือวิทยากรที่ร่วมจัด เช่น สาธารณสุขอำเภอ เกษตรอำเภอ ปราชญ์ชาวบ้าน"),
    )
    units = forms.ModelMultipleChoiceField(
        label=_("หน่วยนับที่ร่วมกิจกรรม"),
        queryset=Unit.objects.none(),
        required=False,
        widget=CheckboxList,
        help_text=_("เฉพาะหน่วยนับที่ผ่านการตรวจเอกสารแล้ว กิจกรรมรายหน่วยเลือก 1 หน่วย"),
        error_messages=_choices_error(
            _("มีหน่วยนับที่เลือกไม่ได้ (ต้องเป็นหน่วยนับที่ผ่านการตรวจเอกสารแล้วของอำเภอนี้ในปีนี้)")
        ),
    )
    learning = forms.CharField(
        label=_("ผลการเรียนรู้"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    plan_items = forms.ModelMultipleChoiceField(
        label=_("รายการในแผนพัฒนาตนเองที่กิจกรรมนี้ตอบสนอง"),
        queryset=PlanItem.objects.none(),
        required=False,
        widget=CheckboxList,
        error_messages=_choices_error(_("มีรายการในแผนที่เลือกไม่ได้ กรุณาเลือกใหม่")),
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("ตัวบ่งชี้ที่กิจกรรมนี้ตอบสนอง"),
        queryset=Indicator.objects.none(),
        required=False,
        widget=CheckboxList,
        error_messages=_choices_error(_("มีตัวบ่งชี้ที่เลือกไม่ได้ กรุณาเลือกใหม่")),
    )
    # Required on the edit form (ActivityEditForm); the create form has no version to carry.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, programme_year_id: int, district_id: str, activity=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = eligible_units(programme_year_id, district_id)
        if activity is not None:  # keep the units already on it, whatever their status now
            units = Unit.objects.filter(
                Q(pk__in=units.values("pk")) | Q(pk__in=activity.units.values("pk"))
            ).order_by("unit_type", "name")
        model_choice_field(self, "units").queryset = units
        set_choice_labels(
            model_choice_field(self, "units"),
            lambda u: f"{u.name} ({UNIT_TYPE_SHORT[u.unit_type]})",
        )
        plan_items = eligible_plan_items(programme_year_id, district_id)
        model_choice_field(self, "plan_items").queryset = plan_items
        set_choice_labels(
            model_choice_field(self, "plan_items"),
            lambda item: f"{item.plan.unit.name}: {item.indicator.code} {item.knowledge[:80]}",
        )
        indicators = year_indicators(programme_year_id)
        model_choice_field(self, "indicators").queryset = indicators
        if not plan_items.exists():
            self.fields["plan_items"].help_text = _("ยังไม่มีรายการในแผนพัฒนาตนเองของหน่วยนับในอำเภอนี้")
        if not indicators.exists():
            self.fields["indicators"].help_text = _("จังหวัดยังไม่ได้กำหนดเกณฑ์ตัวบ่งชี้ของปีนี้")
        set_choice_labels(
            model_choice_field(self, "indicators"),
            lambda i: f"{UNIT_TYPE_SHORT[i.component.framework.unit_type]} {i.code} {i.text[:80]}",
        )

    def values(self) -> dict:
        keys = ("kind", "title", "held_on", "place", "partners", "learning")
        return {key: self.cleaned_data.get(key) for key in keys}

    def links(self) -> Links:
        return Links(
            units=list(self.cleaned_data.get("units") or []),
            plan_items=list(self.cleaned_data.get("plan_items") or []),
            indicators=list(self.cleaned_data.get("indicators") or []),
        )


class ActivityCreateForm(ActivityForm, OnceForm):
    """A new activity: the form carries a one-time token, so a double submit records one."""


class ActivityEditForm(ActivityForm):
    """An edit carries the version it was made from; without one it is refused as stale."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, error_messages=STALE_FORM_ERRORS
    )


class PhotoTagsForm(forms.Form):
    """Stage, units shown and caption: for a batch of new photos, or to correct one photo."""

    stage = forms.TypedChoiceField(
        label=_("ขั้นตอน"), choices=Stage.choices, coerce=int, initial=Stage.SELF_DEVELOPMENT
    )
    units = forms.ModelMultipleChoiceField(
        label=_("หน่วยนับในภาพ"),
        queryset=Unit.objects.none(),
        required=False,
        widget=CheckboxList,
        error_messages=_choices_error(_("หน่วยนับในภาพต้องเป็นหน่วยนับที่ร่วมกิจกรรมนี้")),
    )
    caption = forms.CharField(label=_("คำบรรยายภาพ"), max_length=300, required=False)

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "units").queryset = activity.units.order_by("name")


class PhotoUploadForm(PhotoTagsForm, OnceForm):
    """A batch of new photos: the form carries a one-time token, so a double submit saves one
    batch."""


class PhotoEditForm(PhotoTagsForm):
    """One photo's tags and caption, with the version the form was made from."""

    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, error_messages=STALE_FORM_ERRORS
    )


class RemoveForm(forms.Form):
    reason = forms.CharField(label=_("เหตุผลที่นำภาพออก"), max_length=500, required=False)
