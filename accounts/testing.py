"""For tests: a login that has passed the second factor too (docs/security.md §5).

`client.force_login` skips the login page and with it the second step, so a session of a role
that requires a second factor (OTP_REQUIRED_ROLES) is sent to the set-up page like any real
session without one. `login_verified` gives the user a confirmed TOTP device and marks the
session as verified by it, exactly what django_otp.login does after a right code.
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def verify_session(client, user) -> TOTPDevice:
    """Mark `client`'s session (already logged in as `user`) as having passed the second step
    with the user's TOTP device, made confirmed if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def login_verified(client, user) -> TOTPDevice:
    client.force_login(user)
    return verify_session(client, user)


def totp_code(device: TOTPDevice) -> str:
    """The device's code now, or the next one when this one was used already (a code works
    once; the device accepts one step ahead)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t >= totp.t():
        totp.time += device.step * (device.last_t - totp.t() + 1)
    return f"{totp.token():0{device.digits}d}"


def second_step_in_browser(page, live_server, username: str) -> None:
    """Call after the password was sent through the login form: for a role that requires a
    second factor, give the user a TOTP device if needed and pass the second step with its
    code. Nothing for the other roles."""
    from django.conf import settings

    from accounts.models import User

    page.wait_for_url(lambda url: "/accounts/login/" not in url or "second-step" in url)
    user = User.objects.get(username=username)
    if user.role not in settings.OTP_REQUIRED_ROLES:
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    page.goto(f"{live_server.url}/accounts/login/second-step/")
    page.fill("#id_code", totp_code(device))
    page.click("form.mt-1 button[type=submit]")
    page.wait_for_url(lambda url: "second-step" not in url)
