"""Login throttling that cannot be turned against users (docs/security.md §5).

axes locks the pair (user name, client address); a user name alone only backs off; the client
address comes from the proxy header the deployment names and from nowhere else; the department
and a province unlock an account in their scope.
"""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.utils import timezone

from accounts import throttle
from accounts.testing import login_verified
from audit.models import AuditEntry
from core.client_ip import client_ip
from tests.conftest import PASSWORD

LOGIN = "/accounts/login/"


def attempt(client, username, password="wrong-password", **meta):
    meta.setdefault("REMOTE_ADDR", "10.0.0.1")
    return client.post(LOGIN, {"username": username, "password": password}, **meta)


def logged_in(response) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def page_text(response) -> str:
    """The page without its CSRF token, which differs on every page."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def fresh(client):
    client.logout()
    return client


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1


# --- the pair ------------------------------------------------------------------------------


def test_made_up_user_names_from_one_address_do_not_lock_a_real_user(client, alice, settings):
    for n in range(settings.AXES_FAILURE_LIMIT * 2):
        attempt(client, f"nobody{n}")
    assert logged_in(attempt(client, "alice", PASSWORD))


def test_the_pair_locks_with_a_thai_message_and_elsewhere_still_works(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice")
    locked = attempt(client, "alice", PASSWORD)
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "ถูกระงับชั่วคราว" in page
    assert "กรุณารอ 15 นาที" in page
    assert locked["Retry-After"] == "900"
    assert "_auth_user_id" not in client.session
    assert logged_in(attempt(client, "alice", PASSWORD, REMOTE_ADDR="10.0.0.2"))


def test_a_made_up_user_name_locks_with_the_same_page(client, alice, settings):
    for username in ("alice", "nobody"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt(client, username)
    real, made_up = attempt(client, "alice", PASSWORD), attempt(client, "nobody", PASSWORD)
    assert real.status_code == made_up.status_code == 429
    assert page_text(real) == page_text(made_up)


# --- the client address --------------------------------------------------------------------


def test_behind_the_proxy_failures_from_another_client_do_not_lock_the_user(
    client, alice, settings, behind_proxy
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        # Every request arrives from the proxy; the attacker's own left part is not believed.
        attempt(
            client,
            "alice",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    at_attacker = attempt(
        client, "alice", PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert at_attacker.status_code == 429
    assert logged_in(
        attempt(
            client, "alice", PASSWORD, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7"
        )
    )


def test_a_spoofed_forwarded_header_is_ignored_when_no_proxy_is_configured(client, alice, settings):
    assert settings.TRUSTED_PROXY_HEADER == ""
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}", HTTP_X_REAL_IP=f"192.0.2.{n}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"10.0.0.1"}
    spoofed = attempt(client, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    assert spoofed.status_code == 429


def test_client_ip_reads_the_configured_header_from_the_right(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2, 3.3.3.3"
    )
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "3.3.3.3"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request) == "2.2.2.2"
    settings.TRUSTED_PROXY_COUNT = 4  # fewer hops than proxies: not through them
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    garbage = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="x, <b>")
    assert client_ip(garbage) == "127.0.0.1"
    settings.TRUSTED_PROXY_HEADER = "REMOTE_ADDR"  # no proxy, on purpose
    assert client_ip(request) == "127.0.0.1"
    settings.TRUSTED_PROXY_HEADER = "HTTP_X_REAL_IP"
    real_ip = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="2001:db8::1")
    assert client_ip(real_ip) == "2001:db8::1"


# --- the user name alone -------------------------------------------------------------------


def fail_from_many_addresses(client, username, count, first=1):
    for n in range(first, first + count):
        attempt(client, username, REMOTE_ADDR=f"10.1.0.{n}")


def age_attempts(username, seconds):
    for row in AccessAttempt.objects.filter(username=username):
        row.attempt_time -= timedelta(seconds=seconds)
        row.save(update_fields=["attempt_time"])


def pin_throttle_clock(monkeypatch, *usernames):
    """The wait counts from the newest failure: the failures are put at one instant and the
    throttle's clock pinned to it, so a busy machine taking over a second for a request still
    reads 30 seconds, not 29."""
    instant = timezone.now()
    AccessAttempt.objects.filter(username__in=usernames).update(attempt_time=instant)
    monkeypatch.setattr(throttle, "timezone", SimpleNamespace(now=lambda: instant))


def test_many_addresses_slow_a_user_name_down_but_never_lock_it(
    client, alice, settings, monkeypatch
):
    fail_from_many_addresses(client, "alice", settings.LOGIN_BACKOFF_AFTER)
    pin_throttle_clock(monkeypatch, "alice")
    waiting = attempt(client, "alice", PASSWORD, REMOTE_ADDR="10.2.0.1")
    assert waiting.status_code == 429
    assert waiting["Retry-After"] == "30"
    page = waiting.content.decode()
    assert "กรุณารอ 30 วินาที" in page
    assert "_auth_user_id" not in client.session
    # The refused try checked no password and counted no failure.
    assert not AccessAttempt.objects.filter(ip_address="10.2.0.1").exists()
    age_attempts("alice", 31)
    assert logged_in(attempt(client, "alice", PASSWORD, REMOTE_ADDR="10.2.0.1"))


def test_the_wait_doubles_per_failure_up_to_the_cap(alice, settings):
    now = timezone.now()
    for n in range(settings.LOGIN_BACKOFF_AFTER + 5):
        AccessAttempt.objects.create(
            username="alice",
            ip_address=f"10.3.0.{n}",
            user_agent="t",
            get_data="",
            post_data="",
            http_accept="",
            path_info=LOGIN,
            failures_since_start=1,
        )
        AccessAttempt.objects.update(attempt_time=now)  # attempt_time is auto_now_add
        past = n + 1 - settings.LOGIN_BACKOFF_AFTER
        expected = 0 if past < 0 else min(30 * 2**past, settings.LOGIN_BACKOFF_MAX_SECONDS)
        assert throttle.backoff_seconds("alice", "10.9.9.9", now=now) == expected
    assert throttle.backoff_seconds("alice", "10.9.9.9", now=now + timedelta(seconds=301)) == 0


def test_the_users_own_address_does_not_wait(client, alice, settings):
    assert logged_in(attempt(client, "alice", PASSWORD, REMOTE_ADDR="10.5.0.1"))
    fresh(client)
    fail_from_many_addresses(client, "alice", settings.LOGIN_BACKOFF_AFTER + 3)
    assert attempt(client, "alice", PASSWORD, REMOTE_ADDR="10.2.0.1").status_code == 429
    assert logged_in(attempt(client, "alice", PASSWORD, REMOTE_ADDR="10.5.0.1"))


def test_the_back_off_tells_nothing_about_whether_the_user_name_exists(
    client, alice, settings, monkeypatch
):
    fail_from_many_addresses(client, "alice", settings.LOGIN_BACKOFF_AFTER)
    fail_from_many_addresses(client, "nobody", settings.LOGIN_BACKOFF_AFTER)
    pin_throttle_clock(monkeypatch, "alice", "nobody")
    real = attempt(client, "alice", PASSWORD, REMOTE_ADDR="10.2.0.1")
    made_up = attempt(client, "nobody", PASSWORD, REMOTE_ADDR="10.2.0.1")
    assert real.status_code == made_up.status_code == 429
    # The form gives back the user name as typed; nothing else differs.
    assert page_text(real).replace("alice", "X") == page_text(made_up).replace("nobody", "X")


# --- unlocking -----------------------------------------------------------------------------


def lock_alice(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice")
    fail_from_many_addresses(client, "alice", settings.LOGIN_BACKOFF_AFTER)
    assert attempt(client, "alice", PASSWORD).status_code == 429


def test_the_province_unlocks_and_it_is_audited(client, alice, pat, settings):
    lock_alice(client, settings)
    rows = AccessAttempt.objects.filter(username="alice").count()
    login_verified(client, pat)
    page = client.get("/accounts/users/").content.decode()
    assert "ปลดล็อกการเข้าสู่ระบบ" in page
    assert f"/accounts/users/{alice.pk}/unlock/" in page
    response = client.post(f"/accounts/users/{alice.pk}/unlock/")
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()
    entry = AuditEntry.objects.get(action="user.unlock_login", object_id=str(alice.pk))
    assert entry.actor == pat
    assert entry.changes["attempts_cleared"] == rows
    fresh(client)
    assert logged_in(attempt(client, "alice", PASSWORD))


def test_the_department_unlocks_too(client, alice, admin_user, settings):
    lock_alice(client, settings)
    login_verified(client, admin_user)
    assert client.post(f"/accounts/users/{alice.pk}/unlock/").status_code == 302
    assert not AccessAttempt.objects.filter(username="alice").exists()


@pytest.mark.parametrize("outsider", ["olivia", "alice_officer"])
def test_others_cannot_unlock(client, alice, dave, olivia, settings, outsider):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "dave")
    # Another province's officer; the district officer manages accounts but does not unlock.
    actor = olivia if outsider == "olivia" else alice
    login_verified(client, actor)
    assert client.post(f"/accounts/users/{dave.pk}/unlock/").status_code == 404
    assert AccessAttempt.objects.filter(username="dave").exists()
    assert not AuditEntry.objects.filter(action="user.unlock_login").exists()
    if outsider == "alice_officer":
        assert "ปลดล็อกการเข้าสู่ระบบ" not in client.get("/accounts/users/").content.decode()


def test_the_waits_read_in_english_too(client, alice, settings):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "alice")
    assert "Please wait 15 minutes" in attempt(client, "alice", PASSWORD).content.decode()
    fail_from_many_addresses(client, "alice", settings.LOGIN_BACKOFF_AFTER)
    waiting = attempt(client, "alice", PASSWORD, REMOTE_ADDR="10.2.0.1").content.decode()
    assert "Please wait 30 seconds" in waiting
