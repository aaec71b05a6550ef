"""Stage 3–4 per unit: sub-criteria, the unit's own indicators (scored apart), evidence files
and progress on plan items."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from core.errors import DomainError
from core.once import new_form_token
from development import services
from development.models import EvidenceFile, Phase, Plan, PlanItem, SubCriterion
from development.selectors import assessment_result, own_result
from frameworks.models import Indicator
from tests.conftest import complete_documents, jpeg_upload, pdf_upload
from tests.factories import indicators_of, plan_values


def all_answers(framework, score):
    return {i.pk: (i.levels.get(score=score).pk, "") for i in indicators_of(framework)}


def test_sub_criteria_are_agreed_before_the_before_assessment(alice, dave, approved, accepted):
    indicator = indicators_of(approved)[0]
    criterion = services.sub_criterion_add(
        once=new_form_token(),
        actor=dave,
        unit=accepted,
        indicator_id=indicator.pk,
        text="จัดเวทีประชาคมอย่างน้อยปีละ 2 ครั้ง",
    )
    assert criterion.created_by == dave
    assert AuditEntry.objects.filter(action="sub_criterion.add").exists()
    with pytest.raises(DomainError):
        services.sub_criterion_add(
            once=new_form_token(), actor=dave, unit=accepted, indicator_id=indicator.pk, text="  "
        )
    services.self_assessment_save(
        actor=alice,
        unit=accepted,
        phase=Phase.BEFORE,
        answers=all_answers(approved, 2),
        finish=True,
    )
    # Before and after must be judged against the same sub-criteria.
    with pytest.raises(DomainError) as error:
        services.sub_criterion_add(
            once=new_form_token(), actor=dave, unit=accepted, indicator_id=indicator.pk, text="ใหม่"
        )
    assert "ประเมินตนเองก่อนการพัฒนาเสร็จแล้ว" in error.value.message
    with pytest.raises(DomainError):
        services.sub_criterion_remove(actor=dave, criterion=criterion)
    assert SubCriterion.objects.filter(unit=accepted).count() == 1


def test_sub_criterion_for_an_indicator_of_another_framework_is_refused(
    alice,
    accepted,
    default_framework,
):
    foreign = Indicator.objects.filter(component__framework=default_framework).first()
    assert foreign is not None
    with pytest.raises(DomainError):
        services.sub_criterion_add(
            once=new_form_token(), actor=alice, unit=accepted, indicator_id=foreign.pk, text="x"
        )


def test_own_indicators_are_scored_apart_from_the_standard_score(alice, approved, accepted):
    own = services.own_indicator_add(
        once=new_form_token(),
        actor=alice,
        unit=accepted,
        text="ชุมชนปลอดขยะในที่สาธารณะ",
        evidence="ภาพถ่ายก่อนและหลัง",
        levels=["มีขยะทุกจุด", "ลดลงครึ่งหนึ่ง", "ไม่มีขยะ", "", ""],
    )
    assert [lv.score for lv in own.levels.all()] == [1, 2, 3]
    standard = all_answers(approved, 3)
    # Finishing needs the own indicator answered too.
    with pytest.raises(DomainError) as error:
        services.self_assessment_save(
            actor=alice, unit=accepted, phase=Phase.BEFORE, answers=standard, finish=True
        )
    assert own.code in error.value.message
    low = own.levels.get(score=1)
    assessment = services.self_assessment_save(
        actor=alice,
        unit=accepted,
        phase=Phase.BEFORE,
        answers=standard,
        own_answers={own.pk: (low.pk, "ยังมีขยะ")},
        finish=True,
    )
    standard_result = assessment_result(assessment)
    own_scores = own_result(assessment)
    assert own_scores is not None
    # The standard score is exactly what it would be without the unit's own indicator.
    assert standard_result.percent == Decimal("60.00")
    assert own.pk not in {i.spec.id for c in standard_result.components for i in c.indicators}
    assert (own_scores.points, own_scores.full) == (Decimal(1), Decimal(3))
    # The after-assessment carries it too; the result page shows it in its own table.
    high = own.levels.get(score=3)
    services.self_assessment_save(
        actor=alice,
        unit=accepted,
        phase=Phase.AFTER,
        answers=all_answers(approved, 3),
        own_answers={own.pk: (high.pk, "")},
        finish=True,
    )
    with pytest.raises(DomainError):  # frozen once the before-assessment is done
        services.own_indicator_remove(actor=alice, indicator=own)


def test_own_indicator_needs_two_levels_without_holes(alice, accepted):
    for levels in (["เดียว"], ["หนึ่ง", "", "สาม"], []):
        with pytest.raises(DomainError):
            services.own_indicator_add(
                once=new_form_token(),
                actor=alice,
                unit=accepted,
                text="ตัวบ่งชี้",
                evidence="",
                levels=levels,
            )
    assert not accepted.own_indicators.exists()


def test_level_of_another_units_own_indicator_is_refused(alice, accepted, village, year):
    from registration import services as registration_services
    from tests.conftest import group_data

    group = registration_services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(village),
        team="นายหนึ่ง ใจดี ประธาน",
    )
    other = complete_documents(group, alice, reviewer=alice)
    theirs = services.own_indicator_add(
        once=new_form_token(),
        actor=alice,
        unit=other,
        text="ของหน่วยอื่น",
        evidence="",
        levels=["น้อย", "มาก"],
    )
    with pytest.raises(DomainError):
        services.self_assessment_save(
            actor=alice,
            unit=accepted,
            phase=Phase.BEFORE,
            answers={},
            own_answers={theirs.pk: (theirs.levels.earliest("score").pk, "")},
        )


def test_criteria_page_adds_sub_criteria_and_own_indicators(client, alice, approved, accepted):
    client.force_login(alice)
    url = reverse("development:criteria", args=[accepted.pk])
    indicator = indicators_of(approved)[1]
    response = client.post(
        url,
        {
            "action": "add_sub",
            "indicator": indicator.pk,
            "text": "มีบันทึกการประชุม",
            "once": new_form_token(),
        },
        follow=True,
    )
    assert "เพิ่มเกณฑ์ย่อยแล้ว" in response.content.decode()
    response = client.post(
        url,
        {
            "action": "add_own",
            "text": "เยาวชนร่วมกิจกรรม",
            "level-1": "ไม่มี",
            "level-2": "มีบ้าง",
            "once": new_form_token(),
        },
        follow=True,
    )
    page = response.content.decode()
    assert "เยาวชนร่วมกิจกรรม" in page and "มีบันทึกการประชุม" in page
    # Bad input: a message in Thai, nothing saved, no error page.
    response = client.post(
        url,
        {"action": "add_own", "text": "", "level-1": "x", "once": new_form_token()},
        follow=True,
    )
    assert response.status_code == 200 and "กรุณากรอกตัวบ่งชี้" in response.content.decode()
    response = client.post(
        url,
        {"action": "add_sub", "indicator": "abc", "text": "x", "once": new_form_token()},
        follow=True,
    )
    assert response.status_code == 200
    assert accepted.own_indicators.count() == 1 and accepted.sub_criteria.count() == 1
    # The assessment form shows the sub-criterion under its indicator and the own indicator.
    page = client.get(reverse("development:assessment", args=[accepted.pk, "BEFORE"])).content
    assert "มีบันทึกการประชุม" in page.decode() and "เยาวชนร่วมกิจกรรม" in page.decode()


def test_evidence_upload_for_an_indicator_all_or_nothing(client, alice, approved, accepted):
    client.force_login(alice)
    indicator = indicators_of(approved)[0]
    url = reverse("development:evidence", args=[accepted.pk])
    bad = SimpleUploadedFile("notes.pdf", b"not really a pdf", content_type="application/pdf")
    response = client.post(
        url,
        {
            "target": f"indicator-{indicator.pk}",
            "phase": "BEFORE",
            "files": [pdf_upload(), bad],
            "once": new_form_token(),
        },
        follow=True,
    )
    assert "notes.pdf" in response.content.decode()
    assert not EvidenceFile.objects.exists()
    response = client.post(
        url,
        {
            "target": f"indicator-{indicator.pk}",
            "phase": "BEFORE",
            "description": "บันทึกการประชุม",
            "files": [pdf_upload("minutes.pdf"), jpeg_upload("meeting.jpg")],
            "once": new_form_token(),
        },
        follow=True,
    )
    assert "แนบหลักฐานแล้ว" in response.content.decode()
    files = list(EvidenceFile.objects.filter(unit=accepted))
    assert {f.original_name for f in files} == {"minutes.pdf", "meeting.jpg"}
    assert all(f.indicator_id == indicator.pk and f.phase == "BEFORE" for f in files)
    download = client.get(reverse("development:evidence_file", args=[files[0].pk]))
    assert download.status_code == 200 and download["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="evidence.download").exists()
    # No target: refused in Thai.
    response = client.post(
        url, {"target": "", "files": [pdf_upload()], "once": new_form_token()}, follow=True
    )
    assert "กรุณาเลือกตัวบ่งชี้" in response.content.decode()
    # Removing hides the file but keeps it on record.
    client.post(reverse("development:evidence_remove", args=[files[0].pk]))
    files[0].refresh_from_db()
    assert files[0].removed_at is not None
    assert client.get(reverse("development:evidence_file", args=[files[0].pk])).status_code == 404


def test_evidence_for_a_plan_item_and_progress_after_approval(alice, dave, assessed):
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    item = services.plan_item_add(
        once=new_form_token(), actor=alice, unit=assessed, indicator_id=gap.pk, values=plan_values()
    )
    with pytest.raises(DomainError):  # not yet approved
        services.plan_item_progress(
            actor=alice, item=item, progress="DONE", note="", expected_version=1
        )
    services.evidence_upload(
        once=new_form_token(),
        actor=alice,
        unit=assessed,
        uploads=[pdf_upload()],
        plan_item_id=item.pk,
    )
    assert item.evidence_files.count() == 1
    services.plan_submit(actor=alice, unit=assessed)
    services.plan_review(actor=dave, unit=assessed, approve=True, comment="")
    item = services.plan_item_progress(
        actor=dave, item=item, progress="DONE", note="อบรมแล้ว 20 ม.ค. 2570", expected_version=1
    )
    item.refresh_from_db()
    assert (item.progress, item.progress_note) == ("DONE", "อบรมแล้ว 20 ม.ค. 2570")
    assert AuditEntry.objects.filter(action="plan.item_progress").exists()
    with pytest.raises(DomainError):
        services.plan_item_progress(
            actor=dave, item=item, progress="FINISHED?", note="", expected_version=2
        )


def test_plan_item_removed_only_while_the_plan_is_editable(alice, dave, assessed):
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    first = services.plan_item_add(
        once=new_form_token(), actor=alice, unit=assessed, indicator_id=gap.pk, values=plan_values()
    )
    second = services.plan_item_add(
        once=new_form_token(),
        actor=alice,
        unit=assessed,
        indicator_id=gap.pk,
        values=plan_values(knowledge="บัญชี"),
    )
    services.plan_item_remove(actor=alice, item=first)
    assert list(PlanItem.objects.values_list("pk", flat=True)) == [second.pk]
    services.plan_submit(actor=alice, unit=assessed)
    with pytest.raises(DomainError):
        services.plan_item_remove(actor=alice, item=second)
    assert Plan.objects.get(unit=assessed).items.count() == 1


def test_new_urls_are_404_for_another_district(client, charlie, alice, approved, assessed):
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    item = services.plan_item_add(
        once=new_form_token(), actor=alice, unit=assessed, indicator_id=gap.pk, values=plan_values()
    )
    [evidence] = services.evidence_upload(
        once=new_form_token(),
        actor=alice,
        unit=assessed,
        uploads=[pdf_upload()],
        indicator_id=gap.pk,
    )
    client.force_login(charlie)
    for name, args in [
        ("development:criteria", [assessed.pk]),
        ("development:evidence", [assessed.pk]),
        ("development:evidence_file", [evidence.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
    for name, args, data in [
        ("development:criteria", [assessed.pk], {"action": "add_own", "text": "x"}),
        ("development:evidence", [assessed.pk], {"target": f"indicator-{gap.pk}"}),
        ("development:evidence_remove", [evidence.pk], {}),
        ("development:plan_item_remove", [item.pk], {}),
        ("development:plan_item_progress", [item.pk], {"progress": "DONE"}),
    ]:
        assert client.post(reverse(name, args=args), data).status_code == 404, name
    assert EvidenceFile.objects.filter(removed_at__isnull=True).count() == 1
    assert PlanItem.objects.count() == 1


def test_development_record_pdf_reads_back_in_thai_with_buddhist_era_dates(
    client,
    alice,
    dave,
    charlie,
    approved,
    assessed,
):
    import datetime as dt

    from django.utils import timezone

    from core.thai import thai_date
    from documents.testing import pdf_text

    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    services.plan_item_add(
        once=new_form_token(),
        actor=alice,
        unit=assessed,
        indicator_id=gap.pk,
        values=plan_values(knowledge="การทำบัญชีครัวเรือน", starts_on=dt.date(2027, 1, 10)),
    )
    services.plan_submit(actor=alice, unit=assessed)
    services.plan_review(actor=dave, unit=assessed, approve=True, comment="")
    services.self_assessment_save(
        actor=alice,
        unit=assessed,
        phase=Phase.AFTER,
        answers=all_answers(approved, 4),
        finish=True,
    )
    from activities import services as activity_services
    from activities.models import Kind

    activity = activity_services.activity_create(
        once=new_form_token(),
        actor=alice,
        programme_year=assessed.programme_year,
        district_id="5101",
        values={
            "kind": Kind.INDIVIDUAL,
            "title": "ติดตามการจดบัญชีครัวเรือน",
            "held_on": dt.date(2027, 1, 20),
            "place": "บ้านท่าขาม",
        },
        links=activity_services.Links(units=[assessed]),
    )
    activity_services.photos_upload(
        actor=alice, activity=activity, uploads=[jpeg_upload()], stage=4, caption="ดูสมุดบัญชี"
    )
    client.force_login(alice)
    response = client.get(reverse("development:record", args=[assessed.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(pdf_text(response.content).split())
    for expected in (
        "บันทึกการพัฒนาตนเองตามระบบมาตรฐานการพัฒนาชุมชน",
        "".join(assessed.name.split()),
        "พ.ศ.๒๕๗๐",  # the fiscal year, Buddhist era in Thai numerals
        "การทำบัญชีครัวเรือน",
        "๑๐ม.ค.๒๕๗๐",  # the plan item's start, 10 Jan 2027
        "".join(thai_date(timezone.localdate(), thai_numerals=True).split()),
        "ติดตามการจดบัญชีครัวเรือน",
        "๒๐มกราคม๒๕๗๐",  # the activity's date
        "ดูสมุดบัญชี",
    ):
        assert expected in text, expected
    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(response.content)).pages
    assert sum(len(page.images) for page in pages) == 1  # the activity's photo
    assert AuditEntry.objects.filter(action="export.development_record").exists()
    client.force_login(charlie)
    assert client.get(reverse("development:record", args=[assessed.pk])).status_code == 404


def test_unit_page_names_development_actions_in_thai(client, alice, assessed):
    client.force_login(alice)
    page = client.get(reverse("registration:detail", args=[assessed.pk])).content.decode()
    assert "ประเมินตนเองเสร็จสิ้น" in page
    assert "self_assessment.finish" not in page
    assert reverse("development:record", args=[assessed.pk]) in page


def test_plan_item_with_removed_evidence_is_refused_not_an_error(client, alice, assessed):
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    item = services.plan_item_add(
        once=new_form_token(), actor=alice, unit=assessed, indicator_id=gap.pk, values=plan_values()
    )
    [evidence] = services.evidence_upload(
        once=new_form_token(),
        actor=alice,
        unit=assessed,
        uploads=[pdf_upload()],
        plan_item_id=item.pk,
    )
    services.evidence_remove(actor=alice, evidence=evidence)
    client.force_login(alice)
    response = client.post(reverse("development:plan_item_remove", args=[item.pk]), follow=True)
    assert response.status_code == 200 and "นำออกจากแผนไม่ได้" in response.content.decode()
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_whoever_submits_a_plan_does_not_also_approve_it(alice, dave, assessed):
    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    services.plan_item_add(
        once=new_form_token(), actor=dave, unit=assessed, indicator_id=gap.pk, values=plan_values()
    )
    services.plan_submit(actor=dave, unit=assessed)
    with pytest.raises(DomainError) as error:
        services.plan_review(actor=dave, unit=assessed, approve=True, comment="")
    assert "ผู้เสนอแผน" in error.value.message
    services.plan_review(actor=alice, unit=assessed, approve=True, comment="")
    assert Plan.objects.get(unit=assessed).state == Plan.State.APPROVED


def test_plan_target_must_be_a_level_and_the_period_inside_the_fiscal_year(alice, assessed):
    import datetime as dt

    gap = Indicator.objects.get(
        component__framework__programme_year=assessed.programme_year, code="1.2"
    )
    gap.levels.filter(score=3).delete()  # a rubric of 1, 2, 4, 5
    with pytest.raises(DomainError) as error:
        services.plan_item_add(
            once=new_form_token(),
            actor=alice,
            unit=assessed,
            indicator_id=gap.pk,
            values=plan_values(target_score=3),
        )
    assert "ไม่มีระดับ" in error.value.message
    with pytest.raises(DomainError) as error:  # FY 2570 ends on 30 Sep 2027
        services.plan_item_add(
            once=new_form_token(),
            actor=alice,
            unit=assessed,
            indicator_id=gap.pk,
            values=plan_values(ends_on=dt.date(2028, 1, 1)),
        )
    assert "ปีงบประมาณ" in error.value.message
    assert not PlanItem.objects.exists()


def test_province_progress_lists_districts_without_accepted_units(client, pat, assessed):
    client.force_login(pat)
    body = client.get(
        reverse("development:progress", args=[assessed.programme_year_id])
    ).content.decode()
    assert "<td>อำเภอแม่ทา</td>" in body  # no unit there yet, still a row of the table
