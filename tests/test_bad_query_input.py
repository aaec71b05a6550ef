"""Odd query strings on the pages this round added get a page or a 404, never a 500
(docs/security.md: no input may cause a 500)."""

import pytest
from django.urls import reverse

from accounts.testing import login_verified

ODD = [
    {"fy": "abc", "type": "NOPE", "sort": "__class__", "dir": "sideways", "map": "x" * 300},
    {"fy": "99999999999999999999", "type": "", "sort": "", "dir": ""},
    {"fy": "-1", "map": "pass_rate", "sort": "certified", "dir": "desc"},
    {"fy": "\x00", "stage": "\x00", "q": "\x00"},
]


@pytest.mark.parametrize("who", ["admin_user", "pat", "alice"])
def test_the_dashboards_search_and_insights_take_odd_queries(request, client, who, leader, year):
    user = request.getfixturevalue(who)
    login_verified(client, user)
    pages = [
        reverse("dashboards:home"),
        reverse("dashboards:country"),
        reverse("dashboards:province", args=["51"]),
        reverse("dashboards:province", args=["zz"]),
        reverse("dashboards:district", args=["5101"]),
        reverse("dashboards:district", args=["9999"]),
        reverse("dashboards:unit", args=[leader.pk]),
        reverse("search:results"),
        reverse("insights:gaps", args=[year.pk]),
        reverse("insights:changes", args=[year.pk]),
        reverse("registration:register"),
    ]
    for page in pages:
        for query in ODD + [{"q": "ก" * 5000}, {"q": "3-1006-00445-63-5"}, {"stage": "NOPE"}]:
            response = client.get(page, query)
            assert response.status_code in (200, 302, 400, 404), (page, query, response.status_code)


def test_the_print_downloads_refuse_an_unknown_format(client, pat, year):
    login_verified(client, pat)
    for name, kwargs in (
        ("certified_print:outstanding", {"year_id": year.pk, "fmt": "exe"}),
        ("assessment_print:schedule", {"pk": 999999, "fmt": "pdf"}),
    ):
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code in (400, 404), (name, response.status_code)


def test_a_gap_activity_for_an_indicator_id_too_big_for_the_column_is_a_message(
    client, alice, year
):
    login_verified(client, alice)
    for typed in ("99999999999999999999999", "๑๒", "-1", ""):
        response = client.post(
            reverse("insights:gap_activity", args=[year.pk]), {"indicator": typed}, follow=True
        )
        assert response.status_code == 200, typed
        assert "ไม่พบตัวบ่งชี้นี้ในเกณฑ์ของปีนี้" in response.content.decode(), typed
