"""Invitations instead of a password shown once (accounts/invitations.py): a new account has no
password; its owner sets one through a one-time link that expires, mailed over real SMTP by the
background worker, or shown once to the administrator when there is no e-mail address. And an
administrator's change of a user's role inside their scope (accounts.services.user_role_change).
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.invitations import INVITATION_DAYS, invitation_token
from accounts.models import Invitation, Role, User
from audit.models import AuditEntry
from committees.models import MemberRole
from core.errors import DomainError
from core.once import new_form_token
from tests.conftest import make_user
from tests.factories import run_worker

NEW_PASSWORD = "ตั้งเอง-2570-ลำพูน"


@pytest.fixture
def smtp(smtp, settings, worker_in_test):
    settings.SITE_URL = "https://mchch.example.go.th"
    return smtp


def _link_in(text: str) -> str:
    found = re.search(
        r"https://mchch\.example\.go\.th(/accounts/invitation/[^/\s\"]+/[^/\s\"]+/)", text
    )
    assert found, text
    return found.group(1)


def _accept(client, link: str, password: str = NEW_PASSWORD):
    """Open the link as its owner does and set the password; the response of the POST."""
    client.logout()
    page = client.get(link, follow=True)
    assert "ตั้งรหัสผ่านเพื่อเริ่มใช้งาน" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    assert "set-password" in form_url  # the token left the address (Django's own move)
    return client.post(form_url, {"new_password1": password, "new_password2": password})


def _logs_in(client, username: str, password: str) -> bool:
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    return response.status_code == 302


def _developer(admin, username="x1", first_name="ก", last_name="ข", **extra):
    """A developer account the administrator creates in their district: (user, invitation link)."""
    return services.user_create(
        actor=admin,
        username=username,
        role=Role.DEVELOPER,
        first_name=first_name,
        last_name=last_name,
        district=admin.district,
        **extra,
    )


def _create(client, **extra):
    data = {
        "username": "newdev",
        "role": Role.DEVELOPER,
        "first_name": "ใหม่",
        "last_name": "พัฒนากร",
        "district": "5101",
        **extra,
    }
    return client.post(reverse("accounts:users"), data)


def test_a_new_officer_is_invited_by_mail_and_sets_their_own_password(
    alice, client, smtp, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = _create(client, email="newdev@example.org")
    assert response.status_code == 302
    user = User.objects.get(username="newdev")
    assert not user.has_usable_password()
    assert smtp.messages == []  # the worker sends it, not the request
    run_worker()
    [(to, message)] = smtp.messages
    assert to == ["newdev@example.org"]
    assert message["Subject"].strip() == "[มชช.] คำเชิญเข้าใช้ระบบมาตรฐานการพัฒนาชุมชน"
    body = message.get_content()
    assert "ชื่อผู้ใช้ของคุณ: newdev" in body and "ใช้ได้ครั้งเดียว" in body
    link = _link_in(body)
    # The administrator sees it waiting.
    client.force_login(alice)
    row = client.get(reverse("accounts:users")).content.decode()
    assert 'data-invitation="pending"' in row and "newdev@example.org" in row

    assert _accept(client, link)["Location"] == reverse("accounts:invitation_done")
    assert _logs_in(client, "newdev", NEW_PASSWORD)
    # Used: the same link now shows the Thai page for a dead link, and changes nothing.
    client.logout()
    again = client.get(link, follow=True).content.decode()
    assert "ลิงก์คำเชิญนี้ใช้ไม่ได้แล้ว" in again and 'data-invitation="invalid"' in again
    invitation = Invitation.objects.get(user=user)
    assert invitation.accepted_at is not None and invitation.sent_to == "newdev@example.org"
    actions = set(
        AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True)
    )
    assert {"user.create", "user.invitation_send", "user.invitation_accept"} <= actions
    # The link is a credential: no audit row holds its token.
    token = link.rstrip("/").split("/")[-1]
    assert not any(token in str(e.changes) for e in AuditEntry.objects.all())
    client.force_login(alice)
    assert 'data-invitation="accepted"' in client.get(reverse("accounts:users")).content.decode()


def test_without_an_e_mail_the_link_is_shown_once_and_a_new_one_voids_it(
    alice, client, settings, smtp
):
    client.force_login(alice)
    response = _create(client)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "ไม่มีอีเมล" in page and "แสดงเพียงครั้งเดียว" in page
    first = _link_in(page)
    user = User.objects.get(username="newdev")
    assert first not in client.get(reverse("accounts:users")).content.decode()

    # The administrator sends a new one: shown once again, and the first stops working.
    response = client.post(
        reverse("accounts:user_invite", args=[user.pk]), {"once": new_form_token()}
    )
    assert response.status_code == 200
    second = _link_in(response.content.decode())
    assert second != first
    client.logout()
    assert "ลิงก์คำเชิญนี้ใช้ไม่ได้แล้ว" in client.get(first, follow=True).content.decode()
    assert _accept(client, second).status_code == 302
    assert _logs_in(client, "newdev", NEW_PASSWORD)
    assert Invitation.objects.filter(user=user).count() == 2


def test_an_expired_link_is_refused_with_a_clear_page(alice, client, smtp, monkeypatch):
    user, link = _developer(alice, username="late", first_name="ช้า", last_name="ทดสอบ")
    path = link.removeprefix("https://mchch.example.go.th")
    # Django's tokens count naive local time (PasswordResetTokenGenerator._now).
    later = dt.datetime.now() + dt.timedelta(days=INVITATION_DAYS, hours=1)
    monkeypatch.setattr(type(invitation_token), "_now", lambda self: later)
    page = client.get(path, follow=True).content.decode()
    assert "ลิงก์คำเชิญนี้ใช้ไม่ได้แล้ว" in page and "ติดต่อผู้ดูแลระบบ" in page
    user.refresh_from_db()
    assert not user.has_usable_password()
    # The users page says so and offers a new one.
    Invitation.objects.filter(user=user).update(sent_at=timezone.now() - dt.timedelta(days=8))
    client.force_login(alice)
    body = client.get(reverse("accounts:users")).content.decode()
    assert 'data-invitation="expired"' in body and "ส่งคำเชิญอีกครั้ง" in body


def test_a_closed_account_is_not_opened_by_its_invitation(alice, dave, client, smtp):
    user, link = _developer(alice)
    services.user_set_active(actor=alice, user=user, active=False)
    path = link.removeprefix("https://mchch.example.go.th")
    assert "ลิงก์คำเชิญนี้ใช้ไม่ได้แล้ว" in client.get(path, follow=True).content.decode()
    with pytest.raises(DomainError):
        services.invitation_resend(actor=alice, user=user, once=new_form_token())


def test_a_password_reset_link_is_no_invitation(alice, client, smtp):
    """The reset link's tokens are not the invitation's (their own salt), nor the other way."""
    from django.contrib.auth.tokens import default_token_generator

    user, _link = _developer(alice)
    reset_token = default_token_generator.make_token(user)
    assert not invitation_token.check_token(user, reset_token)
    assert not default_token_generator.check_token(user, invitation_token.make_token(user))


def test_sending_again_is_once_per_press_and_inside_the_scope(
    alice, charlie, client, smtp, django_capture_on_commit_callbacks
):
    user, _link = _developer(alice, email="x1@example.org")
    once = new_form_token()
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_resend(actor=alice, user=user, once=once)
    with pytest.raises(DomainError):
        services.invitation_resend(actor=alice, user=user, once=once)
    assert Invitation.objects.filter(user=user).count() == 2
    with pytest.raises(DomainError):
        services.invitation_resend(actor=charlie, user=user, once=new_form_token())
    client.force_login(charlie)
    url = reverse("accounts:user_invite", args=[user.pk])
    assert client.post(url, {"once": new_form_token()}).status_code == 404
    # Accepted: nothing more to send.
    user.set_password(NEW_PASSWORD)
    user.save()
    with pytest.raises(DomainError) as error:
        services.invitation_resend(actor=alice, user=user, once=new_form_token())
    assert "ตั้งรหัสผ่านเองแล้ว" in error.value.message
    run_worker()
    # One mail for the one press that counted (the creation's own was not committed here).
    assert [to for to, _m in smtp.messages] == [["x1@example.org"]]


def test_a_committee_member_with_e_mail_is_invited_by_mail(
    alice, mueang, client, smtp, django_capture_on_commit_callbacks
):
    member = mueang.members.get(role=MemberRole.CHAIR)
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("committees:member_account", args=[member.pk]),
            {"username": "chair5101", "email": "chair@example.org"},
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-invitation="sent"' in page and "/accounts/invitation/" not in page
    run_worker()
    [(to, message)] = smtp.messages
    assert to == ["chair@example.org"]
    assert _accept(client, _link_in(message.get_content())).status_code == 302
    assert _logs_in(client, "chair5101", NEW_PASSWORD)


def test_a_committee_members_account_is_invited_again_from_the_users_page(alice, mueang, client):
    member = mueang.members.get(role=MemberRole.CHAIR)
    from committees import services as committee_services

    user, _link = committee_services.member_account_create(
        actor=alice, member=member, username="chair5101"
    )
    client.force_login(alice)
    body = client.get(reverse("accounts:users"), {"q": "chair5101"}).content.decode()
    assert reverse("accounts:user_invite", args=[user.pk]) in body
    response = client.post(
        reverse("accounts:user_invite", args=[user.pk]), {"once": new_form_token()}
    )
    assert response.status_code == 200 and "/accounts/invitation/" in response.content.decode()


# --- the role of a user ---------------------------------------------------------------------------


def test_the_province_changes_a_role_inside_its_scope_and_the_user_is_told(
    pat, dave, client, smtp, django_capture_on_commit_callbacks
):
    dave.email = "dave@example.org"
    dave.save(update_fields=["email"])
    client.force_login(pat)
    url = reverse("accounts:user_role", args=[dave.pk])
    page = client.get(url).content.decode()
    assert "พัฒนากร" in page and 'name="expected_version" value="1"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"role": Role.DISTRICT, "expected_version": 1})
    assert response.status_code == 302
    dave.refresh_from_db()
    assert (dave.role, dave.district_id, dave.version) == (Role.DISTRICT, "5101", 2)
    entry = AuditEntry.objects.get(action="user.role_change")
    assert entry.changes == {"role": [Role.DEVELOPER, Role.DISTRICT]}
    run_worker()
    [(to, message)] = smtp.messages
    assert to == ["dave@example.org"]
    assert message["Subject"].strip() == "[มชช.] บทบาทของบัญชีคุณเปลี่ยนแล้ว"
    assert "พัฒนาการอำเภอ" in message.get_content()
    # The same form again carries the old version: refused, nothing changes.
    again = client.post(url, {"role": Role.DEVELOPER, "expected_version": 1})
    assert again.status_code == 200 and "มีผู้อื่นเปลี่ยนบัญชีนี้ไปก่อนแล้ว" in again.content.decode()
    missing = client.post(url, {"role": Role.DEVELOPER})
    assert missing.status_code == 200
    dave.refresh_from_db()
    assert dave.role == Role.DISTRICT and dave.version == 2


def test_no_role_above_ones_own_and_no_move_outside_the_scope(alice, dave, pat, olivia, client):
    with pytest.raises(DomainError):
        services.user_role_change(
            actor=alice, user=dave, role=Role.PROVINCE, expected_version=dave.version
        )
    with pytest.raises(DomainError):  # alice gives only the developer's role
        services.user_role_change(
            actor=alice, user=dave, role=Role.DISTRICT, expected_version=dave.version
        )
    from geography.models import District

    with pytest.raises(DomainError):  # into another province
        services.user_role_change(
            actor=pat,
            user=dave,
            role=Role.DISTRICT,
            district=District.objects.get(pk="5001"),
            expected_version=dave.version,
        )
    admin = make_user("root2", Role.ADMIN)
    with pytest.raises(DomainError):  # above the province
        services.user_role_change(
            actor=pat, user=admin, role=Role.DISTRICT, expected_version=admin.version
        )
    with pytest.raises(DomainError):  # oneself
        services.user_role_change(actor=pat, user=pat, role=Role.DISTRICT, expected_version=1)
    with pytest.raises(DomainError):  # another province's user
        services.user_role_change(
            actor=pat, user=olivia, role=Role.DISTRICT, expected_version=olivia.version
        )
    client.force_login(olivia)
    assert client.get(reverse("accounts:user_role", args=[dave.pk])).status_code == 404
    dave.refresh_from_db()
    assert (dave.role, dave.district_id, dave.version) == (Role.DEVELOPER, "5101", 1)
    assert not AuditEntry.objects.filter(action="user.role_change").exists()
    # A district officer sees no role link for the district officer next door.
    client.force_login(alice)
    assert (
        reverse("accounts:user_role", args=[alice.pk])
        not in client.get(reverse("accounts:users")).content.decode()
    )


def test_deactivating_twice_changes_nothing_the_second_time(alice, dave, client):
    client.force_login(alice)
    url = reverse("accounts:user_toggle", args=[dave.pk])
    client.post(url, {"active": "0"})
    dave.refresh_from_db()
    assert not dave.is_active
    response = client.post(url, {"active": "0"}, follow=True)
    assert "บัญชีนี้ปิดใช้งานอยู่แล้ว" in response.content.decode()
    assert AuditEntry.objects.filter(action="user.active").count() == 1
    client.post(url, {"active": "1"})
    dave.refresh_from_db()
    assert dave.is_active


# --- two presses at the same moment (PostgreSQL) ---------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_parallel_presses_send_one_invitation(alice):
    from tests.factories import press_twice

    user, _link = _developer(alice)
    url = reverse("accounts:user_invite", args=[user.pk])
    # One shows the new link (200); the other is told the form was sent already (302).
    assert press_twice(alice, url, {"once": new_form_token()}) == [200, 302]
    assert Invitation.objects.filter(user=user).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_parallel_role_changes_from_one_form_apply_once(pat, dave):
    from tests.factories import press_twice

    url = reverse("accounts:user_role", args=[dave.pk])
    assert press_twice(pat, url, {"role": Role.DISTRICT, "expected_version": 1}) == [200, 302]
    dave.refresh_from_db()
    assert (dave.role, dave.version) == (Role.DISTRICT, 2)
    assert AuditEntry.objects.filter(action="user.role_change").count() == 1


# --- in a real browser ---------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_link_shown_once_is_copied_with_one_press(live_server, monkeypatch, alice):
    from tests.conftest import PASSWORD, chromium_page

    with chromium_page(monkeypatch, viewport={"width": 1200, "height": 900}) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "alice")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.goto(f"{live_server.url}/accounts/users/")
        page.fill("#id_username", "newdev")
        page.fill("#id_first_name", "ใหม่")
        page.fill("#id_last_name", "พัฒนากร")
        page.select_option("#id_district", value="5101")
        page.click("button:has-text('สร้างบัญชีและส่งคำเชิญ')")
        page.wait_for_selector("h1:has-text('ลิงก์คำเชิญ')")
        link = page.input_value("#invitation-link")
        assert "/accounts/invitation/" in link
        page.click("button[data-copy]")
        page.wait_for_selector("button[data-copy]:has-text('คัดลอกแล้ว')")
        assert page.evaluate("navigator.clipboard.readText()") == link
