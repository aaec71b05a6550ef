"""A user of another district or province gets 404 for every unit URL, file and export
(SECURITY.md 1), and nothing changes. Anonymous users are sent to the login page."""

import pytest
from django.urls import get_resolver

from audit.models import AuditEntry
from registration import services
from registration.models import Unit
from tests.conftest import complete_documents, jpeg_upload


@pytest.fixture
def unit(alice, leader):
    complete_documents(leader, alice)
    services.document_upload(actor=alice, unit=leader, kind="OTHER", upload=jpeg_upload())
    return leader


def unit_urls(unit):
    document = unit.documents.get(kind="ID_CARD")
    year, district = unit.programme_year_id, unit.district_id
    return {
        "registration:detail": ("get", f"/units/{unit.pk}/"),
        "registration:edit": ("post", f"/units/{unit.pk}/edit/"),
        "registration:submit": ("post", f"/units/{unit.pk}/submit/"),
        "registration:withdraw": ("post", f"/units/{unit.pk}/withdraw/"),
        "registration:reinstate": ("post", f"/units/{unit.pk}/reinstate/"),
        "registration:upload": ("post", f"/units/{unit.pk}/documents/"),
        "registration:application_form": ("get", f"/units/{unit.pk}/application-form.pdf"),
        "registration:document": ("get", f"/units/documents/{document.pk}/"),
        "registration:verify": ("post", f"/units/documents/{document.pk}/verify/"),
        "registration:return": ("post", f"/units/documents/{document.pk}/return/"),
        "registration:applicant_list": ("get", f"/units/applicant-list/{year}/{district}.pdf"),
        "registration:applicant_list_docx": (
            "get",
            f"/units/applicant-list/{year}/{district}.docx",
        ),
        "registration:applicant_list_xlsx": (
            "get",
            f"/units/applicant-list/{year}/{district}.xlsx",
        ),
        "registration:applicant_list_send": ("post", f"/units/applicant-list/{year}/send/"),
        "registration:applicant_list_province": (
            "get",
            f"/units/applicant-list/{year}/province.pdf",
        ),
    }


# URL names that carry no id of another district's object (lists filtered by scope instead).
LIST_PAGES = {"registration:register", "registration:create", "registration:carry_over"}


def test_every_registration_url_is_in_the_scope_matrix(unit):
    resolver = get_resolver()
    names = {
        f"registration:{name}"
        for name in resolver.namespace_dict["registration"][1].reverse_dict
        if isinstance(name, str)
    }
    covered = {
        name.replace("_docx", "").replace("_xlsx", "") for name in unit_urls(unit)
    } | LIST_PAGES
    assert names <= covered, names - covered


@pytest.mark.parametrize("persona", ["charlie", "olivia"])
def test_outsider_gets_404_on_every_unit_url_and_nothing_changes(persona, unit, client, request):
    outsider = request.getfixturevalue(persona)
    client.force_login(outsider)
    unit.refresh_from_db()
    before = (unit.status, unit.version, unit.documents.count(), AuditEntry.objects.count())
    for name, (method, url) in unit_urls(unit).items():
        if persona == "charlie" and name in (
            "registration:applicant_list_province",
            "registration:applicant_list_send",
        ):
            continue  # no province list for a district officer (tested below); sending is for their own district
        data = (
            {"reason": "x", "phone": "1", "kind": "ID_CARD", "file": jpeg_upload()}
            if method == "post"
            else None
        )
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (name, url, response.status_code)
    unit.refresh_from_db()
    assert (unit.status, unit.version, unit.documents.count(), AuditEntry.objects.count()) == before


def test_district_officer_gets_404_for_the_province_list(unit, client, alice):
    client.force_login(alice)
    response = client.get(f"/units/applicant-list/{unit.programme_year_id}/province.pdf")
    assert response.status_code == 404


def test_insiders_reach_the_same_urls(unit, client, alice, pat):
    client.force_login(alice)
    for name in (
        "registration:detail",
        "registration:document",
        "registration:application_form",
        "registration:applicant_list",
    ):
        method, url = unit_urls(unit)[name]
        assert client.get(url).status_code == 200, name
    client.force_login(pat)
    assert (
        client.get(f"/units/applicant-list/{unit.programme_year_id}/province.xlsx").status_code
        == 200
    )
    assert client.get(f"/units/{unit.pk}/").status_code == 200


def test_register_lists_only_units_in_scope(unit, client, charlie, pat):
    client.force_login(charlie)
    response = client.get(f"/units/?year={unit.programme_year_id}")
    assert response.status_code == 200
    assert unit.name not in response.content.decode()
    client.force_login(pat)
    assert unit.name in client.get(f"/units/?year={unit.programme_year_id}").content.decode()


def test_register_of_another_province_year_is_404(unit, client, olivia):
    client.force_login(olivia)
    assert client.get(f"/units/?year={unit.programme_year_id}").status_code == 404
    assert client.get(f"/programme/{unit.programme_year_id}/").status_code == 404
    assert client.get(f"/programme/{unit.programme_year_id}/edit/").status_code == 404


def test_district_officer_cannot_edit_the_programme_year(unit, client, alice):
    client.force_login(alice)
    assert client.get(f"/programme/{unit.programme_year_id}/edit/").status_code == 404


def test_anonymous_is_sent_to_login(unit, client):
    for name, (method, url) in unit_urls(unit).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(
            "/accounts/login/"
        ), name
    assert Unit.objects.get(pk=unit.pk).status == unit.status
