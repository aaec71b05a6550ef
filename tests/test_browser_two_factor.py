"""The second factor in a real browser (docs/security.md §5): a provincial officer sets up a TOTP
app and logs in with its code; a passkey is registered and used with Chromium's virtual
authenticator (DevTools protocol), under the app's strict CSP."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

from accounts.models import Role
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def required_for_administrators(settings):
    settings.OTP_REQUIRED_ROLES = [Role.ADMIN, Role.PROVINCE]


@pytest.fixture
def csp_errors(page):
    """Anything the CSP blocked, as the console reports it: must stay empty."""
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def _password(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/?" not in url and not url.endswith("/login/"))


def _code(key_text: str, *, offset: int = 0) -> str:
    import base64

    key = key_text.replace(" ", "")
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    totp.time = totp.time + offset * 30
    return f"{totp.token():06d}"


def _logout(page):
    page.click("header.top form[action$='/logout/'] button")
    page.wait_for_url("**/accounts/login/**")


def test_a_provincial_officer_sets_up_totp_and_logs_in_with_a_code(
    page, live_server, pat, csp_errors
):
    _password(page, live_server, "pat")
    # Required for the role: the set-up page and nothing else.
    page.wait_for_url("**/accounts/security/**")
    page.goto(f"{live_server.url}/accounts/users/")
    page.wait_for_url("**/accounts/security/**")
    page.click("button:has-text('ตั้งค่าแอปยืนยันตัวตน')")
    qr = page.locator("img.totp-qr")
    qr.wait_for()
    # The QR code the app drew has loaded (an image refused by the CSP never would).
    # Polled from here: wait_for_function evaluates its predicate as a string, which the app's
    # CSP (no unsafe-eval) refuses once it has to poll.
    for _ in range(100):
        if qr.evaluate("img => img.complete && img.naturalWidth > 0"):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the QR code never loaded")
    key = page.locator("[data-manual-key]").inner_text()
    page.fill("#id_code", _code(key))
    page.click("button:has-text('ยืนยัน')")
    page.wait_for_selector("[data-backup-codes]")
    assert page.locator("[data-backup-codes] li").count() == 10
    page.click("text=เก็บรหัสแล้ว ไปต่อ")
    page.goto(f"{live_server.url}/accounts/users/")
    assert page.locator("h1").inner_text() == "ผู้ใช้ในความรับผิดชอบ"
    assert TOTPDevice.objects.get(user=pat).confirmed

    _logout(page)
    _password(page, live_server, "pat")
    page.wait_for_url("**/accounts/login/second-step/**")
    page.fill("#id_code", "000000")
    page.click("form.mt-1 button[type=submit]")
    page.wait_for_selector("text=รหัสไม่ถูกต้อง")
    TOTPDevice.objects.filter(user=pat).update(throttling_failure_count=0)
    # The set-up's code is spent; the app's next one is accepted (one step of tolerance).
    page.fill("#id_code", _code(key, offset=1))
    page.click("form.mt-1 button[type=submit]")
    page.wait_for_url(lambda url: "second-step" not in url)
    page.goto(f"{live_server.url}/accounts/users/")
    assert page.locator("h1").inner_text() == "ผู้ใช้ในความรับผิดชอบ"
    assert csp_errors == []


def test_a_passkey_is_registered_and_passes_the_second_step(page, live_server, pat, csp_errors):
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )["authenticatorId"]

    _password(page, live_server, "pat")
    page.wait_for_url("**/accounts/security/**")
    page.click("button[data-passkey-register]")
    page.wait_for_selector("[data-passkeys] li")
    credential = WebAuthnCredential.objects.get(user=pat)
    assert credential.confirmed
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(stored["credentials"]) == 1
    # The passkey verified the session: the users page opens.
    page.goto(f"{live_server.url}/accounts/users/")
    assert page.locator("h1").inner_text() == "ผู้ใช้ในความรับผิดชอบ"

    _logout(page)
    _password(page, live_server, "pat")
    page.wait_for_url("**/accounts/login/second-step/**")
    page.click("button[data-passkey-login]")
    page.wait_for_url(lambda url: "second-step" not in url)
    page.goto(f"{live_server.url}/accounts/users/")
    assert page.locator("h1").inner_text() == "ผู้ใช้ในความรับผิดชอบ"
    credential.refresh_from_db()
    assert credential.sign_count >= 1 or credential.last_used_at is not None
    assert csp_errors == []
