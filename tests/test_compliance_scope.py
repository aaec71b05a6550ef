"""Scope of the compliance URLs (docs/security.md §1): every URL of the app that takes an id is
in this matrix, requested by its insider (not 403/404) and by outsiders (404, GET and POST),
the outsiders' requests changing nothing. tests/test_scope_urls.py names this test for the
compliance namespace (OWN_MATRIX)."""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from audit.models import AuditEntry
from compliance import services
from compliance.models import AccessGrant, Breach
from core.once import new_form_token
from geography.models import Province


def compliance_id_urls() -> set[str]:
    (resolver,) = [
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "compliance"
    ]
    return {
        f"compliance:{p.name}"
        for p in resolver.url_patterns
        if isinstance(p, URLPattern) and getattr(p.pattern, "converters", {})
    }


@pytest.fixture
def world(admin_user, pat, leader):
    breach = services.breach_report(
        actor=pat,
        values={
            "discovered_at": timezone.now() - dt.timedelta(hours=1),
            "description": "สำเนาเอกสารหาย",
        },
        once=new_form_token(),
    )
    return {"unit": leader, "breach": breach}


# name → (kwargs from the world, the insider, the outsiders)
MATRIX = {
    "compliance:access_request": (
        lambda w: {"unit_pk": w["unit"].pk},
        "admin",
        # Another province's officer and another district's officer: 404. The unit's own
        # province and district read the papers already and may not ask either.
        ("olivia", "charlie", "pat", "alice"),
    ),
    "compliance:breach": (
        lambda w: {"pk": w["breach"].pk},
        "pat",
        ("olivia", "charlie", "alice"),
    ),
}


def test_every_compliance_url_is_in_the_scope_matrix():
    assert compliance_id_urls() == set(MATRIX)


def counts():
    return (
        AccessGrant.objects.count(),
        Breach.objects.count(),
        AuditEntry.objects.count(),
        tuple(Breach.objects.values_list("version", flat=True)),
    )


def test_outsiders_get_404_and_change_nothing(client, world, olivia, charlie, pat, alice):
    people = {"olivia": olivia, "charlie": charlie, "pat": pat, "alice": alice}
    before = counts()
    for name, (kwargs, _insider, outsiders) in MATRIX.items():
        url = reverse(name, kwargs=kwargs(world))
        for who in outsiders:
            client.force_login(people[who])
            data = {"reason": "x", "once": new_form_token(), "expected_version": "1"}
            assert client.post(url, data).status_code == 404, (name, who, "POST")
            if name != "compliance:access_request":  # POST only
                assert client.get(url).status_code == 404, (name, who, "GET")
    assert counts() == before


def test_insiders_reach_them(client, world, admin_user, pat):
    people = {"admin": admin_user, "pat": pat}
    for name, (kwargs, insider, _outsiders) in MATRIX.items():
        client.force_login(people[insider])
        url = reverse(name, kwargs=kwargs(world))
        if name == "compliance:access_request":
            response = client.post(url, {"reason": "คำร้องเลขที่ 1", "once": new_form_token()})
            assert response.status_code == 302
        else:
            assert client.get(url).status_code == 200
    # The department reaches every breach, the province's included.
    client.force_login(admin_user)
    assert client.get(reverse("compliance:breach", args=[world["breach"].pk])).status_code == 200
    assert world["breach"].province == Province.objects.get(pk="51")


def test_anonymous_is_sent_to_login(client, world):
    for name in (
        "compliance:grants",
        "compliance:processing",
        "compliance:breaches",
        "compliance:breach_create",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"], name
    url = reverse("compliance:breach", args=[world["breach"].pk])
    assert client.get(url).status_code == 302
