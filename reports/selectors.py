"""The year-end report's figures (docs/domain.md §4 stage 5), built from aggregates in the database.

A province may have ~10,000 units in a year, so nothing here loops over units with queries: the
counts by stage are one GROUP BY, the before → after change one more (each unit's weighted
self-assessment percent computed in SQL), the activities one, the certified list one, whatever
the number of units. Reads go through core.scope: a district's part holds only its district.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, fields
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from activities.models import Activity
from activities.models import Kind as ActivityKind
from assessment.models import Decision, Outcome, RoundLevel
from certification.models import Certificate
from core.scope import visible_to
from core.text import clean_text
from development.models import Answer, Phase, Plan, SelfAssessment
from documents.text import bare_district_name, district_name, province_name
from documents.year_end_report import (
    ActivityRow,
    CertifiedRow,
    ChangeRow,
    CountRow,
    Letter,
    OverrideRow,
    StageCounts,
    YearEndReport,
)
from frameworks.models import Indicator
from geography.models import District
from geography.selectors import province_emblem
from programme.models import ProgrammeYear, UnitType
from registration.models import Status, Unit
from registration.workflow import ACCEPTED_STATUSES, APPLICANT_STATUSES, RECOMMENDED_STATUSES
from reports.models import YearEndReportSent
from reports.permissions import signs_district_letter, signs_province_letter

FINISHED = SelfAssessment.State.FINISHED


def report_units(user: User, year: ProgrammeYear, district: District | None) -> QuerySet[Unit]:
    units = visible_to(user, Unit).filter(programme_year=year)
    if district is not None:
        units = units.filter(district=district)
    return units


def report_districts(user: User, year: ProgrammeYear, district: District | None) -> list[District]:
    if district is not None:
        return [district]
    return list(visible_to(user, District).filter(province_id=year.province_id).order_by("code"))


def _finished(phase: str) -> Exists:
    return Exists(SelfAssessment.objects.filter(unit=OuterRef("pk"), phase=phase, state=FINISHED))


STAGE_FIELDS = {f.name for f in fields(StageCounts)}


def stage_counts(
    units: QuerySet[Unit], *, by: str = "district_id"
) -> dict[tuple[str, str], StageCounts]:
    """(district code, type) → how many units reached each stage. One query. `by` groups on
    another of the unit's fields ("district__province_id": the national report, reports/national.py).

    Every stage after registration counts only units whose documents were accepted, so each
    column is part of the one before it (the withdrawn and drafts are not counted at all).
    """
    accepted = Q(status__in=ACCEPTED_STATUSES)
    rows = (
        units.filter(status__in=APPLICANT_STATUSES)
        .annotate(before_ok=_finished(Phase.BEFORE), after_ok=_finished(Phase.AFTER))
        .order_by()
        .values(by, "unit_type")
        .annotate(
            registered=Count("pk"),
            accepted=Count("pk", filter=accepted),
            before_done=Count("pk", filter=accepted & Q(before_ok=True)),
            plan_approved=Count("pk", filter=accepted & Q(plan__state=Plan.State.APPROVED)),
            after_done=Count("pk", filter=accepted & Q(after_ok=True)),
            recommended=Count("pk", filter=Q(status__in=RECOMMENDED_STATUSES)),
            not_recommended=Count("pk", filter=Q(status=Status.NOT_RECOMMENDED)),
            certified=Count("pk", filter=Q(status=Status.CERTIFIED)),
            not_certified=Count("pk", filter=Q(status=Status.NOT_CERTIFIED)),
        )
    )
    result = {}
    for row in rows:
        counts: dict[str, Any] = {
            name: value for name, value in row.items() if name in STAGE_FIELDS
        }
        result[(row[by], row["unit_type"])] = StageCounts(**counts)
    return result


def framework_full_marks(year: ProgrammeYear) -> dict[int, float]:
    """Framework id → its full marks (Σ component weight × indicator weight × top level), for
    the frameworks the year's self-assessments used. One query; the same arithmetic as
    development.scoring.Result.full."""
    used = SelfAssessment.objects.filter(unit__programme_year=year).values("framework_id")
    full: dict[int, float] = defaultdict(float)
    for framework_id, component_weight, weight, top in (
        Indicator.objects.filter(component__framework_id__in=used)
        .annotate(top=Max("levels__score"))
        .values_list("component__framework_id", "component__weight", "weight", "top")
    ):
        full[framework_id] += float(component_weight) * float(weight) * (top or 0)
    return dict(full)


def _percent(phase: str, full: dict[int, float]) -> Subquery:
    """The unit's finished self-assessment of `phase` as a weighted total percent, in SQL:
    Σ component weight × indicator weight × chosen level over its answers, out of full marks
    (development.scoring: an unanswered indicator scores 0)."""
    points = (
        Answer.objects.filter(assessment=OuterRef("pk"), level__isnull=False)
        .order_by()
        .values("assessment")
        .annotate(
            p=Sum(
                ExpressionWrapper(
                    F("indicator__component__weight") * F("indicator__weight") * F("level__score"),
                    output_field=FloatField(),
                )
            )
        )
        .values("p")
    )
    # A framework without full marks has no percent (NULL), never a division by zero.
    full_marks = Case(
        *(When(framework_id=pk, then=Value(marks)) for pk, marks in full.items() if marks > 0),
        default=Value(None),
        output_field=FloatField(),
    )
    assessments = (
        SelfAssessment.objects.filter(unit=OuterRef("pk"), phase=phase, state=FINISHED)
        .annotate(
            pct=ExpressionWrapper(
                Coalesce(Subquery(points, output_field=FloatField()), Value(0.0))
                * Value(100.0)
                / full_marks,
                output_field=FloatField(),
            )
        )
        .values("pct")[:1]
    )
    return Subquery(assessments, output_field=FloatField())


def development_change(
    units: QuerySet[Unit], year: ProgrammeYear
) -> dict[str, tuple[int, float, float, int]]:
    """Type → (units that finished both self-assessments, Σ before %, Σ after %, how many
    improved). Two queries: the frameworks' full marks, then one GROUP BY over the units."""
    full = framework_full_marks(year)
    if not full:
        return {}
    # Pairs are chosen with the cheap EXISTS on the (unit, phase) index, so each unit's two
    # percents are computed only where the sums and the comparison need them.
    rows = (
        units.filter(_finished(Phase.BEFORE), _finished(Phase.AFTER), status__in=ACCEPTED_STATUSES)
        .annotate(before_pct=_percent(Phase.BEFORE, full), after_pct=_percent(Phase.AFTER, full))
        .order_by()
        .values("unit_type")
        .annotate(
            n=Count("pk"),
            before=Sum("before_pct"),
            after=Sum("after_pct"),
            improved=Count("pk", filter=Q(after_pct__gt=F("before_pct"))),
        )
    )
    return {
        row["unit_type"]: (row["n"], row["before"] or 0.0, row["after"] or 0.0, row["improved"])
        for row in rows
        if row["n"]
    }


def activity_counts(
    user: User, year: ProgrammeYear, district: District | None
) -> dict[str, tuple[int, int, int]]:
    """District code → (group activities, individual activities, units that took part). One
    query."""
    activities = visible_to(user, Activity).filter(programme_year=year)
    if district is not None:
        activities = activities.filter(district=district)
    rows = (
        activities.order_by()
        .values("district_id")
        .annotate(
            group=Count("pk", filter=Q(kind=ActivityKind.GROUP), distinct=True),
            individual=Count("pk", filter=Q(kind=ActivityKind.INDIVIDUAL), distinct=True),
            units=Count("units", distinct=True),
        )
    )
    return {r["district_id"]: (r["group"], r["individual"], r["units"]) for r in rows}


def certified_rows(units: QuerySet[Unit]) -> list[CertifiedRow]:
    """The certified units with their current certificate's number and the provincial
    committee's result, by type, district and name. One query."""
    certificate = Certificate.objects.filter(unit=OuterRef("pk"), revoked_at__isnull=True)
    decision = Decision.objects.filter(
        round_unit__unit=OuterRef("pk"), outcome=Outcome.CERTIFY, reopened_at__isnull=True
    ).order_by("-decided_at", "-pk")
    rows = (
        units.filter(status=Status.CERTIFIED)
        .select_related("district", "subdistrict", "village")
        .annotate(
            certificate_number=Subquery(certificate.values("display_number")[:1]),
            result_percent=Subquery(decision.values("result_percent")[:1]),
        )
        .order_by("district_id", "name", "pk")
    )
    order = {value: i for i, value in enumerate(UnitType.values)}
    return [
        CertifiedRow(
            type_label=str(UnitType(unit.unit_type).label),
            name=clean_text(unit.name),
            place=f"{unit.place_line} {unit.district.display_name}",
            certificate_number=unit.certificate_number or "",
            result_percent=unit.result_percent,
        )
        for unit in sorted(rows, key=lambda u: order.get(u.unit_type, 9))
    ]


def override_rows(units: QuerySet[Unit]) -> list[OverrideRow]:
    """The standing decisions (not reopened) on the units that departed from the present
    members' scores (assessment.services.decide records them as overrides), by type, district
    and name. One query."""
    decisions = (
        Decision.objects.filter(
            round_unit__unit__in=units, is_override=True, reopened_at__isnull=True
        )
        .select_related("round_unit__round", "round_unit__unit__district", "decided_by")
        .order_by("round_unit__unit__district_id", "round_unit__unit__name", "decided_at", "pk")
    )
    order = {value: i for i, value in enumerate(UnitType.values)}
    return [
        OverrideRow(
            type_label=str(UnitType(d.round_unit.unit.unit_type).label),
            name=clean_text(d.round_unit.unit.name),
            district=d.round_unit.unit.district.display_name,
            level_label=str(RoundLevel(d.round_unit.round.level).label),
            outcome_label=str(Outcome(d.outcome).label),
            result_percent=d.result_percent,
            result_passed=d.result_passed,
            decided_by=d.decided_by.full_name,
            reason=clean_text(d.reasons),
        )
        for d in sorted(decisions, key=lambda d: order.get(d.round_unit.unit.unit_type, 9))
    ]


@dataclass
class LetterInput:
    """What the officer typed in the letter form; blanks take the defaults of letter_defaults."""

    reference: str = ""
    office: str = ""
    salutation: str = ""
    refer_to: str = ""
    signer_name: str = ""
    signer_position: str = ""
    on_behalf_of: str = ""
    contact: str = ""
    issued_on: dt.date | None = None
    thai_numerals: bool = True
    given: set[str] = field(default_factory=set)  # the fields the form sent


def letter_defaults(user: User, year: ProgrammeYear, district: District | None) -> dict[str, str]:
    """The letter as a province (to the department) or a district (to the province) usually
    writes it; every line can be changed in the form before downloading."""
    province = province_name(year.province.name_th)
    if district is None:
        return {
            "office": f"สำนักงานพัฒนาชุมชน{province}\nศาลากลาง{province}",
            "salutation": "อธิบดีกรมการพัฒนาชุมชน",
            "signer_name": user.full_name if signs_province_letter(user) else "",
            "signer_position": user.position_title or f"พัฒนาการ{province}",
            "on_behalf_of": f"ผู้ว่าราชการ{province}",
            "contact": f"สำนักงานพัฒนาชุมชน{province}\nกลุ่มงานส่งเสริมการพัฒนาชุมชน\nโทร/โทรสาร",
        }
    name = district_name(district.display_name)
    return {
        "office": f"สำนักงานพัฒนาชุมชน{name}\nที่ว่าการ{name}",
        "salutation": f"พัฒนาการ{province}",
        "signer_name": user.full_name if signs_district_letter(user) else "",
        "signer_position": user.position_title or f"พัฒนาการอำเภอ{bare_district_name(name)}",
        "on_behalf_of": "",
        "contact": f"สำนักงานพัฒนาชุมชน{name}\nโทร/โทรสาร",
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def year_end_report_data(
    *,
    user: User,
    year: ProgrammeYear,
    district: District | None,
    letter: LetterInput | None = None,
    with_certified_list: bool = True,
) -> YearEndReport:
    """The province's report (district None: every district in the user's scope) or one
    district's part. Seven queries, whatever the number of units. The page shows only the
    certified count (from the stage counts), so it leaves out the list."""
    letter = letter or LetterInput()
    units = report_units(user, year, district)
    districts = report_districts(user, year, district)
    counts = stage_counts(units)
    change = development_change(units, year)
    activities = activity_counts(user, year, district)

    by_type = []
    for unit_type, label in UnitType.choices:
        total = StageCounts()
        for d in districts:
            total += counts.get((d.pk, unit_type), StageCounts())
        by_type.append(CountRow(label=str(label), counts=total))
    by_district = []
    for d in districts:
        total = StageCounts()
        for unit_type in UnitType.values:
            total += counts.get((d.pk, unit_type), StageCounts())
        by_district.append(CountRow(label=d.display_name, counts=total))
    change_rows = [
        ChangeRow(str(label), *change.get(unit_type, (0, 0.0, 0.0, 0)))
        for unit_type, label in UnitType.choices
    ]
    activity_rows = [
        ActivityRow(d.display_name, *activities.get(d.pk, (0, 0, 0))) for d in districts
    ]

    defaults = letter_defaults(user, year, district)

    def pick(name: str) -> str:
        # A field the officer sent (even emptied) is kept as sent; otherwise the default.
        value = getattr(letter, name)
        return value if name in letter.given else (value or defaults.get(name, ""))

    return YearEndReport(
        province=year.province.name_th,
        district=district.display_name if district is not None else None,
        fiscal_year=year.fiscal_year,
        issued_on=letter.issued_on or timezone.localdate(),
        letter=Letter(
            reference=pick("reference"),
            office_lines=_lines(pick("office")),
            salutation=pick("salutation"),
            refer_to=pick("refer_to"),
            signer_name=pick("signer_name"),
            signer_position=pick("signer_position"),
            on_behalf_of=pick("on_behalf_of"),
            contact_lines=_lines(pick("contact")),
        ),
        type_labels=[str(label) for _, label in UnitType.choices],
        by_type=by_type,
        by_district=by_district,
        change=change_rows,
        activities=activity_rows,
        certified=certified_rows(units) if with_certified_list else [],
        thai_numerals=letter.thai_numerals,
        overrides=override_rows(units),
    )


def year_end_report_file(
    *,
    user: User,
    year: ProgrammeYear,
    district: District | None,
    fmt: str,
    letter: LetterInput | None = None,
) -> tuple[bytes, str]:
    """The report's bytes in the chosen format ("pdf", "docx", "xlsx") and its file name."""
    from documents.year_end_report import (
        year_end_report_docx,
        year_end_report_pdf,
        year_end_report_xlsx,
    )

    data = year_end_report_data(user=user, year=year, district=district, letter=letter)
    place = district.display_name if district is not None else year.province.name_th
    filename = f"รายงานผลการดำเนินงานประจำปี-{year.fiscal_year}-{place}.{fmt}"
    if fmt == "xlsx":
        return year_end_report_xlsx(data), filename
    # The letter's Garuda: the province's emblem, if it uploaded one.
    emblem = province_emblem(year.province_id)
    render = year_end_report_pdf if fmt == "pdf" else year_end_report_docx
    return render(data, emblem=emblem), filename


def year_end_report_sent(year: ProgrammeYear) -> YearEndReportSent | None:
    """Whether (and when, by whom) the province sent the year's report to the department."""
    return YearEndReportSent.objects.filter(programme_year=year).select_related("sent_by").first()
