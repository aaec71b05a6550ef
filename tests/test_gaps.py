"""Where to help: the gaps the units share (from their before-assessments), one click to a draft
group activity for them, and the indicators that changed most and least (insights/)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.models import Role
from activities import services as activity_services
from activities.models import Activity, Kind
from audit.models import AuditEntry
from core.errors import DomainError
from core.once import new_form_token
from development import services as development_services
from development.models import Phase
from frameworks.models import Indicator
from geography.models import Province
from insights import selectors
from programme.services import programme_year_create
from registration.models import Status, Unit
from tests.conftest import approved_copy, make_user
from tests.factories import make_unit, page_queries

# Levels chosen before development, per unit: {indicator code: level}; unlisted codes are 5.
# A gap is 2 or more levels below the top (5): level 3 or lower.
BEFORE = {
    ("5101", "ผู้นำหนึ่ง"): {"1.1": 2, "1.2": 3, "2.1": 1, "3.3": 4},
    ("5101", "ผู้นำสอง"): {"1.1": 1, "1.2": 4, "2.1": 3},
    ("5101", "ผู้นำสาม"): {"1.1": 3, "2.2": 2},
    ("5101", "ผู้นำสี่"): {"3.1": 2},
    ("5102", "ผู้นำแม่ทาหนึ่ง"): {"1.1": 2, "2.1": 2},
    ("5102", "ผู้นำแม่ทาสอง"): {"2.1": 3, "3.3": 3},
}
# After development: every level one up from before (at most 5), but 1.1 two up.
PROVINCE_GAPS_HEADING = "ทั้งจังหวัด"


def by_code(framework) -> dict[str, Indicator]:
    return {
        i.code: i
        for i in Indicator.objects.filter(component__framework=framework).prefetch_related("levels")
    }


def answers(framework, levels: dict[str, int]) -> dict:
    return {
        i.pk: (next(lv.pk for lv in i.levels.all() if lv.score == levels.get(code, 5)), "")
        for code, i in by_code(framework).items()
    }


def after_levels(levels: dict[str, int], framework) -> dict[str, int]:
    return {
        code: min(5, levels.get(code, 5) + (2 if code == "1.1" else 1))
        for code in by_code(framework)
    }


@pytest.fixture
def world(alice, charlie, pat, year, approved):
    units = {}
    for (district, name), levels in BEFORE.items():
        actor = alice if district == "5101" else charlie
        unit = make_unit(
            year,
            actor,
            name,
            district=district,
            status=Status.DOCUMENTS_COMPLETE,
            unit_type="LEADER",
        )
        development_services.self_assessment_save(
            actor=actor,
            unit=unit,
            phase=Phase.BEFORE,
            answers=answers(approved, levels),
            finish=True,
        )
        units[name] = unit
    # Not assessed, and a withdrawn one: neither is in the analysis.
    make_unit(year, alice, "ผู้นำยังไม่ประเมิน", status=Status.DOCUMENTS_COMPLETE, unit_type="LEADER")
    return {"units": units, "framework": approved, "year": year}


def expected_gaps(district: str | None) -> dict[str, set[str]]:
    """{indicator code: names of the units sharing its gap}, computed from BEFORE."""
    found: dict[str, set[str]] = {}
    for (d, name), levels in BEFORE.items():
        if district is not None and d != district:
            continue
        for code, level in levels.items():
            if 5 - level >= 2:
                found.setdefault(code, set()).add(name)
    return found


def shown(area) -> dict[str, set[str]]:
    return {gap.indicator.code: {u.name for u in gap.units} for gap in area.gaps}


def test_the_gap_analysis_lists_the_units_that_share_each_gap(client, alice, world):
    client.force_login(alice)
    response = client.get(reverse("insights:gaps", args=[world["year"].pk]))
    assert response.status_code == 200
    areas = response.context["areas"]
    assert [a.district.code for a in areas] == ["5101"]  # alice's district only
    area = areas[0]
    assert shown(area) == expected_gaps("5101")
    assert area.assessed == 4
    # Ranked by the number of units sharing the gap: 1.1 (three units) first.
    counts = [gap.unit_count for gap in area.gaps]
    assert counts == sorted(counts, reverse=True)
    assert area.gaps[0].indicator.code == "1.1" and area.gaps[0].unit_count == 3
    assert area.gaps[0].mean_gap == Decimal("3.0")  # gaps 3, 4, 2
    text = response.content.decode()
    assert "ผู้นำหนึ่ง" in text and "ผู้นำแม่ทาหนึ่ง" not in text
    assert response.context["province"] is None  # a district sees no province summary


def test_the_province_sees_each_district_and_the_whole(client, pat, world):
    client.force_login(pat)
    response = client.get(reverse("insights:gaps", args=[world["year"].pk]))
    areas = {a.district.code: a for a in response.context["areas"]}
    assert shown(areas["5101"]) == expected_gaps("5101")
    assert shown(areas["5102"]) == expected_gaps("5102")
    province = response.context["province"]
    assert shown(province) == expected_gaps(None)
    assert province.assessed == 6
    top = province.gaps[0]
    assert top.indicator.code == "1.1" and top.unit_count == 4
    # One district asked for: only its units.
    one = client.get(reverse("insights:gaps", args=[world["year"].pk]), {"district": "5102"})
    assert [a.district.code for a in one.context["areas"]] == ["5102"]
    assert one.context["province"] is None


def test_one_click_makes_a_draft_group_activity_holding_those_units(client, alice, world):
    client.force_login(alice)
    year = world["year"]
    indicator = by_code(world["framework"])["1.1"]
    once = new_form_token()
    url = reverse("insights:gap_activity", args=[year.pk])
    response = client.post(url, {"indicator": indicator.pk, "once": once})
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:edit", args=[activity.pk])
    assert activity.is_draft and activity.kind == Kind.GROUP and activity.held_on is None
    assert activity.district_id == "5101" and activity.programme_year == year
    assert {u.name for u in activity.units.all()} == expected_gaps("5101")["1.1"]
    assert list(activity.indicators.all()) == [indicator]
    entry = AuditEntry.objects.get(action="activity.draft_create")
    assert entry.actor == alice and entry.district_id == "5101"
    # The same form again: nothing more.
    client.post(url, {"indicator": indicator.pk, "once": once})
    assert Activity.objects.count() == 1
    # Without a token: refused, nothing made.
    client.post(url, {"indicator": indicator.pk})
    assert Activity.objects.count() == 1
    # The draft shows as such; no photo goes on it until it has a date and a place.
    detail = client.get(reverse("activities:detail", args=[activity.pk])).content.decode()
    assert "data-draft" in detail and 'name="photos"' not in detail
    # The lists and the unit's development record take the draft without its date.
    listing = client.get(reverse("activities:list"), {"year": year.pk})
    assert listing.status_code == 200 and activity.title in listing.content.decode()
    member = activity.units.order_by("pk")[0]
    assert client.get(reverse("registration:detail", args=[member.pk])).status_code == 200
    record = client.get(reverse("development:record", args=[member.pk]))
    assert record.status_code == 200
    # The edit form records it: date and place set, the units and the indicator kept.
    activity_services.activity_update(
        actor=alice,
        activity=activity,
        values={
            "kind": Kind.GROUP,
            "title": activity.title,
            "held_on": dt.date(2027, 2, 1),
            "place": "ศาลาประชาคม",
        },
        links=activity_services.Links(units=list(activity.units.all()), indicators=[indicator]),
        expected_version=activity.version,
    )
    activity.refresh_from_db()
    assert not activity.is_draft and activity.held_on == dt.date(2027, 2, 1)


def test_the_page_offers_the_button_only_to_the_districts_staff(client, alice, dave, pat, world):
    url = reverse("insights:gaps", args=[world["year"].pk])
    for user, offered in ((alice, True), (dave, True), (pat, False)):
        client.force_login(user)
        text = client.get(url).content.decode()
        assert (reverse("insights:gap_activity", args=[world["year"].pk]) in text) is offered
    client.force_login(pat)
    indicator = by_code(world["framework"])["1.1"]
    client.post(
        reverse("insights:gap_activity", args=[world["year"].pk]),
        {"indicator": indicator.pk, "once": new_form_token()},
    )
    assert not Activity.objects.exists()


def test_scope_another_district_gets_only_its_own_units(client, charlie, world):
    client.force_login(charlie)
    year = world["year"]
    response = client.get(reverse("insights:gaps", args=[year.pk]))
    assert [a.district.code for a in response.context["areas"]] == ["5102"]
    text = response.content.decode()
    for district, name in BEFORE:
        assert (name in text) is (
            district == "5102" and any(name in names for names in expected_gaps("5102").values())
        )
    # Asking for เมืองลำพูน by its code: 404.
    assert (
        client.get(reverse("insights:gaps", args=[year.pk]), {"district": "5101"}).status_code
        == 404
    )
    # His draft for 2.1 holds แม่ทา's two units, none of เมืองลำพูน's.
    indicator = by_code(world["framework"])["2.1"]
    client.post(
        reverse("insights:gap_activity", args=[year.pk]),
        {"indicator": indicator.pk, "once": new_form_token()},
    )
    activity = Activity.objects.get()
    assert activity.district_id == "5102"
    assert {u.name for u in activity.units.all()} == expected_gaps("5102")["2.1"]
    # 1.1 is shared by one unit only in แม่ทา: no group activity.
    client.post(
        reverse("insights:gap_activity", args=[year.pk]),
        {"indicator": by_code(world["framework"])["1.1"].pk, "once": new_form_token()},
    )
    assert Activity.objects.count() == 1


def test_another_province_and_committee_members_read_nothing(client, olivia, world):
    year = world["year"]
    for user in (olivia, make_user("member_a", Role.COMMITTEE, district="5101")):
        client.force_login(user)
        for name in ("insights:gaps", "insights:changes"):
            assert client.get(reverse(name, args=[year.pk])).status_code == 404
        client.post(
            reverse("insights:gap_activity", args=[year.pk]),
            {"indicator": by_code(world["framework"])["1.1"].pk, "once": new_form_token()},
        )
    assert not Activity.objects.exists()


def test_the_service_refuses_units_outside_the_district_or_too_few(alice, world):
    year = world["year"]
    indicator = by_code(world["framework"])["1.1"]
    units = world["units"]
    with pytest.raises(DomainError):
        activity_services.group_activity_draft_create(
            actor=alice,
            programme_year=year,
            district_id="5101",
            title="x",
            units=[units["ผู้นำหนึ่ง"], units["ผู้นำแม่ทาหนึ่ง"]],
            indicator=indicator,
            once=new_form_token(),
        )
    with pytest.raises(DomainError):
        activity_services.group_activity_draft_create(
            actor=alice,
            programme_year=year,
            district_id="5101",
            title="x",
            units=[units["ผู้นำหนึ่ง"]],
            indicator=indicator,
            once=new_form_token(),
        )
    assert not Activity.objects.exists()


def test_odd_input_gives_a_message_not_an_error(client, alice, world):
    client.force_login(alice)
    url = reverse("insights:gap_activity", args=[world["year"].pk])
    for data in ({"indicator": "x", "once": new_form_token()}, {"indicator": "999999"}, {}):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
    assert not Activity.objects.exists()
    assert (
        client.get(reverse("insights:gaps", args=[world["year"].pk]), {"district": "x"}).status_code
        == 404
    )


def test_the_gap_page_query_count_does_not_grow(client, pat, alice, charlie, world):
    client.force_login(pat)
    url = reverse("insights:gaps", args=[world["year"].pk])
    few, _ = page_queries(client, url)
    framework = world["framework"]
    for index, district in enumerate(["5101", "5102", "5103", "5103"]):
        actor = make_user(f"officer{index}", Role.DISTRICT, district=district)
        unit = make_unit(
            world["year"],
            actor,
            f"ผู้นำเพิ่ม {index}",
            district=district,
            status=Status.DOCUMENTS_COMPLETE,
            unit_type="LEADER",
        )
        development_services.self_assessment_save(
            actor=actor,
            unit=unit,
            phase=Phase.BEFORE,
            answers=answers(framework, {"1.2": 1, "3.2": 2}),
            finish=True,
        )
    many, body = page_queries(client, url)
    assert many == few
    assert "ผู้นำเพิ่ม 3" in body


def test_changes_most_and_least_by_type_in_the_province_and_the_country(
    client, alice, charlie, pat, olivia, admin_user, world
):
    framework = world["framework"]
    for (district, name), levels in BEFORE.items():
        actor = alice if district == "5101" else charlie
        development_services.self_assessment_save(
            actor=actor,
            unit=world["units"][name],
            phase=Phase.AFTER,
            answers=answers(framework, after_levels(levels, framework)),
            finish=True,
        )
    # Another province's leader, with the same department framework, changes 3.3 a lot.
    chiang_mai = programme_year_create(
        actor=olivia, province=Province.objects.get(pk="50"), fiscal_year=2570
    )
    other_framework = approved_copy(olivia, chiang_mai, framework.copied_from)
    other = make_unit(
        chiang_mai,
        olivia,
        "ผู้นำเชียงใหม่",
        district="5001",
        status=Status.DOCUMENTS_COMPLETE,
        unit_type="LEADER",
    )
    worker = make_user("cm_officer", Role.DISTRICT, district="5001")
    development_services.self_assessment_save(
        actor=worker,
        unit=other,
        phase=Phase.BEFORE,
        answers=answers(other_framework, {"3.3": 1}),
        finish=True,
    )
    development_services.self_assessment_save(
        actor=worker,
        unit=other,
        phase=Phase.AFTER,
        answers=answers(other_framework, {}),
        finish=True,
    )

    def expected(rows) -> dict[str, Decimal]:
        """Mean after − mean before per code, from the levels themselves."""
        result = {}
        for code in by_code(framework):
            before = [levels.get(code, 5) for levels in rows]
            after = [min(5, lv + (2 if code == "1.1" else 1)) if lv < 5 else 5 for lv in before]
            result[code] = (
                Decimal(sum(after)) / len(after) - Decimal(sum(before)) / len(before)
            ).quantize(Decimal("0.01"))
        return result

    province = expected(list(BEFORE.values()))
    client.force_login(pat)
    response = client.get(reverse("insights:changes", args=[world["year"].pk]))
    (leaders,) = response.context["area"]
    assert leaders.unit_type == "LEADER"
    assert leaders.most[0].code == "1.1"
    assert {r.code: r.change for r in leaders.most + leaders.least} == {
        r.code: province[r.code] for r in leaders.most + leaders.least
    }
    top = max(province.values())
    assert leaders.most[0].change == top
    assert leaders.least[0].change == min(province.values())
    assert response.context["country"] is None  # the country is the department's
    # The department: the same, and the country with Chiang Mai's 3.3 counted in.
    client.force_login(admin_user)
    response = client.get(reverse("insights:changes", args=[world["year"].pk]))
    (country,) = response.context["country"]
    assert {r.code for r in country.most} <= set(province)
    levels_33 = [levels.get("3.3", 5) for levels in BEFORE.values()] + [1]
    after_33 = [min(5, lv + 1) for lv in levels_33[:-1]] + [5]
    expected_33 = (Decimal(sum(after_33)) / 7 - Decimal(sum(levels_33)) / 7).quantize(
        Decimal("0.01")
    )
    (everything,) = selectors.indicator_changes(Unit.objects.filter(fiscal_year=2570), ends=20)
    changes = [r.change for r in everything.most]
    assert changes == sorted(changes, reverse=True)
    every = {r.code: r for r in everything.most}
    assert every["3.3"].change == expected_33 and every["3.3"].units == 7
    assert every["1.1"].units == 7
