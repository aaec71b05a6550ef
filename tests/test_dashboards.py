"""The dashboards (issue 13): every figure of each level equals a count made here from the rows,
drill-down links stay in the viewer's scope, scope per level, and a flat query count."""

import datetime as dt
import re
from collections import Counter
from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from certification.models import Certificate
from dashboards import selectors
from dashboards.tiles import LAYOUT
from development.models import Answer, Phase, Plan, SelfAssessment
from frameworks.models import Indicator, Level
from geography.models import Province
from programme.models import Deadline, DistrictReport, ProgrammeYear, Quota
from programme.services import default_dates
from registration.models import Status, Unit
from tallies import services as tally_services
from tests.conftest import make_user
from tests.factories import make_unit, page_queries

FY = 2570


@pytest.fixture(autouse=True)
def no_cached_figures():
    """Each test counts its own rows: no figures cached by an earlier test's database."""
    from django.core.cache import cache

    cache.clear()


# district, type, status, (before levels, after levels) or None, plan state or None
ROWS: list[tuple] = [
    ("5101", "LEADER", Status.DOCUMENTS_RETURNED, None, None),
    ("5101", "LEADER", Status.DOCUMENTS_RETURNED, None, None),
    ("5101", "GROUP", Status.SUBMITTED, None, None),
    ("5101", "LEADER", Status.DOCUMENTS_COMPLETE, ((2, 2, 2), None), Plan.State.APPROVED),
    ("5101", "LEADER", Status.CERTIFIED, ((1, 2, 3), (4, 4, 5)), Plan.State.APPROVED),
    ("5101", "LEADER", Status.NOT_CERTIFIED, ((1, 1, 1), (2, 3, 2)), Plan.State.APPROVED),
    ("5101", "GROUP", Status.DRAFT, None, None),
    ("5101", "GROUP", Status.WITHDRAWN, None, None),
    ("5102", "LEADER", Status.DOCUMENTS_RETURNED, None, None),
    ("5102", "LEADER", Status.RECOMMENDED, ((3, 3, 3), (5, 5, 5)), Plan.State.SUBMITTED),
    ("5102", "COMMUNITY", Status.NOT_RECOMMENDED, None, None),
    ("5102", "LEADER", Status.CERTIFIED, ((2, 3, 4), (3, 4, 4)), Plan.State.APPROVED),
]
# Chiang Mai (province 50): what a Lamphun user must never count or reach.
OTHER: list[tuple] = [
    ("5001", "LEADER", Status.DOCUMENTS_RETURNED, None, None),
    ("5001", "LEADER", Status.CERTIFIED, ((1, 1, 1), (5, 5, 5)), Plan.State.APPROVED),
]


def _answer(unit, phase, framework, levels, actor):
    assessment = SelfAssessment.objects.create(
        unit=unit,
        phase=phase,
        framework=framework,
        state=SelfAssessment.State.FINISHED,
        started_by=actor,
        finished_by=actor,
        finished_at=timezone.now(),
    )
    for indicator, score in zip(
        Indicator.objects.filter(component__framework=framework).order_by(
            "component__order", "order"
        ),
        levels,
        strict=True,
    ):
        Answer.objects.create(
            assessment=assessment,
            indicator=indicator,
            level=Level.objects.get(indicator=indicator, score=score),
            updated_by=actor,
        )


@pytest.fixture
def world(alice, charlie, pat, olivia, admin_user, year, framework):
    """Lamphun's 2570 (and a 2569 year), Chiang Mai's 2570; units in every status; finished
    self-assessments, plans, certificates (one revoked), district reports on time and late."""
    chiang_mai = ProgrammeYear.objects.create(
        province=Province.objects.get(pk="50"), fiscal_year=FY, **default_dates(FY)
    )
    Quota.objects.filter(programme_year=year, unit_type="LEADER").update(min_per_district=3)
    last_year = ProgrammeYear.objects.create(
        province=Province.objects.get(pk="51"), fiscal_year=FY - 1, **default_dates(FY - 1)
    )
    units = []
    for i, (district, unit_type, status, levels, plan) in enumerate(ROWS + OTHER):
        programme_year = chiang_mai if district.startswith("50") else year
        unit = make_unit(
            programme_year,
            alice,
            f"หน่วยนับแดชบอร์ด {i}",
            district=district,
            status=status,
            unit_type=unit_type,
        )
        if levels is not None:
            before, after = levels
            _answer(unit, Phase.BEFORE, framework, before, alice)
            if after is not None:
                _answer(unit, Phase.AFTER, framework, after, alice)
        if plan is not None:
            Plan.objects.create(unit=unit, state=plan)
        units.append(unit)
    for i in range(3):
        make_unit(last_year, alice, f"ปีก่อน {i}", status=Status.CERTIFIED, unit_type="LEADER")
    certified = [u for u in units if u.status == Status.CERTIFIED]
    for n, unit in enumerate(certified, start=1):
        Certificate.objects.create(
            programme_year=unit.programme_year,
            unit=unit,
            number=n,
            display_number=f"ลพ {n}/2570",
            code=f"CODE{n:04d}",
            unit_name=unit.name,
            unit_type=unit.unit_type,
            issued_on=dt.date(2027, 5, 1),
            issued_by=pat,
            revoked_at=timezone.now() if n == 1 else None,
            revoked_by=pat if n == 1 else None,
        )
    # 5101 sent its applicant list on time, 5102 late; 5001 its plans on time.
    sent = [
        (year, "5101", Deadline.APPLICANT_LIST_DUE, year.applicant_list_due),
        (year, "5102", Deadline.APPLICANT_LIST_DUE, year.applicant_list_due + dt.timedelta(3)),
        (chiang_mai, "5001", Deadline.PLANS_DUE, chiang_mai.plans_due),
    ]
    for programme_year, district, deadline, day in sent:
        at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
        DistrictReport.objects.create(
            programme_year=programme_year,
            district_id=district,
            deadline=deadline,
            first_sent_at=at,
            sent_at=at,
            sent_by=alice,
        )
    return {"units": units, "year": year, "chiang_mai": chiang_mai, "framework": framework}


def _counts(units):
    """The funnel counted here, from the statuses and rows, unit by unit."""
    accepted = {
        Status.DOCUMENTS_COMPLETE,
        Status.RECOMMENDED,
        Status.NOT_RECOMMENDED,
        Status.CERTIFIED,
        Status.NOT_CERTIFIED,
    }
    counts: Counter[str] = Counter()
    for unit in units:
        finished = {
            a.phase
            for a in SelfAssessment.objects.filter(unit=unit, state=SelfAssessment.State.FINISHED)
        }
        plan = Plan.objects.filter(unit=unit).first()
        ok = unit.status in accepted
        counts["registered"] += unit.status in accepted | {
            Status.SUBMITTED,
            Status.DOCUMENTS_RETURNED,
        }
        counts["accepted"] += ok
        counts["before_done"] += ok and Phase.BEFORE in finished
        counts["plan_approved"] += ok and plan is not None and plan.state == Plan.State.APPROVED
        counts["after_done"] += ok and Phase.AFTER in finished
        counts["recommended"] += unit.status in {
            Status.RECOMMENDED,
            Status.CERTIFIED,
            Status.NOT_CERTIFIED,
        }
        counts["certified"] += unit.status == Status.CERTIFIED
        counts["returned"] += unit.status == Status.DOCUMENTS_RETURNED
        counts["assessed"] += unit.status in {
            Status.CERTIFIED,
            Status.NOT_CERTIFIED,
            Status.NOT_RECOMMENDED,
        }
    return counts


def _percent(unit, phase):
    """A unit's weighted percent, by hand from its answers (docs/domain.md §6)."""
    assessment = SelfAssessment.objects.get(unit=unit, phase=phase)
    points = full = 0.0
    for indicator in Indicator.objects.filter(component__framework=assessment.framework):
        top = max(level.score for level in indicator.levels.all())
        answer = Answer.objects.filter(assessment=assessment, indicator=indicator).first()
        got = answer.level.score if answer and answer.level else 0
        weight = float(indicator.component.weight) * float(indicator.weight)
        points += weight * got
        full += weight * top
    return points * 100 / full


def _paired(units):
    return [
        u
        for u in units
        if SelfAssessment.objects.filter(unit=u, state=SelfAssessment.State.FINISHED).count() == 2
        and u.status != Status.DOCUMENTS_RETURNED
    ]


def _figure(body, name):
    """The text of the element marked data-figure=name."""
    match = re.search(rf'data-figure="{name}"[^>]*>([^<]*)<', body)
    assert match, name
    return unescape(match.group(1)).strip()


def _children(body):
    """{child code: [cell texts]} of the children table."""
    rows = {}
    for code, inner in re.findall(r'<tr data-child="([^"]+)">(.*?)</tr>', body, re.S):
        cells = re.findall(r'<td class="num[^"]*">(?:<a href="[^"]*">)?([^<]*)', inner)
        rows[code] = [unescape(c) for c in cells]
    return rows


def _funnel_row(counts):
    return [
        str(counts[k])
        for k in (
            "registered",
            "accepted",
            "before_done",
            "plan_approved",
            "after_done",
            "recommended",
            "certified",
        )
    ]


def test_the_province_level_counts_each_district_from_the_rows(world, pat, client):
    client.force_login(pat)
    url = reverse("dashboards:province", kwargs={"province_code": "51"}) + f"?fy={FY}"
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    lamphun = [u for u in world["units"] if u.district_id.startswith("51")]
    rows = _children(body)
    assert len(rows) == 8  # Lamphun's eight districts, each a row
    for district in ("5101", "5102"):
        mine = [u for u in lamphun if u.district_id == district]
        counts = _counts(mine)
        cells = rows[district]
        assert cells[:7] == _funnel_row(counts), district
        # The quota: LEADER 3 a district, the other types 1.
        assert cells[7] == "6"
        rate = counts["certified"] * 100 / counts["assessed"]
        assert cells[8] == f"{rate:.1f}%"
        assert cells[9] == str(counts["returned"])
        issued = Certificate.objects.filter(unit__in=mine).count()
        revoked = Certificate.objects.filter(unit__in=mine, revoked_at__isnull=False).count()
        assert cells[12:14] == [str(issued), str(revoked)]
    # Totals: the whole province, never Chiang Mai's units.
    total = _counts(lamphun)
    assert _figure(body, "registered") == str(total["registered"])
    assert _figure(body, "returned") == str(total["returned"])
    assert _figure(body, "quota") == str(6 * 8)
    paired = _paired(lamphun)
    before = sum(_percent(u, Phase.BEFORE) for u in paired) / len(paired)
    after = sum(_percent(u, Phase.AFTER) for u in paired) / len(paired)
    assert _figure(body, "change").startswith(f"{before:.1f}% → {after:.1f}%")
    issued = Certificate.objects.filter(unit__in=lamphun).count()
    revoked = Certificate.objects.filter(unit__in=lamphun, revoked_at__isnull=False).count()
    assert _figure(body, "certificates") == f"{issued} / {revoked}"


def test_the_change_per_component_is_the_mean_of_the_units(world, pat):
    part = selectors.Part(user=pat, fiscal_year=FY, unit_type="", province_id="51")
    change = selectors.change(part)
    paired = _paired([u for u in world["units"] if u.district_id.startswith("51")])
    assert change.units == len(paired)
    for component in change.components:
        for phase, got in ((Phase.BEFORE, component.before), (Phase.AFTER, component.after)):
            percents = []
            for unit in paired:
                assessment = SelfAssessment.objects.get(unit=unit, phase=phase)
                points = full = 0.0
                for indicator in Indicator.objects.filter(
                    component__framework=assessment.framework, component__name=component.name
                ):
                    answer = Answer.objects.select_related("level").get(
                        assessment=assessment, indicator=indicator
                    )
                    assert answer.level is not None
                    points += float(indicator.weight) * answer.level.score
                    full += float(indicator.weight) * 5
                percents.append(points * 100 / full)
            assert got == pytest.approx(sum(percents) / len(percents))
    assert [c.name for c in change.components] == ["ภูมิรู้", "ภูมิธรรม"]


def test_deadlines_are_green_amber_red_from_the_calendar(world, pat, monkeypatch):
    year = world["year"]
    # The day after the applicant list was due: 5101 met it, 5102 sent it late, the other six
    # districts missed it; the plans and results are not due yet.
    today = year.applicant_list_due + dt.timedelta(1)
    monkeypatch.setattr(timezone, "localdate", lambda *a: today if not a else a[0].date())
    part = selectors.Part(user=pat, fiscal_year=FY, unit_type="", province_id="51")
    figures = selectors.figures_by(part, "district")
    assert figures["5101"].deadlines.met == 1
    assert figures["5102"].deadlines.missed == 1
    assert figures["5103"].deadlines.missed == 1
    totals = selectors.total(figures)
    assert (totals.deadlines.met, totals.deadlines.missed) == (1, 7)
    assert totals.deadlines.due_soon == 0
    assert totals.deadlines.pending == 8 * 2
    # Seven days before the plans are due, none sent: amber for every district.
    today = year.plans_due - dt.timedelta(7)
    totals = selectors.total(selectors.figures_by(part, "district"))
    assert totals.deadlines.due_soon == 8


def test_the_national_page_sums_the_provinces(world, admin_user, client):
    client.force_login(admin_user)
    response = client.get(reverse("dashboards:country") + f"?fy={FY}")
    assert response.status_code == 200
    body = response.content.decode()
    rows = _children(body)
    assert len(rows) == 77
    lamphun = [u for u in world["units"] if u.district_id.startswith("51")]
    chiang_mai = [u for u in world["units"] if u.district_id.startswith("50")]
    assert rows["51"][:7] == _funnel_row(_counts(lamphun))
    assert rows["50"][:7] == _funnel_row(_counts(chiang_mai))
    assert rows["10"][:7] == ["0"] * 7
    everything = _counts(world["units"])
    assert _figure(body, "registered") == str(everything["registered"])
    assert _figure(body, "returned") == str(everything["returned"])
    # Lamphun 8 districts × 6; Chiang Mai's 25 districts × 4; the others opened no year.
    chiang_mai_districts = Province.objects.get(pk="50").districts.count()
    assert _figure(body, "quota") == str(48 + 4 * chiang_mai_districts)
    # The districts' results reports received, then the province's year-end report to the
    # department (not sent yet).
    assert rows["51"][-2:] == ["0/8", "ยังไม่ส่ง"]


def test_the_national_table_sorts_on_the_server(world, admin_user, client):
    client.force_login(admin_user)
    url = reverse("dashboards:country")
    body = client.get(url, {"fy": FY, "sort": "returned", "dir": "desc"}).content.decode()
    order = list(_children(body))
    assert order[:2] == ["51", "50"]  # 3 returned, then 1
    body = client.get(url, {"fy": FY, "sort": "name", "dir": "asc"}).content.decode()
    assert list(_children(body))[0] == "10"
    for bad in ({"sort": "nope", "dir": "x"}, {"fy": "abc", "type": "X", "map": "y"}):
        assert client.get(url, bad).status_code == 200


def test_trends_count_every_fiscal_year(world, pat):
    part = selectors.Part(user=pat, fiscal_year=FY, unit_type="LEADER", province_id="51")
    trends = {t.fiscal_year: t for t in selectors.year_trends(part)}
    assert trends[FY - 1].units["LEADER"] == 3
    assert trends[FY - 1].certified["LEADER"] == 3
    leaders = [
        u for u in world["units"] if u.district_id.startswith("51") and u.unit_type == "LEADER"
    ]
    assert trends[FY].certified_total == sum(u.status == Status.CERTIFIED for u in leaders)


def _register_pks(client, href):
    """The units the register lists at `href` (every page)."""
    response = client.get(unescape(href))
    assert response.status_code == 200, href
    return set(int(pk) for pk in re.findall(r'href="/units/(\d+)/"', response.content.decode()))


def test_every_drill_down_opens_exactly_the_units_behind_the_figure(world, pat, client):
    """Each figure of a district's row opens the register with exactly its units, and none of
    another province's."""
    client.force_login(pat)
    url = reverse("dashboards:province", kwargs={"province_code": "51"}) + f"?fy={FY}"
    body = client.get(url).content.decode()
    found = re.search(r'<tr data-child="5101">(.*?)</tr>', body, re.S)
    assert found
    inner = found.group(1)
    hrefs = re.findall(r'<td class="num[^"]*"><a href="([^"]+)">', inner)
    mine = [u for u in world["units"] if u.district_id == "5101"]
    returned = {u.pk for u in mine if u.status == Status.DOCUMENTS_RETURNED}
    assert _register_pks(client, hrefs[9]) == returned
    query = parse_qs(urlparse(unescape(hrefs[9])).query)
    assert query["district"] == ["5101"] and query["status"] == ["DOCUMENTS_RETURNED"]
    certified = {u.pk for u in mine if u.status == Status.CERTIFIED}
    assert _register_pks(client, hrefs[6]) == certified
    before = {
        u.pk
        for u in mine
        if u.status not in (Status.DOCUMENTS_RETURNED, Status.SUBMITTED, Status.DRAFT)
        and SelfAssessment.objects.filter(unit=u, phase=Phase.BEFORE).exists()
    }
    assert _register_pks(client, hrefs[2]) == before
    outside = {u.pk for u in world["units"] if u.district_id.startswith("50")}
    for href in hrefs:
        if href.startswith("/units/"):
            assert not _register_pks(client, href) & outside


def test_a_stage_filter_cannot_reach_another_province(world, pat, client):
    client.force_login(pat)
    chiang_mai = world["chiang_mai"]
    response = client.get(
        reverse("registration:register"), {"year": chiang_mai.pk, "stage": "certified"}
    )
    assert response.status_code == 404
    response = client.get(
        reverse("registration:register"), {"year": world["year"].pk, "stage": "nonsense"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("who", "name", "kwargs", "status"),
    [
        ("pat", "dashboards:country", {}, 404),
        ("pat", "dashboards:province", {"province_code": "51"}, 200),
        ("pat", "dashboards:province", {"province_code": "50"}, 404),
        ("pat", "dashboards:district", {"district_code": "5101"}, 200),
        ("pat", "dashboards:district", {"district_code": "5001"}, 404),
        ("alice", "dashboards:province", {"province_code": "51"}, 404),
        ("alice", "dashboards:district", {"district_code": "5101"}, 200),
        ("alice", "dashboards:district", {"district_code": "5102"}, 404),
        ("charlie", "dashboards:district", {"district_code": "5101"}, 404),
        ("olivia", "dashboards:district", {"district_code": "5101"}, 404),
        ("admin", "dashboards:country", {}, 200),
        ("admin", "dashboards:province", {"province_code": "50"}, 200),
        ("admin", "dashboards:district", {"district_code": "5001"}, 200),
        ("member", "dashboards:home", {}, 404),
        ("member", "dashboards:district", {"district_code": "5101"}, 404),
    ],
)
def test_each_level_is_read_only_in_scope(world, who, name, kwargs, status, client):
    users = {
        "pat": "pat",
        "alice": "alice",
        "charlie": "charlie",
        "olivia": "olivia",
        "admin": "admin",
    }
    from accounts.models import User

    if who == "member":
        user = make_user("member", Role.COMMITTEE, district="5101")
    else:
        user = User.objects.get(username=users[who])
    client.force_login(user)
    assert client.get(reverse(name, kwargs=kwargs), {"fy": FY}).status_code == status


def test_the_unit_level_is_its_district_staffs(world, alice, charlie, client):
    unit = next(u for u in world["units"] if u.status == Status.CERTIFIED)
    url = reverse("dashboards:unit", kwargs={"unit_pk": unit.pk})
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    client.force_login(alice)
    body = client.get(url).content.decode()
    assert unit.name in body
    assert "✓" in body


def test_home_goes_to_the_users_level(world, admin_user, pat, alice, client):
    for user, target in (
        (admin_user, reverse("dashboards:country")),
        (pat, reverse("dashboards:province", kwargs={"province_code": "51"})),
        (alice, reverse("dashboards:district", kwargs={"district_code": "5101"})),
    ):
        client.force_login(user)
        response = client.get(reverse("dashboards:home"))
        assert response.status_code == 302 and response["Location"] == target


def test_the_district_level_lists_its_units_and_none_other(world, alice, client):
    client.force_login(alice)
    body = client.get(
        reverse("dashboards:district", kwargs={"district_code": "5101"}), {"fy": FY}
    ).content.decode()
    for unit in world["units"]:
        assert (unit.name in body) == (unit.district_id == "5101"), unit.name
    counts = _counts([u for u in world["units"] if u.district_id == "5101"])
    assert _figure(body, "registered") == str(counts["registered"])
    assert _figure(body, "returned") == str(counts["returned"])


def test_charts_are_svg_with_a_table_and_no_script(world, admin_user, client):
    client.force_login(admin_user)
    body = client.get(
        reverse("dashboards:country"), {"fy": FY, "map": "pass_rate"}
    ).content.decode()
    assert body.count("<svg") >= 4
    # The charts carry no script: the page's own are the site's static files.
    assert not re.findall(r"<script(?![^>]*\bsrc=)", body) and "style=" not in body
    for table in ("funnel", "change", "children", "pass-rate", "trends", "tiles"):
        assert f'data-table="{table}"' in body


def test_the_tile_grid_places_every_province(db):
    assert set(LAYOUT) == set(Province.objects.values_list("pk", flat=True))
    assert len(set(LAYOUT.values())) == 77


def _more_units(year, creator, district, n, status=Status.DOCUMENTS_RETURNED):
    from geography.models import Subdistrict

    subdistrict = Subdistrict.objects.filter(district_id=district).earliest("code")
    made = Unit.objects.bulk_create(
        Unit(
            programme_year=year,
            fiscal_year=year.fiscal_year,
            unit_type="LEADER",
            status=status,
            district_id=district,
            subdistrict=subdistrict,
            name=f"เพิ่ม {district} {i}",
            name_key=f"เพิ่ม{district}{i}",
            created_by=creator,
        )
        for i in range(n)
    )
    tally_services.mark(unit.pk for unit in made)  # as unit_create's event does


@pytest.mark.parametrize(
    ("who", "url"),
    [
        ("admin", lambda: reverse("dashboards:country")),
        ("pat", lambda: reverse("dashboards:province", kwargs={"province_code": "51"})),
        ("alice", lambda: reverse("dashboards:district", kwargs={"district_code": "5101"})),
    ],
)
def test_the_query_count_does_not_grow_with_units_or_districts(world, who, url, client):
    from accounts.models import User

    client.force_login(User.objects.get(username=who))
    address = url() + f"?fy={FY}"
    page_queries(client, address)  # the first read counts the year's tallies in full
    cache.clear()  # both counts are of the figures computed, not of the cached ones
    few, _body = page_queries(client, address)
    year = world["year"]
    alice = User.objects.get(username="alice")
    for district in ("5101", "5102", "5103", "5104"):
        if not Unit.objects.filter(district_id=district).exists():
            make_unit(year, alice, f"ใหม่ {district}", district=district, status=Status.SUBMITTED)
        _more_units(year, alice, district, 30)
    _more_units(world["chiang_mai"], alice, "5001", 30)
    # Another province opens the year, with units: the country has one more province to count.
    bangkok = ProgrammeYear.objects.create(
        province=Province.objects.get(pk="10"), fiscal_year=FY, **default_dates(FY)
    )
    _more_units(bangkok, alice, "1001", 10)
    for district in ("5103", "5104"):
        at = timezone.now()
        DistrictReport.objects.create(
            programme_year=year,
            district_id=district,
            deadline=Deadline.APPLICANT_LIST_DUE,
            first_sent_at=at,
            sent_at=at,
            sent_by=alice,
        )
    # What the writes' after-commit drains and the new year's first read would have done
    # (tallies/handlers.py): the view after them counts nothing more.
    tally_services.ready(ProgrammeYear.objects.all())
    cache.clear()
    many, _body = page_queries(client, address)
    assert many == few, (few, many)
    assert few <= 30


def test_a_move_shows_at_once_on_the_next_view(world, pat, alice, client):
    """The figures are summed from the tallies the workflow's events keep (docs/tallies.md): a
    status move through the workflow shows on the next page."""
    from django.db import transaction

    from registration import services

    client.force_login(pat)
    url = reverse("dashboards:province", kwargs={"province_code": "51"}) + f"?fy={FY}"
    first = _children(page_queries(client, url)[1])["5101"][9]
    again, body = page_queries(client, url)
    assert _children(body)["5101"][9] == first
    unit = next(
        u for u in world["units"] if u.district_id == "5101" and u.status == Status.SUBMITTED
    )
    with transaction.atomic():
        locked = Unit.objects.select_for_update().get(pk=unit.pk)
        services.unit_status_move(
            actor=alice, unit=locked, to_status=Status.DOCUMENTS_RETURNED, reason="ขาดเอกสาร"
        )
    _count, body = page_queries(client, url)
    assert _children(body)["5101"][9] == str(int(first) + 1)


def test_figures_are_the_viewers_scope_only(world, pat, olivia, admin_user, client):
    """The department's country figures never answer a province officer, and a
    province's never another province's officer."""
    client.force_login(admin_user)
    assert client.get(reverse("dashboards:country"), {"fy": FY}).status_code == 200
    client.force_login(pat)
    assert client.get(reverse("dashboards:country"), {"fy": FY}).status_code == 404
    body = client.get(
        reverse("dashboards:province", kwargs={"province_code": "51"}), {"fy": FY}
    ).content.decode()
    client.force_login(olivia)
    response = client.get(reverse("dashboards:province", kwargs={"province_code": "51"}))
    assert response.status_code == 404
    other = client.get(
        reverse("dashboards:province", kwargs={"province_code": "50"}), {"fy": FY}
    ).content.decode()
    chiang_mai = _counts([u for u in world["units"] if u.district_id.startswith("50")])
    assert _figure(other, "registered") == str(chiang_mai["registered"])
    assert _figure(body, "registered") != _figure(other, "registered")


@pytest.mark.parametrize(
    ("who", "name", "kwargs"),
    [
        ("pat", "dashboards:province", {"province_code": "51"}),
        ("alice", "dashboards:district", {"district_code": "5101"}),
        ("admin", "dashboards:country", {}),
    ],
)
def test_every_link_on_a_level_opens(world, who, name, kwargs, client):
    """The links behind the figures lead somewhere the viewer may go (not a 404 or a 500)."""
    from accounts.models import User

    client.force_login(User.objects.get(username=who))
    url = reverse(name, kwargs=kwargs)
    body = client.get(url, {"fy": FY}).content.decode()
    links = {
        unescape(href)
        for href in re.findall(r'href="([^"#][^"]*)"', body)
        if href.startswith(
            ("/dashboards/", "/units/", "/programme/", "/certificates/", "/development/", "?")
        )
    }
    assert len(links) > 10
    for href in sorted(links)[:200]:
        target = url + href if href.startswith("?") else href
        status = client.get(target).status_code
        assert status in (200, 302), (target, status)


def test_a_cached_page_shows_a_report_sent_and_a_quota_changed_on_the_next_view(
    world, pat, alice, client
):
    """The counted page is cached under a mark of what it counts (dashboards/cache.py): a
    district's report sent and the province's quotas changed, through their services, show on
    the next view of a page seen just before."""
    from programme import services as programme_services

    client.force_login(pat)
    url = reverse("dashboards:province", kwargs={"province_code": "51"}) + f"?fy={FY}"
    page_queries(client, url)
    _count, body = page_queries(client, url)  # from the cache
    met, quota = _figure(body, "deadlines_met"), _figure(body, "quota")
    year = world["year"]
    programme_services.district_report_send(
        actor=alice, year=year, district_id="5101", deadline=Deadline.PLANS_DUE, unit_count=3
    )
    _count, body = page_queries(client, url)
    assert _figure(body, "deadlines_met") != met
    values = {q.unit_type: (q.min_per_district + 2, q.min_per_developer) for q in year.quotas.all()}
    programme_services.quotas_update(actor=pat, year=year, values=values)
    _count, body = page_queries(client, url)
    assert _figure(body, "quota") != quota


def test_the_national_table_shows_each_provinces_year_end_report_as_sent(
    world, pat, admin_user, client
):
    """The country's table says, per province, whether its year-end report reached the
    department (reports.YearEndReportSent), and the next view shows a sending at once."""
    from core.once import new_form_token
    from reports import services as report_services

    client.force_login(admin_user)
    url = reverse("dashboards:country") + f"?fy={FY}"

    def lamphun_cell() -> str:
        body = page_queries(client, url)[1]
        row = re.search(r'<tr data-child="51">(.*?)</tr>', body, re.S)
        assert row is not None
        cells = re.findall(r'<td class="num[^"]*">(?:<a href="[^"]*">)?([^<]*)', row.group(1))
        return unescape(cells[-1])

    assert lamphun_cell() == "ยังไม่ส่ง"
    report_services.year_end_report_send(
        actor=pat, year=world["year"], once=new_form_token(), confirmed=True
    )
    sent = lamphun_cell()
    assert sent != "ยังไม่ส่ง" and "๒๕๗" not in sent and re.search(r"\d", sent)
    body = page_queries(client, url)[1]
    assert reverse("reports:national_year_end") in body
