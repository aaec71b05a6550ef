from django import forms
from django.utils.translation import gettext_lazy as _

from committees.models import Committee, MemberRole, MemberTitle
from core.forms import STALE_FORM, OnceForm, ThaiDateField, choice_field, model_choice_field
from core.thai import arabic_digits
from geography.models import Zone

REQUIRED = {"required": _("กรุณากรอกช่องนี้")}


class OrderNumberField(forms.IntegerField):
    """The order's number as officers type it: Arabic or Thai digits ("๑๒"). A text input, as a
    number input would refuse Thai digits in the browser."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})

    default_error_messages = {
        "invalid": _("เลขที่คำสั่งต้องเป็นตัวเลขจำนวนเต็ม เช่น 12"),
        "min_value": _("เลขที่คำสั่งต้องมากกว่า 0"),
        "max_value": _("เลขที่คำสั่งมากเกินไป"),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = arabic_digits(value).strip()
        return super().to_python(value)


class VersionedForm(forms.Form):
    """Mixed into an edit form of a shared record: the version the form was made from, so a
    save from an older one is refused (docs/security.md §17)."""

    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE_FORM}
    )


class CommitteeForm(VersionedForm):
    """The committee and its order: what the province issues."""

    name = forms.CharField(label=_("ชื่อคณะ"), max_length=255, error_messages=REQUIRED)
    member_title = forms.ChoiceField(
        label=_("เรียกตำแหน่งในคณะว่า"),
        choices=MemberTitle.choices,
        help_text=_("เช่น “อนุกรรมการ” พิมพ์เป็น ประธานอนุกรรมการ / อนุกรรมการและเลขานุการ"),
    )
    issuing_office = forms.CharField(
        label=_("ส่วนราชการที่ออกคำสั่ง"),
        max_length=150,
        error_messages=REQUIRED,
        help_text=_("พิมพ์ต่อจากคำว่า “คำสั่ง” เช่น จังหวัดลำพูน"),
    )
    order_number = OrderNumberField(
        label=_("คำสั่งที่"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("เลขที่คำสั่งเริ่มใหม่ทุกปีปฏิทิน ปีของคำสั่งคือปีที่ลงนาม"),
    )
    subject = forms.CharField(label=_("เรื่อง"), max_length=500, error_messages=REQUIRED)
    reason = forms.CharField(
        label=_("เหตุผล (ย่อหน้าแรก)"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    authority = forms.CharField(
        label=_("อำนาจและข้อความแต่งตั้ง"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("ขึ้นบรรทัดใหม่เพื่อเริ่มย่อหน้าใหม่"),
    )
    effective_text = forms.CharField(label=_("ข้อความวันมีผล"), max_length=255, required=False)
    signed_on = ThaiDateField(label=_("สั่ง ณ วันที่"), required=False)
    signer_name = forms.CharField(
        label=_("ชื่อผู้ลงนาม"), max_length=200, required=False, help_text=_("เช่น นายวรพจน์ แววสิงห์งาม")
    )
    signer_position = forms.CharField(
        label=_("ตำแหน่งผู้ลงนาม"),
        max_length=200,
        required=False,
        help_text=_("เช่น รองผู้ว่าราชการจังหวัด"),
    )
    on_behalf_of = forms.CharField(
        label=_("ปฏิบัติราชการแทน"),
        max_length=200,
        required=False,
        help_text=_("เช่น ผู้ว่าราชการจังหวัดลำพูน เว้นว่างเมื่อลงนามในนามตนเอง"),
    )
    thai_numerals = forms.BooleanField(label=_("ใช้เลขไทยในคำสั่ง"), required=False)

    @classmethod
    def for_committee(cls, committee: Committee, data=None):
        initial = {
            field: getattr(committee, field)
            for field in cls.base_fields
            if field != "expected_version"
        }
        initial["expected_version"] = committee.version
        return cls(data, initial=initial)


class MemberForm(forms.Form):
    full_name = forms.CharField(
        label=_("ชื่อ-สกุล"),
        max_length=200,
        required=False,
        help_text=_("เว้นว่างได้เมื่อแต่งตั้งโดยตำแหน่ง เช่น นายอำเภอ"),
    )
    position_title = forms.CharField(
        label=_("ตำแหน่ง"),
        max_length=300,
        error_messages={"required": _("กรุณากรอกตำแหน่งของกรรมการ")},
    )
    agency = forms.CharField(label=_("หน่วยงาน/หมายเหตุ"), max_length=300, required=False)
    role = forms.ChoiceField(
        label=_("ตำแหน่งในคณะ"),
        choices=MemberRole.choices,
        error_messages={"invalid_choice": _("กรุณาเลือกตำแหน่งในคณะ")},
    )

    def __init__(self, *args, committee: Committee, **kwargs):
        super().__init__(*args, **kwargs)
        # The roles as this committee prints them (อนุกรรมการ, คณะทำงาน …).
        choice_field(self, "role").choices = [
            (value, committee.role_label(value)) for value in MemberRole.values
        ]


class MemberAddForm(MemberForm, OnceForm):
    """A new member: the form carries a one-time token, so a double submit adds one."""


class MemberEditForm(MemberForm, VersionedForm):
    """A member as it is: sent back with the version it was made from."""


class DutyForm(forms.Form):
    text = forms.CharField(
        label=_("อำนาจหน้าที่"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("กรุณากรอกอำนาจหน้าที่")},
    )


class DutyEditForm(DutyForm, VersionedForm):
    """A duty as it is: sent back with the version it was made from."""


class AccountForm(forms.Form):
    username = forms.CharField(
        label=_("ชื่อผู้ใช้"),
        max_length=150,
        error_messages={"required": _("กรุณากรอกชื่อผู้ใช้")},
        help_text=_("ตัวอักษรภาษาอังกฤษ ตัวเลข และ @ . + - _"),
    )
    email = forms.EmailField(
        label=_("อีเมล"),
        required=False,
        help_text=_(
            "ระบบส่งลิงก์คำเชิญให้กรรมการตั้งรหัสผ่านเองทางอีเมลนี้ หากไม่มีอีเมล "
            "ระบบจะแสดงลิงก์ให้คุณคัดลอกส่งต่อเพียงครั้งเดียว"
        ),
    )


class ZoneGroupForm(forms.Form):
    zone = forms.ModelChoiceField(
        label=_("โซนอำเภอ"),
        queryset=Zone.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("กรุณาเลือกโซนของจังหวัดนี้")},
    )
    name = forms.CharField(
        label=_("ชื่อคณะทำงาน"),
        max_length=255,
        required=False,
        help_text=_("เว้นว่างเพื่อใช้ชื่อตามโซน"),
    )

    def __init__(self, *args, zones, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "zone").queryset = zones
