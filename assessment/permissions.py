"""Who may do what in stage 5's assessment rounds: run a round, decide on its units, see every
member's scores, read the score rows of a unit's history, send the district's summary.

Permissions decide what a role may do with a round it can see; which rounds, units and scores
a user sees at all is core.scope's job (`visible_to` / `get_in_scope`).
"""

from __future__ import annotations

from accounts.models import User
from accounts.permissions import (
    is_department,
    is_district_officer,
    is_office_staff,
    is_province_officer,
)
from assessment.models import Round, RoundLevel
from committees.models import Member, MemberRole


def opens_district_rounds(user: User, district_id: str | None = None) -> bool:
    """A district officer opens his district committee's rounds (the province opens any)."""
    return is_district_officer(user, district_id)


def can_run(user: User, round_: Round) -> bool:
    """The officer who runs the round: the district officer for his district's round, the
    province's officer (or the department) for any round of the province."""
    if not user.is_authenticated:
        return False
    if user.manages_province(round_.programme_year.province_id):
        return True
    return round_.level == RoundLevel.DISTRICT and opens_district_rounds(user, round_.district_id)


def is_secretary(user: User, round_: Round) -> bool:
    """The secretary of the round's committee, who prepares the decision with the officer."""
    if not user.is_authenticated:
        return False
    member = Member.objects.filter(committee_id=round_.committee_id, user=user).first()
    return member is not None and member.role == MemberRole.SECRETARY


def can_decide(user: User, round_: Round) -> bool:
    """Record (or change) the committee's decision on a unit of the round."""
    return can_run(user, round_) or is_secretary(user, round_)


def can_see_all_scores(user: User, round_: Round) -> bool:
    """Members see only their own scores until the round closes; the officer and the
    secretary, who prepare the decision, see them all."""
    if can_decide(user, round_):
        return True
    if round_.is_open or not user.is_authenticated:
        return False
    return Member.objects.filter(committee_id=round_.committee_id, user=user).exists()


def can_read_score_audit(user: User) -> bool:
    """Audit rows that carry members' scores and comments are read only by the officers who
    run rounds (district, province, department), as on the result pages."""
    return is_district_officer(user) or is_province_officer(user) or is_department(user)


def can_send_summary(user: User, district_id: str | None = None) -> bool:
    """The district officer records that the district's summary went to the province."""
    return is_district_officer(user, district_id)


def can_read_summary(user: User) -> bool:
    """The district's summary of recommendations is the offices' paper: committee members
    read none (the page lists only the districts in the user's scope)."""
    return is_office_staff(user)


def can_print_member_sheet(user: User, round_: Round, member: Member) -> bool:
    """A member's score sheet: the member's own; every member's for those who see every
    member's scores on the result page (the officer and the secretary, and once the round
    closes its committee), so the paper shows no more than the screen."""
    if not user.is_authenticated:
        return False
    return member.user_id == user.pk or can_see_all_scores(user, round_)
