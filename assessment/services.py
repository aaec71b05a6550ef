"""Writes for stage 5: rounds, their schedule, members' scores, decisions and reopening.

Each write is one transaction with its audit row. A member's save locks the unit's entry row
(SELECT … FOR UPDATE) only for its own short transaction: two members saving at once wait for
each other and both land, each on its own rows, and a decision cannot slip in between a save's
check of the lock and its write. Removing a unit from its round takes the same lock, so a save
or a decision waits for it and then finds the entry gone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from typing import Any

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from assessment.events import RoundClosed, RoundScheduled, RoundUnitsChanged
from assessment.models import (
    ADVISORY_LEVELS,
    NEGATIVE_OUTCOMES,
    OUTCOMES_BY_LEVEL,
    Combine,
    Decision,
    MemberScore,
    Outcome,
    Round,
    RoundLevel,
    RoundUnit,
)
from assessment.permissions import can_decide, can_run, opens_district_rounds
from assessment.selectors import (
    ZONE_STATUSES,
    combined_result,
    committee_members,
    current_decision,
    departs_from_scores,
    eligible_units,
    entry_framework,
    member_of,
    quorum_needed,
    removal_block,
    scored_member_ids,
    scores_of,
    zone_district_ids,
)
from audit.services import log_action
from certification.models import Certificate
from certification.services import certificate_revoke
from committees.models import PROVINCIAL_KINDS, Committee, Kind, Member
from core import events
from core.errors import DomainError
from core.once import use_form_token
from core.text import clean_text
from frameworks.models import Level
from programme.models import ProgrammeYear
from registration import services as registration_services
from registration.models import Status, Unit

TEXT_MAX = 2000
# A decision's reasons become the reason of the unit's status change, which registration keeps
# up to 1,000 characters (registration.services._move).
REASONS_MAX = 1000
MINUTES_MAX = 240
# Why a member at the meeting has no scores for the unit.
MISSING_REASON_MAX = 500

# The unit's status after each outcome, and where reopening takes it back.
# Keyed by str: outcomes and levels arrive as stored values; the enums' members are str.
STATUS_FOR_OUTCOME: dict[str, Status] = {
    Outcome.RECOMMEND: Status.RECOMMENDED,
    Outcome.NOT_RECOMMEND: Status.NOT_RECOMMENDED,
    Outcome.CERTIFY: Status.CERTIFIED,
    Outcome.NOT_CERTIFY: Status.NOT_CERTIFIED,
}
STATUS_BEFORE: dict[str, Status] = {
    RoundLevel.DISTRICT: Status.DOCUMENTS_COMPLETE,
    RoundLevel.PROVINCE: Status.RECOMMENDED,
}


def _text(value: Any, *, limit: int = TEXT_MAX, field: str) -> str:
    text = clean_text(str(value or "")).strip()
    if len(text) > limit:
        raise DomainError(
            _("ข้อความยาวเกิน %(limit)s ตัวอักษร") % {"limit": format(limit, ",")}, field=field
        )
    return text


def _log(
    actor: User,
    action: str,
    obj: models.Model,
    *,
    round_: Round,
    unit_id: int | None = None,
    changes: dict[str, Any] | None = None,
    note: str = "",
    district_id: str | None = None,
) -> None:
    # A zone or provincial round has no district: a unit's row is filed under the unit's.
    log_action(
        actor=actor,
        action=action,
        obj=obj,
        changes=changes,
        note=note,
        unit_id=unit_id,
        district_id=round_.district_id or district_id or "",
    )


def _locked_round(round_: Round) -> Round:
    return (
        Round.objects.select_for_update()
        .select_related("programme_year", "committee")
        .get(pk=round_.pk)
    )


def _require_run(actor: User, round_: Round) -> None:
    if not can_run(actor, round_):
        raise DomainError(_("เฉพาะเจ้าหน้าที่ผู้รับผิดชอบรอบการประเมินนี้เท่านั้นที่ทำรายการนี้ได้"))


def _require_open(round_: Round) -> None:
    if not round_.is_open:
        raise DomainError(_("รอบการประเมินนี้ปิดแล้ว"))


# --- rounds ------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    actor: User,
    programme_year: ProgrammeYear,
    level: str,
    committee: Committee,
    name: str = "",
    place: str = "",
    combine: str = Combine.MEAN,
    once: str,
) -> Round:
    """A district round is held by the district's assessment committee and opened by that
    district's officer (or the province); a zone round by a zone working group with a zone of
    districts, a provincial round by a provincial committee, both opened by the province (seed
    001 §2.9–2.10: the province holds the zone and provincial assessments). `once` is the
    form's one-time token: a second submit of the same form opens no second round."""
    use_form_token(once)
    if committee.programme_year_id != programme_year.pk:
        raise DomainError(_("คณะกรรมการนี้ไม่ใช่ของปีดำเนินงานนี้"), field="committee")
    if combine not in Combine.values:
        raise DomainError(_("วิธีรวมคะแนนไม่ถูกต้อง"), field="combine")
    if level == RoundLevel.DISTRICT:
        if committee.kind != Kind.DISTRICT_ASSESSMENT:
            raise DomainError(
                _("รอบระดับอำเภอต้องใช้คณะกรรมการตรวจประเมินระดับอำเภอ"), field="committee"
            )
        allowed = actor.manages_province(programme_year.province_id) or opens_district_rounds(
            actor, committee.district_id
        )
        if not allowed:
            raise DomainError(_("เฉพาะพัฒนาการอำเภอของอำเภอนี้หรือจังหวัดเท่านั้นที่เปิดรอบการประเมินได้"))
        district_id = committee.district_id
    elif level == RoundLevel.ZONE:
        if committee.kind != Kind.ZONE:
            raise DomainError(_("รอบระดับโซนต้องใช้คณะทำงานระดับโซนอำเภอ"), field="committee")
        if not actor.manages_province(programme_year.province_id):
            raise DomainError(_("เฉพาะเจ้าหน้าที่ของจังหวัดเท่านั้นที่เปิดรอบการประเมินระดับโซนได้"))
        zone = committee.zone
        if zone is None or not zone.districts.exists():
            raise DomainError(
                _("คณะทำงานนี้ยังไม่ได้ระบุโซนอำเภอ (หรือโซนยังไม่มีอำเภอ) จึงเปิดรอบระดับโซนไม่ได้"),
                field="committee",
            )
        district_id = None
    elif level == RoundLevel.PROVINCE:
        if committee.kind not in PROVINCIAL_KINDS:
            raise DomainError(_("รอบระดับจังหวัดต้องใช้คณะกรรมการระดับจังหวัด"), field="committee")
        if not actor.manages_province(programme_year.province_id):
            raise DomainError(_("เฉพาะเจ้าหน้าที่ของจังหวัดเท่านั้นที่เปิดรอบการประเมินระดับจังหวัดได้"))
        district_id = None
    else:
        raise DomainError(_("ยังไม่รองรับรอบการประเมินระดับนี้"), field="level")
    name = _text(name, limit=255, field="name") or f"การประเมิน{committee.name}"
    round_ = Round.objects.create(
        programme_year=programme_year,
        level=level,
        committee=committee,
        district_id=district_id,
        name=name[:255],
        place=_text(place, limit=255, field="place"),
        combine=combine,
        opened_by=actor,
    )
    _log(
        actor,
        "assessment.round_create",
        round_,
        round_=round_,
        changes={"level": level, "committee": committee.pk, "combine": combine},
    )
    return round_


@transaction.atomic
def round_close(*, actor: User, round_: Round) -> Round:
    """Scoring ends; every member of the committee may now see the others' scores."""
    round_ = _locked_round(round_)
    _require_run(actor, round_)
    _require_open(round_)
    round_.state = Round.State.CLOSED
    round_.closed_by = actor
    round_.closed_at = timezone.now()
    round_.save(update_fields=["state", "closed_by", "closed_at"])
    _log(
        actor,
        "assessment.round_close",
        round_,
        round_=round_,
        changes={"state": ["OPEN", "CLOSED"]},
    )
    events.publish(RoundClosed(round_id=round_.pk, actor_id=actor.pk))
    return round_


@transaction.atomic
def round_add_units(*, actor: User, round_: Round, unit_ids: list[int]) -> list[RoundUnit]:
    round_ = _locked_round(round_)
    _require_run(actor, round_)
    _require_open(round_)
    wanted = set(unit_ids)
    units = list(eligible_units(round_).filter(pk__in=wanted).order_by("unit_type", "name"))
    if not wanted or len(units) != len(wanted):
        raise DomainError(_("มีหน่วยนับที่เพิ่มเข้ารอบนี้ไม่ได้ (ยังไม่ผ่านขั้นก่อนหน้าหรืออยู่ในรอบแล้ว)"))
    last = round_.entries.aggregate(last=Max("order"))["last"] or 0
    entries = []
    for offset, unit in enumerate(units, start=1):
        entry = RoundUnit.objects.create(round=round_, unit=unit, order=last + offset)
        _log(
            actor,
            "assessment.unit_add",
            entry,
            round_=round_,
            unit_id=unit.pk,
            changes={"round": round_.pk, "unit": unit.pk},
            district_id=unit.district_id,
        )
        entries.append(entry)
    _publish_units_changed(actor, round_, [unit.pk for unit in units], added=True)
    return entries


def _publish_units_changed(actor: User, round_: Round, unit_ids: list[int], *, added: bool) -> None:
    events.publish(
        RoundUnitsChanged(
            round_id=round_.pk,
            level=round_.level,
            unit_ids=tuple(unit_ids),
            added=added,
            actor_id=actor.pk,
        )
    )


@transaction.atomic
def round_remove_unit(
    *, actor: User, round_unit: RoundUnit, reason: str = "", confirm_scores: int | None = None
) -> None:
    """Take a unit off an open round (the officer running it). An entry with a decision, even
    a reopened one, stays (its decision is part of the unit's record). Members' scores go with
    the entry, so an entry someone has scored needs a reason and `confirm_scores`: the number of
    scores the officer saw and agrees to drop; if members saved more meanwhile, nothing is
    removed and the officer looks again. The audit row lists every score dropped."""
    # One locking statement, the same as a member's save takes (entry with its round), so the
    # two queue behind each other and cannot deadlock.
    entry = _locked_entry(round_unit)
    round_ = entry.round
    _require_run(actor, round_)
    _require_open(round_)
    if current_decision(entry) is not None:
        raise DomainError(_("หน่วยนับนี้มีมติแล้ว คะแนนถูกล็อกตามมติ จึงนำออกจากรอบไม่ได้"))
    block = removal_block(entry)
    if block:
        raise DomainError(block)
    reason = _text(reason, limit=1000, field="reason")
    scores = scores_of(entry)
    if scores:
        if confirm_scores is None:
            raise DomainError(
                _(
                    "กรรมการให้คะแนนหน่วยนับนี้แล้ว %(count)s รายการ "
                    "กรุณายืนยันว่าจะลบคะแนนเหล่านี้พร้อมกับนำหน่วยนับออก"
                )
                % {"count": format(len(scores), ",")},
                field="confirm_scores",
            )
        if confirm_scores != len(scores):
            raise DomainError(
                _(
                    "คะแนนของหน่วยนับนี้เปลี่ยนไประหว่างนั้น (ขณะนี้ %(count)s รายการ) "
                    "กรุณาตรวจสอบรายการแล้วยืนยันอีกครั้ง"
                )
                % {"count": format(len(scores), ",")},
                field="confirm_scores",
            )
        if not reason:
            raise DomainError(_("กรุณาระบุเหตุผลที่นำหน่วยนับที่มีคะแนนแล้วออกจากรอบ"), field="reason")
    unit = entry.unit
    _log(
        actor,
        "assessment.unit_remove",
        entry,
        round_=round_,
        unit_id=unit.pk,
        district_id=unit.district_id,
        changes={
            "round": round_.pk,
            "unit": unit.pk,
            "unit_name": unit.name,
            "order": entry.order,
            "starts_at": entry.starts_at,
            "dropped_scores": [
                {
                    "member": score.member_id,
                    "member_line": score.member.line,
                    "indicator": score.indicator.code,
                    "score": score.level.score if score.level is not None else None,
                    "comment": score.comment,
                    "updated_at": score.updated_at.isoformat(),
                }
                for score in scores
            ],
        },
        note=reason,
    )
    entry.delete()
    _publish_units_changed(actor, round_, [unit.pk], added=False)


@transaction.atomic
def round_schedule(
    *,
    actor: User,
    round_: Round,
    starts_at: dt.datetime,
    presentation_minutes: int = 15,
    questions_minutes: int = 15,
    break_minutes: int = 0,
) -> list[RoundUnit]:
    """Slots one after another from `starts_at`, in the round's order (Lamphun 2564: 15
    minutes of presentation and 15 of questions)."""
    round_ = _locked_round(round_)
    _require_run(actor, round_)
    if not round_.is_open:
        raise DomainError(_("รอบการประเมินนี้ปิดแล้ว จึงจัดตารางเวลานำเสนอไม่ได้"))
    for value, field in (
        (presentation_minutes, "presentation_minutes"),
        (questions_minutes, "questions_minutes"),
        (break_minutes, "break_minutes"),
    ):
        if not isinstance(value, int) or value < 0 or value > MINUTES_MAX:
            raise DomainError(
                _("จำนวนนาทีต้องอยู่ระหว่าง 0 ถึง %(MINUTES_MAX)s") % {"MINUTES_MAX": MINUTES_MAX},
                field=field,
            )
    if presentation_minutes + questions_minutes == 0:
        raise DomainError(_("กรุณากำหนดเวลานำเสนอหรือซักถาม"), field="presentation_minutes")
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    entries = list(round_.entries.order_by("order", "pk"))
    at = starts_at
    for entry in entries:
        entry.starts_at = at
        entry.presentation_minutes = presentation_minutes
        entry.questions_minutes = questions_minutes
        at = at + dt.timedelta(minutes=presentation_minutes + questions_minutes + break_minutes)
    RoundUnit.objects.bulk_update(
        entries, ["starts_at", "presentation_minutes", "questions_minutes"]
    )
    _log(
        actor,
        "assessment.schedule",
        round_,
        round_=round_,
        changes={
            "starts_at": starts_at,
            "presentation_minutes": presentation_minutes,
            "questions_minutes": questions_minutes,
            "break_minutes": break_minutes,
        },
    )
    events.publish(
        RoundScheduled(round_id=round_.pk, starts_at=starts_at.isoformat(), actor_id=actor.pk)
    )
    return entries


# --- scores ------------------------------------------------------------------------------


def _locked_entry(entry: RoundUnit) -> RoundUnit:
    try:
        return (
            RoundUnit.objects.select_for_update()
            .select_related("round__programme_year", "round__committee", "unit")
            .get(pk=entry.pk)
        )
    except RoundUnit.DoesNotExist:
        # Removed from the round while the page was open.
        raise DomainError(_("หน่วยนับนี้ถูกนำออกจากรอบการประเมินแล้ว")) from None


@transaction.atomic
def score_save(
    *,
    actor: User,
    round_unit: RoundUnit,
    scores: dict[int, tuple[int | None, str]],
) -> list[MemberScore]:
    """Save the acting member's levels (indicator id → (level id or None, comment)) for one
    unit. Only the indicators given are touched: a partial save keeps earlier ones, and each
    member writes only their own rows."""
    entry = _locked_entry(round_unit)
    round_ = entry.round
    member = member_of(actor, round_)
    if member is None:
        raise DomainError(_("คุณไม่ได้เป็นกรรมการในคณะที่ประเมินรอบนี้"))
    _require_open(round_)
    if entry.decisions.filter(reopened_at__isnull=True).exists():
        raise DomainError(_("คณะกรรมการมีมติสำหรับหน่วยนับนี้แล้ว คะแนนจึงถูกล็อก แก้ไขไม่ได้"))
    framework = entry_framework(entry)
    if framework is None:
        raise DomainError(_("จังหวัดยังไม่ได้กำหนดเกณฑ์ตัวบ่งชี้ของประเภทนี้สำหรับปีนี้"))
    indicators = {i.pk: i for c in framework.components.all() for i in c.indicators.all()}
    levels = {lv.pk: lv for i in indicators.values() for lv in i.levels.all()}
    cleaned: dict[int, tuple[Level | None, str]] = {}
    for indicator_id, (level_id, comment) in scores.items():
        indicator = indicators.get(indicator_id)
        if indicator is None:
            raise DomainError(_("ตัวบ่งชี้ไม่อยู่ในเกณฑ์ของหน่วยนับนี้"))
        level = None
        if level_id is not None:
            level = levels.get(level_id)
            if level is None or level.indicator_id != indicator_id:
                raise DomainError(_("ระดับที่เลือกไม่อยู่ในตัวบ่งชี้ %(code)s") % {"code": indicator.code})
        cleaned[indicator_id] = (level, _text(comment, field=f"comment-{indicator_id}"))
    existing = {
        s.indicator_id: s for s in MemberScore.objects.filter(round_unit=entry, member=member)
    }
    saved = []
    changes: dict[str, list[Any]] = {}
    for indicator_id, (level, comment) in cleaned.items():
        before = existing.get(indicator_id)
        old_level = before.level_id if before else None
        old_comment = before.comment if before else ""
        if (
            before is not None
            and old_level == (level.pk if level else None)
            and (old_comment == comment)
        ):
            continue
        row, _created = MemberScore.objects.update_or_create(
            round_unit=entry,
            member=member,
            indicator_id=indicator_id,
            defaults={"level": level, "comment": comment, "updated_by": actor},
        )
        saved.append(row)
        code = indicators[indicator_id].code
        old_score = before.level.score if before is not None and before.level is not None else None
        changes[code] = [old_score, level.score if level else None]
        if old_comment != comment:
            changes[f"{code} comment"] = [old_comment, comment]
    if saved:
        _log(
            actor,
            "assessment.score_save",
            entry,
            round_=round_,
            unit_id=entry.unit_id,
            changes={"member": member.pk, **changes},
            district_id=entry.unit.district_id,
        )
    return saved


# --- decisions ---------------------------------------------------------------------------


def _presence(
    round_: Round,
    entry: RoundUnit,
    present_member_ids: Collection[int],
    missing_reasons: Mapping[int, str] | None,
) -> tuple[list[Member], dict[str, str]]:
    """The present members (checked against the committee and its quorum) and a reason for
    each present member without scores (refused when one is missing)."""
    members = {m.pk: m for m in committee_members(round_)}
    try:
        present_ids = {int(pk) for pk in present_member_ids}
    except (TypeError, ValueError):
        raise DomainError(_("รายชื่อผู้มาประชุมไม่ถูกต้อง"), field="present") from None
    if not present_ids <= members.keys():
        raise DomainError(_("ผู้มาประชุมต้องเป็นกรรมการในคณะที่ประเมินรอบนี้"), field="present")
    needed = quorum_needed(len(members))
    if len(present_ids) < needed:
        raise DomainError(
            _("ผู้มาประชุม %(present)s คน ไม่ครบองค์ประชุม ต้องมีอย่างน้อย %(needed)s จาก %(total)s คน")
            % {"present": len(present_ids), "needed": needed, "total": len(members)},
            field="present",
        )
    scored = scored_member_ids(entry)
    given = {int(pk): text for pk, text in (missing_reasons or {}).items()}
    reasons: dict[str, str] = {}
    lacking: list[str] = []
    for member in members.values():
        if member.pk not in present_ids or member.pk in scored:
            continue
        text = _text(given.get(member.pk, ""), limit=MISSING_REASON_MAX, field="missing")
        if not text:
            lacking.append(member.line)
        reasons[str(member.pk)] = text
    if lacking:
        raise DomainError(
            _("กรรมการที่มาประชุมแต่ยังไม่ได้ให้คะแนน ต้องระบุเหตุผลรายคน: %(names)s")
            % {"names": ", ".join(lacking)},
            field="missing",
        )
    return [members[pk] for pk in members if pk in present_ids], reasons


@transaction.atomic
def decide(
    *,
    actor: User,
    round_unit: RoundUnit,
    outcome: str,
    present_member_ids: Collection[int],
    reasons: str = "",
    missing_reasons: Mapping[int, str] | None = None,
    confirmed: bool = False,
) -> Decision:
    """Record the committee's decision (the secretary, or the officer running the round),
    move the unit's status and lock its scores. A zone working group's decision is advice to
    the province: it needs reasons, locks the scores and moves no status, so the province
    still certifies only what the district recommended.

    The decision names the members present: at least settings.ASSESSMENT_QUORUM_PERCENT of the
    committee, each with scores for the unit or a reason why not (`missing_reasons`, member id
    → text). The combined result is of the present members' scores. Reasons are needed for a
    negative outcome and for advice. An outcome that departs from that result (a positive one
    without a passing result, a negative one against a passing result) needs reasons and
    `confirmed`, and is recorded as an override (`is_override`), counted in the year-end report.
    """
    entry = _locked_entry(round_unit)
    round_ = entry.round
    if not can_decide(actor, round_):
        raise DomainError(_("เฉพาะเลขานุการคณะกรรมการหรือเจ้าหน้าที่ผู้รับผิดชอบรอบนี้เท่านั้นที่บันทึกมติได้"))
    # Checked first: a second submission of the same decision (a double click, or the
    # secretary and the officer at once) is told so, whatever else it carries.
    if current_decision(entry) is not None:
        raise DomainError(_("หน่วยนับนี้มีมติแล้ว หากต้องการเปลี่ยนให้ทบทวนมติก่อน"))
    allowed = OUTCOMES_BY_LEVEL.get(round_.level, ())
    if outcome not in allowed:
        raise DomainError(_("มติไม่ถูกต้องสำหรับรอบการประเมินระดับนี้"), field="outcome")
    advisory = round_.level in ADVISORY_LEVELS
    reasons = _text(reasons, limit=REASONS_MAX, field="reasons")
    present, missing = _presence(round_, entry, present_member_ids, missing_reasons)
    if (outcome in NEGATIVE_OUTCOMES or advisory) and not reasons:
        raise DomainError(_("กรุณาระบุเหตุผลของมติ"), field="reasons")
    unit = Unit.objects.select_for_update().get(pk=entry.unit_id)
    if round_.level == RoundLevel.PROVINCE and unit.status != Status.RECOMMENDED:
        raise DomainError(_("หน่วยนับนี้ยังไม่ได้รับการเสนอจากคณะกรรมการระดับอำเภอ จึงรับรองไม่ได้"))
    if advisory:
        if unit.status not in ZONE_STATUSES:
            raise DomainError(
                _("สถานะของหน่วยนับ “%(label)s” บันทึกความเห็นเสนอจังหวัดไม่ได้")
                % {"label": Status(unit.status).label}
            )
        if unit.district_id not in zone_district_ids(round_):
            raise DomainError(_("หน่วยนับนี้ไม่อยู่ในอำเภอของโซนนี้แล้ว"))
    elif unit.status != STATUS_BEFORE[round_.level]:
        raise DomainError(
            _("สถานะของหน่วยนับ “%(label)s” บันทึกมตินี้ไม่ได้") % {"label": Status(unit.status).label}
        )
    combined = combined_result(entry, present=[m.pk for m in present])
    override = departs_from_scores(outcome, combined)
    if override:
        if not reasons:
            if combined is None or not combined.members:
                message = _("กรรมการที่มาประชุมยังไม่ได้ให้คะแนนหน่วยนับนี้ กรุณาระบุเหตุผลของมติ")
            else:
                message = _("กรุณาระบุเหตุผล เพราะมติต่างจากผลคะแนน")
            raise DomainError(message, field="reasons")
        if not confirmed:
            raise DomainError(
                _("มติต่างจากผลคะแนนของกรรมการที่มาประชุม กรุณายืนยันว่ามติต่างจากผลคะแนน"),
                field="confirm",
            )
    old_status = unit.status
    if advisory:
        to_status = old_status
    else:
        to_status = STATUS_FOR_OUTCOME[outcome]
        registration_services.unit_status_move(
            actor=actor, unit=unit, to_status=to_status, reason=reasons
        )
    decision = Decision.objects.create(
        round_unit=entry,
        outcome=outcome,
        reasons=reasons,
        # No present member scored: there is no result, not a result of 0 %.
        result_percent=combined.result.percent if combined and combined.members else None,
        result_passed=combined.result.passed if combined and combined.members else None,
        from_status=old_status,
        to_status=to_status,
        decided_by=actor,
        missing_reasons=missing,
        is_override=override,
    )
    decision.present.set(present)
    _log(
        actor,
        "assessment.decide",
        decision,
        round_=round_,
        unit_id=unit.pk,
        changes={
            "outcome": outcome,
            "status": [old_status, to_status],
            "present": [m.pk for m in present],
            "present_lines": [m.line for m in present],
            "committee_size": len(committee_members(round_)),
            "missing_reasons": missing,
            "result_percent": decision.result_percent,
            "result_passed": decision.result_passed,
            "is_override": override,
        },
        note=reasons,
        district_id=unit.district_id,
    )
    return decision


@transaction.atomic
def decision_reopen(*, actor: User, round_unit: RoundUnit, reason: str) -> Decision:
    """Take back a decision: the officer running the round, with a reason. The unit returns
    to its status before the decision, its scores unlock, and a certified unit's current
    certificate is revoked with the same reason. Taking back a zone working group's advice
    only unlocks the scores: the advice moved no status."""
    entry = _locked_entry(round_unit)
    round_ = entry.round
    _require_run(actor, round_)
    reason = _text(reason, limit=1000, field="reason")
    if not reason:
        raise DomainError(_("กรุณาระบุเหตุผลที่ทบทวนมติ"), field="reason")
    decision = (
        Decision.objects.select_for_update()
        .filter(round_unit=entry, reopened_at__isnull=True)
        .first()
    )
    if decision is None:
        raise DomainError(_("หน่วยนับนี้ยังไม่มีมติให้ทบทวน"))
    unit = Unit.objects.select_for_update().get(pk=entry.unit_id)
    status_before = unit.status
    if round_.level not in ADVISORY_LEVELS:
        if unit.status != decision.to_status:
            raise DomainError(
                _("สถานะของหน่วยนับเปลี่ยนไปแล้ว (“%(label)s”) ต้องทบทวนมติของขั้นถัดไปก่อน")
                % {"label": Status(unit.status).label}
            )
        if unit.status == Status.CERTIFIED:
            for certificate in Certificate.objects.filter(unit=unit, revoked_at__isnull=True):
                certificate_revoke(actor=actor, certificate=certificate, reason=reason)
        registration_services.unit_status_move(
            actor=actor, unit=unit, to_status=decision.from_status, reason=reason
        )
    decision.reopened_at = timezone.now()
    decision.reopened_by = actor
    decision.reopen_reason = reason
    decision.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    _log(
        actor,
        "assessment.reopen",
        decision,
        round_=round_,
        unit_id=unit.pk,
        changes={"outcome": [decision.outcome, None], "status": [status_before, unit.status]},
        note=reason,
        district_id=unit.district_id,
    )
    return decision
