"""Reads about users: their second factors (docs/security.md §5) and invitations."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.invitations import expires_on
from accounts.models import Invitation, User


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


def latest_invitations(user_ids: Iterable[int]) -> dict[int, Invitation]:
    """The newest invitation of each of `user_ids` that has one (one query)."""
    latest: dict[int, Invitation] = {}
    rows = Invitation.objects.filter(user_id__in=list(user_ids)).order_by("user_id", "-sent_at")
    for invitation in rows:
        latest.setdefault(invitation.user_id, invitation)
    return latest


@dataclass(frozen=True)
class UserRow:
    """A row of the users page: the account and what the page says about it."""

    user: User
    recent_failures: int
    has_second_factor: bool
    invitation: Invitation | None
    manageable: bool
    can_invite: bool
    can_reset_second_factor: bool = False

    @property
    def invitation_state(self) -> str:
        """ "accepted", "pending", "expired", "none" (made without one: set up before
        invitations) or "" (a password of its own and no invitation to speak of)."""
        if self.user.has_usable_password():
            return "accepted" if self.invitation is not None else ""
        if self.invitation is None:
            return "none"
        return "expired" if self.invitation_expires < _now() else "pending"

    @property
    def invitation_expires(self) -> datetime:
        assert self.invitation is not None
        return expires_on(self.invitation.sent_at)


def _now() -> datetime:
    from django.utils import timezone

    return timezone.now()
