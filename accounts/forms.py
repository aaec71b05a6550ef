from axes.helpers import get_client_ip_address
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import throttle
from accounts.models import Role, User
from accounts.services import CREATABLE
from core.forms import choice_field, model_choice_field
from geography.models import District, Province


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("ชื่อผู้ใช้"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": _("ใช้ได้เฉพาะตัวอักษรภาษาอังกฤษ ตัวเลข และ . @ + - _")},
    )
    password = forms.CharField(label=_("รหัสผ่าน"), widget=forms.PasswordInput)
    role = forms.ChoiceField(label=_("บทบาท"))
    title = forms.CharField(label=_("คำนำหน้า"), required=False, max_length=30)
    first_name = forms.CharField(label=_("ชื่อ"), max_length=150)
    last_name = forms.CharField(label=_("นามสกุล"), max_length=150)
    position_title = forms.CharField(label=_("ตำแหน่ง"), required=False, max_length=150)
    phone = forms.CharField(label=_("โทรศัพท์"), required=False, max_length=30)
    email = forms.EmailField(label=_("อีเมล"), required=False)
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

    def clean(self):
        super().clean()
        cleaned = self.cleaned_data
        password, username = cleaned.get("password"), cleaned.get("username", "")
        if password:
            probe = User(
                username=username,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password, user=probe)
            except forms.ValidationError:
                # Django's own messages are not translated into Thai; one clear rule instead.
                self.add_error(
                    "password",
                    _(
                        "รหัสผ่านไม่ปลอดภัยพอ: ต้องยาวอย่างน้อย 8 ตัวอักษร ไม่ใช่ตัวเลขล้วน "
                        "ไม่คล้ายชื่อผู้ใช้หรือชื่อจริง และไม่ใช่รหัสผ่านที่ใช้กันทั่วไป"
                    ),
                )
        return cleaned


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
