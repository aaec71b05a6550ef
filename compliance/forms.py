import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from compliance.models import Risk
from compliance.services import PEOPLE_MAX, REASON_MAX, TEXT_MAX
from core.forms import STALE_FORM, AsciiIntegerField, OnceForm, ThaiDateField, ThaiDateInput
from core.text import ascii_digits
from geography.models import Province

REQUIRED = {"required": _("กรุณากรอกช่องนี้")}
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


class AccessRequestForm(OnceForm):
    """The department's request to open a unit's personal documents (unit page)."""

    reason = forms.CharField(
        label=_("เหตุผลและฐานทางกฎหมาย"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=REQUIRED,
        help_text=_("เช่น เลขที่เรื่องร้องเรียน คำร้องของเจ้าของข้อมูล หรือหนังสือสั่งการที่ต้องตรวจสอบ"),
    )


class TimeInput(forms.TextInput):
    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("ชช:นน"),
            "autocomplete": "off",
            "inputmode": "numeric",
            "class": "time",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.time):
            return value.strftime("%H:%M")
        return value


class TimeField(forms.Field):
    """A time of day as officers type it: 14:05 or 14.05, in any digits."""

    widget = TimeInput
    default_error_messages = {"invalid": _("กรุณากรอกเวลาเป็น ชั่วโมง:นาที เช่น 14:05")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.time):
            return value
        match = _TIME.fullmatch(ascii_digits(str(value)).strip())
        if not match:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        hour, minute = int(match[1]), int(match[2])
        if hour > 23 or minute > 59:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return dt.time(hour, minute)


class DateTimeWidget(forms.MultiWidget):
    def __init__(self, attrs=None):
        super().__init__([ThaiDateInput(), TimeInput()], attrs)

    def decompress(self, value):
        if isinstance(value, dt.datetime):
            local = timezone.localtime(value)
            return [local.date(), local.time().replace(second=0, microsecond=0)]
        return [None, None]


class ThaiDateTimeField(forms.MultiValueField):
    """A moment as a Buddhist-era date and a time, in Thailand's time (Asia/Bangkok): the
    72-hour clock counts hours, so a date alone is not enough."""

    widget = DateTimeWidget
    default_error_messages = {"incomplete": _("กรุณากรอกทั้งวันที่และเวลา")}

    def __init__(self, **kwargs):
        super().__init__(fields=(ThaiDateField(), TimeField()), require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list or all(v in self.empty_values for v in data_list):
            return None
        day, time = data_list
        if day is None or time is None:
            raise forms.ValidationError(self.error_messages["incomplete"], code="incomplete")
        return timezone.make_aware(dt.datetime.combine(day, time))


def _text(label, *, required=False, rows=3):
    return forms.CharField(
        label=label,
        required=required,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=REQUIRED,
    )


class BreachReportForm(OnceForm):
    """A breach as first reported: by the department, or a province's suspicion."""

    discovered_at = ThaiDateTimeField(
        label=_("พบเหตุเมื่อ"),
        help_text=_("วันที่และเวลาที่รู้ว่าเกิดเหตุ นับ 72 ชั่วโมงจากเวลานี้"),
        error_messages=REQUIRED,
    )
    description = _text(_("เหตุที่เกิดขึ้น"), required=True)
    data_affected = _text(_("ข้อมูลที่ได้รับผลกระทบ"), rows=2)
    people_affected = AsciiIntegerField(
        label=_("จำนวนเจ้าของข้อมูลที่ได้รับผลกระทบ"), required=False, max_value=PEOPLE_MAX
    )
    measures = _text(_("มาตรการที่ดำเนินการ"), rows=2)

    def __init__(self, *args, choose_province: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if choose_province:
            # Only the department chooses; a province reports for its own province.
            self.fields["province"] = forms.ModelChoiceField(
                label=_("จังหวัด"),
                queryset=Province.objects.order_by("name_th"),
                required=False,
                empty_label=_("ทั้งระบบ (ไม่เจาะจงจังหวัด)"),
            )
            self.order_fields(["province"])


class BreachForm(forms.Form):
    """The department completes a breach: the assessment, the notifications, closing."""

    province = forms.ModelChoiceField(
        label=_("จังหวัด"),
        queryset=Province.objects.order_by("name_th"),
        required=False,
        empty_label=_("ทั้งระบบ (ไม่เจาะจงจังหวัด)"),
    )
    discovered_at = ThaiDateTimeField(label=_("พบเหตุเมื่อ"), error_messages=REQUIRED)
    description = _text(_("เหตุที่เกิดขึ้น"), required=True)
    data_affected = _text(_("ข้อมูลที่ได้รับผลกระทบ"), rows=2)
    people_affected = AsciiIntegerField(
        label=_("จำนวนเจ้าของข้อมูลที่ได้รับผลกระทบ"), required=False, max_value=PEOPLE_MAX
    )
    risk = forms.ChoiceField(
        label=_("การประเมินความเสี่ยง"),
        choices=[("", _("ยังไม่ได้ประเมิน")), *Risk.choices],
        required=False,
        help_text=_("ความเสี่ยงสูงต่อสิทธิและเสรีภาพ: ต้องแจ้งเจ้าของข้อมูลด้วย"),
    )
    measures = _text(_("มาตรการที่ดำเนินการ"), rows=2)
    office_notified_at = ThaiDateTimeField(label=_("แจ้งสำนักงานคณะกรรมการฯ เมื่อ"), required=False)
    late_reason = _text(_("เหตุที่แจ้งเกิน 72 ชั่วโมง"), rows=2)
    subjects_notified_at = ThaiDateTimeField(label=_("แจ้งเจ้าของข้อมูลเมื่อ"), required=False)
    close = forms.BooleanField(label=_("ปิดเรื่อง"), required=False)
    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE_FORM}
    )
