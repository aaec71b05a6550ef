"""Reads about users' second factors (docs/security.md §5)."""

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import User


def second_factor_required(user: User) -> bool:
    """The roles in OTP_REQUIRED_ROLES (the department's and the provinces' administrators)
    must have a TOTP app or a passkey before they reach any page."""
    return bool(user.is_authenticated and user.role in settings.OTP_REQUIRED_ROLES)


def confirmed_totp(user: User) -> TOTPDevice | None:
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device


def pending_totp(user: User) -> TOTPDevice | None:
    device: TOTPDevice | None = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device


def passkeys(user: User) -> list[WebAuthnCredential]:
    return list(WebAuthnCredential.objects.filter(user=user, confirmed=True).order_by("created_at"))


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def has_second_factor(user: User) -> bool:
    """A TOTP app or a passkey: what a required role must have. Backup codes alone are only a
    way back in, not a factor to keep."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or WebAuthnCredential.objects.filter(user=user, confirmed=True).exists()
    )


def has_any_device(user: User) -> bool:
    """Anything that can pass the second step (backup codes too): then it must be passed."""
    return _with_a_device(User.objects.filter(pk=user.pk)).exists()


def _with_a_device(users: QuerySet[User]) -> QuerySet[User]:
    totp = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    keys = WebAuthnCredential.objects.filter(user=OuterRef("pk"), confirmed=True)
    codes = StaticToken.objects.filter(device__user=OuterRef("pk"), device__confirmed=True)
    return users.filter(Exists(totp) | Exists(keys) | Exists(codes))


def users_with_a_device(user_ids: Iterable[int]) -> set[int]:
    """Of `user_ids`, those with any device (the users page: one query whatever the count)."""
    rows = _with_a_device(User.objects.filter(pk__in=list(user_ids)))
    return set(rows.values_list("pk", flat=True))


def static_device(user: User) -> StaticDevice | None:
    device: StaticDevice | None = StaticDevice.objects.filter(user=user, confirmed=True).first()
    return device
