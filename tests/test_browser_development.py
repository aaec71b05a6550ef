"""Stages 3–4 in a real browser: before-assessment, plan written and approved, an activity with
a photo, after-assessment and the change chart."""

import pytest

from activities.models import Activity
from development.models import Phase, Plan, SelfAssessment
from tests.conftest import PASSWORD, complete_documents, jpeg_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('งานของฉัน')")  # the start page (todo/)
    page.goto(f"{live_server.url}/units/")


def _choose_level_everywhere(page, score):
    """Click the level with this score under every indicator of the form."""
    for fieldset in page.locator("fieldset.indicator").all():
        fieldset.locator(f"label.level:has(strong:text-is('{score}'))").click()


def test_officer_takes_a_unit_through_stages_3_and_4(
    page,
    live_server,
    alice,
    dave,
    approved,
    leader,
    tmp_path,
):
    leader.responsible_developer = dave
    leader.save()
    unit = complete_documents(leader, alice, reviewer=alice)
    photo = tmp_path / "training.jpg"
    photo.write_bytes(jpeg_upload().read())

    _login(page, live_server, "alice")
    # Before-assessment: save partly, come back, finish.
    page.goto(f"{live_server.url}/development/units/{unit.pk}/assessment/BEFORE/")
    page.locator("fieldset.indicator").first.locator("label.level").nth(1).click()
    page.click("button[name=save]")
    page.wait_for_selector("text=บันทึกไว้แล้ว")
    _choose_level_everywhere(page, 2)
    page.click("button[name=finish]")
    page.wait_for_url("**/result/")
    assert "ยังไม่ผ่านเกณฑ์" in page.content()
    assert SelfAssessment.objects.get(unit=unit, phase=Phase.BEFORE).state == "FINISHED"

    # The plan: one item for an indicator with a gap, submitted, then approved by the developer.
    page.click("a:has-text('แผนพัฒนาตนเอง')")
    page.select_option("#id_indicator", index=1)
    page.fill("#id_knowledge", "การทำบัญชีครัวเรือน")
    page.fill("#id_method", "อบรมร่วมกับผู้นำทั้งอำเภอ")
    page.fill("#id_starts_on", "10/01/2570")
    page.fill("#id_ends_on", "28/02/2570")
    page.fill("#id_resource", "ปราชญ์ชาวบ้าน")
    page.fill("#id_evidence", "บัญชีครัวเรือนที่จดต่อเนื่อง")
    page.fill("#id_target_score", "4")
    page.click("button:has-text('เพิ่มรายการ')")
    page.wait_for_selector("text=เพิ่มรายการในแผนแล้ว")
    page.click("button:has-text('เสนอแผนให้พัฒนากรพิจารณา')")
    page.wait_for_selector("text=เสนอแผนให้พัฒนากรพิจารณาแล้ว")
    page.click("header.top button.link")  # log out
    _login(page, live_server, "dave")
    page.goto(f"{live_server.url}/development/units/{unit.pk}/plan/")
    page.fill("#comment", "เห็นชอบ ดำเนินการตามแผน")
    page.click("button[value=approve]")
    page.wait_for_selector("text=บันทึกผลการพิจารณาแผนแล้ว")
    assert Plan.objects.get(unit=unit).state == Plan.State.APPROVED

    # An individual coaching visit for this unit, serving its plan item, with a photo.
    page.goto(f"{live_server.url}/activities/new/{unit.programme_year_id}/")
    page.check("input[name=kind][value=INDIVIDUAL]")
    page.fill("#id_title", "ติดตามการจดบัญชีครัวเรือน")
    page.fill("#id_held_on", "20/01/2570")
    page.fill("#id_place", "บ้านท่าขาม")
    page.fill("#id_learning", "จดบัญชีได้ต่อเนื่องทุกวัน")
    page.check(f"input[name=units][value='{unit.pk}']")
    page.check("input[name=plan_items]")
    page.click("button[type=submit]:has-text('บันทึก')")
    page.wait_for_selector("text=บันทึกกิจกรรมแล้ว")
    page.set_input_files("#photos-input", str(photo))
    page.fill("#id_caption", "ดูสมุดบัญชีครัวเรือน")
    page.click("button:has-text('อัปโหลดภาพ')")
    page.wait_for_selector("text=บันทึกภาพแล้ว 1 ภาพ")
    # The thumbnail is lazy-loaded: bring it into view and wait for the decode, which
    # fails (naturalWidth 0) if the rendition cannot be served.
    thumbnail = page.locator("img").first
    thumbnail.scroll_into_view_if_needed()
    thumbnail.evaluate(
        "img => img.complete ? null : new Promise(done => { img.onload = img.onerror = done })"
    )
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")
    activity = Activity.objects.get(title="ติดตามการจดบัญชีครัวเรือน")
    assert list(activity.units.all()) == [unit] and activity.photos.count() == 1
    assert activity.plan_items.count() == 1

    # After-assessment and the change chart.
    page.goto(f"{live_server.url}/development/units/{unit.pk}/assessment/AFTER/")
    _choose_level_everywhere(page, 4)
    page.click("button[name=finish]")
    page.wait_for_url("**/result/")
    assert page.locator("svg rect.bar-after").count() >= 3
    widths = page.eval_on_selector_all(
        "svg rect.bar-after", "rects => rects.map(r => Number(r.getAttribute('width')))"
    )
    assert all(w > 0 for w in widths)
    assert "ผ่านเกณฑ์" in page.content()
    changes = page.locator("table").nth(1).inner_text()
    assert "+2" in changes

    # The same pages on a phone: wide tables scroll inside their frame, the page itself does not.
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("plan", "result", "criteria", "evidence", "assessment/AFTER"):
        page.goto(f"{live_server.url}/development/units/{unit.pk}/{path}/")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
