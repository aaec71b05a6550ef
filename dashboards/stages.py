"""The stages of the year's funnel, as filters on units: the one definition the dashboards count
and the register lists (`?stage=`), so a figure and the list behind it always agree.

The same stages as the year-end report's counts (reports.selectors.stage_counts): every stage
after registration counts only units whose documents were accepted, so each is part of the one
before it (docs/domain.md §4). The dashboards' figures are summed from the tallies, which count
the same conditions on a unit's facts (tallies/services.py `figures_of`); tests/test_dashboards.py
checks every figure against a count of the rows.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from development.models import Phase, Plan, SelfAssessment
from registration.models import Status, Unit
from registration.workflow import (
    ACCEPTED_STATUSES,
    APPLICANT_STATUSES,
    ASSESSED_STATUSES,
    RECOMMENDED_STATUSES,
)

# (key, label) in funnel order.
STAGES: list[tuple[str, Promise]] = [
    ("registered", _("สมัคร")),
    ("accepted", _("เอกสารครบถ้วน")),
    ("before_done", _("ประเมินตนเองก่อนพัฒนาแล้ว")),
    ("plan_approved", _("แผนพัฒนาได้รับความเห็นชอบ")),
    ("after_done", _("ประเมินตนเองหลังพัฒนาแล้ว")),
    ("recommended", _("อำเภอเสนอให้รับรอง")),
    ("certified", _("ผ่านการรับรอง")),
]
EXTRA_FILTERS: list[tuple[str, Promise]] = [("assessed", _("มีผลการประเมินแล้ว"))]
STAGE_KEYS = [key for key, _label in STAGES]


def finished(phase: str) -> Exists:
    """The unit has a finished self-assessment of this phase (the (unit, phase) index)."""
    return Exists(
        SelfAssessment.objects.filter(
            unit=OuterRef("pk"), phase=phase, state=SelfAssessment.State.FINISHED
        )
    )


def stage_conditions() -> dict[str, Q]:
    """Stage → its condition on a unit annotated with `before_ok` and `after_ok` (annotate)."""
    accepted = Q(status__in=ACCEPTED_STATUSES)
    return {
        "registered": Q(status__in=APPLICANT_STATUSES),
        "accepted": accepted,
        "before_done": accepted & Q(before_ok=True),
        "plan_approved": accepted & Q(plan__state=Plan.State.APPROVED),
        "after_done": accepted & Q(after_ok=True),
        "recommended": Q(status__in=RECOMMENDED_STATUSES),
        "certified": Q(status=Status.CERTIFIED),
        "assessed": Q(status__in=ASSESSED_STATUSES),
    }


def annotate(units: QuerySet[Unit]) -> QuerySet[Unit]:
    return units.annotate(before_ok=finished(Phase.BEFORE), after_ok=finished(Phase.AFTER))


def units_at_stage(units: QuerySet[Unit], stage: str) -> QuerySet[Unit]:
    """The units of `units` that reached `stage` (a key of STAGES or EXTRA_FILTERS)."""
    condition = stage_conditions()[stage]
    if stage in ("before_done", "after_done"):
        return annotate(units).filter(condition)
    return units.filter(condition)


def stage_choices() -> list[tuple[str, Promise]]:
    return [*STAGES, *EXTRA_FILTERS]
