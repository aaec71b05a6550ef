"""The printed papers of a round: its presentation schedule and its score sheets (a member's,
the committee's per unit and per round), as data for documents/presentation_schedule.py and
documents/score_sheets.py.

The views fetch the round or entry through core.scope and check who may read which sheet
(assessment.permissions); these functions only gather. The round's sheet costs the same few
queries whatever the number of units.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.utils import timezone

from assessment.models import Decision, MemberScore, Round, RoundUnit
from assessment.selectors import (
    combine,
    combined_result,
    current_decision,
    entry_framework,
    round_entries,
)
from committees.models import Member, MemberRole
from core.text import clean_text
from development.scoring import Result, score
from development.selectors import framework_spec
from documents.presentation_schedule import (
    PresentationSchedule,
    Slot,
    presentation_schedule_docx,
    presentation_schedule_filename,
    presentation_schedule_pdf,
    presentation_schedule_xlsx,
)
from documents.score_sheets import (
    MEMBER_LABEL,
    ComponentLine,
    IndicatorLine,
    RoundScoreSheet,
    RoundUnitLine,
    Signer,
    UnitScoreSheet,
    member_sheet_filename,
    round_score_sheet_docx,
    round_score_sheet_pdf,
    round_score_sheet_xlsx,
    round_sheet_filename,
    unit_score_sheet_docx,
    unit_score_sheet_pdf,
    unit_score_sheet_xlsx,
    unit_sheet_filename,
)
from frameworks.models import Framework
from frameworks.selectors import framework_with_structure
from registration.models import Unit

SCHEDULE_RENDERERS: dict[str, Callable[[PresentationSchedule], bytes]] = {
    "pdf": presentation_schedule_pdf,
    "docx": presentation_schedule_docx,
    "xlsx": presentation_schedule_xlsx,
}
UNIT_SHEET_RENDERERS: dict[str, Callable[[UnitScoreSheet], bytes]] = {
    "pdf": unit_score_sheet_pdf,
    "docx": unit_score_sheet_docx,
    "xlsx": unit_score_sheet_xlsx,
}
ROUND_SHEET_RENDERERS: dict[str, Callable[[RoundScoreSheet], bytes]] = {
    "pdf": round_score_sheet_pdf,
    "docx": round_score_sheet_docx,
    "xlsx": round_score_sheet_xlsx,
}


def member_name(member: Member) -> str:
    """A member as a column heads them: the name, or the position when no name is on record."""
    return clean_text(member.full_name.strip() or member.position_title.strip())


def _head(round_: Round) -> dict:
    year = round_.programme_year
    return {
        "round_name": clean_text(round_.name),
        "committee": clean_text(round_.committee.name),
        "level": str(round_.get_level_display()),
        "fiscal_year": year.fiscal_year,
        "province": year.province.name_th,
        "combine_label": str(round_.get_combine_display()),
        "issued_on": timezone.localdate(),
        "thai_numerals": True,
    }


# --- the presentation schedule ----------------------------------------------------------------


def schedule_data(round_: Round) -> PresentationSchedule:
    """One query for the slots, whatever their number (the place line reads the village)."""
    entries = round_.entries.select_related(
        "unit__district", "unit__subdistrict", "unit__village"
    ).order_by("order", "pk")
    slots = []
    for number, entry in enumerate(entries, start=1):
        unit = entry.unit
        starts = timezone.localtime(entry.starts_at) if entry.starts_at else None
        ends = timezone.localtime(entry.ends_at) if entry.ends_at else None
        slots.append(
            Slot(
                number=number,
                name=clean_text(unit.name),
                unit_type=str(unit.get_unit_type_display()),
                district=unit.district.display_name,
                place=unit.place_line,
                starts_at=starts,
                ends_at=ends,
                presentation_minutes=entry.presentation_minutes,
                questions_minutes=entry.questions_minutes,
            )
        )
    head = _head(round_)
    return PresentationSchedule(
        round_name=head["round_name"],
        committee=head["committee"],
        level=head["level"],
        province=head["province"],
        fiscal_year=head["fiscal_year"],
        place=clean_text(round_.place),
        issued_on=head["issued_on"],
        slots=slots,
    )


def schedule(round_: Round, fmt: str) -> tuple[bytes, str]:
    """The schedule's bytes and its file name ("ตารางการนำเสนอ-<round>.pdf")."""
    content = SCHEDULE_RENDERERS[fmt](schedule_data(round_))
    return content, presentation_schedule_filename(clean_text(round_.name), fmt)


# --- the score sheets -------------------------------------------------------------------------


def _components(result: Result) -> list[ComponentLine]:
    return [ComponentLine(name=c.spec.name, percent=c.percent) for c in result.components]


def _signers(round_: Round) -> list[Signer]:
    """The chair and the secretary sign the committee's sheets, by name where on record."""
    members = {
        m.role: m
        for m in Member.objects.filter(
            committee_id=round_.committee_id,
            role__in=[MemberRole.CHAIR, MemberRole.SECRETARY],
        ).order_by("-order")  # the first of a role wins
    }
    signers = []
    for role in (MemberRole.CHAIR, MemberRole.SECRETARY):
        member = members.get(role)
        label = round_.committee.role_label(role)
        signers.append(Signer(name=clean_text(member.full_name) if member else "", label=label))
    return signers


def _decision_fields(decision: Decision | None) -> dict:
    if decision is None:
        return {}
    return {
        "decision_outcome": str(decision.get_outcome_display()),
        "decided_on": timezone.localdate(decision.decided_at),
        "decision_override": decision.is_override,
        "decision_reasons": clean_text(decision.reasons),
    }


def _unit_fields(entry: RoundUnit) -> dict:
    unit: Unit = entry.unit
    return {
        "unit_name": clean_text(unit.name),
        "unit_type": str(unit.get_unit_type_display()),
        "place": unit.place_line,
        "district": unit.district.display_name,
    }


def member_sheet_data(entry: RoundUnit, member: Member, framework: Framework) -> UnitScoreSheet:
    """The member's own levels and comments on the unit; with none yet, a blank form to fill
    by hand at the meeting."""
    saved = {
        s.indicator_id: s
        for s in MemberScore.objects.filter(round_unit=entry, member=member).select_related("level")
    }
    answers: dict[int, int | None] = {
        pk: s.level.score for pk, s in saved.items() if s.level is not None
    }
    spec = framework_spec(framework)
    result = score(spec, answers)
    lines = []
    for component in spec.components:
        for indicator in component.indicators:
            found = saved.get(indicator.id)
            lines.append(
                IndicatorLine(
                    component=component.name,
                    code=indicator.code,
                    text=indicator.text,
                    max_score=indicator.max_score,
                    scores=[answers.get(indicator.id)],
                    combined=answers.get(indicator.id),
                    comment=clean_text(found.comment) if found else "",
                )
            )
    round_ = entry.round
    return UnitScoreSheet(
        **_head(round_),
        **_unit_fields(entry),
        members=[member_name(member)],
        indicators=lines,
        components=_components(result),
        percent=result.percent if answers else None,
        passed=result.passed,
        pass_total_percent=result.pass_total_percent,
        pass_component_percent=result.pass_component_percent,
        unanswered=result.unanswered,
        member_sheet=True,
        member_role=member.role_label,
        signers=[Signer(name=clean_text(member.full_name), label=MEMBER_LABEL)],
    )


def unit_sheet_data(entry: RoundUnit, framework: Framework) -> UnitScoreSheet:
    """Every scoring member's levels on the unit and the combined score, as the result page."""
    combined = combined_result(entry, framework)
    assert combined is not None  # a framework was given
    members = combined.members
    lines = []
    for component in combined.result.components:
        for item in component.indicators:
            by_member = combined.by_member.get(item.spec.id, {})
            lines.append(
                IndicatorLine(
                    component=component.spec.name,
                    code=item.spec.code,
                    text=item.spec.text,
                    max_score=item.spec.max_score,
                    scores=[by_member.get(m.pk) for m in members],
                    combined=item.score,
                )
            )
    comments = [
        f"{s.indicator.code} {member_name(s.member)}: {clean_text(s.comment)}"
        for s in entry.scores.exclude(comment="")
        .select_related("member", "indicator")
        .order_by("indicator__component__order", "indicator__order", "member__order")
    ]
    round_ = entry.round
    return UnitScoreSheet(
        **_head(round_),
        **_unit_fields(entry),
        members=[member_name(m) for m in members],
        indicators=lines,
        components=_components(combined.result),
        percent=combined.result.percent if members else None,
        passed=combined.result.passed,
        pass_total_percent=combined.result.pass_total_percent,
        pass_component_percent=combined.result.pass_component_percent,
        unanswered=combined.result.unanswered,
        **_decision_fields(current_decision(entry)),
        comments=comments,
        signers=_signers(round_),
    )


def member_sheet(entry: RoundUnit, member: Member, fmt: str) -> tuple[bytes, str] | None:
    """The member's sheet and its file name; None without the year's framework for the type."""
    framework = entry_framework(entry)
    if framework is None:
        return None
    data = member_sheet_data(entry, member, framework)
    name = member_sheet_filename(clean_text(entry.unit.name), member_name(member), fmt)
    return UNIT_SHEET_RENDERERS[fmt](data), name


def unit_sheet(entry: RoundUnit, fmt: str) -> tuple[bytes, str] | None:
    framework = entry_framework(entry)
    if framework is None:
        return None
    data = unit_sheet_data(entry, framework)
    return UNIT_SHEET_RENDERERS[fmt](data), unit_sheet_filename(clean_text(entry.unit.name), fmt)


def round_sheet_data(round_: Round) -> RoundScoreSheet:
    """One line per unit of the round: each scoring member's percent, the combined percent
    (the round's rule per indicator, then the framework's weights), pass or not, and the
    current decision. Queries: the entries, their scores, the frameworks, the members."""
    entries = round_entries(round_)
    by_entry: dict[int, dict[int, dict[int, int]]] = {}  # entry → member → indicator → score
    for entry_id, member_id, indicator_id, level_score in MemberScore.objects.filter(
        round_unit__round=round_, level__isnull=False
    ).values_list("round_unit_id", "member_id", "indicator_id", "level__score"):
        by_entry.setdefault(entry_id, {}).setdefault(member_id, {})[indicator_id] = level_score
    member_ids = {m for scores in by_entry.values() for m in scores}
    members = list(Member.objects.filter(pk__in=member_ids).order_by("order", "pk"))
    specs = {
        framework.unit_type: framework_spec(framework_with_structure(framework.pk))
        for framework in Framework.objects.filter(
            programme_year_id=round_.programme_year_id,
            unit_type__in={e.unit.unit_type for e in entries},
        )
    }
    lines = []
    for entry in entries:
        unit = entry.unit
        spec = specs.get(unit.unit_type)
        scores = by_entry.get(entry.pk, {})
        member_percents: list[Decimal | None] = []
        percent: Decimal | None = None
        passed: bool | None = None
        if spec is not None:
            for member in members:
                own = scores.get(member.pk)
                member_percents.append(score(spec, dict(own)).percent if own else None)
            if scores:
                per_indicator: dict[int, list[int]] = {}
                for own in scores.values():
                    for indicator_id, value in own.items():
                        per_indicator.setdefault(indicator_id, []).append(value)
                answers = {
                    pk: combine(values, round_.combine) for pk, values in per_indicator.items()
                }
                # Combined levels are Decimals; scoring takes them as they are (see
                # assessment.selectors.combined_result).
                result = score(spec, answers)  # type: ignore[arg-type]
                percent, passed = result.percent, result.passed
        else:
            member_percents = [None] * len(members)
        decision = entry.decision
        lines.append(
            RoundUnitLine(
                name=clean_text(unit.name),
                unit_type=str(unit.get_unit_type_display()),
                district=unit.district.display_name,
                member_percents=member_percents,
                percent=percent,
                passed=passed,
                decision=str(decision.get_outcome_display()) if decision else "",
            )
        )
    return RoundScoreSheet(
        **_head(round_),
        members=[member_name(m) for m in members],
        units=lines,
        signers=_signers(round_),
    )


def round_sheet(round_: Round, fmt: str) -> tuple[bytes, str]:
    content = ROUND_SHEET_RENDERERS[fmt](round_sheet_data(round_))
    return content, round_sheet_filename(clean_text(round_.name), fmt)
