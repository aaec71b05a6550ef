from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from core.forms import (
    AsciiIntegerField,
    OnceForm,
    ThaiDateField,
    choice_field,
    model_choice_field,
    set_choice_labels,
)
from core.national_id import normalise_national_id, validate_national_id
from core.text import clean_text, validate_name
from dashboards.stages import stage_choices
from geography.models import Subdistrict, Village
from programme.models import UnitType
from registration.models import (
    GROUP_CATEGORIES,
    NETWORK_CATEGORIES,
    REQUIRED_DOCUMENTS,
    DocumentKind,
    Status,
    Unit,
)
from registration.services import COMMON_FIELDS, NAME_FIELDS, NUMBER_BOUNDS, TYPE_FIELDS

_LEADER_ORDER = [
    "person_title",
    "first_name",
    "last_name",
    "national_id",
    "birth_date",
    "house_number",
    "subdistrict",
    "village",
    "phone",
    "domicile_years",
    "position_kind",
    "position_title",
    "community_work",
    "community_accepted",
    "advisers",
]
_BODY_ORDER = [
    "name",
    "category",
    "category_other",
    "subdistrict",
    "village",
    "founded_on",
    "member_count",
    "resolution_date",
    "boundary_description",
    "household_count",
    "assembly_resolution_date",
    "phone",
    "member_organisations",
    "team",
    "advisers",
]
_TAIL = ["description", "responsible_developer", "privacy_notice", "version"]
FIELD_ORDER: dict[str, list[str]] = {
    UnitType.LEADER: _LEADER_ORDER + _TAIL,
    UnitType.GROUP: _BODY_ORDER + _TAIL,
    UnitType.NETWORK: _BODY_ORDER + _TAIL,
    UnitType.COMMUNITY: _BODY_ORDER + _TAIL,
}

DATE_FIELDS = {"birth_date", "founded_on", "resolution_date", "assembly_resolution_date"}
# Lists of names, one a line: the service refuses a line with a hidden character, so these are
# passed on as typed rather than silently cleaned here.
LIST_FIELDS = {"team", "advisers", "member_organisations"}


class UnitForm(forms.ModelForm):
    """One form for all four types; the type decides which fields it shows."""

    team = forms.CharField(
        label=_("ทีมพัฒนา"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("หนึ่งคนต่อบรรทัด: ชื่อ-สกุล, ตำแหน่ง/หน้าที่"),
    )
    advisers = forms.CharField(
        label=_("คณะที่ปรึกษา (ถ้ามี)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("หนึ่งคนต่อบรรทัด: ชื่อ-สกุล, ตำแหน่ง/หน่วยงาน"),
    )
    member_organisations = forms.CharField(
        label=_("องค์กรสมาชิกเครือข่าย"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("หนึ่งองค์กรต่อบรรทัด"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    privacy_notice = forms.BooleanField(
        label=_("ได้แจ้งประกาศความเป็นส่วนตัวข้างต้นแก่ผู้สมัครแล้ว"), required=False
    )

    class Meta:
        model = Unit
        fields = sorted({f for fields in TYPE_FIELDS.values() for f in fields} | set(COMMON_FIELDS))
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "community_work": forms.Textarea(attrs={"rows": 4}),
            "boundary_description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, unit_type: str, district_id: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit_type = unit_type
        keep = (
            set(COMMON_FIELDS)
            | set(TYPE_FIELDS[unit_type])
            | {"team", "advisers", "member_organisations", "version", "privacy_notice"}
        )
        if unit_type == UnitType.LEADER:
            keep -= {"team"}
        if unit_type != UnitType.NETWORK:
            keep -= {"member_organisations"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name in DATE_FIELDS & set(self.fields):
            old = self.fields[name]
            self.fields[name] = ThaiDateField(label=old.label, required=False)
        for name, (low, high) in NUMBER_BOUNDS.items():
            if name in self.fields:
                old = self.fields[name]
                self.fields[name] = AsciiIntegerField(
                    label=old.label, required=False, min_value=low, max_value=high
                )
        for name in NAME_FIELDS:
            if name in self.fields:
                self.fields[name].validators.append(validate_name)
        model_choice_field(self, "subdistrict").queryset = Subdistrict.objects.filter(
            district_id=district_id
        )
        self.fields["subdistrict"].required = True
        model_choice_field(self, "village").queryset = Village.objects.filter(
            subdistrict__district_id=district_id
        ).select_related("subdistrict")
        set_choice_labels(
            model_choice_field(self, "village"), lambda v: f"{v} ต.{v.subdistrict.name_th}"
        )
        model_choice_field(self, "responsible_developer").queryset = User.objects.filter(
            district_id=district_id, role__in=[Role.DEVELOPER, Role.DISTRICT], is_active=True
        )
        set_choice_labels(model_choice_field(self, "responsible_developer"), lambda u: u.full_name)
        if "category" in self.fields:
            choices = GROUP_CATEGORIES if unit_type == UnitType.GROUP else NETWORK_CATEGORIES
            self.fields["category"] = forms.ChoiceField(
                label=_("ประเภทกลุ่ม/เครือข่าย"), choices=[("", "---------"), *choices], required=False
            )
        if "name" in self.fields:
            self.fields["name"].required = True
            self.fields["name"].label = {
                UnitType.GROUP: _("ชื่อกลุ่ม/องค์กรชุมชน"),
                UnitType.NETWORK: _("ชื่อเครือข่าย"),
                UnitType.COMMUNITY: _("ชื่อชุมชน/หมู่บ้าน"),
            }[UnitType(unit_type)]
        if unit_type == UnitType.LEADER:
            self.fields["first_name"].required = True
            self.fields["last_name"].required = True
            self.fields["house_number"].label = _("บ้านเลขที่")
            self.fields["village"].label = _("หมู่บ้าน (ตามที่อยู่)")
        if unit_type == UnitType.COMMUNITY:
            self.fields["team"].label = _("ทีมนำการพัฒนา")
        if "national_id" in self.fields:
            # Officers paste IDs with dashes or spaces; the clean method normalises them.
            self.fields["national_id"] = forms.CharField(
                label=_("เลขประจำตัวประชาชน"),
                required=False,
                max_length=20,
                # A phone brings up its number keypad (dashes still typed on a keyboard).
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "maxlength": 20, "inputmode": "numeric"}
                ),
            )
        if "phone" in self.fields:
            self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        if self.instance.pk and self.instance.privacy_notice_at:
            self.fields["privacy_notice"].initial = True
        self._order_fields(unit_type)

    def _order_fields(self, unit_type: str) -> None:
        order = FIELD_ORDER[unit_type]
        self.order_fields([name for name in order if name in self.fields])

    def clean_national_id(self):
        value = normalise_national_id(self.cleaned_data.get("national_id", ""))
        if value:
            validate_national_id(value)
        return value

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        for key, value in cleaned.items():
            if isinstance(value, str) and key not in LIST_FIELDS:
                cleaned[key] = clean_text(value)
        if cleaned.get("category") == "OTHER" and not (cleaned.get("category_other") or "").strip():
            self.add_error("category_other", _("กรุณาระบุประเภทอื่น"))
        village, subdistrict = cleaned.get("village"), cleaned.get("subdistrict")
        if village and subdistrict and village.subdistrict_id != subdistrict.pk:
            self.add_error("village", _("หมู่บ้านที่เลือกไม่อยู่ในตำบลที่เลือก"))
        return cleaned

    def service_data(self) -> dict:
        skip = {"team", "advisers", "member_organisations", "version"}
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class UploadForm(OnceForm):
    """Documents to attach: a file and its type. static/js/document_upload.js lets the input take
    several files and adds a type select per file; the view reads the two lists in order
    (registration.views.document_upload). Without JavaScript it is one file at a time. The
    hidden one-time token keeps a double submit from storing them twice (docs/security.md §17)."""

    kind = forms.ChoiceField(label=_("ประเภทเอกสาร"))
    file = forms.FileField(
        label=_("ไฟล์ (PDF, JPEG หรือ PNG)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}
        ),
    )

    def __init__(self, *args, unit_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [k for k, _ in REQUIRED_DOCUMENTS[unit_type]] + [DocumentKind.OTHER]
        choice_field(self, "kind").choices = [(k, DocumentKind(k).label) for k in kinds]


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("เหตุผล"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("ค้นหาชื่อหรือเลขประจำตัวประชาชน"), required=False)
    unit_type = forms.ChoiceField(
        label=_("ประเภท"), required=False, choices=[("", _("ทุกประเภท")), *UnitType.choices]
    )
    district = forms.ChoiceField(label=_("อำเภอ"), required=False)
    subdistrict = forms.ChoiceField(label=_("ตำบล"), required=False)
    developer = forms.ChoiceField(label=_("พัฒนากร"), required=False)
    status = forms.ChoiceField(
        label=_("สถานะ"), required=False, choices=[("", _("ทุกสถานะ")), *Status.choices]
    )
    # The dashboards' figures open the register filtered to their stage (dashboards/stages.py).
    stage = forms.ChoiceField(
        label=_("ขั้นตอน"), required=False, choices=[("", _("ทุกขั้นตอน")), *stage_choices()]
    )

    def __init__(self, *args, districts, subdistricts, developers, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "district").choices = [("", _("ทุกอำเภอ"))] + [
            (d.pk, d.display_name) for d in districts
        ]
        choice_field(self, "subdistrict").choices = [("", _("ทุกตำบล"))] + [
            (s.pk, s.display_name) for s in subdistricts
        ]
        choice_field(self, "developer").choices = [("", _("ทุกคน"))] + [
            (str(u.pk), u.full_name) for u in developers
        ]
