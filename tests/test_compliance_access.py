"""The department reads a unit's personal documents only through an explicit, reasoned,
audited and time-limited request (compliance/, docs/compliance.md, docs/security.md §11).

Personas: admin (the department), pat (province ลำพูน, the unit's), olivia (another province),
alice (the unit's district officer)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from compliance import services
from compliance.models import AccessGrant
from core.errors import DomainError
from core.once import new_form_token
from registration import permissions
from registration import services as registration_services
from tests.conftest import pdf_upload

REASON = "เรื่องร้องเรียนเลขที่ มท 0410/123 ตรวจสอบคุณสมบัติผู้สมัคร"


class Clock:
    """timezone.now, moved by the test: grants expire by the clock the services read."""

    def __init__(self, monkeypatch, start: dt.datetime):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch, timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0)))


@pytest.fixture
def id_card(alice, leader):
    return registration_services.document_upload(
        actor=alice, unit=leader, kind="ID_CARD", upload=pdf_upload("id.pdf")
    )


def ask(client, unit, reason=REASON, once=None):
    return client.post(
        reverse("compliance:access_request", args=[unit.pk]),
        {"reason": reason, "once": once or new_form_token()},
    )


def download(client, document):
    return client.get(reverse("registration:document", args=[document.pk]))


def test_the_department_opens_an_id_document_only_under_a_live_request(
    client, clock, admin_user, leader, id_card
):
    client.force_login(admin_user)
    assert download(client, id_card).status_code == 404
    page = client.get(reverse("registration:detail", args=[leader.pk])).content.decode()
    assert "3100600445635" not in page and "3-1006-XXXXX-XX-5" in page
    assert "<summary>ขอเปิดดูเอกสารที่มีเลขประจำตัวประชาชน</summary>" in page

    response = ask(client, leader)
    assert response.status_code == 302
    grant = AccessGrant.objects.get()
    assert (grant.user, grant.unit, grant.reason) == (admin_user, leader, REASON)
    assert grant.expires_at == clock.now + dt.timedelta(hours=24)

    assert download(client, id_card).status_code == 200
    page = client.get(reverse("registration:detail", args=[leader.pk])).content.decode()
    assert "3100600445635" in page
    assert reverse("registration:document", args=[id_card.pk]) in page
    # the request is open already: no form (the unit history names the request, though)
    assert "<summary>ขอเปิดดูเอกสารที่มีเลขประจำตัวประชาชน</summary>" not in page

    request_row = AuditEntry.objects.get(action="compliance.access_request")
    assert request_row.actor == admin_user
    assert request_row.note == REASON
    assert (request_row.unit_id, request_row.district_id) == (leader.pk, "5101")
    opened = AuditEntry.objects.get(action="document.download")
    assert (opened.actor, opened.unit_id) == (admin_user, leader.pk)

    clock.advance(hours=24, minutes=1)
    client.force_login(admin_user)  # the session expired with the clock
    assert download(client, id_card).status_code == 404
    page = client.get(reverse("registration:detail", args=[leader.pk])).content.decode()
    assert "3100600445635" not in page
    assert AuditEntry.objects.filter(action="document.download").count() == 1


def test_the_open_time_is_a_setting(client, clock, settings, admin_user, leader):
    settings.PERSONAL_DATA_ACCESS_HOURS = 2
    client.force_login(admin_user)
    ask(client, leader)
    assert AccessGrant.objects.get().expires_at == clock.now + dt.timedelta(hours=2)


def test_a_request_needs_a_reason(client, admin_user, leader, id_card):
    client.force_login(admin_user)
    response = ask(client, leader, reason="   ")
    assert response.status_code == 302
    assert not AccessGrant.objects.exists()
    assert download(client, id_card).status_code == 404
    with pytest.raises(DomainError) as refused:
        services.access_request(
            actor=admin_user, unit=leader, reason="\u202e ", once=new_form_token()
        )
    assert refused.value.field == "reason"
    assert not AuditEntry.objects.filter(action="compliance.access_request").exists()


def test_a_request_sent_twice_records_once(client, admin_user, leader):
    client.force_login(admin_user)
    once = new_form_token()
    ask(client, leader, once=once)
    ask(client, leader, once=once)
    assert AccessGrant.objects.count() == 1


def test_only_the_department_may_ask(client, pat, olivia, alice, leader):
    """A province officer cannot use this path for another province's unit (404: not even in
    scope), nor for its own (it reads them already), nor may the district."""
    for user in (olivia, pat, alice):
        client.force_login(user)
        assert ask(client, leader).status_code == 404, user
        with pytest.raises(DomainError):
            services.access_request(actor=user, unit=leader, reason=REASON, once=new_form_token())
    assert not AccessGrant.objects.exists()
    assert not AuditEntry.objects.filter(action="compliance.access_request").exists()
    # The unit page offers the request to none of them.
    client.force_login(pat)
    page = client.get(reverse("registration:detail", args=[leader.pk])).content.decode()
    assert "data-personal-access" not in page


def test_district_and_province_are_unchanged(pat, alice, dave, charlie, olivia, leader):
    leader.refresh_from_db()
    assert permissions.can_read_personal_data(alice, leader)
    assert permissions.can_read_personal_data(dave, leader)
    assert permissions.can_read_personal_data(pat, leader)
    assert not permissions.can_read_personal_data(charlie, leader)
    assert not permissions.can_read_personal_data(olivia, leader)


def test_a_grant_opens_only_its_unit_and_only_for_its_requester(
    admin_user, alice, year, village, leader
):
    from accounts.models import Role
    from tests.conftest import group_data, make_user

    other = registration_services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(village),
    )
    colleague = make_user("admin2", Role.ADMIN)
    services.access_request(actor=admin_user, unit=leader, reason=REASON, once=new_form_token())
    assert permissions.can_read_personal_data(admin_user, leader)
    assert not permissions.can_read_personal_data(admin_user, other)
    assert not permissions.can_read_personal_data(colleague, leader)


def test_the_grants_page_shows_who_looked_at_whom(
    client, clock, admin_user, pat, olivia, alice, leader, id_card
):
    client.force_login(admin_user)
    ask(client, leader)
    download(client, id_card)
    download(client, id_card)
    url = reverse("compliance:grants")
    for user in (admin_user, pat):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert REASON in body and leader.name in body and admin_user.full_name in body
        assert "ยังเปิดอยู่" in body
        (row,) = response.context["rows"]
        assert row.opened == 2 and row.live
    client.force_login(olivia)  # another province: not its people
    response = client.get(url)
    assert response.status_code == 200 and response.context["rows"] == []
    assert REASON not in response.content.decode()
    client.force_login(alice)
    assert client.get(url).status_code == 404
    clock.advance(hours=25)
    client.force_login(pat)
    (row,) = client.get(url).context["rows"]
    assert not row.live and row.opened == 2


def test_the_grants_page_costs_the_same_whatever_the_number(
    client, admin_user, leader, alice, year, village
):
    from tests.conftest import group_data
    from tests.factories import assert_queries_flat

    services.access_request(actor=admin_user, unit=leader, reason=REASON, once=new_form_token())
    client.force_login(admin_user)

    def grow():
        for n in range(3):
            unit = registration_services.unit_create(
                actor=alice,
                programme_year=year,
                unit_type="GROUP",
                district_id="5101",
                data=group_data(village, name=f"กลุ่มทดสอบ {n}"),
            )
            services.access_request(
                actor=admin_user, unit=unit, reason=REASON, once=new_form_token()
            )

    assert_queries_flat(client, reverse("compliance:grants"), grow)
