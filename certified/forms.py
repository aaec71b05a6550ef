from django import forms
from django.utils.translation import gettext_lazy as _

from certified.selectors import CERTIFICATE_NONE, CERTIFICATE_REVOKED, CERTIFICATE_VALID
from certified.services import REASON_LIMIT, TEXT_LIMIT
from core.forms import choice_field
from programme.models import UnitType

INVALID_CHOICE = _("ตัวเลือกนี้ไม่มีในรายการ กรุณาเลือกใหม่")
TOO_LONG = _("ข้อความยาวเกิน %(limit_value)d ตัวอักษร")
SEARCH_LIMIT = 100


def _choice(label, choices=(), empty=None) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=False,
        choices=[("", empty), *choices] if empty else list(choices),
        error_messages={"invalid_choice": INVALID_CHOICE},
    )


def _search() -> forms.CharField:
    return forms.CharField(
        label=_("ค้นหาชื่อ"),
        required=False,
        max_length=SEARCH_LIMIT,
        error_messages={"max_length": _("คำค้นยาวเกิน %(limit_value)d ตัวอักษร")},
    )


CERTIFICATE_CHOICES = [
    (CERTIFICATE_VALID, _("มีประกาศนียบัตรที่ใช้ได้")),
    (CERTIFICATE_REVOKED, _("ประกาศนียบัตรถูกเพิกถอน")),
    (CERTIFICATE_NONE, _("ยังไม่ได้ออกประกาศนียบัตร")),
]


def not_understood(form: forms.Form) -> str:
    """The filters a bound form refused, as typed: 'ปีงบประมาณ “2580”, ประกาศนียบัตร “x”'.
    Empty when every filter was understood."""
    if not form.is_bound or form.is_valid():
        return ""
    parts = []
    for name in form.errors:
        if name not in form.fields:
            continue
        typed = str(form.data.get(name, ""))
        typed = typed if len(typed) <= 30 else f"{typed[:30]}…"
        parts.append(f"{form.fields[name].label} “{typed}”")
    return ", ".join(parts)


# The first choice of the place filters, kept when __init__ fills in the places in scope.
EMPTY = {"province": _("ทุกจังหวัด"), "district": _("ทุกอำเภอ"), "subdistrict": _("ทุกตำบล")}


class RegisterFilterForm(forms.Form):
    """Filters of the staff register. Choices are limited to what lies in the user's scope, so a
    district or province outside it is refused as an invalid choice, never queried."""

    year = _choice(_("ปีงบประมาณ"), empty=_("ทุกปี"))
    unit_type = _choice(_("ประเภท"), UnitType.choices, empty=_("ทุกประเภท"))
    province = _choice(_("จังหวัด"), empty=EMPTY["province"])
    district = _choice(_("อำเภอ"), empty=EMPTY["district"])
    subdistrict = _choice(_("ตำบล"), empty=EMPTY["subdistrict"])
    certificate = _choice(_("ประกาศนียบัตร"), CERTIFICATE_CHOICES, empty=_("ทุกสถานะ"))
    q = _search()

    def __init__(self, *args, years, provinces, districts, subdistricts, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "year").choices = [("", _("ทุกปี"))] + [(str(y), str(y)) for y in years]
        # None leaves the filter off the form (a district officer has one district only).
        for name, objects, label in (
            ("province", provinces, lambda p: p.name_th),
            ("district", districts, lambda d: d.display_name),
            ("subdistrict", subdistricts, lambda s: s.display_name),
        ):
            if objects is None:
                del self.fields[name]
            else:
                field = choice_field(self, name)
                field.choices = [("", EMPTY[name]), *((o.pk, label(o)) for o in objects)]

    def clean_year(self):
        value = self.cleaned_data["year"]
        return int(value) if value else None


class PublicRegisterForm(forms.Form):
    province = _choice(_("จังหวัด"), empty=_("ทุกจังหวัด"))
    year = _choice(_("ปีงบประมาณ"), empty=_("ทุกปี"))
    unit_type = _choice(_("ประเภท"), UnitType.choices, empty=_("ทุกประเภท"))
    q = _search()

    def __init__(self, *args, years, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "year").choices = [("", _("ทุกปี"))] + [(str(y), str(y)) for y in years]
        choice_field(self, "province").choices = [("", _("ทุกจังหวัด"))] + [
            (p.pk, p.name_th) for p in provinces
        ]

    def clean_year(self):
        value = self.cleaned_data["year"]
        return int(value) if value else None


def _profile_text(label, rows: int, help_text) -> forms.CharField:
    """A free-text part of the public profile: optional, up to the service's limit."""
    return forms.CharField(
        label=label,
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        error_messages={"max_length": TOO_LONG},
    )


class ProfileForm(forms.Form):
    description = _profile_text(
        _("ข้อมูลโดยสังเขป"),
        5,
        _("แนะนำหน่วยนับต่อสาธารณะ ห้ามใส่เลขประจำตัวประชาชน วันเกิด บ้านเลขที่ หรือเบอร์โทรศัพท์"),
    )
    achievements = _profile_text(
        _("ผลงานและความสำเร็จ"),
        6,
        _("สิ่งที่เปลี่ยนแปลงหลังการพัฒนาตนเอง ผลงานเด่น ความรู้ที่ถ่ายทอดได้"),
    )
    is_published = forms.BooleanField(
        label=_("เผยแพร่ต่อสาธารณะ"),
        required=False,
        help_text=_(
            "แสดงในทะเบียนผู้ผ่านการรับรองที่เปิดให้ประชาชนดูได้ เฉพาะเมื่อจังหวัดออกประกาศนียบัตรแล้วและยังไม่ถูกเพิกถอน"
        ),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=0)


class OutstandingForm(forms.Form):
    unit = forms.TypedChoiceField(
        label=_("หน่วยนับที่คัดเลือก"),
        coerce=int,
        error_messages={
            "required": _("กรุณาเลือกหน่วยนับ"),
            "invalid_choice": _("เลือกได้เฉพาะหน่วยนับที่ผ่านการรับรองมาตรฐานของอำเภอในปีนี้"),
        },
    )
    reason = forms.CharField(
        label=_("เหตุผลที่คัดเลือก"),
        max_length=REASON_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("ความโดดเด่นที่เป็นตัวอย่างได้ สำหรับนำเสนอต่อคณะกรรมการ มชช. จังหวัด"),
        error_messages={
            "required": _("กรุณาระบุเหตุผลที่คัดเลือก"),
            "max_length": TOO_LONG,
        },
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "unit").choices = [("", _("— เลือกหน่วยนับ —"))] + [
            (u.pk, f"{u.name} ({u.get_unit_type_display()})") for u in units
        ]
