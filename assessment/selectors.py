"""Reads for stage 5: which units a round may take, members' scores and the combined result."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Exists, OuterRef, QuerySet

from accounts.models import Role, User
from assessment.models import Combine, Decision, MemberScore, Round, RoundLevel, RoundUnit
from committees.models import Member, MemberRole
from development.models import Framework, Phase, SelfAssessment
from development.scoring import Result, score
from development.selectors import framework_spec, framework_with_structure
from registration.models import Status, Unit

TWO_PLACES = Decimal("0.01")


def eligible_units(round_: Round) -> QuerySet[Unit]:
    """Units the round may still take: a district round the district's accepted units (documents
    complete, no decision yet) that finished their after-development self-assessment; a
    provincial round the year's units the districts recommended."""
    units = Unit.objects.filter(programme_year_id=round_.programme_year_id).exclude(
        assessment_entries__round=round_
    )
    if round_.level == RoundLevel.DISTRICT:
        finished_after = SelfAssessment.objects.filter(
            unit=OuterRef("pk"), phase=Phase.AFTER, state=SelfAssessment.State.FINISHED
        )
        return units.filter(
            Exists(finished_after), district_id=round_.district_id, status=Status.DOCUMENTS_COMPLETE
        )
    if round_.level == RoundLevel.PROVINCE:
        return units.filter(status=Status.RECOMMENDED)
    return units.none()


def member_of(user: User, round_: Round) -> Member | None:
    """The user's own row in the round's committee, if any."""
    if not user.is_authenticated:
        return None
    return Member.objects.filter(committee_id=round_.committee_id, user=user).first()


def is_secretary(user: User, round_: Round) -> bool:
    member = member_of(user, round_)
    return member is not None and member.role == MemberRole.SECRETARY


def can_run(user: User, round_: Round) -> bool:
    """The officer who runs the round: the district officer for his district's round, the
    province's officer (or the department) for any round of the province."""
    if not user.is_authenticated:
        return False
    if user.manages_province(round_.programme_year.province_id):
        return True
    return (
        round_.level == RoundLevel.DISTRICT
        and user.role == Role.DISTRICT
        and user.district_id == round_.district_id
    )


def can_decide(user: User, round_: Round) -> bool:
    return can_run(user, round_) or is_secretary(user, round_)


def can_see_all_scores(user: User, round_: Round) -> bool:
    """Members see only their own scores until the round closes; the officer and the
    secretary, who prepare the decision, see them all."""
    if can_decide(user, round_):
        return True
    return not round_.is_open and member_of(user, round_) is not None


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


def combined_result(entry: RoundUnit, framework: Framework | None = None) -> Combined | None:
    """The members' scores per indicator combined by the round's rule (mean by default), then
    weighted and judged by the framework's pass rule (development.scoring)."""
    framework = framework or entry_framework(entry)
    if framework is None:
        return None
    by_member: dict[int, dict[int, int]] = {}
    member_ids: set[int] = set()
    for indicator_id, member_id, level_score in MemberScore.objects.filter(
        round_unit=entry, level__isnull=False
    ).values_list("indicator_id", "member_id", "level__score"):
        by_member.setdefault(indicator_id, {})[member_id] = level_score
        member_ids.add(member_id)
    answers = {
        indicator_id: combine(list(scores.values()), entry.round.combine)
        for indicator_id, scores in by_member.items()
    }
    result = score(framework_spec(framework), answers)
    members = list(Member.objects.filter(pk__in=member_ids).order_by("order", "pk"))
    return Combined(result=result, by_member=by_member, members=members)


def own_scores(entry: RoundUnit, member: Member) -> dict[int, MemberScore]:
    return {s.indicator_id: s for s in MemberScore.objects.filter(round_unit=entry, member=member)}
