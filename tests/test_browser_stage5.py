"""Stage 5 in a real browser: two committee members score on a phone, the district
recommends, the province certifies and issues the certificate, and the public verify page
says valid, then revoked."""

import pytest
from pypdf import PdfReader

from accounts.testing import second_step_in_browser
from assessment.models import Decision, MemberScore
from certification import batch as batch_module
from certification import services as certification_services
from certification.models import Certificate, CertificateBatch
from registration.models import Status
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def signing(signing_key_file):
    """Every test here signs credentials with a key file of its own (tests/conftest.py)."""


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    second_step_in_browser(page, live_server, username)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _logout(page):
    # On a phone the header's links fold behind the menu button (static/js/menu.js).
    toggle = page.locator("header.top .menu-toggle")
    if toggle.is_visible():
        toggle.click()
    page.click("header.top button.link")
    page.wait_for_url("**/accounts/login/**")


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _attend(page):
    """The whole committee at the meeting; each member without scores with a reason."""
    for box in page.query_selector_all("input[type=checkbox][name^=present-]"):
        box.check()
    for field in page.query_selector_all("input[name^=missing-]"):
        field.fill("ให้ความเห็นในที่ประชุม")


def _score_on_phone(phone, live_server, member, score, comment):
    """Log in as the member (who lands on their open rounds), open the round and score every
    indicator with the level of this score."""
    _login(phone, live_server, member.user.username)
    phone.wait_for_selector("h1:has-text('รอบการประเมินของฉัน')")
    phone.click("h2 a:has-text('การประเมิน')")
    phone.click("a.button:has-text('ให้คะแนน')")
    phone.wait_for_selector("fieldset.indicator")
    assert _fits_the_screen(phone)
    for fieldset in phone.locator("fieldset.indicator").all():
        fieldset.locator(f"label.level:has(strong:text-is('{score}'))").click()
    phone.locator("fieldset.indicator textarea").first.fill(comment)
    phone.click("button:has-text('บันทึกคะแนน')")
    phone.wait_for_selector("text=บันทึกคะแนนแล้ว")
    _logout(phone)


def test_members_score_on_a_phone_the_province_certifies_and_the_public_verifies(
    page,
    live_server,
    alice,
    pat,
    year,
    members,
    entry,
    province_round,
):
    for member in members.values():
        member.user.set_password(PASSWORD)
        member.user.save()
    unit = entry.unit

    # Two members score at the same time on phone-sized windows, each in their own session.
    browser = page.context.browser
    phone = browser.new_context(locale="th-TH", viewport=PHONE, is_mobile=True).new_page()
    phone.set_default_timeout(15000)
    _score_on_phone(phone, live_server, members["m1"], 4, "นำเสนอชัดเจน มีหลักฐานครบ")
    _score_on_phone(phone, live_server, members["m2"], 3, "")
    assert MemberScore.objects.filter(round_unit=entry).values("member").distinct().count() == 2

    # The district officer sees both members' scores and records the recommendation.
    _login(page, live_server, "alice")
    page.goto(f"{live_server.url}/assessment/entries/{entry.pk}/result/")
    assert "นำเสนอชัดเจน มีหลักฐานครบ" in page.content()
    page.check("input[name=outcome][value=RECOMMEND]")
    page.fill("#id_reasons", "ผ่านเกณฑ์ทุกองค์ประกอบ")
    _attend(page)
    page.click("button:has-text('บันทึกมติ')")
    _confirm(page)
    page.wait_for_selector("text=บันทึกมติแล้ว")
    unit.refresh_from_db()
    assert unit.status == Status.RECOMMENDED
    _logout(page)

    # The province adds the recommended unit to its round and certifies it.
    _login(page, live_server, "pat")
    page.goto(f"{live_server.url}/assessment/rounds/{province_round.pk}/")
    page.check(f"input[name=unit][value='{unit.pk}']")
    page.click("button:has-text('เพิ่มหน่วยนับที่เลือก')")
    page.click("a:has-text('ผลรวมและมติ')")
    # The provincial committee has not scored: certifying then needs the reasons.
    assert "กรรมการให้คะแนนแล้ว 0 จาก" in page.content()
    page.check("input[name=outcome][value=CERTIFY]")
    page.fill("#id_reasons", "ผ่านการประเมินของคณะกรรมการระดับอำเภอ นำเสนอชัดเจน")
    _attend(page)
    page.click("button:has-text('บันทึกมติ')")
    _confirm(page)
    # Certifying without scores departs from them: the page asks to confirm first.
    page.check("input[name=confirm]")
    page.click("button:has-text('บันทึกมติ')")
    _confirm(page)
    page.wait_for_selector("text=บันทึกมติแล้ว")
    unit.refresh_from_db()
    assert unit.status == Status.CERTIFIED
    assert Decision.objects.filter(round_unit__unit=unit, outcome="CERTIFY").exists()

    # The province has named who signs its certificates (issuing waits for that).
    signer = certification_services.settings_for(year)
    signer.signer_name, signer.signer_position = "นายสมศักดิ์ ลงนาม", "ผู้ว่าราชการจังหวัดลำพูน"
    signer.save()

    # All the year's certificates, as a background batch with a progress bar: the page waits
    # for the worker, which runs here in the test's thread as db_worker would run it.
    page.goto(f"{live_server.url}/certificates/?year={year.pk}")
    page.click("button:has-text('ออกประกาศนียบัตรทุกหน่วยนับที่ผ่านการรับรอง')")
    _confirm(page)
    page.wait_for_selector("text=รอเริ่ม")
    assert page.locator("progress").get_attribute("value") == "0"
    batch_module.run_batch(CertificateBatch.objects.get(programme_year=year).pk)
    page.wait_for_selector("text=เสร็จแล้ว")  # the page reloads itself
    assert page.locator("progress").get_attribute("value") == "1"
    page.click("a:has-text('กลับไปรายการประกาศนียบัตร')")
    certificate = Certificate.objects.get(unit=unit)
    page.click(f"a:has-text('{certificate.display_number}')")
    with page.expect_download() as download:
        page.click("a:has-text('ดาวน์โหลดประกาศนียบัตร (PDF)')")
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert certificate.code_display in text

    # Anyone, without logging in, checks the code printed on the certificate.
    public = browser.new_context(locale="th-TH").new_page()
    public.goto(f"{live_server.url}/verify/")
    public.fill("input[name=code]", certificate.code_display)
    public.click("button[type=submit]")
    public.wait_for_selector("text=ประกาศนียบัตรนี้ออกโดยระบบ มชช. และยังใช้ได้")
    assert unit.name in public.content()

    # The province revokes it; the same public page now says revoked, with the reason.
    page.goto(f"{live_server.url}/certificates/{certificate.pk}/")
    page.fill("#id_reason", "พบว่าข้อมูลผลงานไม่ถูกต้อง")
    page.click("button:has-text('เพิกถอน')")
    page.wait_for_selector("text=เพิกถอนประกาศนียบัตรแล้ว")
    public.reload()
    public.wait_for_selector("text=ประกาศนียบัตรนี้ถูกเพิกถอนแล้ว")
    assert "พบว่าข้อมูลผลงานไม่ถูกต้อง" in public.content()


def _confirm(page):
    """Answer the confirmation an irreversible action asks first (static/js/confirm.js)."""
    page.click("dialog#confirm-dialog [data-confirm-ok]")
