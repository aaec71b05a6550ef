"""How the dashboards build their pages: the links of a table are reversed once and the code of
each row put in (dashboards/views.py `_path_of`, `UnitLinks`), so each must still equal what a
reverse() and a urlencode() of that row would give, with the page's filters kept."""

import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.urls import reverse

from dashboards.stages import STAGE_KEYS
from dashboards.views import _path_of
from geography.models import Province
from registration.models import Status
from tests.factories import make_unit

FY = 2570


@pytest.fixture(autouse=True)
def no_cached_figures():
    cache.clear()


def _rows(body: str) -> dict[str, tuple[str, list[str]]]:
    """{child code: (the row's own link, the links of its figures)}."""
    rows = {}
    for code, inner in re.findall(r'<tr data-child="([^"]+)">(.*?)</tr>', body, re.S):
        own = re.search(r'<th><a href="([^"]+)">', inner)
        assert own, code
        cells = re.findall(r'<td class="num[^"]*"><a href="([^"]+)">', inner)
        rows[code] = (unescape(own.group(1)), [unescape(href) for href in cells])
    return rows


def test_a_province_row_links_to_that_provinces_page_with_the_filters(year, admin_user, client):
    client.force_login(admin_user)
    body = client.get(reverse("dashboards:country"), {"fy": FY, "type": "LEADER"}).content
    rows = _rows(body.decode())
    assert set(rows) == set(Province.objects.values_list("pk", flat=True))
    for code, (own, cells) in rows.items():
        expected = (
            reverse("dashboards:province", kwargs={"province_code": code})
            + "?"
            + urlencode({"fy": FY, "type": "LEADER"})
        )
        assert own == expected
        # Every figure opens the province's page; the deadlines' two at its deadlines.
        assert cells and set(cells) == {expected, expected + "#deadlines"}, code


def test_a_district_rows_figures_open_the_register_of_that_district(year, pat, client):
    client.force_login(pat)
    body = client.get(
        reverse("dashboards:province", kwargs={"province_code": "51"}),
        {"fy": FY, "type": "GROUP"},
    ).content.decode()
    rows = _rows(body)
    assert "5101" in rows and "5102" in rows
    register = reverse("registration:register")
    for code, (own, cells) in rows.items():
        assert own == (
            reverse("dashboards:district", kwargs={"district_code": code})
            + "?"
            + urlencode({"fy": FY, "type": "GROUP"})
        )

        def of(code: str = code, **params: str) -> str:
            query = {"year": year.pk, "unit_type": "GROUP", "district": code, **params}
            return f"{register}?{urlencode(query)}"

        year_page = reverse("programme:status", args=[year.pk])
        certificates = f"{reverse('certification:list')}?year={year.pk}"
        assert cells == [
            *(of(stage=key) for key in STAGE_KEYS),
            year_page,  # quota
            of(stage="assessed"),
            of(status=Status.DOCUMENTS_RETURNED),
            year_page,  # missed
            year_page,  # due soon
            certificates,
            certificates,
        ], code
    # The province's own figures: the register of the whole province, no district.
    returned = re.search(r'href="([^"]+)" data-figure="returned"', body)
    assert returned
    assert unescape(returned.group(1)) == (
        f"{register}?"
        + urlencode({"year": year.pk, "unit_type": "GROUP", "status": Status.DOCUMENTS_RETURNED})
    )


def test_the_sort_links_keep_the_filters_and_turn_the_sorted_column(year, pat, client):
    client.force_login(pat)
    body = client.get(
        reverse("dashboards:province", kwargs={"province_code": "51"}),
        {"fy": FY, "type": "LEADER", "sort": "certified", "dir": "desc"},
    ).content.decode()
    sorters = re.search(r'<tr class="sorters">(.*?)</tr>', body, re.S)
    assert sorters
    links = [unescape(h) for h in re.findall(r'href="([^"]+)"', sorters.group(1))]
    # Every figure but the reports (a country's column) and the name (the header's link).
    assert len(links) == 14
    assert f"?fy={FY}&type=LEADER&sort=certified&dir=asc#children" in links
    assert f"?fy={FY}&type=LEADER&sort=returned&dir=desc#children" in links
    assert "▼" in sorters.group(1) and "▲" not in sorters.group(1)


def test_one_reverse_gives_the_path_of_any_code(db):
    path = _path_of("dashboards:district", "district_code")
    for code in ["5101", "ก ข", "a&b", "x%y"]:
        assert path(code) == reverse("dashboards:district", kwargs={"district_code": code})
    unit_path = _path_of("dashboards:unit", "unit_pk", marker="9876543210")
    for pk in [1, 98765, 9876543210]:
        assert unit_path(str(pk)) == reverse("dashboards:unit", args=[pk])


def test_the_crumbs_keep_the_filters_and_show_only_the_levels_the_viewer_reads(
    year, admin_user, pat, alice, client
):
    url = reverse("dashboards:district", kwargs={"district_code": "5101"})
    query = "?" + urlencode({"fy": FY, "type": "LEADER"})

    def crumbs(user) -> list[str]:
        client.force_login(user)
        body = client.get(url, {"fy": FY, "type": "LEADER"}).content.decode()
        nav = re.search(r'<nav class="crumbs[^>]*>(.*?)</nav>', body, re.S)
        assert nav
        return [unescape(h) for h in re.findall(r'href="([^"]+)"', nav.group(1))]

    province = reverse("dashboards:province", kwargs={"province_code": "51"}) + query
    assert crumbs(admin_user) == [reverse("dashboards:country") + query, province]
    assert crumbs(pat) == [province]
    assert crumbs(alice) == []


def test_a_units_crumbs_end_with_its_district_on_the_units_own_year_and_type(year, alice, client):
    unit = make_unit(year, alice, "หน่วยนับเส้นทาง", district="5101", unit_type="GROUP")
    client.force_login(alice)
    body = client.get(reverse("dashboards:unit", args=[unit.pk])).content.decode()
    nav = re.search(r'<nav class="crumbs[^>]*>(.*?)</nav>', body, re.S)
    assert nav
    assert [unescape(h) for h in re.findall(r'href="([^"]+)"', nav.group(1))] == [
        reverse("dashboards:district", kwargs={"district_code": "5101"})
        + "?"
        + urlencode({"fy": unit.fiscal_year, "type": "GROUP"})
    ]
