from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import AsciiIntegerField, OnceForm, ThaiDateField
from privacy.models import RequestKind, RequestStatus
from privacy.services import TEXT_LIMIT


class RequestForm(OnceForm):
    kind = forms.ChoiceField(label=_("ประเภทคำขอ"), choices=RequestKind.choices)
    national_id = forms.CharField(label=_("เลขประจำตัวประชาชนของเจ้าของข้อมูล"), max_length=30)
    received_on = ThaiDateField(label=_("วันที่รับคำขอ"))
    details = forms.CharField(
        label=_("รายละเอียดคำขอ"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("ผล"),
        choices=[(RequestStatus.DONE, _("ดำเนินการแล้ว")), (RequestStatus.REFUSED, _("ปฏิเสธคำขอ"))],
    )
    corrections = forms.CharField(
        label=_("รายการที่แก้ไข (คำขอแก้ไขข้อมูล)"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcome = forms.CharField(
        label=_("ผลการดำเนินการ"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )


class ErasureForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผล"), max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 3})
    )
    confirmed = forms.BooleanField(
        label=_("ยืนยันว่าต้องการลบข้อมูลส่วนบุคคลทั้งหมดของบุคคลนี้ ซึ่งย้อนกลับไม่ได้"), required=False
    )


class PolicyForm(forms.Form):
    certificate_validity_years = AsciiIntegerField(
        label=_("ประกาศนียบัตรมีอายุ (ปี นับจากวันที่ให้ไว้)"), min_value=0, max_value=50
    )
    years_after_validity = AsciiIntegerField(
        label=_("เก็บต่อหลังประกาศนียบัตรหมดอายุหรือถูกเพิกถอน (ปี)"), min_value=0, max_value=50
    )
    years_after_fiscal_year = AsciiIntegerField(
        label=_("เก็บหลังสิ้นปีงบประมาณ สำหรับหน่วยนับที่ไม่ได้รับการรับรอง (ปี)"),
        min_value=0,
        max_value=50,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
