"""Reads for stage 5: which units a round may take, members' scores and the combined result."""

from __future__ import annotations

import statistics
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from assessment.models import (
    NEGATIVE_OUTCOMES,
    Combine,
    Decision,
    MemberScore,
    Round,
    RoundLevel,
    RoundUnit,
)
from assessment.permissions import can_see_all_scores
from committees.models import Member
from core.scope import visible_to
from development.models import Phase, SelfAssessment
from development.scoring import Result, score
from development.selectors import framework_spec
from frameworks.models import Framework
from frameworks.selectors import framework_with_structure
from geography.models import District
from registration.models import Status, Unit

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

TWO_PLACES = Decimal("0.01")


# A zone working group hears units the district has not decided on yet as well as those it
# recommended; its advice is recorded only while the province has not decided.
ZONE_STATUSES = (Status.DOCUMENTS_COMPLETE, Status.RECOMMENDED)


def zone_district_ids(round_: Round) -> list[str]:
    """The districts of a zone round's zone (its working group's zone); none without a zone."""
    zone_id = round_.committee.zone_id
    if zone_id is None:
        return []
    return list(District.objects.filter(zones=zone_id).values_list("pk", flat=True))


def zone_districts(round_: Round) -> list[District]:
    """The districts of a zone round, for the page."""
    if round_.committee.zone_id is None:
        return []
    return list(District.objects.filter(zones=round_.committee.zone_id).order_by("code"))


def eligible_units(round_: Round) -> QuerySet[Unit]:
    """Units the round may still take: a district round the district's accepted units (documents
    complete, no decision yet) that finished their after-development self-assessment; a zone
    round the same of the zone's districts, and those their district recommended; a
    provincial round the year's units the districts recommended."""
    units = Unit.objects.filter(programme_year_id=round_.programme_year_id).exclude(
        assessment_entries__round=round_
    )
    finished_after = Exists(
        SelfAssessment.objects.filter(
            unit=OuterRef("pk"), phase=Phase.AFTER, state=SelfAssessment.State.FINISHED
        )
    )
    if round_.level == RoundLevel.DISTRICT:
        return units.filter(
            finished_after, district_id=round_.district_id, status=Status.DOCUMENTS_COMPLETE
        )
    if round_.level == RoundLevel.ZONE:
        return units.filter(district_id__in=zone_district_ids(round_)).filter(
            Q(finished_after, status=Status.DOCUMENTS_COMPLETE) | Q(status=Status.RECOMMENDED)
        )
    if round_.level == RoundLevel.PROVINCE:
        return units.filter(status=Status.RECOMMENDED)
    return units.none()


def member_of(user: User, round_: Round) -> Member | None:
    """The user's own row in the round's committee, if any."""
    if not user.is_authenticated:
        return None
    return Member.objects.filter(committee_id=round_.committee_id, user=user).first()


# Audit rows that carry members' scores and comments: read only by the officers who run rounds
# (assessment.permissions.can_read_score_audit), as on the result pages; members see their own
# scores only.
SCORE_AUDIT_ACTIONS = ("assessment.score_save", "assessment.unit_remove")


def current_decision(entry: RoundUnit) -> Decision | None:
    return entry.decisions.filter(reopened_at__isnull=True).select_related("decided_by").first()


def entry_framework(entry: RoundUnit) -> Framework | None:
    framework_id = (
        Framework.objects.filter(
            programme_year_id=entry.unit.programme_year_id, unit_type=entry.unit.unit_type
        )
        .values_list("pk", flat=True)
        .first()
    )
    return framework_with_structure(framework_id) if framework_id else None


def combine(values: list[int], rule: str) -> Decimal | None:
    """Several members' levels for one indicator, as one score (two decimal places)."""
    if not values:
        return None
    numbers = [Decimal(v) for v in values]
    if rule == Combine.MEDIAN:
        value = Decimal(statistics.median(numbers))
    else:
        value = sum(numbers, Decimal(0)) / len(numbers)
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass
class Combined:
    result: Result
    # indicator id → {member id: score} of members who chose a level
    by_member: dict[int, dict[int, int]]
    members: list[Member]


def member_progress(member: Member, entries: Sequence[RoundUnit]) -> dict[int, tuple[int, int]]:
    """{entry id: (indicators this member has scored, indicators of the unit's framework)} for
    a round's units, in two grouped queries (the round page's "n of m" per row)."""
    if not entries:
        return {}
    scored = dict(
        MemberScore.objects.filter(
            round_unit__in=[e.pk for e in entries], member=member, level__isnull=False
        )
        .values("round_unit")
        .annotate(n=Count("pk"))
        .values_list("round_unit", "n")
    )
    totals = {
        (year_id, unit_type): n
        for year_id, unit_type, n in Framework.objects.filter(
            programme_year_id__in={e.unit.programme_year_id for e in entries}
        )
        .annotate(n=Count("components__indicators"))
        .values_list("programme_year_id", "unit_type", "n")
    }
    return {
        e.pk: (scored.get(e.pk, 0), totals.get((e.unit.programme_year_id, e.unit.unit_type), 0))
        for e in entries
    }


def own_result(entry: RoundUnit, member: Member, framework: Framework) -> Result | None:
    """The member's own scores of the unit weighted by the framework's rule, or None before
    they have scored anything: what they see after saving."""
    answers: dict[int, int | None] = {
        indicator_id: level_score
        for indicator_id, level_score in MemberScore.objects.filter(
            round_unit=entry, member=member, level__isnull=False
        ).values_list("indicator_id", "level__score")
    }
    if not answers:
        return None
    return score(framework_spec(framework), answers)


def combined_result(
    entry: RoundUnit,
    framework: Framework | None = None,
    *,
    present: Collection[int] | None = None,
) -> Combined | None:
    """The members' scores per indicator combined by the round's rule (mean by default), then
    weighted and judged by the framework's pass rule (development.scoring). With `present`
    (member ids), only those members' scores count: a decision is taken on the scores of the
    members at the meeting."""
    framework = framework or entry_framework(entry)
    if framework is None:
        return None
    by_member: dict[int, dict[int, int]] = {}
    member_ids: set[int] = set()
    rows = MemberScore.objects.filter(round_unit=entry, level__isnull=False)
    if present is not None:
        rows = rows.filter(member_id__in=list(present))
    for indicator_id, member_id, level_score in rows.values_list(
        "indicator_id", "member_id", "level__score"
    ):
        by_member.setdefault(indicator_id, {})[member_id] = level_score
        member_ids.add(member_id)
    answers = {
        indicator_id: combine(list(scores.values()), entry.round.combine)
        for indicator_id, scores in by_member.items()
    }
    # development.scoring.score is annotated for whole level scores (dict[int, int | None]);
    # its arithmetic takes the combined Decimals as they are. Widening that signature (to a
    # Mapping of int | Decimal | None) belongs to development.
    result = score(framework_spec(framework), answers)  # type: ignore[arg-type]
    members = list(Member.objects.filter(pk__in=member_ids).order_by("order", "pk"))
    return Combined(result=result, by_member=by_member, members=members)


def scored_member_ids(entry: RoundUnit) -> set[int]:
    """The members who chose a level for at least one indicator of the entry."""
    return set(
        MemberScore.objects.filter(round_unit=entry, level__isnull=False).values_list(
            "member_id", flat=True
        )
    )


def committee_members(round_: Round) -> list[Member]:
    """The round's committee as appointed, in its order: who may be present at a decision."""
    return list(Member.objects.filter(committee_id=round_.committee_id).order_by("order", "pk"))


def quorum_needed(member_count: int, percent: int | None = None) -> int:
    """The fewest members present for a decision: `percent` (settings.ASSESSMENT_QUORUM_PERCENT)
    of the committee, rounded up, and at least one."""
    if percent is None:
        percent = int(settings.ASSESSMENT_QUORUM_PERCENT)
    return max(1, -(-member_count * percent // 100))


def scores_support(combined: Combined | None) -> bool:
    """The present members' scores pass: there are some, and their combined result passes."""
    return combined is not None and bool(combined.members) and combined.result.passed


def departs_from_scores(outcome: str, combined: Combined | None) -> bool:
    """A decision departs from the scores before the committee when a positive outcome
    (recommend, certify, advise to certify) has no passing result behind it, or a negative one
    goes against a passing result. It stands only confirmed, with reasons, as an override."""
    if outcome in NEGATIVE_OUTCOMES:
        return scores_support(combined)
    return not scores_support(combined)


def unit_entries(user: User, unit: Unit) -> list[RoundUnit]:
    """The unit's entries on the rounds the user sees (for the unit's page), oldest round
    first, each with `decision` (the current one or None) and `page`: "result" when the user
    sees every member's scores, "score" for a member who sees only their own, "" for one who
    sees the round only (the result page would 404 for them)."""
    entries = list(
        visible_to(user, RoundUnit)
        .filter(unit=unit)
        .select_related("round__programme_year", "round__committee")
        .order_by("round__opened_at", "pk")
    )
    for entry in entries:
        entry.decision = current_decision(entry)
        if can_see_all_scores(user, entry.round):
            entry.page = "result"
        elif member_of(user, entry.round) is not None:
            entry.page = "score"
        else:
            entry.page = ""
    return entries


def own_scores(entry: RoundUnit, member: Member) -> dict[int, MemberScore]:
    return {s.indicator_id: s for s in MemberScore.objects.filter(round_unit=entry, member=member)}


def zone_advice(unit_ids: list[int], programme_year_id: int) -> dict[int, list[Decision]]:
    """Unit id → the current advice of the zone working groups on it (for the province, which
    decides). One query whatever the number of units."""
    advice: dict[int, list[Decision]] = {}
    if not unit_ids:
        return advice
    rows = (
        Decision.objects.filter(
            reopened_at__isnull=True,
            round_unit__round__level=RoundLevel.ZONE,
            round_unit__round__programme_year_id=programme_year_id,
            round_unit__unit_id__in=unit_ids,
        )
        .select_related("round_unit__round__committee", "decided_by")
        .order_by("decided_at", "pk")
    )
    for decision in rows:
        advice.setdefault(decision.round_unit.unit_id, []).append(decision)
    return advice


class EntryAnnotations(TypedDict):
    """What round_entries adds to each entry by query."""

    decision_count: int
    current: list[Decision]


def round_entries(round_: Round) -> list[WithAnnotations[RoundUnit, EntryAnnotations]]:
    """The round's entries in order, each with `decision` (the current one or None) and
    `decision_count` (any, reopened too), in a fixed number of queries."""
    current = Decision.objects.filter(reopened_at__isnull=True).select_related("decided_by")
    entries = list(
        round_.entries.select_related("unit__district", "unit__subdistrict")
        .annotate(decision_count=Count("decisions"))
        .prefetch_related(Prefetch("decisions", queryset=current, to_attr="current"))
        .order_by("order", "pk")
    )
    for entry in entries:
        entry.decision = entry.current[0] if entry.current else None
    return entries


def removal_block(entry: RoundUnit, *, decision_count: int | None = None) -> str:
    """Why the entry cannot leave its round ("" when it can, given an open round run by the
    user). A decision, even one reopened, stays with its entry: removing the entry would erase
    the record of a decision that moved the unit's status."""
    if decision_count is None:
        decision_count = entry.decisions.count()
    if decision_count:
        return _(
            "หน่วยนับนี้มีมติของคณะกรรมการในรอบนี้แล้ว (รวมมติที่ทบทวนแล้ว) จึงนำออกจากรอบไม่ได้ เพื่อเก็บประวัติมติไว้"
        )
    return ""


def scores_of(entry: RoundUnit) -> list[MemberScore]:
    """The entry's scores as removal would drop them, in the order of the framework."""
    return list(
        entry.scores.select_related("member", "indicator", "level").order_by(
            "member__order", "member_id", "indicator__component__order", "indicator__order"
        )
    )
