from django.db.models import Prefetch

from development.models import Component, Framework, Indicator, SelfAssessment
from development.scoring import ComponentSpec, FrameworkSpec, IndicatorSpec, Result, score


def framework_with_structure(framework_id: int) -> Framework:
    """A framework with its components, indicators and levels in three queries."""
    indicators = Indicator.objects.prefetch_related("levels")
    components = Component.objects.prefetch_related(Prefetch("indicators", queryset=indicators))
    return Framework.objects.prefetch_related(Prefetch("components", queryset=components)).get(
        pk=framework_id
    )


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


def year_framework(programme_year_id: int, unit_type: str) -> Framework | None:
    return Framework.objects.filter(
        programme_year_id=programme_year_id, unit_type=unit_type
    ).first()
