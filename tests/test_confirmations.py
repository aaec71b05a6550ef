"""Actions that cannot be undone ask first and say what they do (templates/_confirm_dialog.html,
static/js/confirm.js), and the phone layout (static/js/menu.js, static/css/app.css): checked in
a real browser (Chromium through Playwright) where it matters, in the templates and the server
otherwise."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.testing import second_step_in_browser
from programme.models import DistrictReport
from tests.conftest import PASSWORD, chromium_page

TEMPLATES = Path(settings.BASE_DIR) / "templates"

# Each irreversible action of issue 12: its template, the form's action and what the dialog says.
CONFIRMED = [
    ("registration/register.html", "registration:applicant_list_send", "ส่งแบบรายชื่อผู้สมัคร"),
    ("development/plans_report_panel.html", "development:plans_report_send", "ส่งรายงานแผน"),
    ("assessment/summary.html", "assessment:summary_send", "ส่งสรุปผลการพิจารณา"),
    ("certification/list.html", "certification:batch_start", "ออกประกาศนียบัตรให้ทุกหน่วยนับ"),
    ("certification/batch.html", "certification:batch_start", "เริ่มออกประกาศนียบัตร"),
    ("assessment/result.html", "assessment:decide", "บันทึกมติ"),
    ("committees/committee_detail.html", "committees:member_remove", "ออกจากคณะ"),
    ("development/evidence.html", "development:evidence_remove", "นำไฟล์หลักฐาน"),
    ("development/plan.html", "development:plan_item_remove", "นำรายการนี้ออกจากแผน"),
    ("accounts/user_list.html", "accounts:user_toggle", "ปิดใช้งานบัญชี"),
]


@pytest.mark.parametrize(("template", "action", "says"), CONFIRMED)
def test_every_irreversible_button_asks_first(template, action, says):
    source = (TEMPLATES / template).read_text()
    forms = re.findall(r"<form[^>]*\{% url '" + action + r"'.*?</form>", source, re.S)
    assert forms, f"{template} has no form for {action}"
    assert any(re.search(r"<button[^>]*data-confirm=[^>]*" + says, form, re.S) for form in forms), (
        f"{template}: the {action} button does not ask"
    )


def test_the_dialog_and_its_scripts_are_on_every_page(client, alice):
    client.force_login(alice)
    page = client.get(reverse("accounts:users")).content.decode()
    assert '<dialog id="confirm-dialog"' in page
    assert "/static/js/confirm.js" in page and "/static/js/menu.js" in page
    assert 'class="menu-toggle"' in page


def test_an_empty_applicant_list_is_refused(client, alice, year):
    client.force_login(alice)
    response = client.post(reverse("registration:applicant_list_send", args=[year.pk]), follow=True)
    assert "แบบรายชื่อยังไม่มีผู้สมัครที่ตรวจเอกสารครบถ้วน จึงยังส่งจังหวัดไม่ได้" in (response.content.decode())
    assert not DistrictReport.objects.exists()


# --- in a real browser -------------------------------------------------------------------------


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    second_step_in_browser(page, live_server, username)


def csp_errors(page) -> list[str]:
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_deactivating_asks_and_cancel_changes_nothing(page, live_server, alice, dave, year):
    blocked = csp_errors(page)
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/accounts/users/")
    row = page.locator("tr[data-user=dave]")
    row.locator("button:has-text('ปิดใช้งาน')").click()
    dialog = page.locator("dialog#confirm-dialog")
    dialog.wait_for(state="visible")
    assert "ปิดใช้งานบัญชี dave" in dialog.locator("#confirm-text").inner_text()
    assert dialog.locator("[data-confirm-ok]").inner_text() == "ปิดใช้งาน"
    dialog.locator("button:has-text('ยกเลิก')").click()
    dialog.wait_for(state="hidden")
    dave.refresh_from_db()
    assert dave.is_active and page.url.endswith("/accounts/users/")
    # Escape cancels too.
    row.locator("button:has-text('ปิดใช้งาน')").click()
    dialog.wait_for(state="visible")
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    dave.refresh_from_db()
    assert dave.is_active
    # Confirmed: the form goes, with its button's value.
    row.locator("button:has-text('ปิดใช้งาน')").click()
    dialog.locator("[data-confirm-ok]").click()
    page.wait_for_selector("text=ปิดใช้งานบัญชี dave แล้ว")
    dave.refresh_from_db()
    assert not dave.is_active

    # Sending the applicant list: the dialog says what it does; sending an empty one is refused.
    page.goto(f"{live_server.url}/units/?year={year.pk}")
    page.locator("main button:has-text('ส่งแบบรายชื่อผู้สมัครให้จังหวัด')").click()
    dialog.wait_for(state="visible")
    assert "ส่งแบบรายชื่อผู้สมัครถึงจังหวัด?" in dialog.locator("#confirm-text").inner_text()
    dialog.locator("button:has-text('ยกเลิก')").click()
    dialog.wait_for(state="hidden")
    page.locator("main button:has-text('ส่งแบบรายชื่อผู้สมัครให้จังหวัด')").click()
    dialog.locator("[data-confirm-ok]").click()
    page.wait_for_selector("text=แบบรายชื่อยังไม่มีผู้สมัครที่ตรวจเอกสารครบถ้วน")
    assert not DistrictReport.objects.exists()
    assert blocked == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_removing_a_committee_member_asks_and_cancel_keeps_them(page, live_server, alice, mueang):
    member = mueang.members.order_by("order").last()
    count = mueang.members.count()
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/committees/{mueang.pk}/")
    page.locator(f"form[action='/committees/members/{member.pk}/remove/'] button").click()
    dialog = page.locator("dialog#confirm-dialog")
    dialog.wait_for(state="visible")
    assert f"นำ {member.line} ออกจากคณะ?" in dialog.locator("#confirm-text").inner_text()
    dialog.locator("button:has-text('ยกเลิก')").click()
    dialog.wait_for(state="hidden")
    assert mueang.members.count() == count


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_the_menu_folds_and_wide_tables_say_they_scroll(
    live_server, monkeypatch, alice, dave, year
):
    with chromium_page(
        monkeypatch, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    ) as page:
        blocked = csp_errors(page)
        log_in(page, live_server, "alice")
        # The district's summary of decisions: seven columns, wider than a phone.
        page.goto(live_server.url + reverse("assessment:summary", args=[year.pk]))
        toggle = page.locator("header .menu-toggle")
        nav = page.locator("header nav")
        assert toggle.is_visible() and not nav.is_visible()
        assert not page.locator("header button:has-text('ออกจากระบบ')").is_visible()
        assert page.locator("header a.bell").is_visible()
        toggle.click()
        assert toggle.get_attribute("aria-expanded") == "true"
        assert nav.is_visible() and nav.locator("a:has-text('ปีดำเนินงาน')").is_visible()
        assert page.locator("header button:has-text('ออกจากระบบ')").is_visible()
        # The page itself never scrolls sideways; a wide table scrolls in its frame and says so.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, width
        frames = page.locator(".table-wrap.scrolls")
        assert frames.count() >= 1
        hint = page.locator(".scroll-hint").first
        assert hint.is_visible() and "เลื่อน" in hint.inner_text()
        toggle.click()
        assert not nav.is_visible()

        # The user list is one card per user, each value under its column's name.
        page.goto(f"{live_server.url}/accounts/users/")
        assert not page.locator("table.stack thead").is_visible()
        card = page.locator("tr[data-user=dave]")
        box = card.bounding_box()
        assert box is not None and box["width"] <= 375
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
        label = page.evaluate(
            "getComputedStyle(document.querySelector('tr[data-user=dave] td'), '::before').content"
        )
        assert "ชื่อผู้ใช้" in label
        assert blocked == []
