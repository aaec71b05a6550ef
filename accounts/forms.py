from axes.helpers import get_client_ip_address
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import throttle
from accounts.models import Role
from accounts.permissions import CREATABLE
from core.forms import STALE_FORM, choice_field, model_choice_field
from geography.models import District, Province


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("ชื่อผู้ใช้"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษ ตัวเลข และ . @ + - _")},
    )
    role = forms.ChoiceField(label=_("บทบาท"))
    title = forms.CharField(label=_("คำนำหน้า"), required=False, max_length=30)
    first_name = forms.CharField(label=_("ชื่อ"), max_length=150)
    last_name = forms.CharField(label=_("นามสกุล"), max_length=150)
    position_title = forms.CharField(label=_("ตำแหน่ง"), required=False, max_length=150)
    phone = forms.CharField(
        label=_("โทรศัพท์"),
        required=False,
        max_length=30,
        # The number keypad on a phone.
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("อีเมล"),
        required=False,
        help_text=_(
            "ระบบส่งลิงก์คำเชิญให้ตั้งรหัสผ่านเองทางอีเมลนี้ หากไม่มีอีเมล ระบบจะแสดงลิงก์ให้คุณคัดลอกส่งต่อเพียงครั้งเดียว"
        ),
    )
    province = forms.ModelChoiceField(
        label=_("จังหวัด"), queryset=Province.objects.none(), required=False
    )
    district = forms.ModelChoiceField(
        label=_("อำเภอ"), queryset=District.objects.none(), required=False
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "role").choices = [
            (r.value, r.label) for r in Role if r in CREATABLE.get(actor.role, set())
        ]
        if actor.role == Role.ADMIN:
            model_choice_field(self, "province").queryset = Province.objects.all()
            model_choice_field(self, "district").queryset = District.objects.select_related(
                "province"
            )
        elif actor.role == Role.PROVINCE:
            model_choice_field(self, "province").queryset = Province.objects.filter(
                pk=actor.province_id
            )
            model_choice_field(self, "district").queryset = District.objects.filter(
                province_id=actor.province_id
            )
        else:
            model_choice_field(self, "district").queryset = District.objects.filter(
                pk=actor.district_id
            )
            del self.fields["province"]


class RoleChangeForm(forms.Form):
    """A user's new role inside the administrator's scope (accounts.services.user_role_change);
    the district only when the new role works in a district and the user had none there."""

    role = forms.ChoiceField(label=_("บทบาทใหม่"))
    district = forms.ModelChoiceField(
        label=_("อำเภอ"),
        queryset=District.objects.none(),
        required=False,
        help_text=_("เลือกเมื่อย้ายไปเป็นบทบาทระดับอำเภอ หากไม่เลือกจะใช้อำเภอเดิม"),
    )
    expected_version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, error_messages={"required": STALE_FORM}
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        choice_field(self, "role").choices = [
            (r.value, r.label) for r in Role if r in CREATABLE.get(actor.role, set())
        ]
        districts = District.objects.select_related("province").order_by("province", "code")
        if actor.role == Role.PROVINCE:
            districts = districts.filter(province_id=actor.province_id)
        elif actor.role != Role.ADMIN:
            districts = districts.filter(pk=actor.district_id)
        model_choice_field(self, "district").queryset = districts


class LoginForm(AuthenticationForm):
    """The login form; a user name in back-off waits before any password is checked
    (accounts/throttle.py)."""

    wait_seconds = 0

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and self.request is not None:
            wait = throttle.backoff_seconds(username, get_client_ip_address(self.request))
            if wait:
                self.wait_seconds = wait
                raise ValidationError(
                    _("มีการเข้าสู่ระบบด้วยชื่อผู้ใช้นี้ไม่สำเร็จหลายครั้ง กรุณารอ %(wait)s แล้วลองใหม่"),
                    code="throttled",
                    params={"wait": throttle.wait_text(wait)},
                )
        return super().clean()


class CodeForm(forms.Form):
    """A code from the TOTP app (6 digits) or a backup code, as typed: Thai digits, spaces and
    dashes are fine (accounts.services.normalise_code)."""

    code = forms.CharField(
        label=_("รหัสยืนยัน"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )
