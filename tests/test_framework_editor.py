"""The framework editor: editing in the browser, copying from earlier years, Excel export/import."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from accounts.testing import second_step_in_browser
from audit.models import AuditEntry
from core.errors import DomainError
from core.ordering import DOWN, UP
from development import services
from development.models import Phase, SubCriterion
from documents.xlsx_common import first_sheet
from frameworks import editor
from frameworks import services as framework_services
from frameworks.framework_excel import framework_xlsx, read_framework_xlsx, type_labels
from frameworks.models import Framework, Indicator
from geography.models import Province
from programme.services import programme_year_create
from tests.conftest import (
    PASSWORD,
    approved_copy,
    chromium_page,
    complete_documents,
    make_framework,
    pdf_upload,
)

LEVELS = [(1, "น้อย"), (2, "ปานกลาง"), (3, "มาก")]


@pytest.fixture
def default_framework(db):
    return make_framework(["ภูมิรู้", "ภูมิธรรม"])


@pytest.fixture
def framework(pat, year, default_framework):
    """The province's approved copy for 2570."""
    return approved_copy(pat, year, default_framework)


@pytest.fixture
def frozen(alice, pat, framework, leader):
    unit = complete_documents(leader, alice, reviewer=alice)
    services.self_assessment_save(actor=alice, unit=unit, phase=Phase.BEFORE, answers={})
    return framework


def codes(framework):
    return [[i.code for i in c.indicators] for c in editor.framework_data(framework).components]


def unapproved_and_audited(framework, action):
    framework.refresh_from_db()
    return (
        framework.approved_at is None
        and AuditEntry.objects.filter(
            action=action, object_type="frameworks.framework", object_id=str(framework.pk)
        ).exists()
    )


def first_component(framework):
    return framework.components.order_by("order").first()


def indicator(framework, code):
    return Indicator.objects.get(component__framework=framework, code=code)


# --- services --------------------------------------------------------------------------------


def test_settings_edit_unapproves_and_audits(pat, framework):
    editor.framework_edit(
        actor=pat,
        framework=framework,
        name="เกณฑ์ผู้นำชุมชน ลำพูน 2570",
        pass_total_percent=Decimal(70),
        pass_component_percent=Decimal("55.5"),
    )
    assert unapproved_and_audited(framework, "framework.edit")
    assert framework.name == "เกณฑ์ผู้นำชุมชน ลำพูน 2570"
    assert framework.pass_component_percent == Decimal("55.5")
    with pytest.raises(DomainError) as error:
        editor.framework_edit(
            actor=pat,
            framework=framework,
            name="x",
            pass_total_percent=Decimal(101),
            pass_component_percent=Decimal(50),
        )
    assert "ร้อยละ 0 ถึง 100" in error.value.message


def test_component_add_edit_move_delete(pat, framework):
    added = editor.component_add(actor=pat, framework=framework, name="ภูมิฐาน", weight=Decimal(2))
    assert unapproved_and_audited(framework, "framework.component_add")
    assert [c.name for c in framework.components.order_by("order")] == ["ภูมิรู้", "ภูมิธรรม", "ภูมิฐาน"]
    editor.component_update(
        actor=pat, component=added, name="ภูมิฐานมั่นคง", description="คำอธิบาย", weight=Decimal("1.5")
    )
    assert unapproved_and_audited(framework, "framework.component_update")
    added.refresh_from_db()
    assert (added.name, added.description, added.weight) == ("ภูมิฐานมั่นคง", "คำอธิบาย", Decimal("1.5"))

    # Moving the first component down renumbers the (position-following) codes.
    editor.component_move(actor=pat, component=first_component(framework), direction=DOWN)
    assert unapproved_and_audited(framework, "framework.component_move")
    assert [c.name for c in framework.components.order_by("order")] == [
        "ภูมิธรรม",
        "ภูมิรู้",
        "ภูมิฐานมั่นคง",
    ]
    assert codes(framework) == [["1.1", "1.2", "1.3"], ["2.1", "2.2", "2.3"], []]
    assert indicator(framework, "1.1").text == "ตัวบ่งชี้ 2.1"  # it moved with its component
    with pytest.raises(DomainError) as error:
        editor.component_move(actor=pat, component=first_component(framework), direction="up")
    assert "ลำดับแรก" in error.value.message

    editor.component_delete(actor=pat, component=first_component(framework))
    assert unapproved_and_audited(framework, "framework.component_delete")
    assert codes(framework) == [["1.1", "1.2", "1.3"], []]
    assert indicator(framework, "1.1").text == "ตัวบ่งชี้ 1.1"


def test_indicator_add_edit_move_delete(pat, framework):
    component = first_component(framework)
    added = editor.indicator_add(
        actor=pat, component=component, code="", text="ตัวบ่งชี้ใหม่", levels=LEVELS
    )
    assert added.code == "1.4"  # an empty code takes the next position
    assert unapproved_and_audited(framework, "framework.indicator_add")

    editor.indicator_update(
        actor=pat,
        indicator=added,
        code="1.4",
        text="ตัวบ่งชี้ใหม่ (แก้ไข)",
        evidence="บันทึกการประชุม",
        weight=Decimal(2),
        levels=[(1, "น้อย"), (3, "มากขึ้น"), (5, "ดีเยี่ยม")],
    )
    assert unapproved_and_audited(framework, "framework.indicator_update")
    added.refresh_from_db()
    assert added.text == "ตัวบ่งชี้ใหม่ (แก้ไข)" and added.weight == Decimal(2)
    assert list(added.levels.values_list("score", "descriptor")) == [
        (1, "น้อย"),
        (3, "มากขึ้น"),
        (5, "ดีเยี่ยม"),
    ]

    editor.indicator_move(actor=pat, indicator=added, direction=UP)
    assert unapproved_and_audited(framework, "framework.indicator_move")
    data = editor.framework_data(framework)
    assert [i.text for i in data.components[0].indicators][2:] == [
        "ตัวบ่งชี้ใหม่ (แก้ไข)",
        "ตัวบ่งชี้ 1.3",
    ]
    assert codes(framework)[0] == ["1.1", "1.2", "1.3", "1.4"]  # renumbered with the move
    with pytest.raises(DomainError) as error:
        editor.indicator_move(actor=pat, indicator=indicator(framework, "1.4"), direction="down")
    assert "ลำดับสุดท้าย" in error.value.message

    editor.indicator_delete(actor=pat, indicator=indicator(framework, "1.1"))
    assert unapproved_and_audited(framework, "framework.indicator_delete")
    assert codes(framework)[0] == ["1.1", "1.2", "1.3"]
    assert indicator(framework, "1.1").text == "ตัวบ่งชี้ 1.2"


def test_own_codes_are_kept_when_moving_and_must_be_unique(pat, framework):
    first = indicator(framework, "1.1")
    editor.indicator_update(
        actor=pat,
        indicator=first,
        code="ก1",
        text=first.text,
        evidence="",
        weight=Decimal(1),
        levels=LEVELS,
    )
    editor.indicator_move(actor=pat, indicator=first, direction=DOWN)
    assert codes(framework)[0] == ["1.2", "ก1", "1.3"]
    with pytest.raises(DomainError) as error:
        editor.indicator_add(
            actor=pat, component=first_component(framework), code="ก1", text="ซ้ำ", levels=LEVELS
        )
    assert "มีอยู่แล้ว" in error.value.message


@pytest.mark.parametrize(
    "levels",
    [[(1, "ก")], [(2, "ก"), (1, "ข")], [(1, "ก"), (1, "ข")], [(1, "ก"), (2, "")]],
)
def test_bad_levels_are_refused(pat, framework, levels):
    with pytest.raises(DomainError) as error:
        editor.indicator_add(
            actor=pat, component=first_component(framework), code="", text="x", levels=levels
        )
    assert error.value.field == "levels"


def test_frozen_framework_refuses_every_action(pat, frozen):
    component = first_component(frozen)
    first = indicator(frozen, "1.1")
    before = editor.framework_data(frozen)
    actions = [
        lambda: editor.framework_edit(
            actor=pat,
            framework=frozen,
            name="x",
            pass_total_percent=Decimal(1),
            pass_component_percent=Decimal(1),
        ),
        lambda: editor.component_add(actor=pat, framework=frozen, name="x"),
        lambda: editor.component_update(
            actor=pat, component=component, name="x", description="", weight=Decimal(1)
        ),
        lambda: editor.component_delete(actor=pat, component=component),
        lambda: editor.component_move(actor=pat, component=component, direction="down"),
        lambda: editor.indicator_add(
            actor=pat, component=component, code="", text="x", levels=LEVELS
        ),
        lambda: editor.indicator_update(
            actor=pat,
            indicator=first,
            code="1.1",
            text="x",
            evidence="",
            weight=Decimal(1),
            levels=LEVELS,
        ),
        lambda: editor.indicator_delete(actor=pat, indicator=first),
        lambda: editor.indicator_move(actor=pat, indicator=first, direction="down"),
        lambda: editor.framework_replace(actor=pat, framework=frozen, data=before),
    ]
    for action in actions:
        with pytest.raises(DomainError) as error:
            action()
        assert "เริ่มใช้ประเมินแล้ว" in error.value.message
    assert editor.framework_data(frozen) == before
    assert frozen.approved_at is not None


def test_other_province_and_district_cannot_edit(olivia, alice, framework):
    for actor in (olivia, alice):
        with pytest.raises(DomainError):
            editor.component_add(actor=actor, framework=framework, name="x")
        with pytest.raises(DomainError):
            editor.indicator_delete(actor=actor, indicator=indicator(framework, "1.1"))


def test_defaults_are_edited_by_the_department_only(admin_user, pat, default_framework):
    editor.component_add(actor=admin_user, framework=default_framework, name="ภูมิฐาน")
    assert default_framework.components.count() == 3
    with pytest.raises(DomainError) as error:
        editor.component_add(actor=pat, framework=default_framework, name="x")
    assert "ผู้ดูแลระบบของกรม" in error.value.message


def test_an_indicator_with_sub_criteria_cannot_be_deleted(pat, alice, framework, leader):
    first = indicator(framework, "1.1")
    SubCriterion.objects.create(unit=leader, indicator=first, text="มีข้อมูล จปฐ.", created_by=alice)
    with pytest.raises(DomainError) as error:
        editor.indicator_delete(actor=pat, indicator=first)
    assert "ลบไม่ได้" in error.value.message
    assert Indicator.objects.filter(pk=first.pk).exists()
    framework.refresh_from_db()
    assert framework.approved_at is not None  # nothing changed


def test_a_stale_edit_form_is_refused(pat, framework):
    version = editor.version_of(framework)
    editor.component_add(actor=pat, framework=framework, name="ภูมิฐาน")
    with pytest.raises(DomainError) as error:
        editor.component_update(
            actor=pat,
            component=first_component(framework),
            name="แก้ไข",
            description="",
            weight=Decimal(1),
            version=version,
        )
    assert "ผู้อื่นแก้ไข" in error.value.message


# --- copying from an earlier year ------------------------------------------------------------


def test_copy_from_an_earlier_year_of_the_same_province(pat, olivia, framework, client):
    editor.indicator_add(
        actor=pat, component=first_component(framework), code="", text="ของลำพูน", levels=LEVELS
    )
    next_year = programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2571
    )
    client.force_login(pat)
    page = client.get(f"/development/years/{next_year.pk}/frameworks/copy/LEADER/")
    assert page.status_code == 200
    body = page.content.decode()
    assert f'value="{framework.pk}"' in body and "2570" in body
    response = client.post(
        f"/development/years/{next_year.pk}/frameworks/copy/", {"source": framework.pk}
    )
    assert response.status_code == 302
    copy = Framework.objects.get(programme_year=next_year, unit_type="LEADER")
    assert copy.copied_from == framework and copy.approved_at is None
    assert editor.framework_data(copy) == editor.framework_data(framework)

    chiang_mai = programme_year_create(
        actor=olivia, province=Province.objects.get(pk="50"), fiscal_year=2571
    )
    with pytest.raises(DomainError):
        framework_services.framework_copy(actor=olivia, source=framework, programme_year=chiang_mai)
    client.force_login(olivia)
    response = client.post(
        f"/development/years/{chiang_mai.pk}/frameworks/copy/", {"source": framework.pk}
    )
    assert response.status_code == 404
    assert not Framework.objects.filter(programme_year=chiang_mai).exists()
    assert (
        client.get(f"/development/years/{next_year.pk}/frameworks/copy/LEADER/").status_code == 404
    )


# --- the pages -------------------------------------------------------------------------------


def test_editor_page_shows_the_structure_with_controls(pat, framework, client):
    client.force_login(pat)
    body = client.get(f"/development/frameworks/{framework.pk}/edit/").content.decode()
    first = indicator(framework, "1.1")
    assert "ตัวบ่งชี้ 2.3" in body and "ระดับ 5" in body
    assert f"/development/frameworks/{framework.pk}/indicators/{first.pk}/edit/" in body
    assert f"/development/frameworks/{framework.pk}/indicators/{first.pk}/move/" in body
    assert "เพิ่มตัวบ่งชี้ในองค์ประกอบนี้" in body and "การแก้ไขใด ๆ จะยกเลิกการอนุมัติ" in body
    listing = client.get(f"/development/years/{framework.programme_year_id}/frameworks/")
    assert f"/development/frameworks/{framework.pk}/edit/" in listing.content.decode()


def test_pages_add_edit_move_and_delete(pat, framework, client):
    client.force_login(pat)
    base = f"/development/frameworks/{framework.pk}"
    component = first_component(framework)
    response = client.post(
        f"{base}/components/{component.pk}/indicators/add/",
        {
            "code": "",
            "text": "ใช้ข้อมูลชุมชน",
            "evidence": "แผนชุมชน",
            "weight": "1.5",
            "score_1": "1",
            "descriptor_1": "เริ่มต้น",
            "score_2": "",
            "descriptor_2": "ใช้บางส่วน",
            "score_3": "",
            "descriptor_3": "",
            "score_4": "4",
            "descriptor_4": "ใช้เต็มที่",
        },
    )
    assert response.status_code == 302
    added = indicator(framework, "1.4")
    assert added.weight == Decimal("1.5")
    # An empty score takes the level's row number.
    assert list(added.levels.values_list("score", flat=True)) == [1, 2, 4]
    assert unapproved_and_audited(framework, "framework.indicator_add")

    edit = client.get(f"{base}/indicators/{added.pk}/edit/").content.decode()
    assert "ใช้ข้อมูลชุมชน" in edit and "ใช้เต็มที่" in edit
    response = client.post(
        f"{base}/indicators/{added.pk}/edit/",
        {
            "code": "1.4",
            "text": "ใช้ข้อมูลชุมชนวางแผน",
            "evidence": "",
            "weight": "1",
            "score_1": "1",
            "descriptor_1": "เริ่มต้น",
            "score_2": "2",
            "descriptor_2": "ใช้บางส่วน",
        },
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert added.text == "ใช้ข้อมูลชุมชนวางแผน" and added.levels.count() == 2

    assert (
        client.post(f"{base}/indicators/{added.pk}/move/", {"direction": "up"}).status_code == 302
    )
    assert codes(framework)[0] == ["1.1", "1.2", "1.3", "1.4"]
    assert indicator(framework, "1.3").pk == added.pk

    response = client.post(
        f"{base}/components/add/", {"name": "ภูมิฐาน", "description": "", "weight": "2"}
    )
    assert response.status_code == 302
    new = framework.components.get(name="ภูมิฐาน")
    response = client.post(
        f"{base}/components/{new.pk}/edit/",
        {"name": "ภูมิฐาน", "description": "ฐานะที่ชุมชนยอมรับ", "weight": "2"},
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.description == "ฐานะที่ชุมชนยอมรับ"
    assert client.post(f"{base}/components/{new.pk}/move/", {"direction": "up"}).status_code == 302
    assert [c.name for c in framework.components.order_by("order")][1] == "ภูมิฐาน"
    assert client.post(f"{base}/components/{new.pk}/delete/").status_code == 302
    assert not framework.components.filter(name="ภูมิฐาน").exists()
    assert client.post(f"{base}/indicators/{added.pk}/delete/").status_code == 302
    assert not Indicator.objects.filter(pk=added.pk).exists()

    response = client.post(
        f"{base}/edit/",
        {"name": "เกณฑ์ใหม่", "pass_total_percent": "65", "pass_component_percent": "50"},
    )
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.name == "เกณฑ์ใหม่" and framework.pass_total_percent == Decimal(65)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"weight": "หนึ่ง"}, "น้ำหนักต้องเป็นตัวเลข"),
        ({"weight": "NaN"}, "น้ำหนักต้องเป็นตัวเลข"),
        ({"weight": "1e400"}, "น้ำหนักต้องมากกว่า 0"),
        ({"weight": "-1"}, "น้ำหนักต้องมากกว่า 0"),
        ({"weight": "1.005"}, "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
        ({"score_2": "1"}, "เรียงจากน้อยไปมาก"),
        ({"score_1": "3", "score_2": "2"}, "เรียงจากน้อยไปมาก"),
        ({"score_1": "ก"}, "จำนวนเต็ม"),
        ({"score_1": "99999999999999999999"}, "ระหว่าง 0 ถึง 100"),
        ({"text": "   "}, "กรุณากรอกตัวบ่งชี้"),
        ({"text": "ก" * 5000}, "ยาวเกินไป"),
        ({"code": "ก" * 40}, "ยาวเกินไป"),
        ({"code": "1.2"}, "มีอยู่แล้ว"),
        ({"descriptor_2": ""}, "อย่างน้อย 2 ระดับ"),
    ],
)
def test_bad_indicator_input_changes_nothing(pat, framework, client, data, message):
    client.force_login(pat)
    first = indicator(framework, "1.1")
    before = editor.framework_data(framework)
    audit_count = AuditEntry.objects.count()
    post = {
        "code": "1.1",
        "text": "ตัวบ่งชี้แก้ไข",
        "evidence": "",
        "weight": "1",
        "score_1": "1",
        "descriptor_1": "น้อย",
        "score_2": "2",
        "descriptor_2": "มาก",
    } | data
    for url in (
        f"/development/frameworks/{framework.pk}/indicators/{first.pk}/edit/",
        f"/development/frameworks/{framework.pk}/components/{first.component_id}/indicators/add/",
    ):
        if url.endswith("add/") and data.get("code") == "1.2":
            post["code"] = "1.3"
        response = client.post(url, post)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert editor.framework_data(framework) == before
    assert AuditEntry.objects.count() == audit_count
    framework.refresh_from_db()
    assert framework.approved_at is not None


@pytest.mark.parametrize(
    "url, data, message",
    [
        (
            "edit/",
            {"name": "", "pass_total_percent": "60", "pass_component_percent": "50"},
            "กรุณากรอกชื่อเกณฑ์",
        ),
        (
            "edit/",
            {"name": "x", "pass_total_percent": "หกสิบ", "pass_component_percent": "50"},
            "ต้องเป็นตัวเลข",
        ),
        (
            "edit/",
            {"name": "x", "pass_total_percent": "60", "pass_component_percent": "150"},
            "ร้อยละ 0 ถึง 100",
        ),
        (
            "edit/",
            {"name": "ก" * 300, "pass_total_percent": "60", "pass_component_percent": "50"},
            "ยาวเกินไป",
        ),
        ("components/add/", {"name": "", "weight": "1"}, "กรุณากรอกชื่อองค์ประกอบ"),
        ("components/add/", {"name": "x", "weight": "abc"}, "น้ำหนักต้องเป็นตัวเลข"),
        ("components/add/", {"name": "x", "weight": "0"}, "น้ำหนักต้องมากกว่า 0"),
    ],
)
def test_bad_framework_and_component_input_changes_nothing(
    pat, framework, client, url, data, message
):
    client.force_login(pat)
    before = editor.framework_data(framework)
    response = client.post(f"/development/frameworks/{framework.pk}/{url}", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert editor.framework_data(framework) == before


def test_bad_direction_and_ids_of_another_framework(pat, framework, default_framework, client):
    client.force_login(pat)
    base = f"/development/frameworks/{framework.pk}"
    first = indicator(framework, "1.1")
    before = editor.framework_data(framework)
    response = client.post(f"{base}/indicators/{first.pk}/move/", {"direction": "sideways"})
    assert response.status_code == 302
    other_indicator = Indicator.objects.filter(component__framework=default_framework).first()
    other_component = default_framework.components.first()
    assert other_indicator is not None and other_component is not None
    for path in (
        f"indicators/{other_indicator.pk}/edit/",
        f"indicators/{other_indicator.pk}/delete/",
        f"indicators/{other_indicator.pk}/move/",
        f"components/{other_component.pk}/edit/",
        f"components/{other_component.pk}/delete/",
        f"components/{other_component.pk}/move/",
        f"components/{other_component.pk}/indicators/add/",
        "indicators/99999999999999999999/edit/",
    ):
        assert client.post(f"{base}/{path}", {"direction": "up"}).status_code == 404
    assert editor.framework_data(framework) == before
    assert client.get("/development/frameworks/99999999999999999999/edit/").status_code == 404


def _all_urls(framework):
    base = f"/development/frameworks/{framework.pk}"
    first = indicator(framework, "1.1")
    component = first.component_id
    return [
        f"{base}/edit/",
        f"{base}/import/",
        f"{base}/components/add/",
        f"{base}/components/{component}/edit/",
        f"{base}/components/{component}/delete/",
        f"{base}/components/{component}/move/",
        f"{base}/components/{component}/indicators/add/",
        f"{base}/indicators/{first.pk}/edit/",
        f"{base}/indicators/{first.pk}/delete/",
        f"{base}/indicators/{first.pk}/move/",
        f"/development/years/{framework.programme_year_id}/frameworks/copy/LEADER/",
    ]


def test_another_province_gets_404_everywhere(olivia, framework, client):
    client.force_login(olivia)
    before = editor.framework_data(framework)
    for url in _all_urls(framework) + [f"/development/frameworks/{framework.pk}/export.xlsx"]:
        assert client.get(url).status_code in (404, 405), url  # 405: a POST-only action
        assert client.post(url, {"name": "x", "direction": "up", "weight": "1"}).status_code == 404
    assert editor.framework_data(framework) == before


def test_district_officer_reads_and_exports_but_cannot_edit(alice, framework, client):
    client.force_login(alice)
    before = editor.framework_data(framework)
    for url in _all_urls(framework):
        assert client.get(url).status_code in (404, 405), url  # 405: a POST-only action
        assert client.post(url, {"name": "x", "direction": "up", "weight": "1"}).status_code == 404
    assert editor.framework_data(framework) == before
    response = client.get(f"/development/frameworks/{framework.pk}/export.xlsx")
    assert response.status_code == 200


def test_frozen_framework_is_read_only_with_the_reason(pat, frozen, client):
    client.force_login(pat)
    base = f"/development/frameworks/{frozen.pk}"
    body = client.get(f"{base}/edit/").content.decode()
    assert "เริ่มใช้ประเมินแล้ว" in body
    assert f"{base}/components/add/" not in body and "/move/" not in body
    before = editor.framework_data(frozen)
    first = indicator(frozen, "1.1")
    response = client.post(f"{base}/indicators/{first.pk}/delete/", follow=True)
    assert "เริ่มใช้ประเมินแล้ว" in response.content.decode()
    response = client.post(
        f"{base}/components/add/", {"name": "ใหม่", "description": "", "weight": "1"}
    )
    assert response.status_code == 200 and "เริ่มใช้ประเมินแล้ว" in response.content.decode()
    assert editor.framework_data(frozen) == before


def test_province_sees_default_read_only_and_admin_edits_it(
    pat, admin_user, default_framework, client
):
    client.force_login(pat)
    body = client.get(f"/development/frameworks/{default_framework.pk}/edit/").content.decode()
    assert "ผู้ดูแลระบบของกรม" in body and "/move/" not in body
    client.force_login(admin_user)
    body = client.get(f"/development/frameworks/{default_framework.pk}/edit/").content.decode()
    assert "/move/" in body
    response = client.post(
        f"/development/frameworks/{default_framework.pk}/components/add/",
        {"name": "ภูมิฐาน", "description": "", "weight": "1"},
    )
    assert response.status_code == 302
    assert default_framework.components.filter(name="ภูมิฐาน").exists()


# --- Excel -----------------------------------------------------------------------------------


def xlsx_upload(content: bytes, name="เกณฑ์.xlsx"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def export(client, framework) -> bytes:
    response = client.get(f"/development/frameworks/{framework.pk}/export.xlsx")
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_round_trip_leaves_the_structure_identical(pat, framework, client):
    # Make the structure awkward: text that looks like a formula, more than five levels, a
    # component without indicators, decimals and custom codes.
    first = indicator(framework, "1.1")
    editor.indicator_update(
        actor=pat,
        indicator=first,
        code="ก.1",
        text="=SUM(A1:A2) ไม่ใช่สูตร",
        evidence="หลักฐาน\nหลายบรรทัด",
        weight=Decimal("1.25"),
        levels=[(0, "ไม่มี")] + [(s, f"ระดับ {s}") for s in range(1, 8)],
    )
    editor.component_add(actor=pat, framework=framework, name="ว่าง", weight=Decimal("0.5"))
    before = editor.framework_data(framework)
    client.force_login(pat)
    content = export(client, framework)
    sheet = first_sheet(load_workbook(io.BytesIO(content)))
    assert sheet["A1"].value == "ชื่อเกณฑ์" and sheet["B1"].value == framework.name

    response = client.post(
        f"/development/frameworks/{framework.pk}/import/", {"file": xlsx_upload(content)}
    )
    assert response.status_code == 302
    assert editor.framework_data(framework) == before
    assert unapproved_and_audited(framework, "framework.import")
    # Indicators are matched by code: the same rows are kept.
    assert indicator(framework, "ก.1").pk == first.pk


def test_round_trip_of_the_department_defaults(admin_user, alice, client):
    from django.core.management import call_command

    call_command("load_default_frameworks", stdout=io.StringIO())
    client.force_login(alice)  # anyone signed in reads (and exports) the defaults
    for default in Framework.objects.filter(programme_year__isnull=True):
        content = export(client, default)
        data = read_framework_xlsx(xlsx_upload(content), type_labels=type_labels(default.unit_type))
        assert data == editor.framework_data(default)
    default = Framework.objects.get(programme_year__isnull=True, unit_type="GROUP")
    before = editor.framework_data(default)
    editor.framework_replace(actor=admin_user, framework=default, data=before)
    assert editor.framework_data(default) == before


def test_import_replaces_the_structure_from_an_edited_sheet(pat, framework, client):
    client.force_login(pat)
    book = load_workbook(io.BytesIO(export(client, framework)))
    sheet = first_sheet(book)
    sheet["B1"] = "เกณฑ์นำเข้า"
    sheet["B4"] = 75
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "องค์ประกอบ")
    # The officer adds a row with the component cells left empty (= the component above) and
    # numbers typed as numbers.
    sheet.insert_rows(header + 2)
    for column, value in enumerate(
        [None, None, None, "1.9", "แทรกใหม่", "", 2, 1, "น้อย", 2, "มาก"], start=1
    ):
        sheet.cell(header + 2, column, value)
    out = io.BytesIO()
    book.save(out)
    response = client.post(
        f"/development/frameworks/{framework.pk}/import/",
        {"file": xlsx_upload(out.getvalue())},
    )
    assert response.status_code == 302
    framework.refresh_from_db()
    assert framework.name == "เกณฑ์นำเข้า" and framework.pass_total_percent == Decimal(75)
    assert codes(framework)[0] == ["1.1", "1.9", "1.2", "1.3"]
    assert indicator(framework, "1.9").weight == Decimal(2)


def _sheet_with_errors(framework_data) -> tuple[bytes, int]:
    content = framework_xlsx(framework_data, type_label="มาตรฐานผู้นำชุมชน", year_label="2570")
    book = load_workbook(io.BytesIO(content))
    sheet = first_sheet(book)
    header = next(r for r in range(1, 20) if sheet.cell(r, 1).value == "องค์ประกอบ")
    sheet.cell(header + 1, 7, "หนัก")  # indicator weight not a number
    sheet.cell(header + 2, 10, 1)  # level 2 score not above level 1
    sheet.cell(header + 3, 5).value = None  # no indicator text
    sheet.cell(header + 4, 4, "1.1")  # a duplicate code
    sheet["B4"] = 150
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), header


def test_import_with_errors_lists_every_row_and_changes_nothing(pat, framework, client):
    client.force_login(pat)
    before = editor.framework_data(framework)
    content, header = _sheet_with_errors(before)
    audit_count = AuditEntry.objects.count()
    response = client.post(
        f"/development/frameworks/{framework.pk}/import/", {"file": xlsx_upload(content)}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "ไม่ได้บันทึกการเปลี่ยนแปลงใด ๆ" in body
    for row in (4, header + 1, header + 2, header + 3, header + 4):
        assert f"แถวที่ {row}:" in body, row
    assert "น้ำหนักต้องเป็นตัวเลข" in body and "เรียงจากน้อยไปมาก" in body
    assert "กรุณากรอกตัวบ่งชี้" in body and f"ซ้ำกับแถวที่ {header + 1}" in body
    assert editor.framework_data(framework) == before
    assert AuditEntry.objects.count() == audit_count
    framework.refresh_from_db()
    assert framework.approved_at is not None


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _macro_workbook() -> bytes:
    book = Workbook()
    out = io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    return _zip(members)


@pytest.mark.parametrize(
    "content, message",
    [
        (pdf_upload().read(), "ไม่ใช่ไฟล์ Excel"),
        (b"\x00\x01random bytes" * 100, "ไม่ใช่ไฟล์ Excel"),
        (b"PK\x03\x04 broken zip", "ไม่ใช่ไฟล์ Excel"),
        (_zip({"hello.txt": b"hi"}), "ไม่ใช่ไฟล์ Excel"),
        (
            _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<not-a-workbook"}),
            "ไม่ใช่ไฟล์ Excel",
        ),
        (_macro_workbook(), "มาโคร"),
        (b"", "ไฟล์ว่างเปล่า"),
        (b"PK\x03\x04" + b"x" * (3 * 1024 * 1024), "ขนาดใหญ่เกินกำหนด"),
    ],
)
def test_a_file_that_is_not_a_plain_xlsx_gets_a_thai_message(
    pat, framework, client, content, message
):
    client.force_login(pat)
    before = editor.framework_data(framework)
    response = client.post(
        f"/development/frameworks/{framework.pk}/import/", {"file": xlsx_upload(content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert editor.framework_data(framework) == before


def test_an_empty_workbook_and_a_wrong_type_are_reported(pat, framework, client):
    client.force_login(pat)
    out = io.BytesIO()
    Workbook().save(out)
    response = client.post(
        f"/development/frameworks/{framework.pk}/import/", {"file": xlsx_upload(out.getvalue())}
    )
    assert response.status_code == 400 and "ไม่พบหัวตาราง" in response.content.decode()
    content = framework_xlsx(
        editor.framework_data(framework), type_label="มาตรฐานชุมชน", year_label="2570"
    )
    response = client.post(
        f"/development/frameworks/{framework.pk}/import/", {"file": xlsx_upload(content)}
    )
    assert response.status_code == 400
    assert "ไม่ตรงกับประเภทของเกณฑ์" in response.content.decode()
    response = client.post(f"/development/frameworks/{framework.pk}/import/", {})
    assert response.status_code == 400 and "กรุณาเลือกไฟล์" in response.content.decode()


# --- in a real browser -----------------------------------------------------------------------


@pytest.fixture
def browser_page(transactional_db, live_server, monkeypatch):
    """A Chromium page; the geography is loaded again (a transactional test empties tables)."""
    from django.core.management import call_command

    if not Province.objects.exists():
        call_command("load_geography", stdout=io.StringIO())
    with chromium_page(monkeypatch, viewport={"width": 1200, "height": 900}) as page:
        yield page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_officer_edits_a_framework_in_the_browser(browser_page, live_server, pat, framework):
    page = browser_page
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "pat")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    second_step_in_browser(page, live_server, "pat")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/development/years/{framework.programme_year_id}/frameworks/")
    page.click("a:has-text('แก้ไขเกณฑ์')")
    page.wait_for_selector("text=เพิ่มตัวบ่งชี้ในองค์ประกอบนี้")
    last = indicator(framework, "1.3")
    page.locator(f"#i{last.pk} button[value=up]").click()
    page.wait_for_load_state()
    assert indicator(framework, "1.2").pk == last.pk

    section = page.locator("section.fw-component").first
    section.locator("summary").click()
    section.locator("textarea[name=text]").fill("ตัวบ่งชี้จากหน้าเว็บ")
    section.locator("textarea[name=descriptor_1]").fill("น้อย")
    section.locator("textarea[name=descriptor_2]").fill("มาก")
    section.locator("button:has-text('เพิ่มตัวบ่งชี้')").click()
    page.wait_for_selector("text=เพิ่มตัวบ่งชี้ 1.4 แล้ว")

    # Deleting asks first (the small script is allowed by the CSP); dismissing keeps it.
    added = indicator(framework, "1.4")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator(f"#i{added.pk} button:has-text('ลบ')").click()
    page.wait_for_timeout(300)
    assert Indicator.objects.filter(pk=added.pk).exists()
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#i{added.pk} button:has-text('ลบ')").click()
    page.wait_for_selector("text=ลบตัวบ่งชี้แล้ว")
    assert not Indicator.objects.filter(pk=added.pk).exists()
    framework.refresh_from_db()
    assert framework.approved_at is None


def test_saving_unchanged_values_keeps_the_approval(pat, framework, client):
    client.force_login(pat)
    first = indicator(framework, "1.1")
    base = f"/development/frameworks/{framework.pk}"
    post = {"code": "1.1", "text": first.text, "evidence": "", "weight": "1"} | {
        f"{kind}_{s}": value
        for s in range(1, 6)
        for kind, value in (("score", str(s)), ("descriptor", f"ระดับ {s}"))
    }
    assert client.post(f"{base}/indicators/{first.pk}/edit/", post).status_code == 302
    settings = {"name": framework.name, "pass_total_percent": "60", "pass_component_percent": "50"}
    assert client.post(f"{base}/edit/", settings).status_code == 302
    framework.refresh_from_db()
    assert framework.approved_at is not None
