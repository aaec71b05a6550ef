"""Scope on the pages that take no object id: lists, searches, exports and create forms
(docs/security.md §1). tests/test_scope_urls.py covers every URL with an id; this file covers
every other named URL, so that together the two name every pattern of the URL configuration.

Each page is requested by people outside district A — another district's officer and
developer, a committee member of another district, another province's officer — plain and with
a query string naming district A's objects (its year, district, unit, a search for its names
and its leader's national ID). None of district A's names may appear in what they get, xlsx
downloads read cell by cell; the province's own names (its zones) only to the other province.
Their POSTs naming district A's objects change nothing there.

A new URL without an id and no entry here fails `test_every_url_without_an_id_is_listed`.
"""

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.models import Role
from core.once import new_form_token
from geography.models import Subdistrict, Village, Zone
from registration.models import Unit
from tests.conftest import make_user
from tests.factories import make_unit, named_patterns

# What each URL is asked with: its arguments (none are ids), and whether it is a public page,
# where a certified unit's name is public by design (only personal data must not show).


@dataclass(frozen=True)
class Page:
    kwargs: dict
    public: bool = False


PAGES: dict[str, Page] = {
    "home": Page({}),
    "healthz": Page({}, public=True),
    "accounts:login": Page({}, public=True),
    "accounts:logout": Page({}),
    "accounts:users": Page({}),
    "geography:villages": Page({}),
    "geography:zones": Page({}),
    "geography:emblem": Page({}),
    "geography:emblem_remove": Page({}),
    "geography:emblem_image": Page({}),
    "programme:list": Page({}),
    "programme:defaults": Page({}),
    "registration:register": Page({}),
    "registration:create": Page({"unit_type": "LEADER"}),
    "registration:carry_over": Page({}),
    "activities:list": Page({}),
    "certification:list": Page({}),
    "assessment:current": Page({}),
    "certified:register": Page({}),
    "certified:register_xlsx": Page({}),
    "certified:outstanding_latest": Page({}),
    "certified_public:register": Page({}, public=True),
    "certified_public:open_data_csv": Page({}, public=True),
    "certified_public:open_data_json": Page({}, public=True),
    "certified_public:open_data_schema": Page({}, public=True),
    "search:results": Page({}),
    "verify_form": Page({}, public=True),
    "set_language": Page({}, public=True),
    "accounts:password_change": Page({}),
    "accounts:password_change_done": Page({}),
    "accounts:password_reset": Page({}, public=True),
    "accounts:password_reset_sent": Page({}, public=True),
    "accounts:password_reset_confirm": Page({"uidb64": "MQ", "token": "set-password"}, public=True),
    "accounts:password_reset_complete": Page({}, public=True),
    "accounts:invitation_accept": Page({"uidb64": "MQ", "token": "set-password"}, public=True),
    "accounts:invitation_done": Page({}, public=True),
    "privacy:list": Page({}),
    "privacy:policy": Page({}),
    "notifications:inbox": Page({}),
    "notifications:mark_all_read": Page({}),
    "notifications:preferences": Page({}),
    "notifications:line_link": Page({}),
    # LINE's servers call it, signed with the channel secret (tests/test_notifications.py).
    "notifications:line_webhook": Page({}, public=True),
    "compliance:grants": Page({}),
    "compliance:processing": Page({}),
    "compliance:breaches": Page({}),
    "compliance:breach_create": Page({}),
    # The account's own second factor (docs/security.md §5): only the requester's own devices.
    "accounts:second_step": Page({}),
    "accounts:security": Page({}),
    "accounts:totp_begin": Page({}),
    "accounts:totp_qr": Page({}),
    "accounts:totp_confirm": Page({}),
    "accounts:totp_remove": Page({}),
    "accounts:backup_codes": Page({}),
    "accounts:passkey_remove": Page({}),
    "accounts:passkey_register_begin": Page({}),
    "accounts:passkey_register_complete": Page({}),
    "accounts:passkey_auth_begin": Page({}),
    "accounts:passkey_auth_complete": Page({}),
    # The dashboards (issue 13): counts of the viewer's own part; the country for the
    # department only.
    "dashboards:home": Page({}),
    "dashboards:country": Page({}),
    # The national year-end report (every province's figures): the department's only.
    "reports:national_year_end": Page({}),
}


def plain_patterns() -> dict[str, str]:
    """{"namespace:name": route} of every named pattern with no id-like argument."""
    return named_patterns(with_id=False)


def test_every_url_without_an_id_is_listed():
    patterns = plain_patterns()
    missing = sorted(set(patterns) - set(PAGES))
    assert not missing, "URLs without an id and no entry in PAGES: " + ", ".join(missing)
    stale = sorted(set(PAGES) - set(patterns))
    assert not stale, "PAGES entries for URLs that no longer exist: " + ", ".join(stale)


@pytest.fixture
def district_a(alice, dave, pat, year, leader):
    """District A (เมืองลำพูน) with names found nowhere else: the leader (and the national ID),
    a certified group, a village, an activity, the developer's name; the province's zone."""
    from activities import services as activities
    from activities.models import Kind
    from geography import services as geography

    dave.first_name = "ดาวเรืองเฉพาะเอ"
    dave.save(update_fields=["first_name"])
    certified = make_unit(year, alice, "กลุ่มจักสานเฉพาะอำเภอเอ")
    village = Village.objects.create(
        subdistrict=Subdistrict.objects.get(pk="510102"), number=9, name="บ้านเฉพาะอำเภอเอ"
    )
    activities.activity_create(
        once=new_form_token(),
        actor=alice,
        programme_year=year,
        district_id="5101",
        values={
            "kind": Kind.GROUP,
            "title": "อบรมเฉพาะอำเภอเอ",
            "held_on": dt.date(2027, 1, 15),
            "place": "ศาลาประชาคม",
        },
        links=activities.Links(units=[certified]),
    )
    zone = geography.zone_save(
        actor=pat, name="โซนเฉพาะจังหวัดลำพูน", districts=list(year.province.districts.all())
    )
    district_names = [
        leader.name,
        leader.national_id,
        "3-1006-00445-63-5",
        certified.name,
        village.name,
        "อบรมเฉพาะอำเภอเอ",
        "ดาวเรืองเฉพาะเอ",
    ]
    return {
        "year": year,
        "leader": leader,
        "certified": certified,
        "village": village,
        "zone": zone,
        "district_names": district_names,
        "province_names": [zone.name],
        "personal": [leader.name, leader.national_id, "3-1006-00445-63-5"],
    }


@pytest.fixture
def outsiders(charlie, olivia):
    """Who stands outside district A: the district names are not theirs; for `olivia`, of
    another province, the province's names are not either."""
    return {
        "charlie": (charlie, "district"),
        "developer_b": (make_user("developer_b", Role.DEVELOPER, district="5102"), "district"),
        "member_b": (make_user("member_b", Role.COMMITTEE, district="5102"), "district"),
        "olivia": (olivia, "province"),
    }


def queries(world) -> list[dict]:
    """The query strings an outsider may try to widen a page with."""
    leader = world["leader"]
    return [
        {},
        {
            "year": world["year"].pk,
            "province": "51",
            "district": "5101",
            "subdistrict": "510102",
            "unit": leader.pk,
            "developer": leader.created_by_id,
        },
        {"q": leader.name},
        {"q": leader.national_id},
        {"q": "3-1006-00445-63-5"},
        {"q": world["certified"].name, "page": "1"},
    ]


def readable_text(response) -> str:
    """What a person gets: the page's text, or every cell of an xlsx download."""
    content_type = response.get("Content-Type", "")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return body.decode("utf-8", errors="replace")


def forbidden_names(world, level: str, page: Page) -> list[str]:
    if page.public:
        return world["personal"]
    names = list(world["district_names"])
    if level == "province":
        names += world["province_names"]
    return names


@pytest.mark.parametrize("name", sorted(PAGES))
def test_outsiders_see_nothing_of_district_a(name, district_a, outsiders, client):
    page = PAGES[name]
    url = reverse(name, kwargs=page.kwargs)
    for who, (user, level) in outsiders.items():
        for query in queries(district_a):
            client.force_login(user)
            response = client.get(url, query)
            assert response.status_code in (200, 302, 403, 404, 405), (who, query)
            text = readable_text(response)
            # A searched name comes back in the search box, links and the export's filter
            # line; the other queries (ids in the query, the other names) still guard it.
            names = [n for n in forbidden_names(district_a, level, page) if n not in query.values()]
            shown = [n for n in names if n in text]
            assert not shown, (name, who, query, shown)


def district_a_state(world) -> tuple:
    """What an outsider's POST must leave as it was in district A and its province."""
    from accounts.models import User
    from activities.models import Activity

    return (
        tuple(Unit.objects.filter(district_id="5101").values_list().order_by("pk")),
        Unit.objects.filter(programme_year__province_id="51").count(),
        tuple(Village.objects.filter(subdistrict__district_id="5101").values_list().order_by("pk")),
        tuple(Zone.objects.filter(province_id="51").values_list().order_by("pk")),
        tuple(Activity.objects.filter(district_id="5101").values_list().order_by("pk")),
        tuple(User.objects.filter(district_id="5101").values_list().order_by("pk")),
        tuple(
            User.objects.filter(province_id="51")
            .values_list("pk", "is_active", "role")
            .order_by("pk")
        ),
    )


def posts(world) -> dict:
    """A form naming district A's objects in every field an outsider might try."""
    leader = world["leader"]
    return {
        "once": new_form_token(),
        "district": "5101",
        "districts": ["5101"],
        "subdistrict": "510102",
        "village": world["village"].pk,
        "units": [leader.pk, world["certified"].pk],
        "unit": leader.pk,
        "source_year": world["year"].pk,
        "year": world["year"].pk,
        "name": "ชื่อที่ไม่ควรถูกบันทึก",
        "number": "12",
        "title": "ชื่อที่ไม่ควรถูกบันทึก",
        "first_name": "ไม่ควรถูกบันทึก",
        "last_name": "ไม่ควรถูกบันทึก",
        "national_id": "1101700203451",
        "zone": world["zone"].pk,
    }


@pytest.mark.parametrize("name", sorted(n for n, p in PAGES.items() if not p.public))
def test_outsiders_posts_change_nothing_in_district_a(name, district_a, outsiders, client):
    url = reverse(name, kwargs=PAGES[name].kwargs)
    before = district_a_state(district_a)
    for who, (user, _level) in outsiders.items():
        client.force_login(user)
        response = client.post(url, posts(district_a))
        # 400: a passkey ceremony not begun (accounts/passkeys.py), refused as it should be.
        assert response.status_code in (200, 302, 400, 403, 404, 405), (who, response.status_code)
        assert district_a_state(district_a) == before, (name, who)
