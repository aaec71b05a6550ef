"""Gather one unit's development record (documents/development_record.py) from the database."""

from decimal import Decimal

from django.utils import timezone

from activities.record import activities_for_record
from core.thai import thai_date
from development.models import EvidenceFile, Phase, Plan, SelfAssessment
from development.scoring import Result
from development.selectors import assessment_result, own_result
from documents.development_record import (
    Assessed,
    DevelopmentRecord,
    RecordComponent,
    RecordIndicator,
    RecordPlanItem,
)
from documents.text import province_name
from frameworks.selectors import framework_with_structure, year_framework
from registration.models import Unit


def _assessed(assessment: SelfAssessment | None, result: Result | None) -> Assessed | None:
    if assessment is None or result is None:
        return None
    finished = assessment.finished_at
    return Assessed(
        finished_on=timezone.localdate(finished) if finished else None,
        by=assessment.finished_by.full_name if assessment.finished_by else "",
        percent=result.percent,
        points=result.points,
        full=result.full,
        passed=result.passed,
    )


def _plain(value) -> str:
    """60.00 → "60", 62.50 → "62.5"."""
    return f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value:f}"


def development_record(unit: Unit) -> DevelopmentRecord:
    unit = Unit.objects.select_related(
        "district__province", "subdistrict", "village", "responsible_developer"
    ).get(pk=unit.pk)
    assessments = {
        a.phase: a
        for a in SelfAssessment.objects.filter(unit=unit).select_related("finished_by", "framework")
    }
    before_a, after_a = assessments.get(Phase.BEFORE), assessments.get(Phase.AFTER)
    before = assessment_result(before_a) if before_a else None
    after = assessment_result(after_a) if after_a else None
    first = before_a or after_a
    framework_id = first.framework_id if first else None
    if framework_id is None:
        framework = year_framework(unit.programme_year_id, unit.unit_type)
        framework_id = framework.pk if framework else None
    framework = framework_with_structure(framework_id) if framework_id else None

    criteria: dict[int, list[str]] = {}
    for indicator_id, text in unit.sub_criteria.values_list("indicator_id", "text"):
        criteria.setdefault(indicator_id, []).append(text)
    before_scores = before.by_indicator() if before else {}
    after_scores = after.by_indicator() if after else {}
    before_components = {c.spec.name: c for c in before.components} if before else {}
    after_components = {c.spec.name: c for c in after.components} if after else {}
    components = []
    if framework is not None:
        for component in framework.components.all():
            indicators = []
            full = Decimal(0)
            for indicator in component.indicators.all():
                top = max((lv.score for lv in indicator.levels.all()), default=0)
                full += indicator.weight * top
                b, a = before_scores.get(indicator.pk), after_scores.get(indicator.pk)
                indicators.append(
                    RecordIndicator(
                        code=indicator.code,
                        text=indicator.text,
                        max_score=top,
                        before=b.score if b else None,
                        after=a.score if a else None,
                        sub_criteria=criteria.get(indicator.pk, []),
                    )
                )
            b_c, a_c = before_components.get(component.name), after_components.get(component.name)
            components.append(
                RecordComponent(
                    name=component.name,
                    full=full,
                    before_percent=b_c.percent if b_c else None,
                    after_percent=a_c.percent if a_c else None,
                    indicators=indicators,
                )
            )

    own_before = own_result(before_a) if before_a else None
    own_after = own_result(after_a) if after_a else None
    own_after_scores = own_after.by_indicator() if own_after else {}
    own = [
        RecordIndicator(
            code=i.spec.code,
            text=i.spec.text,
            max_score=i.spec.max_score,
            before=i.score,
            after=own_after_scores[i.spec.id].score if i.spec.id in own_after_scores else None,
        )
        for i in (own_before.components[0].indicators if own_before else [])
    ]

    plan = Plan.objects.filter(unit=unit).first()
    approval = ""
    items = []
    if plan is not None:
        approved = plan.reviews.filter(to_state=Plan.State.APPROVED).select_related("actor").last()
        if approved and plan.state == Plan.State.APPROVED:
            approval = (
                f"โดย {approved.actor.full_name} เมื่อ {thai_date(timezone.localdate(approved.at))}"
            )
        items = [
            RecordPlanItem(
                indicator_code=item.indicator.code,
                knowledge=item.knowledge,
                method=item.method,
                starts_on=item.starts_on,
                ends_on=item.ends_on,
                resource=item.resource,
                local_wisdom=item.local_wisdom,
                evidence=item.evidence,
                target=item.target_score,
                progress=item.get_progress_display(),
                progress_note=item.progress_note,
            )
            for item in plan.items.select_related("indicator")
        ]

    evidence = [
        (
            f"ตัวบ่งชี้ {e.indicator.code}"
            if e.indicator
            else f"แผน {e.plan_item.indicator.code if e.plan_item else ''}"
        )
        + f": {e.original_name}"
        + (f" ({e.description})" if e.description else "")
        for e in EvidenceFile.objects.filter(unit=unit, removed_at__isnull=True).select_related(
            "indicator", "plan_item__indicator"
        )
    ]
    # The place without the house number: the record travels further than the application.
    area = " ".join(
        [str(unit.village)] * bool(unit.village)
        + [
            unit.subdistrict.display_name,
            unit.district.display_name,
            province_name(unit.district.province.name_th),
        ]
    )
    rule = (
        f"คะแนนรวมไม่น้อยกว่าร้อยละ {_plain(framework.pass_total_percent)} "
        f"และทุกองค์ประกอบไม่น้อยกว่าร้อยละ {_plain(framework.pass_component_percent)}"
        if framework
        else "-"
    )
    return DevelopmentRecord(
        unit_name=unit.name,
        unit_type=unit.get_unit_type_display(),
        area=area,
        fiscal_year=unit.fiscal_year,
        developer=unit.responsible_developer.full_name if unit.responsible_developer else "",
        pass_rule=rule,
        components=components,
        own_indicators=own,
        before=_assessed(before_a, before),
        after=_assessed(after_a, after),
        plan_state=plan.get_state_display() if plan else "ยังไม่มีแผน",
        plan_approval=approval,
        plan_items=items,
        activities=activities_for_record(unit),
        evidence=evidence,
        issued_on=timezone.localdate(),
    )
