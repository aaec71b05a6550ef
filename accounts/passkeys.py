"""Passkeys (django-otp-webauthn) as a second factor, never instead of the password
(docs/security.md §5).

The library's JSON views do the WebAuthn ceremonies; these subclasses add what the project
needs around them: the relying party of the deployment, an audit row for every passkey added,
in the same transaction, and no passwordless login. The page's script is our own
static/js/passkeys.js (the strict CSP in core/middleware.py allows no inline script).
"""

import json

import django_otp_webauthn.views as webauthn_views  # the library's views are its extension point
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp_webauthn import exceptions as webauthn_errors
from django_otp_webauthn.helpers import WebAuthnHelper

from accounts import services
from accounts.sessions import session_started


def relying_party_name(request) -> str:
    """The site's name as the browser shows it when a passkey is made."""
    return str(_("ระบบมาตรฐานการพัฒนาชุมชน (มชช.)"))


class PasskeyHelper(WebAuthnHelper):
    """The relying party of config/settings.py (WEBAUTHN_RP_ID / WEBAUTHN_ORIGINS); in
    development also any port of localhost, the address the browser tests' live server gets."""

    def get_allowed_origins(self) -> list[str]:
        origins = list(settings.OTP_WEBAUTHN_ALLOWED_ORIGINS)
        host = self.request.get_host()
        if settings.WEBAUTHN_ANY_LOCALHOST_PORT and host.rsplit(":", 1)[0] == "localhost":
            origins.append(f"{self.request.scheme}://{host}")
        return origins

    def get_credential_display_name(self, user) -> str:
        return f"{user.full_name} ({user.get_username()})"


class RegisterBegin(webauthn_views.BeginCredentialRegistrationView):
    pass


class RegisterComplete(webauthn_views.CompleteCredentialRegistrationView):
    """The library saves the credential and marks the session verified (the library refuses a
    user who has a device but has not passed it in this session); the audit row goes in the
    same transaction."""

    def post(self, *args, **kwargs):
        with transaction.atomic():
            response = super().post(*args, **kwargs)
            if response.status_code == 200:
                credential_id = json.loads(response.content)["id"]
                services.passkey_added(actor=self.request.user, credential_id=credential_id)
                session_started(self.request)  # the others ended; this one goes on
        return response


class AuthenticateBegin(webauthn_views.BeginCredentialAuthenticationView):
    """Only for the second step: the password has been given (the library would otherwise
    accept passwordless logins when the setting allows them)."""

    def check_can_authenticate(self):
        if not self.request.user.is_authenticated:
            raise webauthn_errors.PasswordlessLoginDisabled()
        super().check_can_authenticate()


class AuthenticateComplete(webauthn_views.CompleteCredentialAuthenticationView):
    def check_can_authenticate(self):
        if not self.request.user.is_authenticated:
            raise webauthn_errors.PasswordlessLoginDisabled()
        super().check_can_authenticate()
