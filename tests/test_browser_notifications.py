"""The work comes to people, in a real browser: a district officer returns a document with a
reason; the responsible developer sees the bell and the to-do entry, opens the notification and
uploads a corrected file; the officer's to-do then shows the unit waiting for review."""

import pytest

from notifications.models import Kind, Notification
from registration.models import Status
from tests.conftest import PASSWORD, complete_documents, jpeg_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('งานของฉัน')")


def log_out(page):
    page.click("button:has-text('ออกจากระบบ')")
    page.wait_for_url("**/accounts/login/**")


def test_a_returned_document_reaches_the_developer_and_comes_back(
    page, live_server, alice, dave, leader, tmp_path
):
    leader.responsible_developer = dave
    leader.save(update_fields=["responsible_developer"])
    unit = complete_documents(leader, alice)
    assert unit.status == Status.SUBMITTED
    photo = tmp_path / "id-card.jpg"
    photo.write_bytes(jpeg_upload().read())

    # The officer returns the ID-card copy with a reason.
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/units/{unit.pk}/")
    row = page.locator("tr", has_text="สำเนาบัตรประจำตัวประชาชน")
    row.locator("summary:has-text('ส่งคืน')").click()
    row.locator("textarea[name=reason]").fill("สำเนาบัตรไม่ชัด กรุณาถ่ายใหม่")
    row.locator("button:has-text('ส่งคืนพร้อมเหตุผล')").click()
    page.wait_for_selector("h1:has-text('ส่งคืนเอกสารให้แก้ไข')")
    log_out(page)

    # The developer: the bell counts what is unread, the to-do names the returned unit.
    log_in(page, live_server, "dave")
    unread = Notification.objects.filter(recipient=dave, read_at__isnull=True).count()
    assert unread >= 1
    assert page.locator("a.bell .badge").inner_text().startswith(str(unread))
    assert "ส่งคืนเอกสารแล้ว ยังไม่ได้แก้ไข" in page.locator("ul.tasks").inner_text()
    page.click("a.bell")
    page.click(f"a:has-text('เอกสารถูกส่งคืนให้แก้ไข: {unit.name}')")
    page.wait_for_url(f"**/units/{unit.pk}/")
    assert "สำเนาบัตรไม่ชัด กรุณาถ่ายใหม่" in page.content()
    assert Notification.objects.get(recipient=dave, kind=Kind.DOCUMENT_RETURNED).read_at

    page.select_option("#id_kind", value="ID_CARD")
    page.set_input_files("#id_file", str(photo))
    page.click("button:has-text('อัปโหลด')")
    page.wait_for_selector("text=แนบเอกสารแล้ว")
    log_out(page)

    # Back with the officer: waiting for review again.
    unit.refresh_from_db()
    assert unit.status == Status.SUBMITTED
    log_in(page, live_server, "alice")
    tasks = page.locator("ul.tasks").inner_text()
    assert "เอกสารรอตรวจ" in tasks and "ส่งคืนเอกสารแล้ว" not in tasks
