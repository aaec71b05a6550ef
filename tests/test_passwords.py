"""Accounts people manage themselves (accounts/password.py): a forgotten password is reset by a
link sent over real SMTP by the background worker; a password is changed with the old one."""

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import run_worker


@pytest.fixture
def smtp(smtp, settings, worker_in_test):
    settings.SITE_URL = "https://mchch.example.go.th"
    return smtp


def logs_in(client, username, password) -> bool:
    """Through the login page, as a person does (axes needs the request)."""
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302


def test_a_forgotten_password_is_reset_by_a_link_sent_by_mail(
    alice, client, smtp, django_capture_on_commit_callbacks
):
    alice.email = "alice@example.org"
    alice.save(update_fields=["email"])
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:password_reset") in login_page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "alice@example.org"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_sent")
    assert smtp.messages == []  # not sent in the request: the worker sends it
    run_worker()

    [(to, message)] = smtp.messages
    assert to == ["alice@example.org"]
    assert message["Subject"].strip() == "[มชช.] ตั้งรหัสผ่านใหม่"
    body = message.get_content()
    assert "ชื่อผู้ใช้ของคุณ: alice" in body
    link = re.search(r"https://mchch\.example\.go\.th(/accounts/password/reset/\S+/)", body)
    assert link, body

    page = client.get(link.group(1), follow=True)
    assert "ตั้งรหัสผ่านใหม่" in page.content.decode()
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link.group(1)
    new = "ตั้งใหม่-2570-ลำพูน"
    response = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert logs_in(client, "alice", new)
    # The link worked once.
    client.logout()
    again = client.get(link.group(1), follow=True).content.decode()
    assert "ลิงก์นี้ใช้ไม่ได้แล้ว" in again


def test_an_unknown_address_gets_the_same_answer_and_no_mail(
    alice, client, smtp, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_sent")
    run_worker()
    assert smtp.messages == []


def test_a_password_is_changed_with_the_old_one(alice, client):
    client.force_login(alice)
    url = reverse("accounts:password_change")
    assert url in client.get(reverse("home")).content.decode()
    wrong = client.post(
        url,
        {"old_password": "not-it", "new_password1": "ใหม่-2570-ab", "new_password2": "ใหม่-2570-ab"},
    )
    assert wrong.status_code == 200
    page = wrong.content.decode()
    assert "ใส่รหัสผ่านเก่าผิด" in page
    # Django's validator help reads in Thai too (locale/th/LC_MESSAGES/django.po).
    assert "รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด" in page and "Your password" not in page
    short = client.post(
        url, {"old_password": PASSWORD, "new_password1": "ab1", "new_password2": "ab1"}
    ).content.decode()
    assert "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 8 ตัวอักษร" in short
    response = client.post(
        url,
        {"old_password": PASSWORD, "new_password1": "ใหม่-2570-ab", "new_password2": "ใหม่-2570-ab"},
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    assert logs_in(client, "alice", "ใหม่-2570-ab")
    assert not logs_in(client, "alice", PASSWORD)
