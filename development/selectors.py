from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from development.models import SelfAssessment
from development.scoring import ComponentSpec, FrameworkSpec, IndicatorSpec, Result, score
from frameworks.models import Framework
from frameworks.selectors import framework_with_structure
from registration.models import Unit
from registration.rows import UnitRow


def framework_spec(framework: Framework) -> FrameworkSpec:
    return FrameworkSpec(
        components=tuple(
            ComponentSpec(
                name=component.name,
                weight=component.weight,
                indicators=tuple(
                    IndicatorSpec(
                        id=indicator.pk,
                        code=indicator.code,
                        text=indicator.text,
                        weight=indicator.weight,
                        max_score=max((level.score for level in indicator.levels.all()), default=0),
                    )
                    for indicator in component.indicators.all()
                ),
            )
            for component in framework.components.all()
        ),
        pass_total_percent=framework.pass_total_percent,
        pass_component_percent=framework.pass_component_percent,
    )


def assessment_result(assessment: SelfAssessment) -> Result:
    framework = framework_with_structure(assessment.framework_id)
    answers = {
        answer.indicator_id: (answer.level.score if answer.level else None)
        for answer in assessment.answers.select_related("level")
    }
    return score(framework_spec(framework), answers)


OWN_COMPONENT = _("ตัวบ่งชี้ที่หน่วยนับกำหนดเอง")


def own_result(assessment: SelfAssessment) -> Result | None:
    """The unit's own indicators scored on their own, apart from the standard score; None if
    the unit set none. No pass rule applies to them."""
    own = list(assessment.unit.own_indicators.prefetch_related("levels"))
    if not own:
        return None
    spec = FrameworkSpec(
        components=(
            ComponentSpec(
                name=str(OWN_COMPONENT),
                weight=Decimal(1),
                indicators=tuple(
                    IndicatorSpec(
                        id=i.pk,
                        code=i.code,
                        text=i.text,
                        weight=Decimal(1),
                        max_score=max((lv.score for lv in i.levels.all()), default=0),
                    )
                    for i in own
                ),
            ),
        ),
        pass_total_percent=Decimal(0),
        pass_component_percent=Decimal(0),
    )
    answers = {
        a.indicator_id: (a.level.score if a.level else None)
        for a in assessment.own_answers.select_related("level")
    }
    return score(spec, answers)


STAGES = [
    ("no_before", _("ยังไม่ได้ประเมินตนเองก่อนการพัฒนา")),
    ("before_unfinished", _("ประเมินก่อนการพัฒนายังไม่เสร็จ")),
    ("no_plan", _("ยังไม่มีแผนพัฒนาตนเอง")),
    ("plan_draft", _("แผนกำลังจัดทำ")),
    ("plan_submitted", _("แผนรอพัฒนากรพิจารณา")),
    ("plan_returned", _("แผนถูกส่งคืนให้ปรับปรุง")),
    ("no_after", _("แผนเห็นชอบแล้ว ยังไม่ประเมินหลังการพัฒนา")),
    ("after_unfinished", _("ประเมินหลังการพัฒนายังไม่เสร็จ")),
    ("done", _("ประเมินหลังการพัฒนาแล้ว")),
]


def stage_of(before_state: str | None, plan_state: str | None, after_state: str | None) -> str:
    finished = SelfAssessment.State.FINISHED
    if before_state is None:
        return "no_before"
    if before_state != finished:
        return "before_unfinished"
    if plan_state is None:
        return "no_plan"
    if plan_state != "APPROVED":
        return {"DRAFT": "plan_draft", "SUBMITTED": "plan_submitted", "RETURNED": "plan_returned"}[
            plan_state
        ]
    if after_state is None:
        return "no_after"
    return "done" if after_state == finished else "after_unfinished"


@dataclass
class ProgressRow(UnitRow):
    """An accepted unit with its stage 3–4 position; other attributes read through to the unit
    (registration/rows.py)."""

    stage: str
    stage_label: str


def development_progress(units: QuerySet[Unit]) -> list[ProgressRow]:
    """Each accepted unit with its stage 3–4 position, in one query."""
    from django.db.models import OuterRef, Subquery

    from development.models import Phase, Plan

    def state(phase: str) -> Subquery:
        return Subquery(
            SelfAssessment.objects.filter(unit=OuterRef("pk"), phase=phase).values("state")[:1]
        )

    rows = units.annotate(
        before_state=state(Phase.BEFORE),
        after_state=state(Phase.AFTER),
        plan_state=Subquery(Plan.objects.filter(unit=OuterRef("pk")).values("state")[:1]),
    ).select_related("district", "responsible_developer")
    labels = dict(STAGES)
    result = []
    for unit in rows:
        stage = stage_of(unit.before_state, unit.plan_state, unit.after_state)
        result.append(ProgressRow(unit=unit, stage=stage, stage_label=str(labels[stage])))
    return result
