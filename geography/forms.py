from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import STALE_FORM, model_choice_field, set_choice_labels
from geography.models import District, Subdistrict


class VillageForm(forms.Form):
    subdistrict = forms.ModelChoiceField(label=_("ตำบล"), queryset=Subdistrict.objects.none())
    number = forms.IntegerField(label=_("หมู่ที่"), min_value=1, max_value=99)
    name = forms.CharField(label=_("ชื่อหมู่บ้าน"), max_length=150)

    def __init__(self, *args, district_id, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "subdistrict").queryset = Subdistrict.objects.filter(
            district_id=district_id
        )


class ZoneForm(forms.Form):
    name = forms.CharField(label=_("ชื่อโซน"), max_length=100)
    districts = forms.ModelMultipleChoiceField(
        label=_("อำเภอในโซน"), queryset=District.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, province_id, **kwargs):
        super().__init__(*args, **kwargs)
        model_choice_field(self, "districts").queryset = District.objects.filter(
            province_id=province_id
        )
        set_choice_labels(model_choice_field(self, "districts"), lambda d: d.display_name)


class EmblemForm(forms.Form):
    file = forms.FileField(
        label=_("ไฟล์ภาพตราสัญลักษณ์ (PNG หรือ JPEG)"),
        help_text=_("ภาพตราครุฑหรือตราสำนักงาน พื้นหลังโปร่งใสหรือสีขาว ด้านสั้นอย่างน้อย 150 พิกเซล"),
        error_messages={"required": _("กรุณาเลือกไฟล์ภาพตราสัญลักษณ์")},
    )
    # The version of the emblem the page showed: 0 when the province had none.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = "image/png,image/jpeg"
        self.fields["expected_version"].error_messages = {
            "required": STALE_FORM,
            "invalid": STALE_FORM,
            "min_value": STALE_FORM,
        }
