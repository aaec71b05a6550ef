"""The home page (accounts.views.home): each role starts where its work is."""

from django.urls import reverse


def test_province_starts_from_the_years_status(pat, year, client):
    client.force_login(pat)
    assert client.get("/").url == reverse("programme:status", kwargs={"pk": year.pk})


def test_district_staff_start_from_the_register(alice, dave, year, client):
    for user in (alice, dave):
        client.force_login(user)
        assert client.get("/").url == reverse("registration:register")


def test_department_sees_the_years_with_its_navigation(admin_user, year, client):
    client.force_login(admin_user)
    response = client.get("/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "accounts/home.html"
    assert list(response.context["years"]) == [year]
    assert response.context["is_department"] is True
    assert response.context["is_district_staff"] is False


def test_anonymous_is_sent_to_login(client):
    assert client.get("/").url.startswith(reverse("accounts:login"))
