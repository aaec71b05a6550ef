"""Invitations: a new officer's or committee member's account is made without a password, and
its owner sets one through a one-time link that expires (accounts.services.invitation_send).

The link is Django's password-reset token with a salt of its own: it is signed over the
account's password hash, so setting the password (accepting) or a newer invitation (which
gives the account a fresh unusable password) voids every link sent before.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.http import HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from accounts.models import User

# A week: long enough for a member who reads mail once a week, short enough that a link
# forgotten in an inbox dies.
INVITATION_DAYS = 7


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.invitations.InvitationTokenGenerator"

    def check_token(self, user: User | None, token: str | None) -> bool:
        """Django's check with the invitation's own lifetime instead of
        PASSWORD_RESET_TIMEOUT."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, ts, secret), token)
            for secret in secrets
        ):
            return False
        return bool(self._num_seconds(self._now()) - ts <= INVITATION_DAYS * 24 * 3600 and ts >= 0)


invitation_token = InvitationTokenGenerator()


def invitation_link(user: User) -> str:
    """The public address (SITE_URL, not the request's host) of a fresh link for `user`."""
    path = reverse(
        "accounts:invitation_accept",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def expires_on(sent_at: datetime) -> datetime:
    """When an invitation sent at `sent_at` stops working, in local time (Asia/Bangkok)."""
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localtime(sent_at + timedelta(days=INVITATION_DAYS))


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """Django's reset-confirm page with the invitation's token: the token moves from the
    address into the session and out of the Referer; an expired or used link shows the Thai
    page of accounts/invitation_accept.html."""

    template_name = "accounts/invitation_accept.html"
    token_generator = invitation_token
    reset_url_token = "set-password"
    success_url = reverse_lazy("accounts:invitation_done")

    def get_user(self, uidb64):
        # A closed account is not opened by an old invitation.
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        from accounts import services

        services.invitation_accept(user=form.user, password=form.cleaned_data["new_password1"])
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class InvitationDoneView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/invitation_done.html"
