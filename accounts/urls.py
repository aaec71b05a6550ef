from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import invitations, passkeys, password, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/second-step/", views.second_step, name="second_step"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # People change their own password and reset a forgotten one by e-mail (accounts/password.py).
    path("password/", password.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/changed/", password.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("password/forgot/", password.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/forgot/sent/",
        password.PasswordResetSentView.as_view(),
        name="password_reset_sent",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        password.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        password.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # A new account's owner sets their first password through the invitation's link.
    path(
        "invitation/<uidb64>/<token>/",
        invitations.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path("invitation/done/", invitations.InvitationDoneView.as_view(), name="invitation_done"),
    path("users/", views.user_list, name="users"),
    path("users/<int:pk>/invite/", views.user_invite, name="user_invite"),
    path("users/<int:pk>/role/", views.user_role, name="user_role"),
    path("users/<int:pk>/toggle/", views.user_toggle, name="user_toggle"),
    path("users/<int:pk>/unlock/", views.user_unlock_login, name="user_unlock_login"),
    path(
        "users/<int:pk>/reset-second-factor/",
        views.user_second_factor_reset,
        name="user_second_factor_reset",
    ),
    # The account's own second factor (docs/security.md §5).
    path("security/", views.security, name="security"),
    path("security/totp/begin/", views.totp_begin, name="totp_begin"),
    path("security/totp/qr.svg", views.totp_qr, name="totp_qr"),
    path("security/totp/confirm/", views.totp_confirm, name="totp_confirm"),
    path("security/totp/remove/", views.totp_remove, name="totp_remove"),
    path("security/backup-codes/", views.backup_codes, name="backup_codes"),
    # The passkey in the form, not the address: it is looked up among the user's own only.
    path("security/passkeys/remove/", views.passkey_remove, name="passkey_remove"),
    # The WebAuthn ceremonies (JSON, called by static/js/passkeys.js).
    path(
        "security/passkeys/register/begin/",
        passkeys.RegisterBegin.as_view(),
        name="passkey_register_begin",
    ),
    path(
        "security/passkeys/register/complete/",
        passkeys.RegisterComplete.as_view(),
        name="passkey_register_complete",
    ),
    path("login/passkey/begin/", passkeys.AuthenticateBegin.as_view(), name="passkey_auth_begin"),
    path(
        "login/passkey/complete/",
        passkeys.AuthenticateComplete.as_view(),
        name="passkey_auth_complete",
    ),
]
