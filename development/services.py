"""Writes to self-assessments, unit criteria, evidence and plans; each one transaction with its
audit row. The indicator frameworks' own writes are in frameworks/services.py."""

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import log_action
from core import events
from core.errors import DomainError
from core.once import use_form_token
from core.thai import fiscal_year_bounds, thai_date
from core.uploads import check_pixel_budget, check_upload, inspect_upload
from development.events import PlanStateMoved, SelfAssessmentFinished
from development.models import (
    Answer,
    EvidenceFile,
    OwnAnswer,
    OwnIndicator,
    OwnLevel,
    Phase,
    Plan,
    PlanItem,
    PlanReview,
    SelfAssessment,
    SubCriterion,
)
from development.permissions import can_edit_unit, can_review_plan
from development.workflow import can_move_plan
from frameworks.models import Framework, Indicator, Level
from registration.models import Status, Unit

# Statuses in which a unit may assess itself: its application has been accepted.
ASSESSABLE = {Status.DOCUMENTS_COMPLETE}


@transaction.atomic
def self_assessment_save(
    *,
    actor: User,
    unit: Unit,
    phase: str,
    answers: dict[int, tuple[int | None, str]],
    own_answers: dict[int, tuple[int | None, str]] | None = None,
    finish: bool = False,
    expected_version: int = 0,
) -> SelfAssessment:
    """Save a before/after self-assessment, partly or finished.

    `answers`: standard indicator id → (level id, note); `own_answers` the same for the unit's
    own indicators, which are scored apart. `expected_version` is the version of the
    assessment the form was made from, 0 when it did not exist yet: a form made before someone
    else's save is refused and changes nothing (docs/security.md §17). The unit's lock makes
    two first saves wait for each other, so the second finds version 1, not 0.
    """
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not can_edit_unit(actor, unit):
        raise DomainError(_("คุณไม่มีสิทธิ์บันทึกการประเมินของหน่วยนับนี้"))
    if unit.status not in ASSESSABLE:
        raise DomainError(_("หน่วยนับต้องผ่านการตรวจเอกสารครบถ้วนก่อนจึงประเมินตนเองได้"))
    if phase not in Phase.values:
        raise DomainError(_("ระยะการประเมินไม่ถูกต้อง"))
    framework = Framework.objects.filter(
        programme_year_id=unit.programme_year_id, unit_type=unit.unit_type
    ).first()
    if framework is None or framework.approved_at is None:
        raise DomainError(_("จังหวัดยังไม่ได้อนุมัติเกณฑ์ตัวบ่งชี้ของประเภทนี้สำหรับปีนี้"))
    if (
        phase == Phase.AFTER
        and not SelfAssessment.objects.filter(
            unit=unit, phase=Phase.BEFORE, state=SelfAssessment.State.FINISHED
        ).exists()
    ):
        raise DomainError(_("ต้องประเมินตนเองก่อนการพัฒนาให้เสร็จก่อน จึงประเมินหลังการพัฒนาได้"))
    assessment, created = SelfAssessment.objects.get_or_create(
        unit=unit, phase=phase, defaults={"framework": framework, "started_by": actor}
    )
    if assessment.state == SelfAssessment.State.FINISHED:
        raise DomainError(_("การประเมินนี้เสร็จสิ้นแล้ว แก้ไขไม่ได้"))
    if (0 if created else assessment.version) != expected_version:
        raise DomainError(_("มีผู้อื่นบันทึกการประเมินนี้หลังจากที่คุณเปิดแบบฟอร์ม กรุณาเปิดหน้าใหม่แล้วแก้ไขอีกครั้ง"))
    if not created:
        assessment.version += 1
    indicators = {
        i.pk: i for i in Indicator.objects.filter(component__framework=assessment.framework)
    }
    levels = {lv.pk: lv for lv in Level.objects.filter(indicator__in=indicators)}
    changes = _save_answers(
        actor,
        answers,
        indicators=indicators,
        levels=levels,
        existing={a.indicator_id: a for a in assessment.answers.select_related("level")},
        new_answer=lambda pk: Answer(assessment=assessment, indicator_id=pk, updated_by=actor),
        not_ours=_("ตัวบ่งชี้ไม่อยู่ในเกณฑ์ของปีนี้"),
    )
    changes.update(_save_own_answers(actor, assessment, own_answers or {}))
    if finish:
        answered = set(
            assessment.answers.exclude(level__isnull=True).values_list("indicator_id", flat=True)
        )
        missing = [indicators[i].code for i in indicators if i not in answered]
        own_answered = set(
            assessment.own_answers.exclude(level__isnull=True).values_list(
                "indicator_id", flat=True
            )
        )
        missing += [i.code for i in unit.own_indicators.all() if i.pk not in own_answered]
        if missing:
            raise DomainError(_("ยังไม่ได้เลือกระดับของตัวบ่งชี้: ") + ", ".join(sorted(missing)))
        assessment.state = SelfAssessment.State.FINISHED
        assessment.finished_by = actor
        assessment.finished_at = timezone.now()
    assessment.save()
    log_action(
        actor=actor,
        action="self_assessment.finish" if finish else "self_assessment.save",
        obj=assessment,
        changes={"phase": phase, "created": created, **changes},
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    if finish:
        events.publish(
            SelfAssessmentFinished(
                assessment_id=assessment.pk,
                unit_id=unit.pk,
                district_id=unit.district_id,
                phase=phase,
                actor_id=actor.pk,
            )
        )
    return assessment


def _save_own_answers(
    actor: User, assessment: SelfAssessment, answers: dict[int, tuple[int | None, str]]
) -> dict[str, Any]:
    own = {i.pk: i for i in assessment.unit.own_indicators.all()}
    return _save_answers(
        actor,
        answers,
        indicators=own,
        levels={lv.pk: lv for lv in OwnLevel.objects.filter(indicator__in=own)},
        existing={a.indicator_id: a for a in assessment.own_answers.select_related("level")},
        new_answer=lambda pk: OwnAnswer(assessment=assessment, indicator_id=pk, updated_by=actor),
        not_ours=_("ตัวบ่งชี้ที่กำหนดเองไม่ใช่ของหน่วยนับนี้"),
    )


def _save_answers(
    actor: User,
    answers: dict[int, tuple[int | None, str]],
    *,
    indicators: dict[int, Any],
    levels: dict[int, Any],
    existing: dict[int, Any],
    new_answer: Callable[[int], Any],
    not_ours: str,
) -> dict[str, Any]:
    """Save the chosen level and note of each indicator, the framework's or the unit's own (the
    same rules for both); the changes for the audit row, by indicator code: [old, new], old None
    when there was nothing before."""
    changes: dict[str, Any] = {}
    for indicator_id, (level_id, note) in answers.items():
        if indicator_id not in indicators:
            raise DomainError(not_ours)
        if level_id is not None and (
            level_id not in levels or levels[level_id].indicator_id != indicator_id
        ):
            raise DomainError(
                _("ระดับที่เลือกไม่ตรงกับตัวบ่งชี้ %(code)s") % {"code": indicators[indicator_id].code}
            )
        answer = existing.get(indicator_id) or new_answer(indicator_id)
        old = (answer.level.score if answer.level else None, answer.note)
        new = (levels[level_id].score if level_id else None, note.strip())
        if answer.pk is None or old != new:
            before = list(old) if answer.pk and old != (None, "") else None
            changes[indicators[indicator_id].code] = [before, list(new)]
            answer.level_id, answer.note, answer.updated_by = level_id, note.strip(), actor
            answer.save()
    return changes


# --- stage 3: sub-criteria and the unit's own indicators ------------------------------------


def _before_finished(unit: Unit) -> bool:
    return SelfAssessment.objects.filter(
        unit=unit, phase=Phase.BEFORE, state=SelfAssessment.State.FINISHED
    ).exists()


def _require_study_open(actor: User, unit: Unit) -> Unit:
    """Sub-criteria and own indicators are agreed before the unit assesses itself, and stay
    the same for the after-assessment so before and after compare like with like."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not can_edit_unit(actor, unit):
        raise DomainError(_("คุณไม่มีสิทธิ์แก้ไขเกณฑ์ของหน่วยนับนี้"))
    if unit.status not in ASSESSABLE:
        raise DomainError(_("หน่วยนับต้องผ่านการตรวจเอกสารครบถ้วนก่อน"))
    if _before_finished(unit):
        raise DomainError(
            _(
                "ประเมินตนเองก่อนการพัฒนาเสร็จแล้ว จึงเปลี่ยนเกณฑ์ย่อยหรือตัวบ่งชี้ที่กำหนดเองไม่ได้ "
                "(การประเมินก่อนและหลังต้องใช้เกณฑ์เดียวกัน)"
            )
        )
    return unit


@transaction.atomic
def sub_criterion_add(
    *, actor: User, unit: Unit, indicator_id: int, text: str, once: str
) -> SubCriterion:
    """`once` is the form's one-time token: a second submit of the same form adds nothing."""
    use_form_token(once)
    unit = _require_study_open(actor, unit)
    text = text.strip()
    if not text:
        raise DomainError(_("กรุณากรอกเกณฑ์ย่อย"), field="text")
    if len(text) > 500:
        raise DomainError(_("เกณฑ์ย่อยยาวเกิน 500 ตัวอักษร"), field="text")
    if not Indicator.objects.filter(
        pk=indicator_id,
        component__framework__programme_year_id=unit.programme_year_id,
        component__framework__unit_type=unit.unit_type,
    ).exists():
        raise DomainError(_("ตัวบ่งชี้ไม่อยู่ในเกณฑ์ของหน่วยนับนี้"), field="indicator")
    criterion = SubCriterion.objects.create(
        unit=unit, indicator_id=indicator_id, text=text, created_by=actor
    )
    log_action(
        actor=actor,
        action="sub_criterion.add",
        obj=criterion,
        changes={"indicator": indicator_id, "text": text},
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    return criterion


@transaction.atomic
def sub_criterion_remove(*, actor: User, criterion: SubCriterion) -> None:
    unit = _require_study_open(actor, criterion.unit)
    log_action(
        actor=actor,
        action="sub_criterion.remove",
        obj=criterion,
        changes={"indicator": criterion.indicator_id, "text": [criterion.text, None]},
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    criterion.delete()


OWN_LEVELS_MAX = 5


@transaction.atomic
def own_indicator_add(
    *, actor: User, unit: Unit, text: str, evidence: str, levels: list[str], once: str
) -> OwnIndicator:
    """The unit's own indicator with its levels scored 1, 2, … in the order given. `once` is
    the form's one-time token: a second submit of the same form adds nothing."""
    use_form_token(once)
    unit = _require_study_open(actor, unit)
    text, evidence = text.strip(), evidence.strip()
    if not text:
        raise DomainError(_("กรุณากรอกตัวบ่งชี้"), field="text")
    if len(text) > 500 or len(evidence) > 500:
        raise DomainError(_("ข้อความยาวเกิน 500 ตัวอักษร"), field="text")
    descriptors = [d.strip() for d in levels]
    while descriptors and not descriptors[-1]:
        descriptors.pop()
    if len(descriptors) < 2 or not all(descriptors) or len(descriptors) > OWN_LEVELS_MAX:
        raise DomainError(
            _(
                "กรุณาอธิบายระดับเรียงจากระดับ 1 ขึ้นไป อย่างน้อย 2 ระดับ ไม่เกิน %(OWN_LEVELS_MAX)s ระดับ โดยไม่เว้นระดับ"
            )
            % {"OWN_LEVELS_MAX": OWN_LEVELS_MAX},
            field="levels",
        )
    if any(len(d) > 500 for d in descriptors):
        raise DomainError(_("คำอธิบายระดับยาวเกิน 500 ตัวอักษร"), field="levels")
    order = (
        unit.own_indicators.order_by("-order").values_list("order", flat=True).first() or 0
    ) + 1
    indicator = OwnIndicator.objects.create(
        unit=unit, order=order, text=text, evidence=evidence, created_by=actor
    )
    OwnLevel.objects.bulk_create(
        OwnLevel(indicator=indicator, score=score, descriptor=descriptor)
        for score, descriptor in enumerate(descriptors, start=1)
    )
    log_action(
        actor=actor,
        action="own_indicator.add",
        obj=indicator,
        changes={"text": text, "levels": descriptors},
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    return indicator


@transaction.atomic
def own_indicator_remove(*, actor: User, indicator: OwnIndicator) -> None:
    unit = _require_study_open(actor, indicator.unit)
    # Only a draft before-assessment can hold answers to it at this point.
    OwnAnswer.objects.filter(indicator=indicator).delete()
    log_action(
        actor=actor,
        action="own_indicator.remove",
        obj=indicator,
        changes={"text": [indicator.text, None]},
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    indicator.delete()


# --- evidence files ----------------------------------------------------------------------

EVIDENCE_MAX_FILES = 10


@transaction.atomic
def evidence_upload(
    *,
    actor: User,
    unit: Unit,
    uploads: list[UploadedFile[bytes]],
    indicator_id: int | None = None,
    plan_item_id: int | None = None,
    phase: str = "",
    description: str = "",
    once: str,
) -> list[EvidenceFile]:
    """Attach files (PDF, JPEG, PNG, checked by content) to an indicator or a plan item.

    All or nothing: if one file is refused, none is kept, and the message names it. `once` is
    the form's one-time token: the same form sent twice attaches the files once.
    """
    use_form_token(once)
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not can_edit_unit(actor, unit):
        raise DomainError(_("คุณไม่มีสิทธิ์แนบหลักฐานของหน่วยนับนี้"))
    if unit.status not in ASSESSABLE:
        raise DomainError(_("หน่วยนับต้องผ่านการตรวจเอกสารครบถ้วนก่อนจึงแนบหลักฐานการพัฒนาได้"))
    if not uploads:
        raise DomainError(_("กรุณาเลือกไฟล์"), field="files")
    if len(uploads) > EVIDENCE_MAX_FILES:
        raise DomainError(
            _("แนบได้ครั้งละไม่เกิน %(EVIDENCE_MAX_FILES)s ไฟล์")
            % {"EVIDENCE_MAX_FILES": EVIDENCE_MAX_FILES},
            field="files",
        )
    if (indicator_id is None) == (plan_item_id is None):
        raise DomainError(_("กรุณาเลือกตัวบ่งชี้หรือรายการในแผนที่หลักฐานนี้แสดง"), field="target")
    if phase and phase not in Phase.values:
        raise DomainError(_("ระยะการประเมินไม่ถูกต้อง"), field="phase")
    if (
        indicator_id is not None
        and not Indicator.objects.filter(
            pk=indicator_id,
            component__framework__programme_year_id=unit.programme_year_id,
            component__framework__unit_type=unit.unit_type,
        ).exists()
    ):
        raise DomainError(_("ตัวบ่งชี้ไม่อยู่ในเกณฑ์ของหน่วยนับนี้"), field="target")
    if (
        plan_item_id is not None
        and not PlanItem.objects.filter(pk=plan_item_id, plan__unit=unit).exists()
    ):
        raise DomainError(_("รายการนี้ไม่อยู่ในแผนของหน่วยนับนี้"), field="target")
    description = description.strip()[:500]
    # Every file's size, type and header dimensions first, and the images' pixels together
    # against the request's budget, before any is decoded (docs/security.md §8).
    inspected = []
    for upload in uploads:
        try:
            inspected.append(inspect_upload(upload))
        except DomainError as error:
            raise DomainError(f"{upload.name}: {error.message}", field="files") from error
    check_pixel_budget((file.decoded_pixels for file in inspected), field="files")
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, check_upload(upload)))
        except DomainError as error:
            raise DomainError(f"{upload.name}: {error.message}", field="files") from error
    saved = []
    for upload, file in checked:
        evidence = EvidenceFile(
            unit=unit,
            indicator_id=indicator_id,
            plan_item_id=plan_item_id,
            phase=phase if indicator_id else "",
            description=description,
            original_name=(upload.name or "file")[:255],
            content_type=file.content_type,
            size=len(file.content),
            sha256=file.sha256,
            uploaded_by=actor,
        )
        # The file is written before the row: a failed transaction leaves an unreferenced
        # file, never a row without its file.
        evidence.file.save(f"evidence.{file.extension}", ContentFile(file.content), save=False)
        evidence.save()
        saved.append(evidence)
    log_action(
        actor=actor,
        action="evidence.upload",
        obj=unit,
        changes={
            "files": [e.original_name for e in saved],
            "indicator": indicator_id,
            "plan_item": plan_item_id,
            "phase": phase,
        },
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    return saved


@transaction.atomic
def evidence_remove(*, actor: User, evidence: EvidenceFile) -> EvidenceFile:
    """Hide a file attached by mistake; the file and its row are kept for the record."""
    evidence = EvidenceFile.objects.select_for_update().select_related("unit").get(pk=evidence.pk)
    if not can_edit_unit(actor, evidence.unit):
        raise DomainError(_("คุณไม่มีสิทธิ์นำหลักฐานของหน่วยนับนี้ออก"))
    if evidence.removed_at is not None:
        raise DomainError(_("หลักฐานนี้ถูกนำออกแล้ว"))
    evidence.removed_at, evidence.removed_by = timezone.now(), actor
    evidence.save(update_fields=["removed_at", "removed_by"])
    log_action(
        actor=actor,
        action="evidence.remove",
        obj=evidence,
        changes={"file": [evidence.original_name, None]},
        unit_id=evidence.unit_id,
        district_id=evidence.unit.district_id,
    )
    return evidence


def log_evidence_access(*, actor: User, evidence: EvidenceFile) -> None:
    log_action(
        actor=actor,
        action="evidence.download",
        obj=evidence,
        changes={},
        unit_id=evidence.unit_id,
        district_id=evidence.unit.district_id,
    )


# --- self-development plans ---------------------------------------------------------------

PLAN_EDITABLE = {Plan.State.DRAFT, Plan.State.RETURNED}


def gaps_before(unit: Unit) -> dict[int, tuple[int, int]]:
    """Indicator id → (level before development, top level) for indicators with a gap."""
    assessment = SelfAssessment.objects.filter(
        unit=unit, phase=Phase.BEFORE, state=SelfAssessment.State.FINISHED
    ).first()
    if assessment is None:
        return {}
    from development.selectors import assessment_result

    result = assessment_result(assessment)
    return {
        i.spec.id: (i.score or 0, i.spec.max_score)
        for c in result.components
        for i in c.indicators
        if i.gap > 0
    }


def _plan_for_update(unit: Unit) -> Plan:
    plan, _created = Plan.objects.get_or_create(unit=unit)
    return Plan.objects.select_for_update().get(pk=plan.pk)


@transaction.atomic
def plan_item_add(
    *, actor: User, unit: Unit, indicator_id: int, values: dict[str, Any], once: str
) -> PlanItem:
    """`once` is the form's one-time token: a second submit of the same form adds no item."""
    use_form_token(once)
    if not can_edit_unit(actor, unit):
        raise DomainError(_("คุณไม่มีสิทธิ์จัดทำแผนของหน่วยนับนี้"))
    gaps = gaps_before(unit)
    if (
        not gaps
        and not SelfAssessment.objects.filter(
            unit=unit, phase=Phase.BEFORE, state=SelfAssessment.State.FINISHED
        ).exists()
    ):
        raise DomainError(_("ต้องประเมินตนเองก่อนการพัฒนาให้เสร็จก่อน จึงจัดทำแผนได้"))
    if indicator_id not in gaps:
        raise DomainError(_("เลือกได้เฉพาะตัวบ่งชี้ที่ยังมีช่องว่างจากการประเมินก่อนการพัฒนา"), field="indicator")
    plan = _plan_for_update(unit)
    if plan.state not in PLAN_EDITABLE:
        raise DomainError(_("แผนสถานะ “%(state)s” แก้ไขไม่ได้") % {"state": plan.get_state_display()})
    before, top = gaps[indicator_id]
    target = values["target_score"]
    if not (before < target <= top):
        raise DomainError(
            _("ระดับเป้าหมายต้องสูงกว่าระดับก่อนพัฒนา (%(before)s) และไม่เกิน %(top)s")
            % {"before": before, "top": top},
            field="target_score",
        )
    if not Level.objects.filter(indicator_id=indicator_id, score=target).exists():
        raise DomainError(_("ตัวบ่งชี้นี้ไม่มีระดับคะแนนเท่ากับเป้าหมายที่ระบุ"), field="target_score")
    if values["ends_on"] < values["starts_on"]:
        raise DomainError(_("วันสิ้นสุดต้องไม่ก่อนวันเริ่ม"), field="ends_on")
    first_day, last_day = fiscal_year_bounds(unit.fiscal_year)
    if values["starts_on"] < first_day or values["ends_on"] > last_day:
        raise DomainError(
            _("ช่วงเวลาต้องอยู่ในปีงบประมาณ %(fiscal_year)s (%(start)s – %(end)s)")
            % {
                "fiscal_year": unit.fiscal_year,
                "start": thai_date(first_day),
                "end": thai_date(last_day),
            },
            field="starts_on",
        )
    order = (plan.items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    item = PlanItem.objects.create(plan=plan, indicator_id=indicator_id, order=order, **values)
    log_action(
        actor=actor,
        action="plan.item_add",
        obj=plan,
        changes={k: str(v) for k, v in {"indicator": indicator_id, **values}.items()},
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    return item


def plan_state_move(*, actor: User, plan: Plan, to_state: str, comment: str = "") -> Plan:
    """The one way a plan's state changes: the move must be in
    development.workflow.PLAN_TRANSITIONS, or a DomainError is raised and nothing is written.
    Writes the state, its PlanReview row and the audit row, and publishes PlanStateMoved after
    commit (core.events).

    The caller checks who may make the move and what the plan needs for it (plan_submit,
    plan_review), with the plan locked in its transaction. `plan` is updated in place."""
    if not can_move_plan(plan.state, to_state):
        raise DomainError(
            _("เปลี่ยนสถานะแผนจาก “%(old)s” เป็น “%(new)s” ไม่ได้")
            % {"old": Plan.State(plan.state).label, "new": Plan.State(to_state).label}
        )
    # One transaction even for a careless caller; inside the caller's, no savepoint is added.
    with transaction.atomic(savepoint=False):
        old = plan.state
        plan.state = to_state
        plan.save()
        PlanReview.objects.create(
            plan=plan, from_state=old, to_state=to_state, actor=actor, comment=comment
        )
        log_action(
            actor=actor,
            action="plan.state",
            obj=plan,
            changes={"state": [old, to_state]},
            note=comment,
            unit_id=plan.unit_id,
            district_id=plan.unit.district_id,
        )
        events.publish(
            PlanStateMoved(
                plan_id=plan.pk,
                unit_id=plan.unit_id,
                district_id=plan.unit.district_id,
                province_id=plan.unit.district.province_id,
                from_state=old,
                to_state=to_state,
                actor_id=actor.pk,
                comment=comment,
            )
        )
    return plan


@transaction.atomic
def plan_submit(*, actor: User, unit: Unit) -> Plan:
    if not can_edit_unit(actor, unit):
        raise DomainError(_("คุณไม่มีสิทธิ์เสนอแผนของหน่วยนับนี้"))
    plan = _plan_for_update(unit)
    if plan.state not in PLAN_EDITABLE:
        raise DomainError(
            _("แผนสถานะ “%(state)s” เสนอซ้ำไม่ได้") % {"state": plan.get_state_display()}
        )
    if not plan.items.exists():
        raise DomainError(_("แผนยังไม่มีรายการพัฒนา"))
    return plan_state_move(actor=actor, plan=plan, to_state=Plan.State.SUBMITTED)


@transaction.atomic
def plan_review(*, actor: User, unit: Unit, approve: bool, comment: str) -> Plan:
    if not can_review_plan(actor, unit):
        raise DomainError(_("เฉพาะพัฒนากรผู้รับผิดชอบหรือพัฒนาการอำเภอเท่านั้นที่พิจารณาแผนได้"))
    plan = _plan_for_update(unit)
    if plan.state != Plan.State.SUBMITTED:
        raise DomainError(_("แผนยังไม่ได้เสนอให้พิจารณา"))
    if not approve and not comment.strip():
        raise DomainError(_("กรุณาระบุข้อเสนอแนะเมื่อส่งคืนแผน"), field="comment")
    if len(comment) > 2000:
        raise DomainError(_("ข้อเสนอแนะยาวเกิน 2,000 ตัวอักษร"), field="comment")
    submitted = plan.reviews.filter(to_state=Plan.State.SUBMITTED).order_by("-at", "-id").first()
    if submitted is not None and submitted.actor_id == actor.pk:
        # Four eyes: whoever proposed the plan does not also approve it.
        raise DomainError(
            _("ผู้เสนอแผนพิจารณาแผนเดียวกันเองไม่ได้ ให้พัฒนากรผู้รับผิดชอบหรือพัฒนาการอำเภออีกคนหนึ่งพิจารณา")
        )
    return plan_state_move(
        actor=actor,
        plan=plan,
        to_state=Plan.State.APPROVED if approve else Plan.State.RETURNED,
        comment=comment.strip(),
    )


@transaction.atomic
def plan_item_remove(*, actor: User, item: PlanItem) -> None:
    """Take an item out of a plan that is still being drafted or was returned."""
    unit = item.plan.unit
    if not can_edit_unit(actor, unit):
        raise DomainError(_("คุณไม่มีสิทธิ์แก้ไขแผนของหน่วยนับนี้"))
    plan = _plan_for_update(unit)
    if plan.state not in PLAN_EDITABLE:
        raise DomainError(_("แผนสถานะ “%(state)s” แก้ไขไม่ได้") % {"state": plan.get_state_display()})
    # Evidence (even removed, which is kept for the record) and activities point at the item:
    # taking it out would lose what they show.
    if item.evidence_files.exists():
        raise DomainError(
            _("รายการนี้มีหลักฐานแนบ (รวมที่นำออกแล้ว) จึงนำออกจากแผนไม่ได้ แก้ไขเป็นรายการอื่นแทน")
        )
    from activities.models import Activity

    if Activity.plan_items.through.objects.filter(planitem_id=item.pk).exists():
        raise DomainError(_("รายการนี้ผูกกับกิจกรรมที่บันทึกไว้แล้ว จึงนำออกจากแผนไม่ได้"))
    log_action(
        actor=actor,
        action="plan.item_remove",
        obj=plan,
        changes={"indicator": item.indicator_id, "knowledge": [item.knowledge, None]},
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    item.delete()


@transaction.atomic
def plan_item_progress(
    *, actor: User, item: PlanItem, progress: str, note: str, expected_version: int
) -> PlanItem:
    """Record how an item of the approved plan is going (stage 4). `expected_version` is the
    item's version the form was made from; a form made before someone else's save is refused
    and changes nothing (docs/security.md §17)."""
    item = PlanItem.objects.select_for_update().select_related("plan__unit").get(pk=item.pk)
    unit = item.plan.unit
    if not can_edit_unit(actor, unit):
        raise DomainError(_("คุณไม่มีสิทธิ์บันทึกความก้าวหน้าของหน่วยนับนี้"))
    if item.plan.state != Plan.State.APPROVED:
        raise DomainError(_("บันทึกความก้าวหน้าได้เมื่อพัฒนากรเห็นชอบแผนแล้ว"))
    if item.version != expected_version:
        raise DomainError(
            _("มีผู้อื่นบันทึกความก้าวหน้าของรายการนี้หลังจากที่คุณเปิดหน้า กรุณาเปิดหน้าใหม่แล้วบันทึกอีกครั้ง"),
            field="note",
        )
    if progress not in PlanItem.Progress.values:
        raise DomainError(_("สถานะความก้าวหน้าไม่ถูกต้อง"), field="progress")
    note = note.strip()
    if len(note) > 2000:
        raise DomainError(_("ผลการดำเนินงานยาวเกิน 2,000 ตัวอักษร"), field="note")
    old = [item.progress, item.progress_note]
    if old == [progress, note]:
        return item
    item.progress, item.progress_note, item.progress_updated_at = progress, note, timezone.now()
    item.version += 1
    item.save(update_fields=["progress", "progress_note", "progress_updated_at", "version"])
    log_action(
        actor=actor,
        action="plan.item_progress",
        obj=item.plan,
        changes={"item": item.pk, "progress": [old[0], progress], "note": [old[1], note]},
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    return item
