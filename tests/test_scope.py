"""A user of another district or province gets 404 for every unit URL, file and export, and
for every assessment round, entry, score and decision (docs/security.md §1), and nothing changes;
so does a member of another district's committee. Anonymous users are sent to the login
page."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessment import services
from assessment.models import MemberScore, Round, RoundUnit
from audit.models import AuditEntry
from certification.models import Certificate
from committees.models import MemberRole
from core.once import new_form_token
from core.scope import visible_to
from programme.models import ProgrammeYear
from registration import services as registration_services
from registration.models import Unit
from tests.conftest import complete_documents, jpeg_upload
from tests.factories import REASONS, account, announcement_values, extra_unit, meeting, save


@pytest.fixture
def unit(alice, leader):
    complete_documents(leader, alice)
    registration_services.document_upload(
        actor=alice, unit=leader, kind="OTHER", upload=jpeg_upload()
    )
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
        "registration:document_preview": ("get", f"/units/documents/{document.pk}/preview/"),
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
        "registration:document_preview",
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


# --- stage 5: assessment rounds ----------------------------------------------------------
# The fixtures make a district round of เมืองลำพูน with alice's leader on it, two scoring
# members and the secretary of the district's committee (tests/test_assessment.py).


def assessment_urls(entry):
    """Every assessment URL that names a round or an entry, with its method."""
    round_id, entry_id = entry.round_id, entry.pk
    return {
        "assessment:round": ("get", reverse("assessment:round", args=[round_id])),
        "assessment:print": ("get", reverse("assessment:print", args=[round_id])),
        "assessment:add_units": ("post", reverse("assessment:add_units", args=[round_id])),
        "assessment:set_schedule": ("post", reverse("assessment:set_schedule", args=[round_id])),
        "assessment:close": ("post", reverse("assessment:close", args=[round_id])),
        "assessment:score": ("get", reverse("assessment:score", args=[entry_id])),
        "assessment:score_post": ("post", reverse("assessment:score", args=[entry_id])),
        "assessment:result": ("get", reverse("assessment:result", args=[entry_id])),
        "assessment:decide": ("post", reverse("assessment:decide", args=[entry_id])),
        "assessment:reopen": ("post", reverse("assessment:reopen", args=[entry_id])),
        "assessment:remove": ("get", reverse("assessment:remove", args=[entry_id])),
        "assessment:remove_post": ("post", reverse("assessment:remove", args=[entry_id])),
    }


# The year's list of rounds carries no round's id (tested below), nor does the redirect to the
# newest year's list; the summary pages belong to assessment/summary*.py and are tested with
# them.
ASSESSMENT_LIST_PAGES = {"assessment:rounds", "assessment:current"}


def plain_patterns(resolver: URLResolver) -> list[URLPattern]:
    """An app's URL patterns, which are all plain paths (no nested includes)."""
    patterns = [p for p in resolver.url_patterns if isinstance(p, URLPattern)]
    assert len(patterns) == len(resolver.url_patterns)
    return patterns


def test_every_assessment_url_is_in_the_scope_matrix(entry):
    resolver = get_resolver()
    _prefix, app_resolver = resolver.namespace_dict["assessment"]
    names = {
        f"assessment:{pattern.name}"
        for pattern in plain_patterns(app_resolver)
        if not pattern.callback.__module__.startswith("assessment.summary")
    }
    covered = {name.removesuffix("_post") for name in assessment_urls(entry)}
    assert names <= covered | ASSESSMENT_LIST_PAGES, names - covered - ASSESSMENT_LIST_PAGES


@pytest.fixture
def other_member(charlie, committees):
    """The secretary of แม่ทา's committee, with a login: a committee member of another
    district."""
    return account(charlie, committees.get(district_id="5102"), MemberRole.SECRETARY, "maetha1")


@pytest.mark.parametrize("persona", ["charlie", "olivia", "other_member"])
def test_outsider_gets_404_on_every_assessment_url_and_nothing_changes(
    persona, members, entry, framework, client, request
):
    save(members["m1"], entry, {"1.1": 4}, framework)
    outsider = request.getfixturevalue(persona)
    user = outsider.user if persona == "other_member" else outsider
    client.force_login(user)
    before = (
        AuditEntry.objects.count(),
        MemberScore.objects.count(),
        RoundUnit.objects.count(),
        Unit.objects.get(pk=entry.unit_id).status,
    )
    for name, (method, url) in assessment_urls(entry).items():
        data = {"reason": "x", "outcome": "RECOMMEND", "confirm_scores": "1", "unit": "1"}
        response = getattr(client, method)(url, data if method == "post" else None)
        assert response.status_code == 404, (persona, name, response.status_code)
    after = (
        AuditEntry.objects.count(),
        MemberScore.objects.count(),
        RoundUnit.objects.count(),
        Unit.objects.get(pk=entry.unit_id).status,
    )
    assert after == before
    rounds = reverse("assessment:rounds", args=[entry.round.programme_year_id])
    response = client.get(rounds)
    if persona == "olivia":
        assert response.status_code == 404  # another province's year
    else:
        assert response.status_code == 200 and entry.round.name not in response.content.decode()


def test_insiders_reach_the_assessment_urls(alice, pat, members, entry, framework, client):
    client.force_login(alice)
    for name in ("assessment:round", "assessment:print", "assessment:result", "assessment:remove"):
        method, url = assessment_urls(entry)[name]
        assert client.get(url).status_code == 200, name
    client.force_login(pat)
    assert client.get(assessment_urls(entry)["assessment:result"][1]).status_code == 200
    client.force_login(members["m1"].user)
    for name in ("assessment:round", "assessment:print", "assessment:score"):
        method, url = assessment_urls(entry)[name]
        assert client.get(url).status_code == 200, name


def test_a_committee_member_sees_the_units_of_their_rounds_only(
    alice, year, members, entry, client
):
    """Role.COMMITTEE reads the units on its committees' rounds, not the whole district."""
    elsewhere = extra_unit(year, alice, "กลุ่มทอผ้าบ้านเหล่า")  # accepted, same district, no round
    member = members["m1"].user
    assert set(visible_to(member, Unit)) == {entry.unit}
    client.force_login(member)
    assert client.get(f"/units/{entry.unit_id}/").status_code == 200
    assert client.get(f"/units/{elsewhere.pk}/").status_code == 404
    register = client.get(f"/units/?year={year.pk}").content.decode()
    assert entry.unit.name in register and elsewhere.name not in register
    # Taken off the round, the unit is out of the member's sight again.
    services.round_remove_unit(actor=alice, round_unit=entry)
    assert client.get(f"/units/{entry.unit_id}/").status_code == 404
    # The committee itself and its year stay readable.
    assert client.get(f"/committees/{members['m1'].committee_id}/").status_code == 200
    assert visible_to(member, ProgrammeYear).filter(pk=year.pk).exists()


def test_a_member_of_another_districts_committee_sees_none_of_these_units(
    alice, year, entry, other_member
):
    assert not visible_to(other_member.user, Unit).exists()
    assert not visible_to(other_member.user, Round).exists()
    assert not visible_to(other_member.user, MemberScore).exists()


# --- stage 5: certificates and the announcement ------------------------------------------


def certification_urls(certificate, batch, announcement):
    """Every staff certification URL, with its method; the public /verify pages are apart."""
    year = certificate.programme_year_id
    return {
        "certification:list": ("get", f"{reverse('certification:list')}?year={year}"),
        "certification:settings": ("get", reverse("certification:settings", args=[year])),
        "certification:batch_start": ("post", reverse("certification:batch_start", args=[year])),
        "certification:batch": ("get", reverse("certification:batch", args=[year, batch.pk])),
        "certification:batch_combined": (
            "get",
            reverse("certification:batch_combined", args=[year, batch.pk]),
        ),
        "certification:announcement": ("get", reverse("certification:announcement", args=[year])),
        "certification:announcement_pdf": (
            "get",
            reverse("certification:announcement_pdf", args=[announcement.pk]),
        ),
        "certification:announcement_docx": (
            "get",
            reverse("certification:announcement_docx", args=[announcement.pk]),
        ),
        "certification:issue": ("post", reverse("certification:issue", args=[certificate.unit_id])),
        "certification:detail": ("get", reverse("certification:detail", args=[certificate.pk])),
        "certification:revoke": ("post", reverse("certification:revoke", args=[certificate.pk])),
        "certification:pdf": ("get", reverse("certification:pdf", args=[certificate.pk])),
        "certification:credential": (
            "get",
            reverse("certification:credential", args=[certificate.pk]),
        ),
    }


@pytest.fixture
def certified_world(alice, pat, year, members, entry, framework, committees, settings, tmp_path):
    """เมืองลำพูน's leader recommended and certified, its certificate batch run and the
    province's announcement issued."""
    from assessment.models import RoundLevel
    from certification import announcement as announcements
    from certification import batch as batch_module
    from certification import services as certification_services
    from committees.models import Kind

    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "credential-key.pem"
    save(members["m1"], entry, {"1.1": 4}, framework)
    services.decide(
        actor=members["sec"].user,
        round_unit=entry,
        outcome="RECOMMEND",
        reasons=REASONS,
        **meeting(entry),
        confirmed=True,
    )
    province_round = services.round_create(
        once=new_form_token(),
        actor=pat,
        programme_year=year,
        level=RoundLevel.PROVINCE,
        committee=committees.get(kind=Kind.PROVINCIAL_CERTIFICATION),
    )
    (top,) = services.round_add_units(actor=pat, round_=province_round, unit_ids=[entry.unit_id])
    services.decide(
        actor=pat,
        round_unit=top,
        outcome="CERTIFY",
        reasons=REASONS,
        **meeting(top),
        confirmed=True,
    )
    batch = certification_services.batch_start(actor=pat, year=year)
    batch_module.run_batch(batch.pk)
    announcement = announcements.announcement_issue(
        actor=pat, year=year, values=announcement_values()
    )
    certificate = Certificate.objects.get(unit_id=entry.unit_id)
    return certification_urls(certificate, batch, announcement), certificate


def test_every_certification_url_is_in_the_scope_matrix(certified_world):
    urls, _certificate = certified_world
    _prefix, app_resolver = get_resolver().namespace_dict["certification"]
    names = {f"certification:{pattern.name}" for pattern in plain_patterns(app_resolver)}
    assert names == set(urls), names ^ set(urls)


@pytest.mark.parametrize("persona", ["olivia", "other_member", "own_member"])
def test_outsiders_get_404_on_every_certification_url_and_nothing_changes(
    persona, certified_world, members, client, request
):
    """Another province's officer, a member of another district's committee, and even a
    member of the committee that assessed the unit: certificates and announcements are the
    province's and its districts' staff pages."""
    urls, certificate = certified_world
    if persona == "own_member":
        user = members["m1"].user
    elif persona == "other_member":
        user = request.getfixturevalue("other_member").user
    else:
        user = request.getfixturevalue(persona)
    client.force_login(user)
    before = (AuditEntry.objects.count(), certificate.revoked_at)
    for name, (method, url) in urls.items():
        response = getattr(client, method)(url, {"reason": "x"} if method == "post" else None)
        assert response.status_code == 404, (persona, name, response.status_code)
    certificate.refresh_from_db()
    assert (AuditEntry.objects.count(), certificate.revoked_at) == before


def test_another_district_reads_the_announcement_but_not_the_certificate(
    certified_world, charlie, client
):
    urls, _certificate = certified_world
    client.force_login(charlie)
    for name in ("certification:announcement_pdf", "certification:announcement_docx"):
        assert client.get(urls[name][1]).status_code == 200, name
    for name in ("certification:detail", "certification:pdf", "certification:credential"):
        assert client.get(urls[name][1]).status_code == 404, name
