import base64
import re
from functools import wraps

import zxingcpp
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import selectors, services, throttle
from accounts.forms import CodeForm, LoginForm, RoleChangeForm, UserCreateForm
from accounts.invitations import INVITATION_DAYS
from accounts.middleware import SECOND_STEP_DUE
from accounts.models import User
from accounts.permissions import (
    can_invite,
    can_manage_user,
    can_manage_users,
    can_reset_second_factor,
    can_unlock_logins,
    is_committee_member,
    is_district_staff,
    is_province_officer,
)
from accounts.sessions import session_started
from core.errors import DomainError
from core.forms import add_domain_error, posted_token
from core.messages import run_and_report
from core.scope import visible_to
from core.text import clean_text, is_small_id
from programme.models import ProgrammeYear


class LoginView(auth_views.LoginView):
    """Django's login page with the user-name back-off (accounts/throttle.py); axes answers a
    locked (user name, address) pair itself with registration/locked_out.html."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.wait_seconds:
            response.status_code = 429
            response["Retry-After"] = str(form.wait_seconds)
        return response


def users_visible_to(actor):
    if not can_manage_users(actor):
        return User.objects.none()
    users = User.objects.select_related("province", "district__province").order_by(
        "role", "username"
    )
    return visible_to(actor, users)


USERS_PER_PAGE = 50


def _show_invitation_link(request, account, link):
    """The invitation link of a person without e-mail, on this response only: rendered, not
    redirected, so it never travels through the session's messages (the page is no-store,
    core/middleware.py)."""
    return render(
        request,
        "accounts/invitation_link.html",
        {"account": account, "link": link, "days": INVITATION_DAYS},
    )


@login_required
def user_list(request):
    if not can_manage_users(request.user):
        raise Http404
    form = UserCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            account, link = services.user_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            if link:
                return _show_invitation_link(request, account, link)
            messages.success(
                request,
                _("สร้างบัญชีผู้ใช้แล้ว และส่งคำเชิญให้ตั้งรหัสผ่านไปที่ %(email)s") % {"email": account.email},
            )
            return redirect("accounts:users")
    # Searchable and paged: a province has hundreds of accounts, the department thousands.
    query = clean_text(request.GET.get("q", ""))[:100].strip()
    visible = users_visible_to(request.user)
    if query:
        visible = visible.filter(
            Q(username__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
            | Q(position_title__icontains=query)
        )
    page = Paginator(visible, USERS_PER_PAGE).get_page(request.GET.get("page"))
    can_unlock = can_unlock_logins(request.user)
    users = list(page)
    failures = throttle.recent_failures(u.username for u in users) if can_unlock else {}
    with_device = selectors.users_with_a_device(u.pk for u in users)
    invitations = selectors.latest_invitations(u.pk for u in users)
    rows = [
        selectors.UserRow(
            user=u,
            recent_failures=failures.get(u.username, 0),
            has_second_factor=u.pk in with_device,
            invitation=invitations.get(u.pk),
            manageable=can_manage_user(request.user, u),
            can_invite=can_invite(request.user, u),
            can_reset_second_factor=u.pk != request.user.pk
            and can_reset_second_factor(request.user, u),
        )
        for u in users
    ]
    return render(
        request,
        "accounts/user_list.html",
        {
            "rows": rows,
            "page": page,
            "query": query,
            "form": form,
            "can_unlock": can_unlock,
            "can_reset_second_factor": can_reset_second_factor(request.user),
        },
    )


@login_required
@require_POST
def user_toggle(request, pk):
    """Deactivate or reactivate: the button says which (`active`), so a second press of the
    same button is refused instead of undoing the first."""
    user = get_object_or_404(users_visible_to(request.user), pk=pk)
    wanted = request.POST.get("active", "")
    try:
        if wanted not in ("0", "1"):
            raise DomainError(_("แบบฟอร์มไม่ครบ กรุณาเปิดหน้านี้ใหม่แล้วลองอีกครั้ง"))
        services.user_set_active(actor=request.user, user=user, active=wanted == "1")
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if wanted == "1":
            messages.success(
                request, _("เปิดใช้งานบัญชี %(username)s แล้ว") % {"username": user.username}
            )
        else:
            messages.success(
                request, _("ปิดใช้งานบัญชี %(username)s แล้ว") % {"username": user.username}
            )
    return redirect("accounts:users")


@login_required
@require_POST
def user_invite(request, pk):
    """Send the person a new invitation (the link sent before stops working)."""
    user = get_object_or_404(users_visible_to(request.user), pk=pk)
    try:
        link = services.invitation_resend(
            actor=request.user, user=user, once=posted_token(request.POST)
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:users")
    if link:
        return _show_invitation_link(request, user, link)
    messages.success(
        request,
        _("ส่งคำเชิญใหม่ไปที่ %(email)s แล้ว ลิงก์เดิมใช้ไม่ได้อีก") % {"email": user.email},
    )
    return redirect("accounts:users")


@login_required
def user_role(request, pk):
    """Change a user's role inside the administrator's own scope."""
    user = get_object_or_404(users_visible_to(request.user), pk=pk)
    if not can_manage_user(request.user, user):
        raise Http404
    form = RoleChangeForm(
        request.POST or None,
        actor=request.user,
        initial={"role": user.role, "expected_version": user.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.user_role_change(
                actor=request.user,
                user=user,
                role=form.cleaned_data["role"],
                district=form.cleaned_data["district"],
                expected_version=form.cleaned_data["expected_version"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            user.refresh_from_db()
            if user.email:
                done = _("เปลี่ยนบทบาทของ %(username)s เป็น %(role)s แล้ว และแจ้งทางอีเมลแล้ว")
            else:
                done = _(
                    "เปลี่ยนบทบาทของ %(username)s เป็น %(role)s แล้ว บัญชีนี้ไม่มีอีเมล กรุณาแจ้งเจ้าของบัญชีเอง"
                )
            messages.success(
                request, done % {"username": user.username, "role": user.get_role_display()}
            )
            return redirect("accounts:users")
    return render(request, "accounts/user_role.html", {"account": user, "form": form})


@login_required
@require_POST
def user_unlock_login(request, pk):
    if not can_unlock_logins(request.user):
        raise Http404
    user = get_object_or_404(users_visible_to(request.user), pk=pk)
    try:
        services.user_unlock_login(actor=request.user, user=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("ปลดล็อกการเข้าสู่ระบบของ %(username)s แล้ว") % {"username": user.username}
        )
    return redirect("accounts:users")


@login_required
def home(request):
    user = request.user
    years = visible_to(user, ProgrammeYear).select_related("province")
    if is_district_staff(user) or is_province_officer(user):
        current = years.first()
        if current is not None and is_province_officer(user):
            return redirect("programme:status", pk=current.pk)
        if current is not None:
            return redirect("registration:register")
    if is_committee_member(user):
        # A committee member starts from the assessment rounds of the newest year they serve
        # in: one tap from a round's scoring page.
        current = years.order_by("-fiscal_year").first()
        if current is not None:
            return redirect("assessment:rounds", year_id=current.pk)
    return render(request, "accounts/home.html", {"years": years[:50]})


# --- the second factor (docs/security.md §5) ----------------------------------------------------


def _verified_or_new(view):
    """Set-up pages change the second factor: a user with a device must have passed it in this
    session first (the middleware lets unverified sessions reach these pages, so that a required
    role can set its first device up)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_verified() and selectors.has_any_device(request.user):
            return redirect("accounts:second_step")
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url("home")


def _manual_key(device) -> str:
    """The TOTP key in base32 for typing into an app, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@_verified_or_new
def security(request):
    user = request.user
    pending = selectors.pending_totp(user)
    return render(
        request,
        "accounts/security.html",
        {
            "totp": selectors.confirmed_totp(user),
            "pending": pending,
            "manual_key": _manual_key(pending) if pending else "",
            "code_form": CodeForm(),
            "passkeys": selectors.passkeys(user),
            "backup_codes_left": selectors.backup_codes_left(user),
            "has_factor": selectors.has_second_factor(user),
            "required": selectors.second_factor_required(user),
            "next": _safe_next(request) if request.GET.get("next") else "",
        },
    )


@_verified_or_new
@require_POST
def totp_begin(request):
    try:
        services.totp_begin(actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("accounts:security")


@_verified_or_new
def totp_qr(request):
    """The pending key's otpauth:// address as a QR code, drawn by the app itself (no outside
    service sees the key)."""
    device = selectors.pending_totp(request.user)
    if device is None:
        raise Http404
    svg = zxingcpp.create_barcode(
        device.config_url, zxingcpp.BarcodeFormat.QRCode, ec_level="M"
    ).to_svg()
    # zxing's SVG has a size but no viewBox: with one it scales to the <img> crisply.
    svg = re.sub(
        r'<svg width="(\d+)" height="(\d+)"',
        r'<svg viewBox="0 0 \1 \2" shape-rendering="crispEdges" width="\1" height="\2"',
        svg,
        count=1,
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


def _show_backup_codes(request, codes):
    return render(
        request, "accounts/backup_codes.html", {"codes": codes, "next": _safe_next(request)}
    )


@_verified_or_new
@require_POST
def totp_confirm(request):
    form = CodeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("กรุณาใส่รหัส 6 หลักจากแอป"))
        return redirect("accounts:security")
    try:
        device = services.totp_confirm(actor=request.user, code=form.cleaned_data["code"])
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:security")
    session_started(request)  # the user's other sessions ended; this one goes on
    if not request.user.is_verified():
        otp_login(request, device)
    messages.success(request, _("ตั้งค่าแอปยืนยันตัวตนแล้ว"))
    if selectors.backup_codes_left(request.user):
        return redirect("accounts:security")
    # The first factor: backup codes come with it, shown this once.
    return _show_backup_codes(request, services.backup_codes_generate(actor=request.user))


@_verified_or_new
@require_POST
def backup_codes(request):
    try:
        codes = services.backup_codes_generate(actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("accounts:security")
    return _show_backup_codes(request, codes)


@_verified_or_new
@require_POST
def totp_remove(request):
    try:
        services.totp_remove(actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("ลบแอปยืนยันตัวตนแล้ว"))
    return redirect("accounts:security")


@_verified_or_new
@require_POST
def passkey_remove(request):
    passkey = request.POST.get("passkey", "")
    try:
        if not is_small_id(passkey):
            raise DomainError(_("ไม่พบพาสคีย์นี้"))
        services.passkey_remove(actor=request.user, credential_id=int(passkey))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("ลบพาสคีย์แล้ว"))
    return redirect("accounts:security")


@login_required
def second_step(request):
    """After the password: a code from the app, a backup code, or a passkey."""
    user = request.user
    if user.is_verified():
        return redirect(_safe_next(request))
    if not selectors.has_any_device(user):
        # Reset by an administrator meanwhile: nothing to pass (the middleware's flag follows).
        request.session[SECOND_STEP_DUE] = False
        return redirect("accounts:security" if selectors.second_factor_required(user) else "home")
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            device = services.second_step_verify(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            add_domain_error(form, error)
            status = 429 if isinstance(error, services.CodeThrottled) else 200
        else:
            otp_login(request, device)
            return redirect(_safe_next(request))
    return render(
        request,
        "accounts/second_step.html",
        {
            "form": form,
            "has_totp": selectors.confirmed_totp(user) is not None,
            "has_passkey": bool(selectors.passkeys(user)),
            "backup_codes_left": selectors.backup_codes_left(user),
            "next": _safe_next(request),
        },
        status=status,
    )


@login_required
@require_POST
def user_second_factor_reset(request, pk):
    if not can_reset_second_factor(request.user):
        raise Http404
    user = get_object_or_404(users_visible_to(request.user), pk=pk)
    run_and_report(
        request,
        services.second_factor_reset,
        done=_("รีเซ็ตการยืนยันตัวตนขั้นที่สองของ %(username)s แล้ว ผู้ใช้ต้องเข้าสู่ระบบใหม่")
        % {"username": user.username},
        user=user,
        reason=request.POST.get("reason", ""),
    )
    return redirect("accounts:users")
