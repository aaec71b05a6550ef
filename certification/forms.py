from django import forms
from django.utils.translation import gettext_lazy as _

from certification.models import CertificateSettings
from certification.services import SETTINGS_FIELDS
from core.forms import STALE_FORM, ThaiDateField


class CertificateSettingsForm(forms.ModelForm):
    issued_on = ThaiDateField(
        label=_("ให้ไว้ ณ วันที่"),
        required=False,
        help_text=_("วันที่พิมพ์บนประกาศนียบัตร เว้นว่างเพื่อใช้วันที่ออก"),
    )
    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE_FORM}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["expected_version"] = self.instance.version

    class Meta:
        model = CertificateSettings
        fields = SETTINGS_FIELDS  # what the service saves
        widgets = {
            "signer_position": forms.Textarea(attrs={"rows": 2}),
            "second_signer_position": forms.Textarea(attrs={"rows": 2}),
        }


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผลที่เพิกถอน"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("รหัสตรวจสอบ (๑๐ ตัวอักษรใต้คิวอาร์โค้ด)"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


def _limited(limit: int) -> forms.TextInput:
    # The length is checked by the service, with a Thai message; the browser stops typing there.
    return forms.TextInput(attrs={"maxlength": limit})


class AnnouncementForm(forms.Form):
    """The officer's part of the announcement; the list of units comes from the year's data."""

    subject = forms.CharField(label=_("เรื่อง"), widget=_limited(500))
    # The latest edition the page showed: a double click cannot issue two (announcement_issue).
    after_edition = forms.IntegerField(min_value=0, max_value=9999, widget=forms.HiddenInput)
    assessed_from = ThaiDateField(
        label=_("คณะกรรมการตรวจประเมินเมื่อวันที่"),
        required=False,
        help_text=_("วันแรกของการตรวจประเมินระดับจังหวัด"),
    )
    assessed_to = ThaiDateField(
        label=_("ถึงวันที่"), required=False, help_text=_("เว้นว่างถ้าประเมินวันเดียว")
    )
    announced_on = ThaiDateField(
        label=_("ประกาศ ณ วันที่"),
        required=False,
        help_text=_("ต้องระบุเมื่อออกประกาศ ร่างที่ยังไม่ระบุจะพิมพ์เป็นจุดไข่ปลา"),
    )
    signer_name = forms.CharField(
        label=_("ชื่อผู้ลงนาม"),
        required=False,
        widget=_limited(200),
        help_text=_("เช่น นายวรพจน์ แววสิงห์งาม"),
    )
    signer_position = forms.CharField(
        label=_("ตำแหน่งผู้ลงนาม"),
        required=False,
        widget=_limited(200),
        help_text=_("เช่น รองผู้ว่าราชการจังหวัด"),
    )
    on_behalf_of = forms.CharField(
        label=_("ปฏิบัติราชการแทน"),
        required=False,
        widget=_limited(200),
        help_text=_("เช่น ผู้ว่าราชการจังหวัดลำพูน เว้นว่างถ้าผู้ว่าราชการจังหวัดลงนามเอง"),
    )
    thai_numerals = forms.BooleanField(label=_("ใช้เลขไทย"), required=False)
