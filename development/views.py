"""Before/after self-assessment and its result, plans, sub-criteria and evidence for the district
(the indicator frameworks' pages are in frameworks/views.py)."""

import mimetypes
from collections import Counter
from types import SimpleNamespace
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.downloads import export_download
from core.downloads import PDF, stored_file
from core.errors import DomainError
from core.forms import add_domain_error, posted_token, posted_version
from core.scope import get_in_scope, visible_to
from core.text import clean_text, is_small_id
from development import permissions, services
from development.forms import PlanItemForm
from development.models import EvidenceFile, Phase, Plan, PlanItem, SelfAssessment
from development.record import development_record
from development.scoring import change
from development.selectors import (
    STAGES,
    assessment_result,
    development_progress,
    own_result,
)
from documents import development_record as documents_record
from frameworks.models import Framework, Indicator
from frameworks.selectors import framework_with_structure
from geography.models import District
from programme.models import ProgrammeYear
from registration.models import Unit
from registration.workflow import ACCEPTED_STATUSES


def _unit(request, pk) -> Unit:
    return get_in_scope(
        request.user, Unit.objects.select_related("district", "programme_year"), pk=pk
    )


@login_required
def assessment_form(request, unit_pk: int, phase: str):
    if phase not in Phase.values:
        raise Http404
    unit = _unit(request, unit_pk)
    assessment = SelfAssessment.objects.filter(unit=unit, phase=phase).first()
    framework_id = (
        assessment.framework_id
        if assessment
        else (
            Framework.objects.filter(
                programme_year_id=unit.programme_year_id, unit_type=unit.unit_type
            )
            .values_list("pk", flat=True)
            .first()
        )
    )
    if framework_id is None:
        messages.error(request, _("จังหวัดยังไม่ได้กำหนดเกณฑ์ตัวบ่งชี้ของประเภทนี้สำหรับปีนี้"))
        return redirect("registration:detail", pk=unit.pk)
    framework = framework_with_structure(framework_id)
    # The saved answers, or after a refused save what the user typed (same attributes).
    answers: dict[int, Any] = (
        {a.indicator_id: a for a in assessment.answers.all()} if assessment else {}
    )
    own_indicators = list(unit.own_indicators.prefetch_related("levels"))
    own_answers: dict[int, Any] = (
        {a.indicator_id: a for a in assessment.own_answers.all()} if assessment else {}
    )
    version: str | None = None
    if request.method == "POST":
        indicators = [i for c in framework.components.all() for i in c.indicators.all()]
        submitted = _submitted(request, "", indicators, answers)
        own_submitted = _submitted(request, "own-", own_indicators, own_answers)
        try:
            services.self_assessment_save(
                actor=request.user,
                unit=unit,
                phase=phase,
                answers=submitted,
                own_answers=own_submitted,
                finish="finish" in request.POST,
                expected_version=posted_version(request.POST),
            )
        except DomainError as error:
            messages.error(request, error.message)
            # Show what the user entered, not what was saved before, so nothing typed is lost.
            answers = {k: SimpleNamespace(level_id=v[0], note=v[1]) for k, v in submitted.items()}
            own_answers = {
                k: SimpleNamespace(level_id=v[0], note=v[1]) for k, v in own_submitted.items()
            }
            # The version sent, not the newer one: sending the same form again stays refused
            # until the page is opened afresh (the message says so).
            version = request.POST.get("expected_version", "")
        else:
            if "finish" in request.POST:
                messages.success(request, _("บันทึกผลการประเมินตนเองเสร็จสิ้นแล้ว"))
                return redirect("development:result", unit_pk=unit.pk)
            messages.success(request, _("บันทึกไว้แล้ว กลับมาทำต่อได้ภายหลัง"))
            return redirect("development:assessment", unit_pk=unit.pk, phase=phase)
    criteria: dict[int, list[str]] = {}
    for indicator_id, text in unit.sub_criteria.values_list("indicator_id", "text"):
        criteria.setdefault(indicator_id, []).append(text)
    evidence = Counter(
        unit.evidence_files.filter(removed_at__isnull=True, indicator__isnull=False).values_list(
            "indicator_id", flat=True
        )
    )
    rows = [
        {
            "component": component,
            "indicators": [
                {
                    "indicator": i,
                    "levels": list(i.levels.all()),
                    "answer": answers.get(i.pk),
                    "criteria": criteria.get(i.pk, []),
                    "evidence": evidence[i.pk],
                }
                for i in component.indicators.all()
            ],
        }
        for component in framework.components.all()
    ]
    own_rows = [
        {"indicator": i, "levels": list(i.levels.all()), "answer": own_answers.get(i.pk)}
        for i in own_indicators
    ]
    finished = assessment is not None and assessment.state == SelfAssessment.State.FINISHED
    if version is None:
        version = str(assessment.version if assessment else 0)
    return render(
        request,
        "development/assessment_form.html",
        {
            "unit": unit,
            "phase": phase,
            "phase_label": Phase(phase).label,
            "framework": framework,
            "rows": rows,
            "own_rows": own_rows,
            "assessment": assessment,
            "finished": finished,
            "version": version,
            "can_edit": not finished and permissions.can_edit_unit(request.user, unit),
        },
    )


def _submitted(request, prefix: str, indicators, saved) -> dict[int, tuple[int | None, str]]:
    """Indicator id → (level id, note) from the form, for indicators touched now or before."""
    submitted = {}
    for indicator in indicators:
        raw = request.POST.get(f"{prefix}level-{indicator.pk}", "")
        note = clean_text(request.POST.get(f"{prefix}note-{indicator.pk}", ""))[:2000]
        level_id = int(raw) if is_small_id(raw) else None
        if level_id is not None or note or indicator.pk in saved:
            submitted[indicator.pk] = (level_id, note)
    return submitted


@login_required
def assessment_result_view(request, unit_pk: int):
    unit = _unit(request, unit_pk)
    assessments = {
        a.phase: a
        for a in SelfAssessment.objects.filter(unit=unit).select_related(
            "started_by", "finished_by"
        )
    }
    before = assessment_result(assessments[Phase.BEFORE]) if Phase.BEFORE in assessments else None
    after = assessment_result(assessments[Phase.AFTER]) if Phase.AFTER in assessments else None
    changes = change(before, after) if before and after else []
    chart = _chart(before, after)
    own_before = own_result(assessments[Phase.BEFORE]) if before else None
    own_after = own_result(assessments[Phase.AFTER]) if after else None
    own_rows = []
    if own_before:
        later = own_after.by_indicator() if own_after else {}
        for i in own_before.components[0].indicators:
            after_score = later[i.spec.id].score if i.spec.id in later else None
            delta = None if after_score is None else after_score - (i.score or 0)
            own_rows.append(
                {"spec": i.spec, "before": i.score, "after": after_score, "delta": delta}
            )
    return render(
        request,
        "development/result.html",
        {
            "unit": unit,
            "before": before,
            "after": after,
            "changes": changes,
            "chart": chart,
            "own_before": own_before,
            "own_after": own_after,
            "own_rows": own_rows,
            "assessments": assessments,
            "phases": Phase,
        },
    )


def _chart(before, after):
    """Bars per component (before and after), as percentages, for a server-drawn SVG chart."""
    base = after or before
    if base is None:
        return None
    earlier = {c.spec.name: c.percent for c in before.components} if before else {}
    later = {c.spec.name: c.percent for c in after.components} if after else {}
    bars = []
    for index, component in enumerate(base.components):
        name = component.spec.name
        bars.append(
            {
                "name": name,
                "y": 30 + index * 56,
                "before": earlier.get(name),
                "after": later.get(name),
                "before_width": float(earlier.get(name) or 0) * 4,
                "after_width": float(later.get(name) or 0) * 4,
            }
        )
    return {"bars": bars, "height": 40 + len(bars) * 56}


@login_required
def plan_view(request, unit_pk: int):
    unit = _unit(request, unit_pk)
    plan = Plan.objects.filter(unit=unit).first()
    gaps = services.gaps_before(unit)
    can_edit = permissions.can_edit_unit(request.user, unit) and (
        plan is None or plan.state in services.PLAN_EDITABLE
    )
    form = PlanItemForm(request.POST or None, gaps=gaps) if can_edit else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.plan_item_add(
                    actor=request.user,
                    unit=unit,
                    indicator_id=form.cleaned_data["indicator"].pk,
                    values=form.values(),
                    once=form.cleaned_data["once"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("เพิ่มรายการในแผนแล้ว"))
                return redirect("development:plan", unit_pk=unit.pk)
    return _plan_page(request, unit, plan, gaps, form, can_edit)


def _plan_page(request, unit: Unit, plan, gaps, form, can_edit: bool, progress_draft=None):
    """`progress_draft`: after a refused progress save, what the user sent for that item,
    shown in its form instead of the saved values, so nothing typed is lost."""
    items = list(plan.items.select_related("indicator")) if plan else []
    evidence = Counter(
        EvidenceFile.objects.filter(
            plan_item__in=[i.pk for i in items], removed_at__isnull=True
        ).values_list("plan_item_id", flat=True)
    )
    for item in items:
        item.evidence_count = evidence[item.pk]
    return render(
        request,
        "development/plan.html",
        {
            "unit": unit,
            "plan": plan,
            "items": items,
            "form": form,
            "gaps": gaps,
            "reviews": plan.reviews.select_related("actor") if plan else [],
            "can_submit": can_edit and plan is not None,
            "can_progress": plan is not None
            and plan.state == Plan.State.APPROVED
            and permissions.can_edit_unit(request.user, unit),
            "progress_choices": PlanItem.Progress.choices,
            "progress_draft": progress_draft,
            "can_review": plan is not None
            and plan.state == Plan.State.SUBMITTED
            and permissions.can_review_plan(request.user, unit),
        },
    )


@login_required
@require_POST
def plan_submit(request, unit_pk: int):
    unit = _unit(request, unit_pk)
    try:
        services.plan_submit(actor=request.user, unit=unit)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("เสนอแผนให้พัฒนากรพิจารณาแล้ว"))
    return redirect("development:plan", unit_pk=unit.pk)


@login_required
@require_POST
def plan_review(request, unit_pk: int):
    unit = _unit(request, unit_pk)
    try:
        services.plan_review(
            actor=request.user,
            unit=unit,
            approve=request.POST.get("decision") == "approve",
            comment=clean_text(request.POST.get("comment", ""))[:2001],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("บันทึกผลการพิจารณาแผนแล้ว"))
    return redirect("development:plan", unit_pk=unit.pk)


@login_required
def progress(request, year_id: int):
    """Where every accepted unit stands in stages 3–4, against the plan and assessment deadlines."""
    year = get_in_scope(request.user, ProgrammeYear.objects.select_related("province"), pk=year_id)
    units = (
        visible_to(request.user, Unit)
        .filter(programme_year=year, status__in=ACCEPTED_STATUSES)
        .order_by("district_id", "unit_type", "name")
    )
    stage = request.GET.get("stage", "")
    rows = development_progress(units)
    counts = Counter(u.stage for u in rows)
    # Every district in view, those with no accepted unit yet included: they need the most help.
    by_district: dict[str, Counter[str]] = {
        d.display_name: Counter()
        for d in visible_to(request.user, District)
        .filter(province_id=year.province_id)
        .order_by("code")
    }
    for unit in rows:
        by_district.setdefault(unit.district.display_name, Counter())[unit.stage] += 1
    today = timezone.localdate()
    return render(
        request,
        "development/progress.html",
        {
            "year": year,
            "rows": [u for u in rows if not stage or u.stage == stage],
            "stages": [(key, label, counts[key]) for key, label in STAGES],
            "stage": stage,
            "by_district": [
                (name, [c[key] for key, _ in STAGES]) for name, c in by_district.items()
            ],
            "plans_days": (year.plans_due - today).days,
            "assessment_days": (year.assessment_due - today).days,
        },
    )


@login_required
@require_POST
def plan_item_remove(request, pk: int):
    item = get_in_scope(request.user, PlanItem.objects.select_related("plan__unit"), pk=pk)
    try:
        services.plan_item_remove(actor=request.user, item=item)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("นำรายการออกจากแผนแล้ว"))
    return redirect("development:plan", unit_pk=item.plan.unit_id)


@login_required
@require_POST
def plan_item_progress(request, pk: int):
    item = get_in_scope(request.user, PlanItem.objects.select_related("plan__unit"), pk=pk)
    note = clean_text(request.POST.get("note", ""))
    try:
        services.plan_item_progress(
            actor=request.user,
            item=item,
            progress=request.POST.get("progress", ""),
            note=note,
            expected_version=posted_version(request.POST),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("บันทึกความก้าวหน้าแล้ว"))
        return redirect("development:plan", unit_pk=item.plan.unit_id)
    # Refused: the plan page again with what was typed for this item, not the saved values.
    unit = _unit(request, item.plan.unit_id)
    plan = Plan.objects.filter(unit=unit).first()
    can_edit = permissions.can_edit_unit(request.user, unit) and (
        plan is None or plan.state in services.PLAN_EDITABLE
    )
    gaps = services.gaps_before(unit)
    form = PlanItemForm(gaps=gaps) if can_edit else None
    draft = {
        "pk": item.pk,
        "progress": request.POST.get("progress", ""),
        "note": note[:2000],
        "version": request.POST.get("expected_version", ""),
    }
    return _plan_page(request, unit, plan, gaps, form, can_edit, progress_draft=draft)


@login_required
def unit_criteria(request, unit_pk: int):
    """Stage 3: the unit and its developer study the indicators, agree sub-criteria under them
    and may add indicators of the unit's own."""
    unit = _unit(request, unit_pk)
    framework = (
        Framework.objects.filter(programme_year_id=unit.programme_year_id, unit_type=unit.unit_type)
        .values_list("pk", flat=True)
        .first()
    )
    if request.method == "POST":
        _criteria_post(request, unit)
        return redirect("development:criteria", unit_pk=unit.pk)
    structure = framework_with_structure(framework) if framework else None
    criteria: dict[int, list] = {}
    for criterion in unit.sub_criteria.all():
        criteria.setdefault(criterion.indicator_id, []).append(criterion)
    rows = (
        [
            (
                component,
                [
                    (i, list(i.levels.all()), criteria.get(i.pk, []))
                    for i in component.indicators.all()
                ],
            )
            for component in structure.components.all()
        ]
        if structure
        else []
    )
    return render(
        request,
        "development/criteria.html",
        {
            "unit": unit,
            "framework": structure,
            "rows": rows,
            "own_indicators": unit.own_indicators.prefetch_related("levels"),
            "level_numbers": range(1, services.OWN_LEVELS_MAX + 1),
            "can_edit": permissions.can_edit_unit(request.user, unit)
            and not services._before_finished(unit),
            "before_finished": services._before_finished(unit),
        },
    )


def _criteria_post(request, unit: Unit) -> None:
    action = request.POST.get("action", "")
    try:
        if action == "add_sub":
            raw = request.POST.get("indicator", "")
            if not is_small_id(raw):
                raise DomainError(_("กรุณาเลือกตัวบ่งชี้"))
            services.sub_criterion_add(
                actor=request.user,
                unit=unit,
                indicator_id=int(raw),
                text=clean_text(request.POST.get("text", "")),
                once=posted_token(request.POST),
            )
            messages.success(request, _("เพิ่มเกณฑ์ย่อยแล้ว"))
        elif action == "remove_sub":
            criterion = _owned(request, unit, unit.sub_criteria)
            services.sub_criterion_remove(actor=request.user, criterion=criterion)
            messages.success(request, _("นำเกณฑ์ย่อยออกแล้ว"))
        elif action == "add_own":
            services.own_indicator_add(
                actor=request.user,
                unit=unit,
                text=clean_text(request.POST.get("text", "")),
                evidence=clean_text(request.POST.get("evidence", "")),
                levels=[
                    clean_text(request.POST.get(f"level-{n}", ""))
                    for n in range(1, services.OWN_LEVELS_MAX + 1)
                ],
                once=posted_token(request.POST),
            )
            messages.success(request, _("เพิ่มตัวบ่งชี้ที่กำหนดเองแล้ว"))
        elif action == "remove_own":
            indicator = _owned(request, unit, unit.own_indicators)
            services.own_indicator_remove(actor=request.user, indicator=indicator)
            messages.success(request, _("นำตัวบ่งชี้ที่กำหนดเองออกแล้ว"))
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, error.message)


def _owned(request, unit: Unit, queryset):
    raw = request.POST.get("id", "")
    found = queryset.filter(pk=raw).first() if is_small_id(raw) else None
    if found is None:
        raise Http404
    return found


def _evidence_targets(unit: Unit):
    """What a file may be attached to: the unit's standard indicators and its plan items."""
    framework_id = (
        Framework.objects.filter(programme_year_id=unit.programme_year_id, unit_type=unit.unit_type)
        .values_list("pk", flat=True)
        .first()
    )
    indicators = (
        Indicator.objects.filter(component__framework_id=framework_id).order_by(
            "component__order", "order", "id"
        )
        if framework_id
        else Indicator.objects.none()
    )
    items = PlanItem.objects.filter(plan__unit=unit).select_related("indicator")
    return [(f"indicator-{i.pk}", f"{_('ตัวบ่งชี้')} {i.code} {i.text[:70]}") for i in indicators] + [
        (f"item-{item.pk}", f"{_('แผน')}: {item.indicator.code} {item.knowledge[:70]}")
        for item in items
    ]


@login_required
def evidence_list(request, unit_pk: int):
    unit = _unit(request, unit_pk)
    targets = _evidence_targets(unit)
    can_edit = permissions.can_edit_unit(request.user, unit) and unit.status in services.ASSESSABLE
    selected = request.POST.get("target") or (
        f"indicator-{request.GET['indicator']}"
        if is_small_id(request.GET.get("indicator", ""))
        else ""
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404
        kind, _sep, raw = selected.partition("-")
        try:
            if kind not in ("indicator", "item") or not is_small_id(raw):
                raise DomainError(_("กรุณาเลือกตัวบ่งชี้หรือรายการในแผนที่หลักฐานนี้แสดง"))
            services.evidence_upload(
                actor=request.user,
                unit=unit,
                uploads=request.FILES.getlist("files"),
                indicator_id=int(raw) if kind == "indicator" else None,
                plan_item_id=int(raw) if kind == "item" else None,
                phase=request.POST.get("phase", "") if kind == "indicator" else "",
                description=clean_text(request.POST.get("description", "")),
                once=posted_token(request.POST),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("แนบหลักฐานแล้ว"))
            return redirect("development:evidence", unit_pk=unit.pk)
    files = unit.evidence_files.filter(removed_at__isnull=True).select_related(
        "indicator", "plan_item__indicator", "uploaded_by"
    )
    return render(
        request,
        "development/evidence.html",
        {
            "unit": unit,
            "files": files,
            "targets": targets,
            "selected": selected,
            "phases": Phase.choices,
            "phase": request.POST.get("phase", ""),
            "description": request.POST.get("description", "")[:500],
            "can_edit": can_edit,
            "max_files": services.EVIDENCE_MAX_FILES,
            # A refused upload keeps its token (unspent, as the transaction rolled back).
            "once": request.POST.get("once", "")[:64],
        },
    )


def _evidence(request, pk: int) -> EvidenceFile:
    return get_in_scope(
        request.user,
        EvidenceFile.objects.filter(removed_at__isnull=True).select_related("unit"),
        pk=pk,
    )


@login_required
def evidence_download(request, pk: int):
    evidence = _evidence(request, pk)
    services.log_evidence_access(actor=request.user, evidence=evidence)
    extension = mimetypes.guess_extension(evidence.content_type) or ""
    # A PDF is always a download; an image may be shown in the tab (core.downloads).
    return stored_file(
        evidence.file.open("rb"),
        content_type=evidence.content_type,
        filename=f"evidence-{evidence.unit_id}-{evidence.pk}{extension}",
        inline=request.GET.get("inline") == "1",
    )


@login_required
@require_POST
def evidence_remove(request, pk: int):
    evidence = _evidence(request, pk)
    try:
        services.evidence_remove(actor=request.user, evidence=evidence)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("นำหลักฐานออกแล้ว"))
    return redirect("development:evidence", unit_pk=evidence.unit_id)


@login_required
def development_record_pdf(request, unit_pk: int):
    """The unit's development record for the year (before, plan, activities, after, change)."""
    unit = _unit(request, unit_pk)
    with translation.override("th"):  # official documents are always in Thai
        content = documents_record.development_record_pdf(development_record(unit))
    return export_download(
        actor=request.user,
        content=content,
        filename=f"development-record-{unit.fiscal_year}-{unit.pk}.pdf",
        content_type=PDF,
        action="export.development_record",
        obj=unit,
        changes={"format": "pdf"},
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
