"""The dashboards in a real browser (issue 13): the province officer clicks a district's
"documents returned" figure and lands on the register with exactly those units; the
department's administrator finds the province's figures in the national table."""

import pytest

from accounts.testing import second_step_in_browser
from registration.models import Status
from tests.conftest import PASSWORD
from tests.factories import make_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    second_step_in_browser(page, live_server, username)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _logout(page):
    page.click("header.top button.link")
    page.wait_for_url("**/accounts/login/**")


def test_province_drills_down_to_returned_units_and_the_department_sees_the_province(
    page, live_server, alice, pat, admin_user, year
):
    returned = [
        make_unit(year, alice, f"ส่งคืนเมือง {i}", status=Status.DOCUMENTS_RETURNED) for i in range(4)
    ]
    make_unit(year, alice, "ครบแล้วเมือง", status=Status.DOCUMENTS_COMPLETE)
    make_unit(year, alice, "ส่งคืนป่าซาง", district="5102", status=Status.DOCUMENTS_RETURNED)

    _login(page, live_server, "pat")
    page.click("header.top nav a:has-text('แดชบอร์ด')")
    page.wait_for_selector("h1:has-text('จังหวัดลำพูน')")
    row = page.locator('tr[data-child="5101"]')
    # The tenth figure of a district's row is "ส่งคืนเอกสาร" (templates/dashboards/level.html).
    figure = row.locator("td:nth-of-type(10) a")
    assert figure.inner_text() == "4"
    figure.click()
    page.wait_for_url("**/units/?**")
    page.wait_for_selector("h1:has-text('ทะเบียนฐานข้อมูลผู้สมัคร')")
    listed = sorted(page.locator("table tbody tr td:first-child a").all_inner_texts())
    assert listed == sorted(u.name for u in returned)
    assert "ส่งคืนป่าซาง" not in page.content()
    _logout(page)

    _login(page, live_server, "admin")
    page.goto(f"{live_server.url}/dashboards/")
    page.wait_for_selector("h1:has-text('ภาพรวมทั้งประเทศ')")
    lamphun = page.locator('tr[data-child="51"]')
    cells = lamphun.locator("td").all_inner_texts()
    # Registered 6 (returned count as applicants), documents complete 1, returned 5.
    assert cells[0] == "6" and cells[1] == "1" and cells[9] == "5"
    lamphun.locator("th a").click()
    page.wait_for_selector("h1:has-text('จังหวัดลำพูน')")
