from django import forms
from django.utils.translation import gettext_lazy as _

from certification.models import CertificateSettings
from core.forms import ThaiDateField


class CertificateSettingsForm(forms.ModelForm):
    issued_on = ThaiDateField(
        label=_("ให้ไว้ ณ วันที่"),
        required=False,
        help_text=_("วันที่พิมพ์บนประกาศนียบัตร เว้นว่างเพื่อใช้วันที่ออก"),
    )

    class Meta:
        model = CertificateSettings
        fields = [
            "number_prefix",
            "issued_on",
            "signer_name",
            "signer_position",
            "second_signer_name",
            "second_signer_position",
            "thai_numerals",
        ]
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
