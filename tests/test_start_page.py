"""The start page (todo/): each role sees what waits for them now, as counts that link to the
list behind them and deadlines with what is still missing — and nothing of another district."""

from django.urls import reverse

from accounts.models import Role
from tests.conftest import complete_documents, make_user
from tests.factories import assert_queries_flat, make_unit, save


def start(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_district_officer_sees_drafts_then_documents_to_review(alice, charlie, leader, client):
    page = start(client, alice)
    register = reverse("registration:register")
    assert "ใบสมัครร่างที่ยังไม่ยื่น" in page
    assert f"{register}?year={leader.programme_year_id}&amp;status=DRAFT" in page

    complete_documents(leader, alice)
    page = start(client, alice)
    assert "เอกสารรอตรวจ" in page and "status=SUBMITTED" in page
    assert "ใบสมัครร่างที่ยังไม่ยื่น" not in page

    # Another district's officer has nothing of district A waiting.
    other = start(client, charlie)
    assert "เอกสารรอตรวจ" not in other and "ไม่มีงานค้างในตอนนี้" in other


def test_the_deadlines_say_what_is_missing(alice, leader, client):
    page = start(client, alice)
    assert "ส่งแบบรายชื่อผู้สมัครถึงจังหวัด" in page
    assert "ยังไม่ส่ง" in page
    # One leader only: the other three types are short of the quota of one each.
    for type_label in ("กลุ่ม/องค์กรชุมชน", "เครือข่ายองค์กรชุมชน", "ชุมชน"):
        assert f"ขาดประเภท{type_label} ๑ หน่วยนับ" in page, type_label


def test_developer_sees_only_their_units_with_the_stage(alice, dave, leader, year, client):
    leader.responsible_developer = dave
    leader.save(update_fields=["responsible_developer"])
    others = make_unit(year, alice, "กลุ่มที่คนอื่นดูแล", status="DRAFT")
    page = start(client, dave)
    assert "หน่วยนับที่ฉันรับผิดชอบ" in page
    assert leader.name in page and others.name not in page
    assert "อยู่ขั้นนี้" in page
    assert f"developer={dave.pk}" in page


def test_province_sees_districts_that_have_not_sent(pat, olivia, year, leader, client):
    page = start(client, pat)
    assert "อำเภอที่ยังไม่ส่ง:" in page and "เมืองลำพูน" in page
    assert "อำเภอที่ยังไม่ได้ตามเป้าหมายจำนวนหน่วยนับ" in page
    # The other province's officer has no year of its own: nothing of ลำพูน.
    assert "เมืองลำพูน" not in start(client, olivia)


def test_committee_member_sees_their_own_scoring_progress(alice, members, entry, framework, client):
    member = members["m1"]
    page = start(client, member.user)
    assert entry.unit.name in page and "๐ จาก ๓ ตัวบ่งชี้" in page
    save(member, entry, {"1.1": 4, "1.2": 3}, framework)
    page = start(client, member.user)
    assert "๒ จาก ๓ ตัวบ่งชี้" in page and "ครบแล้ว" not in page
    save(member, entry, {"2.1": 5}, framework)
    assert "ครบแล้ว" in start(client, member.user)
    # Another member's page counts their own scores, not m1's.
    assert "๐ จาก ๓ ตัวบ่งชี้" in start(client, members["m2"].user)


def test_department_sees_provinces_not_started(admin_user, year, client):
    page = start(client, admin_user)
    assert "จังหวัดที่ยังไม่เปิดปีดำเนินงาน" in page
    assert "เชียงใหม่" in page
    not_started = page.split("จังหวัดที่ยังอนุมัติเกณฑ์")[0]
    assert "ลำพูน" not in not_started.split("จังหวัดที่ยังไม่เปิดปีดำเนินงาน")[1]


def test_the_district_start_page_does_not_grow_with_the_units(alice, year, client):
    client.force_login(alice)
    counter = iter(range(1000))

    def grow():
        for _ in range(5):
            make_unit(year, alice, f"กลุ่มทดสอบ {next(counter)}", status="SUBMITTED")

    assert_queries_flat(client, reverse("home"), grow)


def test_the_developer_start_page_does_not_grow_with_the_units(alice, dave, year, client):
    client.force_login(dave)
    counter = iter(range(1000))

    def grow():
        for _ in range(5):
            unit = make_unit(year, alice, f"กลุ่มทดสอบ {next(counter)}", status="DRAFT")
            unit.responsible_developer = dave
            unit.save(update_fields=["responsible_developer"])

    grow()  # from a developer with units: one with none skips the stage queries
    assert_queries_flat(client, reverse("home"), grow)


def test_a_user_without_a_year_is_welcomed(client, db):
    user = make_user("newcomer", Role.DISTRICT, district="5103")
    assert "จังหวัดยังไม่ได้เปิดปีดำเนินงาน" in start(client, user)
