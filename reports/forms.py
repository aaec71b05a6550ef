"""The covering letter's lines, typed before downloading the year-end report (a GET form: it
changes nothing, only what the document says)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ThaiDateField
from core.text import clean_text
from reports.selectors import LetterInput

MAX_LINES = 4
# The form's marker: present when the officer sent the form, absent on a plain download link.
SENT = "letter"


class LetterForm(forms.Form):
    letter = forms.CharField(widget=forms.HiddenInput, required=False, initial="1")
    reference = forms.CharField(
        label=_("ที่ (เลขที่หนังสือ)"),
        required=False,
        max_length=60,
        help_text=_("เช่น ลพ 0019.3/ เว้นว่างไว้เพื่อเขียนด้วยมือ"),
    )
    issued_on = ThaiDateField(label=_("ลงวันที่"), required=False, help_text=_("เว้นว่างเพื่อใช้วันนี้"))
    office = forms.CharField(
        label=_("ส่วนราชการเจ้าของหนังสือและที่ตั้ง"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    salutation = forms.CharField(label=_("เรียน"), required=False, max_length=200)
    refer_to = forms.CharField(label=_("อ้างถึง (ถ้ามี)"), required=False, max_length=300)
    signer_name = forms.CharField(label=_("ผู้ลงนาม"), required=False, max_length=200)
    signer_position = forms.CharField(label=_("ตำแหน่งผู้ลงนาม"), required=False, max_length=300)
    on_behalf_of = forms.CharField(
        label=_("ปฏิบัติราชการแทน (ถ้ามี)"),
        required=False,
        max_length=200,
        help_text=_("เช่น ผู้ว่าราชการจังหวัดลำพูน"),
    )
    contact = forms.CharField(
        label=_("ส่วนราชการเจ้าของเรื่องและโทรศัพท์"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    thai_numerals = forms.BooleanField(label=_("ใช้เลขไทย"), required=False, initial=True)

    TEXT_FIELDS = (
        "reference",
        "office",
        "salutation",
        "refer_to",
        "signer_name",
        "signer_position",
        "on_behalf_of",
        "contact",
    )

    def clean(self):
        super().clean()
        data = self.cleaned_data
        for name in self.TEXT_FIELDS:
            if name in data:
                data[name] = clean_text(data[name]).strip()
        for name in ("office", "contact"):
            if len([line for line in data.get(name, "").splitlines() if line.strip()]) > MAX_LINES:
                self.add_error(name, _("กรุณากรอกไม่เกิน %(n)d บรรทัด") % {"n": MAX_LINES})
        return data

    def letter_input(self) -> LetterInput:
        data = self.cleaned_data
        return LetterInput(
            **{name: data.get(name, "") for name in self.TEXT_FIELDS},
            issued_on=data.get("issued_on"),
            thai_numerals=bool(data.get("thai_numerals")),
            given=set(self.TEXT_FIELDS),
        )
