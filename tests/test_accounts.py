import pytest
from django.urls import reverse

from accounts.models import Role, User
from accounts.testing import login_verified
from audit.models import AuditEntry
from tests.factories import assert_queries_flat


def test_district_officer_creates_a_developer_in_own_district(client, alice):
    client.force_login(alice)
    response = client.post(
        "/accounts/users/",
        {
            "username": "newdev",
            "email": "newdev@example.org",
            "role": Role.DEVELOPER,
            "first_name": "ใหม่",
            "last_name": "พัฒนากร",
            "district": "5101",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newdev")
    assert (user.role, user.district_id, user.province_id) == (Role.DEVELOPER, "5101", "51")
    assert AuditEntry.objects.filter(action="user.create", object_id=str(user.pk)).exists()


def test_district_officer_cannot_create_outside_scope_or_above_role(client, alice):
    client.force_login(alice)
    for data in (
        {"role": Role.DEVELOPER, "district": "5102"},
        {"role": Role.PROVINCE, "district": "5101"},
    ):
        response = client.post(
            "/accounts/users/",
            {
                "username": "x1",
                "first_name": "ก",
                "last_name": "ข",
                **data,
            },
        )
        assert response.status_code == 200
    assert not User.objects.filter(username="x1").exists()


def test_province_officer_creates_district_officer_only_in_own_province(client, pat):
    login_verified(client, pat)
    ok = client.post(
        "/accounts/users/",
        {
            "username": "officer2",
            "email": "officer2@example.org",
            "role": Role.DISTRICT,
            "first_name": "ก",
            "last_name": "ข",
            "district": "5103",
        },
    )
    assert ok.status_code == 302
    refused = client.post(
        "/accounts/users/",
        {
            "username": "officer3",
            "role": Role.DISTRICT,
            "first_name": "ก",
            "last_name": "ข",
            "district": "5001",
        },
    )
    assert refused.status_code == 200 and not User.objects.filter(username="officer3").exists()


def test_user_list_shows_only_users_in_scope(client, alice, charlie, dave):
    client.force_login(alice)
    body = client.get("/accounts/users/").content.decode()
    assert "dave" in body and "charlie" not in body


def test_cannot_toggle_a_user_of_another_district(client, alice, charlie):
    client.force_login(alice)
    assert client.post(f"/accounts/users/{charlie.pk}/toggle/", {"active": "0"}).status_code == 404
    charlie.refresh_from_db()
    assert charlie.is_active


@pytest.mark.parametrize("role", [Role.PROVINCE])
def test_login_logout(client, pat, role):
    response = client.post("/accounts/login/", {"username": "pat", "password": "test-password-123"})
    assert response.status_code == 302
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/units/").status_code == 302


def test_province_sees_its_own_and_its_districts_users_only(client, pat, alice, charlie, olivia):
    login_verified(client, pat)
    body = client.get("/accounts/users/").content.decode()
    assert "alice" in body and "charlie" in body and "olivia" not in body


def test_user_list_queries_do_not_grow_with_users(pat, alice, client):
    from tests.conftest import make_user

    def add(first, n):
        for i in range(first, first + n):
            district = "5101" if i % 2 else "5102"
            make_user(f"dev{i}", Role.DEVELOPER, district=district, position_title="พัฒนากร")
            make_user(f"officer{i}", Role.DISTRICT, district=district)

    def expect(before, after):
        assert after.count("dev") > before.count("dev")

    add(0, 1)
    for user in (pat, alice):
        login_verified(client, user)
        assert_queries_flat(client, "/accounts/users/", lambda: None)
    login_verified(client, pat)
    assert_queries_flat(client, "/accounts/users/", lambda: add(1, 15), expect=expect)


def test_superuser_without_role_gets_no_user_page(client, db):
    root = User.objects.create_superuser(username="root", password="x", role="")
    client.force_login(root)
    assert client.get("/accounts/users/").status_code == 404


def test_the_user_list_is_searchable_and_paged(client, pat, alice, charlie, olivia):
    from tests.conftest import make_user

    for i in range(55):
        make_user(f"officer-extra-{i:02d}", Role.DEVELOPER, district="5103")
    make_user("far-away", Role.DEVELOPER, district="5001")  # olivia's province, not pat's
    login_verified(client, pat)
    first = client.get(reverse("accounts:users")).content.decode()
    assert "หน้า 1 จาก 2" in first and "far-away" not in first
    second = client.get(reverse("accounts:users"), {"page": 2}).content.decode()
    assert "หน้า 2 จาก 2" in second
    found = client.get(reverse("accounts:users"), {"q": "charlie"}).content.decode()
    assert "charlie" in found and "officer-extra-00" not in found
    assert "far-away" not in client.get(reverse("accounts:users"), {"q": "far"}).content.decode()
