"""Stages 3–4: frameworks, the freeze rule, self-assessment and its arithmetic."""

from decimal import Decimal

import pytest

from core.errors import DomainError
from core.once import new_form_token
from development import services
from development.models import Phase
from development.scoring import ComponentSpec, FrameworkSpec, IndicatorSpec, change, score
from development.selectors import assessment_result
from frameworks import services as framework_services
from frameworks.models import Component, Framework, Indicator, Level
from tests.conftest import complete_documents, group_data
from tests.factories import assert_queries_flat, make_unit, plan_values


def spec(total=60, component=50):
    a = IndicatorSpec(1, "1.1", "a", Decimal(1), 5)
    b = IndicatorSpec(2, "1.2", "b", Decimal(2), 5)
    c = IndicatorSpec(3, "2.1", "c", Decimal(1), 4)
    return FrameworkSpec(
        components=(
            ComponentSpec("ภูมิรู้", Decimal(1), (a, b)),
            ComponentSpec("ภูมิธรรม", Decimal(3), (c,)),
        ),
        pass_total_percent=Decimal(total),
        pass_component_percent=Decimal(component),
    )


def test_weighted_scores_gaps_and_percentages():
    result = score(spec(), {1: 5, 2: 2, 3: 3})
    first, second = result.components
    assert (first.points, first.full, first.percent) == (Decimal(9), Decimal(15), Decimal("60.00"))
    assert (second.points, second.full, second.percent) == (
        Decimal(3),
        Decimal(4),
        Decimal("75.00"),
    )
    # total = 1 × 9 + 3 × 3 = 18 of 1 × 15 + 3 × 4 = 27
    assert (result.points, result.full, result.percent) == (
        Decimal(18),
        Decimal(27),
        Decimal("66.67"),
    )
    assert [i.gap for c in result.components for i in c.indicators] == [0, 3, 1]
    assert result.complete and result.passed


def test_pass_rule_needs_total_and_every_component():
    low_component = score(spec(total=60, component=70), {1: 5, 2: 2, 3: 3})
    assert low_component.percent >= 60 and low_component.failed_components == ["ภูมิรู้"]
    assert not low_component.passed
    low_total = score(spec(total=70), {1: 5, 2: 2, 3: 3})
    assert not low_total.passed and low_total.failed_components == []


def test_unanswered_indicators_score_zero_and_are_named():
    result = score(spec(), {1: 5})
    assert result.unanswered == ["1.2", "2.1"] and not result.complete
    assert result.points == Decimal(5)


def test_change_after_against_before():
    before = score(spec(), {1: 2, 2: 2, 3: 1})
    after = score(spec(), {1: 4, 2: 2, 3: 3})
    assert [(c.indicator.code, c.delta) for c in change(before, after)] == [
        ("1.1", 2),
        ("1.2", 0),
        ("2.1", 2),
    ]


def test_province_copies_and_approves_the_default(pat, approved, default_framework):
    assert approved.copied_from == default_framework and approved.approved_by == pat
    assert Indicator.objects.filter(component__framework=approved).count() == 9
    assert Level.objects.filter(indicator__component__framework=approved).count() == 45
    # The copy is independent: the default is untouched.
    assert Indicator.objects.filter(component__framework=default_framework).count() == 9


def test_other_province_cannot_copy_into_this_year(olivia, year, default_framework):
    with pytest.raises(DomainError):
        framework_services.framework_copy(
            actor=olivia, source=default_framework, programme_year=year
        )


def test_editing_unapproves_and_assessment_freezes_the_framework(alice, pat, approved, leader):
    unit = complete_documents(leader, alice, reviewer=alice)
    component = approved.components.first()
    framework_services.indicator_add(
        actor=pat, component=component, code="1.4", text="ใหม่", levels=[(1, "น้อย"), (2, "มาก")]
    )
    approved.refresh_from_db()
    assert approved.approved_at is None  # changed: needs approval again
    with pytest.raises(DomainError) as error:
        services.self_assessment_save(actor=alice, unit=unit, phase=Phase.BEFORE, answers={})
    assert "ยังไม่ได้อนุมัติ" in error.value.message
    framework_services.framework_approve(actor=pat, framework=approved, reference="มติครั้งที่ 2/2570")
    services.self_assessment_save(actor=alice, unit=unit, phase=Phase.BEFORE, answers={})
    with pytest.raises(DomainError) as error:
        framework_services.indicator_add(
            actor=pat, component=component, code="1.5", text="อีก", levels=[(1, "ก"), (2, "ข")]
        )
    assert "แก้ไขไม่ได้" in error.value.message
    with pytest.raises(DomainError):
        framework_services.framework_update(
            actor=pat, framework=approved, values={"pass_total_percent": Decimal(70)}
        )


def test_self_assessment_saved_partly_then_finished_and_scored(alice, approved, leader):
    unit = complete_documents(leader, alice, reviewer=alice)
    indicators = list(
        Indicator.objects.filter(component__framework=approved).prefetch_related("levels")
    )
    level = {i.pk: {lv.score: lv.pk for lv in i.levels.all()} for i in indicators}
    first: dict[int, tuple[int | None, str]] = {
        indicators[0].pk: (level[indicators[0].pk][3], "มีหลักฐานการประชุม")
    }
    assessment = services.self_assessment_save(
        actor=alice, unit=unit, phase=Phase.BEFORE, answers=first
    )
    with pytest.raises(DomainError) as error:
        services.self_assessment_save(
            actor=alice, unit=unit, phase=Phase.BEFORE, answers={}, finish=True, expected_version=1
        )
    assert "ยังไม่ได้เลือกระดับ" in error.value.message
    with pytest.raises(DomainError):
        services.self_assessment_save(actor=alice, unit=unit, phase=Phase.AFTER, answers={})
    rest: dict[int, tuple[int | None, str]] = {i.pk: (level[i.pk][2], "") for i in indicators[1:]}
    services.self_assessment_save(
        actor=alice, unit=unit, phase=Phase.BEFORE, answers=rest, finish=True, expected_version=1
    )
    assessment.refresh_from_db()
    result = assessment_result(assessment)
    assert result.complete and result.points == Decimal(3 + 2 * 8) and result.full == Decimal(45)
    assert assessment.answers.get(indicator=indicators[0]).note == "มีหลักฐานการประชุม"
    with pytest.raises(DomainError):
        services.self_assessment_save(
            actor=alice, unit=unit, phase=Phase.BEFORE, answers=rest, expected_version=2
        )


def test_level_of_another_indicator_is_refused(alice, approved, leader):
    unit = complete_documents(leader, alice, reviewer=alice)
    a, b = Indicator.objects.filter(component__framework=approved)[:2]
    with pytest.raises(DomainError):
        services.self_assessment_save(
            actor=alice,
            unit=unit,
            phase=Phase.BEFORE,
            answers={a.pk: (b.levels.earliest("score").pk, "")},
        )


def test_other_district_cannot_assess(charlie, alice, approved, leader):
    unit = complete_documents(leader, alice, reviewer=alice)
    with pytest.raises(DomainError):
        services.self_assessment_save(actor=charlie, unit=unit, phase=Phase.BEFORE, answers={})


def test_assessment_pages_save_partly_finish_and_show_change(alice, approved, leader, client):
    unit = complete_documents(leader, alice, reviewer=alice)
    client.force_login(alice)
    indicators = list(
        Indicator.objects.filter(component__framework=approved).prefetch_related("levels")
    )
    url = f"/development/units/{unit.pk}/assessment/BEFORE/"
    page = client.get(url).content.decode()
    assert indicators[0].text in page and "ระดับ 5" in page
    first = indicators[0]
    response = client.post(
        url,
        {
            f"level-{first.pk}": first.levels.get(score=2).pk,
            f"note-{first.pk}": "บันทึกไว้ก่อน",
            "save": "1",
            "expected_version": "0",
        },
    )
    assert response.status_code == 302
    # Finishing with indicators left shows a Thai message and keeps what was typed.
    data = {
        f"level-{first.pk}": first.levels.get(score=2).pk,
        f"note-{first.pk}": "แก้ไขบันทึก",
        "finish": "1",
        "expected_version": "1",
    }
    body = client.post(url, data).content.decode()
    assert "ยังไม่ได้เลือกระดับ" in body and "แก้ไขบันทึก" in body
    every = {f"level-{i.pk}": str(i.levels.get(score=2).pk) for i in indicators}
    assert client.post(url, every | {"finish": "1", "expected_version": "1"}).status_code == 302
    after = {f"level-{i.pk}": str(i.levels.get(score=4).pk) for i in indicators}
    after |= {"finish": "1", "expected_version": "0"}
    assert client.post(f"/development/units/{unit.pk}/assessment/AFTER/", after).status_code == 302
    result = client.get(f"/development/units/{unit.pk}/result/").content.decode()
    assert "<svg" in result and "+2" in result
    assert "40.00" in result and "80.00" in result  # before and after, per cent of full marks


def test_assessment_urls_are_404_for_another_district(charlie, alice, approved, leader, client):
    unit = complete_documents(leader, alice, reviewer=alice)
    client.force_login(charlie)
    for url in (
        f"/development/units/{unit.pk}/assessment/BEFORE/",
        f"/development/units/{unit.pk}/result/",
    ):
        assert client.get(url).status_code == 404
        assert client.post(url, {"finish": "1"}).status_code == 404


def test_framework_pages_are_404_for_another_province(olivia, approved, client):
    client.force_login(olivia)
    assert client.get(f"/development/frameworks/{approved.pk}/").status_code == 404
    assert (
        client.get(f"/development/years/{approved.programme_year_id}/frameworks/").status_code
        == 404
    )
    assert (
        client.post(
            f"/development/frameworks/{approved.pk}/approve/", {"reference": "x"}
        ).status_code
        == 404
    )


def test_default_frameworks_load_once_with_thai_indicators(db):
    import io

    from django.core.management import call_command

    from frameworks.default_frameworks import validate

    validate()
    call_command("load_default_frameworks", stdout=io.StringIO())
    defaults = Framework.objects.filter(programme_year__isnull=True)
    assert sorted(defaults.values_list("unit_type", flat=True)) == [
        "COMMUNITY",
        "GROUP",
        "LEADER",
        "NETWORK",
    ]
    leader = defaults.get(unit_type="LEADER")
    assert list(leader.components.values_list("name", flat=True)) == ["ภูมิรู้", "ภูมิธรรม", "ภูมิฐาน"]
    for component in Component.objects.filter(framework__in=defaults):
        assert component.indicators.count() >= 3
    count = Indicator.objects.count()
    call_command("load_default_frameworks", stdout=io.StringIO())
    assert Indicator.objects.count() == count


def test_plan_items_only_for_indicators_with_a_gap_and_a_higher_target(alice, assessed):
    full = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.1"
    )
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    with pytest.raises(DomainError) as error:
        services.plan_item_add(
            once=new_form_token(),
            actor=alice,
            unit=assessed,
            indicator_id=full.pk,
            values=plan_values(),
        )
    assert "ช่องว่าง" in error.value.message
    with pytest.raises(DomainError) as error:
        services.plan_item_add(
            once=new_form_token(),
            actor=alice,
            unit=assessed,
            indicator_id=gap.pk,
            values=plan_values(target_score=2),
        )
    assert error.value.field == "target_score"
    item = services.plan_item_add(
        once=new_form_token(), actor=alice, unit=assessed, indicator_id=gap.pk, values=plan_values()
    )
    assert item.plan.state == "DRAFT" and item.target_score == 4


def test_developer_returns_then_approves_and_history_is_kept(alice, dave, charlie, assessed):
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    services.plan_item_add(
        once=new_form_token(), actor=alice, unit=assessed, indicator_id=gap.pk, values=plan_values()
    )
    services.plan_submit(actor=alice, unit=assessed)
    with pytest.raises(DomainError):
        services.plan_review(actor=charlie, unit=assessed, approve=True, comment="")
    with pytest.raises(DomainError) as error:
        services.plan_review(actor=dave, unit=assessed, approve=False, comment="")
    assert "ข้อเสนอแนะ" in error.value.message
    services.plan_review(actor=dave, unit=assessed, approve=False, comment="ควรระบุวิทยากรจาก รพ.สต.")
    services.plan_item_add(
        once=new_form_token(),
        actor=alice,
        unit=assessed,
        indicator_id=gap.pk,
        values=plan_values(resource="รพ.สต.บ้านท่าขาม"),
    )
    services.plan_submit(actor=alice, unit=assessed)
    plan = services.plan_review(actor=dave, unit=assessed, approve=True, comment="เห็นชอบ")
    assert plan.state == "APPROVED"
    history = list(plan.reviews.values_list("to_state", "comment"))
    assert history == [
        ("SUBMITTED", ""),
        ("RETURNED", "ควรระบุวิทยากรจาก รพ.สต."),
        ("SUBMITTED", ""),
        ("APPROVED", "เห็นชอบ"),
    ]
    with pytest.raises(DomainError):
        services.plan_item_add(
            once=new_form_token(),
            actor=alice,
            unit=assessed,
            indicator_id=gap.pk,
            values=plan_values(),
        )


def test_plan_page_adds_items_in_buddhist_era_and_is_404_elsewhere(
    alice, charlie, assessed, client
):
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    client.force_login(alice)
    url = f"/development/units/{assessed.pk}/plan/"
    data = {
        "indicator": gap.pk,
        "knowledge": "การบันทึกบัญชี",
        "method": "ศึกษาดูงาน",
        "starts_on": "10/01/2570",
        "ends_on": "28/02/2570",
        "resource": "",
        "evidence": "สมุดบัญชี",
        "target_score": 3,
        "once": new_form_token(),
    }
    assert client.post(url, data).status_code == 302
    body = client.get(url).content.decode()
    assert "การบันทึกบัญชี" in body and "10 ม.ค. 2570" in body
    client.force_login(charlie)
    assert client.get(url).status_code == 404
    assert client.post(f"{url}submit/").status_code == 404
    assert client.post(f"{url}review/", {"decision": "approve"}).status_code == 404


def test_progress_page_places_units_by_stage(
    alice, dave, charlie, pat, assessed, year, village, client
):
    from development.selectors import stage_of
    from registration import services as registration
    from tests.conftest import group_data

    assert stage_of(None, None, None) == "no_before"
    assert stage_of("FINISHED", "RETURNED", None) == "plan_returned"
    assert stage_of("FINISHED", "APPROVED", None) == "no_after"
    assert stage_of("FINISHED", "APPROVED", "FINISHED") == "done"
    group = registration.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(village),
    )
    complete_documents(group, alice, reviewer=alice)
    client.force_login(alice)
    body = client.get(f"/development/years/{year.pk}/progress/").content.decode()
    assert "ยังไม่มีแผนพัฒนาตนเอง (1)" in body and "ยังไม่ได้ประเมินตนเองก่อนการพัฒนา (1)" in body
    filtered = client.get(f"/development/years/{year.pk}/progress/?stage=no_plan").content.decode()
    assert assessed.name in filtered and group.name not in filtered
    client.force_login(charlie)  # same province, other district: sees none of these units
    assert (
        assessed.name not in client.get(f"/development/years/{year.pk}/progress/").content.decode()
    )
    client.force_login(pat)
    assert group.name in client.get(f"/development/years/{year.pk}/progress/").content.decode()


@pytest.fixture
def submitted_plan(alice, assessed):
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    services.plan_item_add(
        once=new_form_token(), actor=alice, unit=assessed, indicator_id=gap.pk, values=plan_values()
    )
    return services.plan_submit(actor=alice, unit=assessed)


def test_a_review_comment_over_2000_characters_is_refused_and_changes_nothing(
    dave, assessed, submitted_plan
):
    reviews = submitted_plan.reviews.count()
    with pytest.raises(DomainError) as error:
        services.plan_review(actor=dave, unit=assessed, approve=False, comment="ก" * 2001)
    assert error.value.message == "ข้อเสนอแนะยาวเกิน 2,000 ตัวอักษร"
    assert error.value.field == "comment"
    submitted_plan.refresh_from_db()
    assert submitted_plan.state == "SUBMITTED" and submitted_plan.reviews.count() == reviews
    plan = services.plan_review(actor=dave, unit=assessed, approve=False, comment="ก" * 2000)
    assert plan.state == "RETURNED"


def test_review_page_shows_the_comment_limit_and_keeps_the_plan(
    dave, assessed, submitted_plan, client
):
    reviews = submitted_plan.reviews.count()
    client.force_login(dave)
    response = client.post(
        f"/development/units/{assessed.pk}/plan/review/",
        {"decision": "return", "comment": "ก" * 5000},
        follow=True,
    )
    assert "ข้อเสนอแนะยาวเกิน 2,000 ตัวอักษร" in response.content.decode()
    submitted_plan.refresh_from_db()
    assert submitted_plan.state == "SUBMITTED" and submitted_plan.reviews.count() == reviews


def test_progress_page_lists_only_units_whose_documents_were_accepted(alice, year, village, client):
    from registration import services as registration
    from registration.models import Status

    def group(name):
        return registration.unit_create(
            actor=alice,
            programme_year=year,
            unit_type="GROUP",
            district_id="5101",
            data=group_data(village, name=name),
        )

    accepted = complete_documents(group("กลุ่มทอผ้าบ้านท่าขาม"), alice, reviewer=alice)
    submitted = complete_documents(group("กลุ่มจักสานบ้านท่าขาม"), alice)
    draft = group("กลุ่มแม่บ้านเกษตรกรบ้านท่าขาม")
    withdrawn = group("กลุ่มเลี้ยงโคบ้านท่าขาม")
    registration.unit_withdraw(actor=alice, unit=withdrawn, reason="ขอถอน")
    assert accepted.status == Status.DOCUMENTS_COMPLETE and submitted.status == Status.SUBMITTED
    client.force_login(alice)
    body = client.get(f"/development/years/{year.pk}/progress/").content.decode()
    assert accepted.name in body
    for unit in (submitted, draft, withdrawn):
        assert unit.name not in body
    assert "ยังไม่ได้ประเมินตนเองก่อนการพัฒนา (1)" in body


def test_progress_page_queries_do_not_grow_with_units(alice, dave, pat, assessed, year, client):
    from registration.models import Status, Unit

    def add(first, n):
        for i in range(first, first + n):
            unit = make_unit(
                year,
                alice,
                f"กลุ่มก้าวหน้าที่ {i}",
                district="5101" if i % 2 else "5102",
                status=Status.DOCUMENTS_COMPLETE,
            )
            Unit.objects.filter(pk=unit.pk).update(responsible_developer=dave)

    def expect(before, after):
        assert after.count("กลุ่มก้าวหน้าที่ ") == 12 and before.count("กลุ่มก้าวหน้าที่ ") == 2

    add(0, 2)
    for user in (pat, alice):
        client.force_login(user)
        assert_queries_flat(client, f"/development/years/{year.pk}/progress/", lambda: None)
    client.force_login(pat)
    assert_queries_flat(
        client, f"/development/years/{year.pk}/progress/", lambda: add(2, 10), expect=expect
    )
