"""The header's search: units (name, national ID), certificates, activities and users, each
inside the user's scope and across every year in it."""

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Role
from activities.models import Kind
from certification import services as certification_services
from geography.models import Province, Subdistrict, Village
from programme.services import programme_year_create
from registration.crypto import national_id_hash
from registration.models import Unit
from search import selectors
from tests.conftest import leader_data, make_user, new_activity, new_unit
from tests.factories import make_unit, page_queries

URL = reverse("search:results")
# The fixtures' leader (tests/conftest.py leader_data), typed as on the ID card.
LEADER_ID = "3100600445635"
LEADER_ID_DASHED = "3-1006-00445-63-5"
# A valid ID (check digit) for a leader of แม่ทา.
OTHER_ID = "1101700230708"


@pytest.fixture
def world(alice, charlie, pat, year, leader):
    """เมืองลำพูน's leader (this year and last year), แม่ทา's leader, a certificate."""
    last_year = programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2569
    )
    old = make_unit(last_year, alice, "นายสมชาย ใจงาม")
    Unit.objects.filter(pk=old.pk).update(national_id_hash=national_id_hash(LEADER_ID))
    home = Village.objects.create(
        subdistrict=Subdistrict.objects.filter(district_id="5102").earliest("code"),
        number=1,
        name="บ้านแม่ทา",
    )
    other = new_unit(
        charlie,
        year,
        "LEADER",
        leader_data(home, first_name="สมหญิง", last_name="แม่ทาดี", national_id=OTHER_ID),
        district="5102",
    )
    certified = make_unit(year, alice, "กลุ่มจักสานบ้านท่าขาม")
    signing = certification_services.issue_certificate(actor=pat, unit=certified)[0]
    return {"leader": leader, "old": old, "other": other, "certificate": signing}


def found(client, user, q) -> dict:
    client.force_login(user)
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    results = response.context["results"]
    return {
        "units": {u.pk for u in results.units.rows},
        "certificates": {c.pk for c in results.certificates.rows},
        "activities": {a.pk for a in results.activities.rows},
        "users": {u.pk for u in results.users.rows},
        "text": response.content.decode(),
    }


@pytest.mark.parametrize(
    "typed", [LEADER_ID_DASHED, LEADER_ID, "3 1006 00445 63 5", "๓๑๐๐๖๐๐๔๔๕๖๓๕"]
)
def test_a_unit_is_found_by_national_id_however_typed_across_years(client, alice, world, typed):
    result = found(client, alice, typed)
    assert result["units"] == {world["leader"].pk, world["old"].pk}
    assert f'href="{reverse("registration:detail", args=[world["leader"].pk])}"' in result["text"]
    # The stored ID is not decrypted to show: only what was typed comes back (the search box).
    if typed != LEADER_ID:
        assert LEADER_ID not in result["text"]


def test_a_unit_outside_the_scope_is_not_found(client, alice, charlie, world):
    assert found(client, alice, OTHER_ID)["units"] == set()
    assert found(client, alice, "แม่ทาดี")["units"] == set()
    # And the other way: แม่ทา finds its own, nothing of เมืองลำพูน.
    assert found(client, charlie, OTHER_ID)["units"] == {world["other"].pk}
    for q in (LEADER_ID_DASHED, "สมชาย", "ท่าขาม", world["certificate"].code):
        result = found(client, charlie, q)
        assert result["units"] == result["certificates"] == result["activities"] == set(), q
        shown = {"นายสมชาย ใจงาม", "กลุ่มจักสานบ้านท่าขาม", world["certificate"].display_number}
        assert not [name for name in shown if name in result["text"]], q


def test_another_province_finds_nothing_of_this_district(client, olivia, world):
    for q in (LEADER_ID_DASHED, "สมชาย", "กลุ่ม", world["certificate"].display_number):
        result = found(client, olivia, q)
        assert not any(result[kind] for kind in ("units", "certificates", "activities", "users"))


def test_the_province_and_the_department_find_every_district(client, pat, admin_user, world):
    for user in (pat, admin_user):
        assert found(client, user, "สม")["units"] == {
            world["leader"].pk,
            world["old"].pk,
            world["other"].pk,
        }


def test_certificates_by_number_or_verification_code(client, alice, world):
    certificate = world["certificate"]
    code = certificate.code
    for q in (code, code.lower(), f"{code[:5]}-{code[5:]}", certificate.display_number):
        assert found(client, alice, q)["certificates"] == {certificate.pk}, q
    number = certificate.display_number.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert found(client, alice, number)["certificates"] == {certificate.pk}


def test_activities_by_title(client, alice, charlie, year, accepted_group):
    activity = new_activity(
        alice,
        year,
        [accepted_group],
        kind=Kind.GROUP,
        title="อบรมการทำบัญชีครัวเรือน",
        held_on=dt.date(2027, 1, 15),
        place="ศาลาประชาคม",
    )
    assert found(client, alice, "บัญชีครัวเรือน")["activities"] == {activity.pk}
    assert found(client, charlie, "บัญชีครัวเรือน")["activities"] == set()


def test_users_only_for_administrators_inside_their_scope(
    client, alice, dave, charlie, pat, admin_user, world
):
    dave.first_name = "ดาวเรือง"
    dave.save(update_fields=["first_name"])
    # A community developer administers no accounts: no user section at all.
    result = found(client, dave, "ดาวเรือง")
    assert result["users"] == set() and "found-users" not in result["text"]
    assert found(client, alice, "ดาวเรือง")["users"] == {dave.pk}
    assert found(client, charlie, "ดาวเรือง")["users"] == set()
    assert found(client, pat, "ดาวเรือง")["users"] == {dave.pk}
    assert found(client, admin_user, "ดาวเรือง ทดสอบ")["users"] == {dave.pk}


def test_committee_members_and_visitors_have_no_search(client, world):
    member = make_user("member_a", Role.COMMITTEE, district="5101")
    client.force_login(member)
    assert client.get(URL, {"q": "สมชาย"}).status_code == 404
    assert 'id="header-search"' not in client.get(reverse("notifications:inbox")).content.decode()
    client.logout()
    assert client.get(URL, {"q": "สมชาย"}).status_code == 302


def test_the_header_has_the_search_box_for_staff(client, alice):
    client.force_login(alice)
    text = client.get(reverse("notifications:inbox")).content.decode()
    assert 'id="header-search"' in text and f'action="{URL}"' in text


@pytest.mark.parametrize("q", ["", " ", "ก", "x" * 500, "<script>", "%00", "'; drop table"])
def test_odd_queries_answer_without_error(client, alice, world, q):
    client.force_login(alice)
    assert client.get(URL, {"q": q}).status_code == 200


def test_query_count_does_not_grow_with_the_rows(client, alice, year, world):
    """Each kind is one bounded query, however many rows match."""
    client.force_login(alice)
    url = f"{URL}?q=กลุ่ม"
    few, _body = page_queries(client, url)
    for index in range(selectors.LIMIT + 5):
        unit = make_unit(year, alice, f"กลุ่มทดสอบที่ {index}")
        certification_services.issue_certificate(actor=world["certificate"].issued_by, unit=unit)
    many, body = page_queries(client, url)
    assert many == few
    assert body.count(reverse("registration:detail", args=[unit.pk])) <= 1
    assert f"แสดง {selectors.LIMIT} รายการแรก" in body


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL's")
def test_the_unit_name_search_has_a_trigram_index_of_its_own_expression(admin_user, world):
    """registration/migrations/0007: a GIN trigram index of UPPER(name), the expression that
    name__icontains compares: with the table scan and plain index scans priced out, the
    search's own query goes through it (it would not, were the expressions to differ)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes "
            "WHERE tablename = 'registration_unit' AND indexname = 'unit_name_upper_trgm'"
        )
        row = cursor.fetchone()
        assert row is not None
        assert "gin" in row[0] and "gin_trgm_ops" in row[0] and "upper" in row[0].lower()
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
    plan = selectors._units(admin_user, "สมชาย")[: selectors.LIMIT + 1].explain()
    assert "unit_name_upper_trgm" in plan
