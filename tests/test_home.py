"""The home page (todo.views.start_page): each role starts from what waits for it
(tests/test_start_page.py has the figures)."""

from django.urls import reverse


def test_province_starts_from_its_work_with_a_link_to_the_years_status(pat, year, client):
    client.force_login(pat)
    response = client.get("/")
    assert [t.name for t in response.templates][0] == "todo/province.html"
    assert reverse("programme:status", kwargs={"pk": year.pk}) in response.content.decode()


def test_district_staff_start_from_their_work(alice, dave, year, client):
    for user in (alice, dave):
        client.force_login(user)
        response = client.get("/")
        assert [t.name for t in response.templates][0] == "todo/district.html"
        assert response.context["year"] == year


def test_department_sees_the_national_picture_with_its_navigation(admin_user, year, client):
    client.force_login(admin_user)
    response = client.get("/")
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "todo/department.html"
    assert response.context["fiscal_year"] == year.fiscal_year
    assert response.context["is_department"] is True
    assert response.context["is_district_staff"] is False


def test_anonymous_is_sent_to_login(client):
    assert client.get("/").url.startswith(reverse("accounts:login"))
