import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessment.models import Combine, RoundLevel
from assessment.services import MISSING_REASON_MAX, REASONS_MAX
from committees.models import Kind
from core.forms import OnceForm, ThaiDateField, choice_field


class RoundForm(OnceForm):
    committee = forms.ChoiceField(label=_("คณะกรรมการ"))
    name = forms.CharField(label=_("ชื่อรอบการประเมิน"), max_length=255, required=False)
    place = forms.CharField(label=_("สถานที่"), max_length=255, required=False)
    combine = forms.ChoiceField(
        label=_("วิธีรวมคะแนนของกรรมการ"), choices=Combine.choices, initial=Combine.MEAN
    )

    def __init__(self, *args, committees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.committees = {str(c.pk): c for c in committees}
        choice_field(self, "committee").choices = [(str(c.pk), c.name) for c in committees]

    def level_of(self, committee) -> str:
        if committee.kind == Kind.DISTRICT_ASSESSMENT:
            return RoundLevel.DISTRICT
        if committee.kind == Kind.ZONE:
            return RoundLevel.ZONE
        return RoundLevel.PROVINCE


class ScheduleForm(forms.Form):
    date = ThaiDateField(label=_("วันที่"))
    time = forms.TimeField(
        label=_("เวลาเริ่ม (ชั่วโมง:นาที)"),
        input_formats=["%H:%M", "%H.%M"],
        widget=forms.TextInput(attrs={"placeholder": "09:00", "inputmode": "numeric"}),
        error_messages={"invalid": _("กรุณากรอกเวลาเป็น ชั่วโมง:นาที เช่น 09:00")},
    )
    presentation_minutes = forms.IntegerField(
        label=_("นำเสนอ (นาที)"), min_value=0, max_value=240, initial=15
    )
    questions_minutes = forms.IntegerField(
        label=_("ซักถาม (นาที)"), min_value=0, max_value=240, initial=15
    )
    break_minutes = forms.IntegerField(
        label=_("พักระหว่างหน่วยนับ (นาที)"), min_value=0, max_value=240, initial=0
    )

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(
            dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])
        )


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("มติคณะกรรมการ"), widget=forms.RadioSelect)
    # max_length also gives the textarea its maxlength (the service checks the same limit).
    reasons = forms.CharField(
        label=_("เหตุผล"),
        required=False,
        max_length=REASONS_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("จำเป็นเมื่อไม่เสนอหรือไม่รับรอง และเมื่อมติต่างจากผลคะแนนของกรรมการ"),
    )

    # Shown only once the decision is found to depart from the scores (the view sets
    # `ask_confirm`); the service refuses an override without it.
    confirm = forms.BooleanField(label=_("ยืนยันว่ามติต่างจากผลคะแนน"), required=False)

    def __init__(
        self, *args, outcomes=(), advisory=False, members=(), scored=frozenset(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        choice_field(self, "outcome").choices = [(o.value, o.label) for o in outcomes]
        if advisory:
            # A zone working group's advice is its reasons (checked again by the service).
            self.fields["reasons"].label = _("เหตุผลที่เสนอต่อจังหวัด")
            self.fields["reasons"].help_text = _("จำเป็นทุกครั้ง")
        # The committee's members: who is at the meeting (by default those who scored), and
        # for a present member without scores, why (services.decide checks both).
        self.members = list(members)
        self.scored = set(scored)
        self.ask_confirm = bool(self.data.get("confirm"))
        for member in self.members:
            self.fields[f"present-{member.pk}"] = forms.BooleanField(
                label=_("มาประชุม"), required=False, initial=member.pk in self.scored
            )
            if member.pk not in self.scored:
                self.fields[f"missing-{member.pk}"] = forms.CharField(
                    label=_("เหตุผลที่ไม่มีคะแนน"),
                    required=False,
                    max_length=MISSING_REASON_MAX,
                )

    def member_rows(self) -> list[dict]:
        return [
            {
                "member": m,
                "scored": m.pk in self.scored,
                "present": self[f"present-{m.pk}"],
                "missing": None if m.pk in self.scored else self[f"missing-{m.pk}"],
            }
            for m in self.members
        ]

    def present_ids(self) -> list[int]:
        return [m.pk for m in self.members if self.cleaned_data.get(f"present-{m.pk}")]

    def missing_reasons(self) -> dict[int, str]:
        return {
            m.pk: self.cleaned_data.get(f"missing-{m.pk}", "")
            for m in self.members
            if m.pk not in self.scored
        }


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่ทบทวนมติ"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class RemoveForm(forms.Form):
    """Taking a unit off its round. `confirm_scores` is a checkbox whose value is the number of
    scores the officer was shown: the service refuses if that is no longer the number."""

    reason = forms.CharField(
        label=_("เหตุผลที่นำออกจากรอบ"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("จำเป็นเมื่อกรรมการให้คะแนนไว้แล้ว"),
    )
    confirm_scores = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=1_000_000,
        error_messages={"invalid": _("การยืนยันไม่ถูกต้อง กรุณาเปิดหน้านี้ใหม่")},
    )
