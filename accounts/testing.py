"""For tests: a login that has passed the second factor too (docs/security.md §5).

`client.force_login` skips the login page and with it the second step, so a session of a role
that requires a second factor (OTP_REQUIRED_ROLES) is sent to the set-up page like any real
session without one. `login_verified` gives the user a confirmed TOTP device and marks the
session as verified by it, exactly what django_otp.login does after a right code.
"""

from django_otp import DEVICE_ID_SESSION_KEY
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
