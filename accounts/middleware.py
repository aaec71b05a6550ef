"""The second step of the login, for every page (docs/security.md §5).

After the password a session is authenticated but not yet verified (django-otp's
OTPMiddleware says so, from the device the session passed). Until it is:
- a user with a device reaches only the second step (code, backup code or passkey);
- a user whose role requires a second factor (OTP_REQUIRED_ROLES) and has none reaches only
  the set-up of one;
- anyone else goes on as before (the second factor is optional for them).
Whether the user has a device is read once at login into the session (`SECOND_STEP_DUE`), so
the pages of users without one cost no query; the second-step and set-up views read the devices
again themselves, so a stale flag can only send a user to the wrong one of the two pages.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from accounts import selectors
from accounts.sessions import session_outdated, session_started

SECOND_STEP_DUE = "second_step_due"

# URL names a session that has not passed the second step may open.
OPEN_BEFORE_SECOND_STEP = frozenset(
    {
        "accounts:second_step",
        "accounts:passkey_auth_begin",
        "accounts:passkey_auth_complete",
        "accounts:security",
        "accounts:totp_begin",
        "accounts:totp_qr",
        "accounts:totp_confirm",
        "accounts:passkey_register_begin",
        "accounts:passkey_register_complete",
        "accounts:logout",
        "set_language",
    }
)


def second_step_due(request) -> bool:
    """Whether this session's user has a device to pass (read at login; computed once for a
    session from before the second factor existed)."""
    due = request.session.get(SECOND_STEP_DUE)
    if due is None:
        due = request.session[SECOND_STEP_DUE] = selectors.has_any_device(request.user)
    return bool(due)


def remember_devices_at_login(sender, request, user, **kwargs):
    """user_logged_in (connected in accounts/apps.py): note whether the second step is due."""
    if request is not None and hasattr(request, "session"):
        request.session[SECOND_STEP_DUE] = selectors.has_any_device(user)
        session_started(request)


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and session_outdated(request):
            # Signed in before a second factor was set up or reset elsewhere: this browser
            # signs in again, and passes the second step if the account now has one.
            logout(request)
            messages.info(
                request,
                _("ออกจากระบบแล้ว เนื่องจากการยืนยันตัวตนขั้นที่สองของบัญชีนี้เปลี่ยนไป กรุณาเข้าสู่ระบบอีกครั้ง"),
            )
            user = None
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        due = second_step_due(request)
        if not due and not selectors.second_factor_required(user):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.view_name in OPEN_BEFORE_SECOND_STEP:
            return self.get_response(request)
        target = reverse("accounts:second_step" if due else "accounts:security")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
