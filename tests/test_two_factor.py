"""The second factor (docs/security.md §5): TOTP with backup codes and passkeys, required for
the department's and the provinces' administrators, optional for everyone else, recovered by
another administrator in scope with an audit row."""

import base64
import hashlib
import json
import os
import re

import cbor2
import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp_webauthn.models import WebAuthnCredential

import config.settings
from accounts.models import Role
from accounts.testing import login_verified
from audit.models import AuditEntry
from tests.conftest import PASSWORD, make_user

LOGIN = "/accounts/login/"
SECURITY = "/accounts/security/"
SECOND_STEP = "/accounts/login/second-step/"


@pytest.fixture(autouse=True)
def required_for_administrators(settings):
    """What production has, whatever the suite's defaults say."""
    settings.OTP_REQUIRED_ROLES = [Role.ADMIN, Role.PROVINCE]


def password_login(client, username):
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def found(pattern, text) -> str:
    match = re.search(pattern, text)
    assert match, pattern
    return match.group(1)


def code_for(device, *, offset=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def confirmed_totp(user):
    return TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def test_the_administrator_roles_require_it_by_default():
    assert config.settings.OTP_REQUIRED_ROLES == ["ADMIN", "PROVINCE"]


# --- required for administrators, optional for others -----------------------------------------


@pytest.mark.parametrize("who", ["admin_user", "pat"])
def test_an_administrator_without_a_device_reaches_only_the_set_up(db, client, who, request):
    user = request.getfixturevalue(who)
    password_login(client, user.username)
    for path in ("/", "/units/", "/accounts/users/", "/programme/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(SECURITY), path
    page = client.get(SECURITY)
    assert page.status_code == 200
    assert "data-required" in page.content.decode()
    # Writes are not let through either.
    assert client.post("/accounts/users/", {"username": "x"}).status_code == 302


def test_a_district_officer_may_go_without(client, alice):
    password_login(client, "alice")
    assert client.get("/accounts/users/").status_code == 200
    body = client.get(SECURITY).content.decode()
    assert "data-required" not in body
    assert "ตั้งค่าแอปยืนยันตัวตน" in body


def test_only_a_session_verified_by_a_device_passes_for_an_administrator(client, pat):
    client.force_login(pat)
    session = client.session
    session.pop(DEVICE_ID_SESSION_KEY, None)  # whatever the suite's force_login does
    session.save()
    response = client.get("/accounts/users/")
    assert response.status_code == 302
    assert response["Location"].startswith((SECURITY, SECOND_STEP))
    login_verified(client, pat)
    assert client.get("/accounts/users/").status_code == 200


# --- TOTP set-up ---------------------------------------------------------------------------------


def test_totp_set_up_with_qr_and_manual_key_then_backup_codes_once(client, pat):
    password_login(client, "pat")
    assert client.post("/accounts/security/totp/begin/").status_code == 302
    device = TOTPDevice.objects.get(user=pat)
    assert not device.confirmed
    page = client.get(SECURITY).content.decode()
    key = found(r"data-manual-key>([A-Z2-7 ]+)<", page).replace(" ", "")
    assert base64.b32decode(key + "=" * (-len(key) % 8)) == device.bin_key
    qr = client.get("/accounts/security/totp/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and qr["Cache-Control"] == "no-store"
    assert b"viewBox" in qr.content and b"<path" in qr.content
    # Still required: the key alone is not a factor.
    assert client.get("/units/")["Location"].startswith(SECURITY)

    wrong = client.post("/accounts/security/totp/confirm/", {"code": "000000"}, follow=True)
    assert "รหัสไม่ถูกต้อง" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()

    shown = client.post("/accounts/security/totp/confirm/", {"code": code_for(device)})
    assert shown.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown.content.decode())
    assert len(codes) == 10
    assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/accounts/users/").status_code == 200  # the set-up verified this session
    assert AuditEntry.objects.filter(action="user.totp_add", actor=pat).exists()
    backup_row = AuditEntry.objects.get(action="user.backup_codes", actor=pat)
    assert not any(code in json.dumps(backup_row.changes) for code in codes)
    # Shown once: the security page tells how many are left, not which.
    page = client.get(SECURITY).content.decode()
    assert not any(code in page for code in codes)


def test_the_qr_code_is_there_only_while_a_key_is_pending(client, alice):
    password_login(client, "alice")
    assert client.get("/accounts/security/totp/qr.svg").status_code == 404


def test_qr_code_reads_back_as_the_otpauth_address(client, alice):
    import zxingcpp
    from PIL import Image, ImageDraw

    password_login(client, "alice")
    client.post("/accounts/security/totp/begin/")
    device = TOTPDevice.objects.get(user=alice)
    svg = client.get("/accounts/security/totp/qr.svg").content.decode()
    # Draw the SVG's unit squares back into pixels and read them as a camera would.
    size = int(found(r'width="(\d+)"', svg))
    image = Image.new("L", (size * 8, size * 8), 255)
    draw = ImageDraw.Draw(image)
    for x, y, w, h in re.findall(r"M(\d+) (\d+)h(\d+)v(\d+)h-\d+Z", svg):
        left, top = int(x) * 8, int(y) * 8
        draw.rectangle((left, top, left + int(w) * 8 - 1, top + int(h) * 8 - 1), fill=0)
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [device.config_url]
    assert "issuer=" in device.config_url


# --- the login's second step --------------------------------------------------------------------


def test_login_with_totp_goes_through_the_second_step(client, pat):
    device = confirmed_totp(pat)
    password_login(client, "pat")
    response = client.get("/accounts/users/")
    assert response.status_code == 302
    assert response["Location"] == f"{SECOND_STEP}?next=%2Faccounts%2Fusers%2F"
    # Nothing else either, the security page included (no new device without the old one).
    assert client.get(SECURITY)["Location"].startswith(SECOND_STEP)
    page = client.get(response["Location"])
    assert "ยืนยันตัวตนขั้นที่สอง" in page.content.decode()
    done = client.post(SECOND_STEP, {"code": code_for(device), "next": "/accounts/users/"})
    assert done.status_code == 302 and done["Location"] == "/accounts/users/"
    assert client.get("/accounts/users/").status_code == 200


def test_an_optional_user_with_a_device_must_pass_it_too(client, alice):
    confirmed_totp(alice)
    password_login(client, "alice")
    assert client.get("/units/")["Location"].startswith(SECOND_STEP)


def test_a_wrong_code_is_refused_and_then_the_device_backs_off(client, pat):
    device = confirmed_totp(pat)
    password_login(client, "pat")
    wrong = client.post(SECOND_STEP, {"code": "123456"})
    assert wrong.status_code == 200
    assert "รหัสไม่ถูกต้อง" in wrong.content.decode()
    # At once again: refused unchecked, even the right code, with the wait in Thai.
    throttled = client.post(SECOND_STEP, {"code": code_for(device)})
    assert throttled.status_code == 429
    assert "กรุณารอ" in throttled.content.decode()
    assert client.get("/units/")["Location"].startswith(SECOND_STEP)
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # the refused try counted nothing
    # The wait over, the right code works and clears the count.
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_timestamp=device.throttling_failure_timestamp.replace(year=2000)
    )
    assert client.post(SECOND_STEP, {"code": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 0


def test_a_code_is_read_in_thai_digits_and_with_spaces(client, alice):
    device = confirmed_totp(alice)
    password_login(client, "alice")
    code = code_for(device).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert client.post(SECOND_STEP, {"code": f"{code[:3]} {code[3:]}"}).status_code == 302


def test_the_same_totp_code_does_not_work_twice(client, alice):
    device = confirmed_totp(alice)
    code = code_for(device)
    password_login(client, "alice")
    assert client.post(SECOND_STEP, {"code": code}).status_code == 302
    client.post("/accounts/logout/")
    password_login(client, "alice")
    assert client.post(SECOND_STEP, {"code": code}).status_code == 200


def test_a_backup_code_works_once(client, pat):
    confirmed_totp(pat)
    static = StaticDevice.objects.create(user=pat, name="backup", confirmed=True)
    static.token_set.create(token="abcd2345")
    static.token_set.create(token="wxyz6789")
    password_login(client, "pat")
    assert client.post(SECOND_STEP, {"code": "ABCD-2345"}).status_code == 302
    assert client.get("/accounts/users/").status_code == 200
    assert not static.token_set.filter(token="abcd2345").exists()
    client.post("/accounts/logout/")
    password_login(client, "pat")
    again = client.post(SECOND_STEP, {"code": "abcd2345"})
    assert again.status_code == 200 and "รหัสไม่ถูกต้อง" in again.content.decode()


def test_the_next_address_must_be_this_site(client, alice):
    device = confirmed_totp(alice)
    password_login(client, "alice")
    done = client.post(SECOND_STEP, {"code": code_for(device), "next": "https://evil.example/"})
    assert done["Location"] == "/"


def test_regenerating_backup_codes_replaces_them(client, alice):
    login_verified(client, alice)
    first = re.findall(
        r"<code>([a-z2-7]{8})</code>",
        client.post("/accounts/security/backup-codes/").content.decode(),
    )
    second = re.findall(
        r"<code>([a-z2-7]{8})</code>",
        client.post("/accounts/security/backup-codes/").content.decode(),
    )
    assert len(first) == len(second) == 10 and not set(first) & set(second)
    assert StaticToken.objects.filter(device__user=alice).count() == 10


def test_backup_codes_need_a_factor_first(client, alice):
    password_login(client, "alice")
    response = client.post("/accounts/security/backup-codes/", follow=True)
    assert "ตั้งค่าแอปยืนยันตัวตนหรือพาสคีย์ก่อน" in response.content.decode()
    assert not StaticToken.objects.exists()


def test_a_required_role_cannot_remove_its_last_factor(client, pat):
    login_verified(client, pat)
    response = client.post("/accounts/security/totp/remove/", follow=True)
    assert "อย่างน้อยหนึ่งวิธี" in response.content.decode()
    assert TOTPDevice.objects.filter(user=pat, confirmed=True).exists()


def test_an_optional_user_removes_the_factor_and_its_backup_codes(client, alice):
    login_verified(client, alice)
    client.post("/accounts/security/backup-codes/")
    assert client.post("/accounts/security/totp/remove/").status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticDevice.objects.filter(user=alice).exists()
    assert AuditEntry.objects.filter(action="user.totp_remove", actor=alice).exists()


# --- passkeys (a software authenticator: the browser test uses Chromium's virtual one) ----------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SoftAuthenticator:
    """A passkey authenticator in Python: 'none' attestation, an ES256 key."""

    def __init__(self, origin="http://localhost"):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(16)
        self.origin = origin
        self.count = 0

    def _client_data(self, kind, challenge):
        return json.dumps({"type": kind, "challenge": challenge, "origin": self.origin}).encode()

    def create(self, options):
        numbers = self.key.public_key().public_numbers()
        cose = cbor2.dumps(
            {
                1: 2,
                3: -7,
                -1: 1,
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )
        auth_data = (
            hashlib.sha256(options["rp"]["id"].encode()).digest()
            + bytes([0x45])  # user present, verified, attested credential data
            + self.count.to_bytes(4, "big")
            + bytes(16)
            + len(self.credential_id).to_bytes(2, "big")
            + self.credential_id
            + cose
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64url(
                    self._client_data("webauthn.create", options["challenge"])
                ),
                "attestationObject": b64url(attestation),
                "transports": ["internal"],
            },
        }

    def get(self, options):
        self.count += 1
        client_data = self._client_data("webauthn.get", options["challenge"])
        auth_data = (
            hashlib.sha256(options["rpId"].encode()).digest()
            + bytes([0x05])
            + self.count.to_bytes(4, "big")
        )
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return {
            "id": b64url(self.credential_id),
            "rawId": b64url(self.credential_id),
            "type": "public-key",
            "authenticatorAttachment": "platform",
            "clientExtensionResults": {},
            "response": {
                "clientDataJSON": b64url(client_data),
                "authenticatorData": b64url(auth_data),
                "signature": b64url(signature),
                "userHandle": None,
            },
        }


@pytest.fixture
def local(client):
    """The test client on http://localhost, an origin passkeys may use in development."""
    client.defaults["HTTP_HOST"] = "localhost"
    return client


def post_json(client, url, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def register_passkey(client, authenticator):
    begin = post_json(client, "/accounts/security/passkeys/register/begin/")
    assert begin.status_code == 200, begin.content
    options = begin.json()
    assert options["rp"]["id"] == "localhost"
    return post_json(
        client, "/accounts/security/passkeys/register/complete/", authenticator.create(options)
    )


def test_an_administrator_registers_a_passkey_as_first_factor(local, pat):
    password_login(local, "pat")
    authenticator = SoftAuthenticator()
    complete = register_passkey(local, authenticator)
    assert complete.status_code == 200, complete.content
    credential = WebAuthnCredential.objects.get(user=pat)
    assert credential.confirmed
    assert local.get("/accounts/users/").status_code == 200  # verified by the new passkey
    row = AuditEntry.objects.get(action="user.passkey_add", actor=pat)
    assert row.changes["passkey"] == credential.pk
    page = local.get(SECURITY).content.decode()
    assert "data-passkeys" in page and "รหัสสำรอง" in page


def test_login_with_a_passkey_as_the_second_step(local, pat):
    password_login(local, "pat")
    authenticator = SoftAuthenticator()
    register_passkey(local, authenticator)
    local.post("/accounts/logout/")

    password_login(local, "pat")
    assert local.get("/units/")["Location"].startswith(SECOND_STEP)
    page = local.get(SECOND_STEP).content.decode()
    assert "data-passkey-login" in page and "js/passkeys.js" in page
    begin = post_json(local, "/accounts/login/passkey/begin/")
    options = begin.json()
    assert [c["id"] for c in options["allowCredentials"]] == [b64url(authenticator.credential_id)]
    done = post_json(local, "/accounts/login/passkey/complete/", authenticator.get(options))
    assert done.status_code == 200, done.content
    assert local.get("/accounts/users/").status_code == 200


def test_a_forged_passkey_answer_is_refused(local, pat):
    password_login(local, "pat")
    register_passkey(local, SoftAuthenticator())
    local.post("/accounts/logout/")
    password_login(local, "pat")
    options = post_json(local, "/accounts/login/passkey/begin/").json()
    impostor = SoftAuthenticator()
    impostor.credential_id = WebAuthnCredential.objects.get(user=pat).credential_id
    assert (
        post_json(local, "/accounts/login/passkey/complete/", impostor.get(options)).status_code
        >= 400
    )
    assert local.get("/units/")["Location"].startswith(SECOND_STEP)


def test_no_passwordless_login_with_a_passkey(local, pat):
    assert post_json(local, "/accounts/login/passkey/begin/").status_code == 403
    assert local.get("/units/")["Location"].startswith(LOGIN)


def test_a_new_passkey_needs_the_existing_factor_first(local, alice):
    confirmed_totp(alice)
    password_login(local, "alice")
    # The library's own refusal: a device to pass first (the page itself is not reachable).
    assert post_json(local, "/accounts/security/passkeys/register/begin/").status_code == 403
    assert local.get(SECURITY)["Location"].startswith(SECOND_STEP)
    assert not WebAuthnCredential.objects.exists()


def test_a_passkey_from_another_origin_is_refused(local, alice):
    password_login(local, "alice")
    complete = register_passkey(local, SoftAuthenticator(origin="https://evil.example"))
    assert complete.status_code >= 400
    assert not WebAuthnCredential.objects.exists()


def test_removing_a_passkey_is_audited(local, alice):
    password_login(local, "alice")
    register_passkey(local, SoftAuthenticator())
    credential = WebAuthnCredential.objects.get(user=alice)
    assert local.post("/accounts/security/passkeys/remove/", {"passkey": "x"}).status_code == 302
    assert (
        local.post("/accounts/security/passkeys/remove/", {"passkey": credential.pk}).status_code
        == 302
    )
    assert not WebAuthnCredential.objects.exists()
    assert AuditEntry.objects.filter(action="user.passkey_remove", actor=alice).exists()


def test_nobody_removes_another_users_passkey(local, alice, dave):
    password_login(local, "dave")
    register_passkey(local, SoftAuthenticator())
    daves = WebAuthnCredential.objects.get(user=dave)
    local.post("/accounts/logout/")
    password_login(local, "alice")
    response = local.post("/accounts/security/passkeys/remove/", {"passkey": daves.pk}, follow=True)
    assert "ไม่พบพาสคีย์นี้" in response.content.decode()
    assert WebAuthnCredential.objects.filter(pk=daves.pk).exists()


def test_the_pages_keep_the_strict_csp_and_carry_no_inline_script(local, alice):
    password_login(local, "alice")
    for path in (SECURITY,):
        response = local.get(path)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        scripts = re.findall(r"<script([^>]*)>", response.content.decode())
        assert scripts and all("src=" in attrs for attrs in scripts)
    assert local.get("/static/js/passkeys.js").status_code == 200


# --- recovery by another administrator ---------------------------------------------------------


REASON = {"reason": "โทรศัพท์หาย ยืนยันตัวตนทางโทรศัพท์กับหัวหน้าแล้ว"}


def with_devices(user):
    confirmed_totp(user)
    static = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    static.token_set.create(token="abcd2345")


def test_the_province_resets_a_district_officer_and_it_is_audited(client, pat, alice):
    with_devices(alice)
    login_verified(client, pat)
    page = client.get("/accounts/users/").content.decode()
    assert f"/accounts/users/{alice.pk}/reset-second-factor/" in page
    assert (
        client.post(f"/accounts/users/{alice.pk}/reset-second-factor/", REASON).status_code == 302
    )
    assert not TOTPDevice.objects.filter(user=alice).exists()
    assert not StaticDevice.objects.filter(user=alice).exists()
    row = AuditEntry.objects.get(action="user.second_factor_reset")
    assert (row.actor, row.object_id) == (pat, str(alice.pk))
    assert row.changes == {"totp": 1, "passkeys": 0, "backup_codes": 1}
    assert row.note == REASON["reason"]
    # alice logs in with the password alone again (optional for her role).
    client.post("/accounts/logout/")
    password_login(client, "alice")
    assert client.get("/accounts/users/").status_code == 200


def test_after_a_reset_an_administrator_must_set_up_again(client, admin_user, pat):
    pat_client = client.__class__()
    device = confirmed_totp(pat)
    password_login(pat_client, "pat")
    pat_client.post(SECOND_STEP, {"code": code_for(device)})
    assert pat_client.get("/accounts/users/").status_code == 200

    login_verified(client, admin_user)
    assert client.post(f"/accounts/users/{pat.pk}/reset-second-factor/", REASON).status_code == 302
    # pat's open session ended; signed in again, pat reaches only the set-up.
    assert pat_client.get("/units/")["Location"].startswith("/accounts/login/")
    password_login(pat_client, "pat")
    final = pat_client.get("/units/", follow=True)
    assert final.redirect_chain[-1][0].startswith(SECURITY)
    assert "data-required" in final.content.decode()
    assert pat_client.get("/accounts/users/")["Location"].startswith(SECURITY)


def test_a_reset_without_a_reason_is_refused_and_changes_nothing(client, pat, alice):
    with_devices(alice)
    login_verified(client, pat)
    response = client.post(f"/accounts/users/{alice.pk}/reset-second-factor/", follow=True)
    assert "กรุณาระบุเหตุผล" in response.content.decode()
    assert TOTPDevice.objects.filter(user=alice).exists()
    assert not AuditEntry.objects.filter(action="user.second_factor_reset").exists()


def test_a_province_officer_cannot_reset_a_peers_the_department_can(client, pat, admin_user):
    peer = make_user("pam", Role.PROVINCE, province="51")
    with_devices(peer)
    login_verified(client, pat)
    page = client.get("/accounts/users/").content.decode()
    assert f"/accounts/users/{peer.pk}/reset-second-factor/" not in page
    response = client.post(f"/accounts/users/{peer.pk}/reset-second-factor/", REASON, follow=True)
    assert "คุณไม่มีสิทธิ์รีเซ็ต" in response.content.decode()
    assert TOTPDevice.objects.filter(user=peer).exists()
    client.post("/accounts/logout/")
    login_verified(client, admin_user)
    assert client.post(f"/accounts/users/{peer.pk}/reset-second-factor/", REASON).status_code == 302
    assert not TOTPDevice.objects.filter(user=peer).exists()


def test_setting_up_a_second_factor_ends_the_users_other_sessions(client, alice):
    """A browser signed in before the set-up had no second step to pass: it signs in again."""
    other = client.__class__()
    password_login(other, "alice")
    assert other.get("/accounts/users/").status_code == 200
    password_login(client, "alice")
    client.post("/accounts/security/totp/begin/")
    device = TOTPDevice.objects.get(user=alice)
    assert (
        client.post("/accounts/security/totp/confirm/", {"code": code_for(device)}).status_code
        == 200
    )
    # The session that set it up goes on; the other one is signed out.
    assert client.get("/accounts/users/").status_code == 200
    ended = other.get("/accounts/users/", follow=True)
    assert ended.redirect_chain[0][0].startswith("/accounts/login/")
    assert "กรุณาเข้าสู่ระบบอีกครั้ง" in ended.content.decode()
    password_login(other, "alice")
    assert other.get("/accounts/users/")["Location"].startswith(SECOND_STEP)


def test_a_province_of_another_province_gets_404_and_nothing_changes(client, olivia, alice):
    with_devices(alice)
    login_verified(client, olivia)
    assert (
        client.post(f"/accounts/users/{alice.pk}/reset-second-factor/", REASON).status_code == 404
    )
    assert TOTPDevice.objects.filter(user=alice).exists()
    assert not AuditEntry.objects.filter(action="user.second_factor_reset").exists()


def test_a_district_officer_cannot_reset_and_sees_no_button(client, alice, dave):
    with_devices(dave)
    login_verified(client, alice)
    assert "reset-second-factor" not in client.get("/accounts/users/").content.decode()
    assert client.post(f"/accounts/users/{dave.pk}/reset-second-factor/", REASON).status_code == 404
    assert TOTPDevice.objects.filter(user=dave).exists()


def test_nobody_resets_their_own(client, pat):
    login_verified(client, pat)
    assert (
        f"/accounts/users/{pat.pk}/reset-second-factor/"
        not in client.get("/accounts/users/").content.decode()
    )
    response = client.post(f"/accounts/users/{pat.pk}/reset-second-factor/", REASON, follow=True)
    assert "ของตนเองไม่ได้" in response.content.decode()
    assert TOTPDevice.objects.filter(user=pat).exists()
    assert not AuditEntry.objects.filter(action="user.second_factor_reset").exists()


def test_the_second_step_after_a_reset_meanwhile_lets_an_optional_user_on(client, alice, pat):
    device = confirmed_totp(alice)
    password_login(client, "alice")
    assert client.get("/units/")["Location"].startswith(SECOND_STEP)
    device.delete()
    assert client.get(SECOND_STEP)["Location"] == "/"
    assert client.get("/accounts/users/").status_code == 200
