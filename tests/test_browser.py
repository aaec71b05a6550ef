"""The main registration flow in a real browser: Playwright driving Debian's Chromium."""

import pytest

from documents.testing import pdf_text
from registration.models import Status, Unit
from tests.conftest import PASSWORD, jpeg_upload, pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _files(tmp_path):
    paths = {}
    for name, upload in (("form.pdf", pdf_upload()), ("photo.jpg", jpeg_upload())):
        path = tmp_path / name
        path.write_bytes(upload.read())
        paths[name] = str(path)
    return paths


def test_district_officer_registers_a_leader_end_to_end(
    page, live_server, alice, year, village, tmp_path
):
    files = _files(tmp_path)
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    # The officer starts from their to-do page (todo/), the register one click away.
    page.wait_for_selector("h1:has-text('งานของฉัน')")
    page.click("nav a:has-text('ทะเบียนผู้สมัคร')")
    page.wait_for_url("**/units/")
    assert page.locator("h1").inner_text().startswith("ทะเบียนฐานข้อมูลผู้สมัคร")

    page.click("text=+ มาตรฐานผู้นำชุมชน")
    page.select_option("#id_person_title", label="นาย") if page.locator(
        "select#id_person_title"
    ).count() else page.fill("#id_person_title", "นาย")
    page.fill("#id_first_name", "สมชาย")
    page.fill("#id_last_name", "ใจงาม")
    page.fill("#id_national_id", "3100600445635")
    page.fill("#id_birth_date", "12/05/2511")
    page.select_option("#id_subdistrict", value="510102")
    page.select_option("#id_village", value=str(village.pk))
    page.fill("#id_house_number", "45")
    page.fill("#id_domicile_years", "30")
    page.select_option("#id_position_kind", value="FORMAL")
    page.fill("#id_position_title", "ผู้ใหญ่บ้าน")
    page.fill("#id_community_work", "ประธานอาสาพัฒนาชุมชนตำบล")
    page.check("#id_community_accepted")
    page.check("#id_privacy_notice")
    page.click("button:has-text('บันทึก')")
    page.wait_for_url("**/units/*/")
    assert "ยังยื่นสมัครไม่ได้" in page.content()

    for kind, file in (
        ("APPLICATION_FORM", "form.pdf"),
        ("PHOTO", "photo.jpg"),
        ("HOUSE_REGISTRATION", "form.pdf"),
        ("ID_CARD", "photo.jpg"),
    ):
        page.select_option("#id_kind", value=kind)
        page.set_input_files("#id_file", files[file])
        page.click("button:has-text('อัปโหลด')")
        page.wait_for_selector("text=แนบเอกสารแล้ว")

    page.click("button:has-text('ยื่นสมัคร')")
    page.wait_for_selector("text=ยื่นสมัครแล้ว")
    for kind in ("APPLICATION_FORM", "PHOTO", "HOUSE_REGISTRATION", "ID_CARD"):
        page.click(f"button[data-verify={kind}]")
        page.wait_for_selector("text=ตรวจเอกสารแล้ว")
    assert "เอกสารครบถ้วน" in page.locator("h1").inner_text()
    unit = Unit.objects.get(national_id="3100600445635")
    assert unit.status == Status.DOCUMENTS_COMPLETE

    page.click("text=ทะเบียนผู้สมัคร")
    page.fill("#id_q", "3100600445635")
    page.click("main button:has-text('ค้นหา')")  # not the header's search
    assert page.locator("table tbody tr").count() == 1
    assert "นายสมชาย ใจงาม" in page.locator("table tbody").inner_text()

    with page.expect_download() as download_info:
        page.click("a:has-text('PDF')")
    pdf = open(download_info.value.path(), "rb").read()
    text = pdf_text(pdf)
    assert "นายสมชาย ใจงาม" in text
    compact = "".join(text.split())  # the ID may wrap inside its table cell
    assert "3-1006-XXXXX-XX-5" in compact
    assert "3100600445635" not in compact
    assert "ข้อมูลณวันที่" in compact  # issued date in the Buddhist era, Thai numerals


def test_register_and_unit_pages_fit_a_phone_screen(page, live_server, alice, leader):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "alice")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('งานของฉัน')")
    for path in ("/units/", f"/units/{leader.pk}/", f"/units/{leader.pk}/edit/"):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
    # The web font is served by the app itself.
    assert page.evaluate("document.fonts.check('16px Sarabun')")
