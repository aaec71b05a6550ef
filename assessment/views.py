"""Stage 5 pages: rounds and their schedule, a member's scoring page (phone-first), the
combined result with the decision (a zone working group's advice too), reopening, and taking a
unit off its round."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessment import permissions, selectors, services
from assessment.forms import DecisionForm, RemoveForm, ReopenForm, RoundForm, ScheduleForm
from assessment.models import ADVISORY_LEVELS, OUTCOMES_BY_LEVEL, Round, RoundLevel, RoundUnit
from committees.models import PROVINCIAL_KINDS, Committee, Kind
from core.errors import DomainError
from core.forms import add_domain_error
from core.messages import form_errors_to_messages, run_and_report
from core.scope import get_in_scope, visible_to
from core.text import clean_text, is_small_id
from programme.models import ProgrammeYear
from programme.selectors import newest_year, year_in_scope
from registration.models import Unit

# A member's comment on one indicator (the service refuses longer ones too).
COMMENT_MAX = services.TEXT_MAX


def _round(request, pk) -> Round:
    return get_in_scope(
        request.user,
        Round.objects.select_related("programme_year__province", "committee", "district"),
        pk=pk,
    )


def _entry(request, pk) -> RoundUnit:
    return get_in_scope(
        request.user,
        RoundUnit.objects.select_related(
            "round__programme_year__province", "round__committee", "unit__district"
        ),
        pk=pk,
    )


def _committees_to_open(user, year: ProgrammeYear) -> list[Committee]:
    """Committees whose rounds this user may open: the province any district committee, zone
    working group or provincial committee of its year, a district officer his district's
    committee."""
    committees = Committee.objects.filter(programme_year=year)
    if user.manages_province(year.province_id):
        return list(
            committees.filter(
                kind__in=[Kind.DISTRICT_ASSESSMENT, Kind.ZONE, *PROVINCIAL_KINDS]
            ).order_by("kind", "district_id", "name")
        )
    if permissions.opens_district_rounds(user):
        return list(committees.filter(kind=Kind.DISTRICT_ASSESSMENT, district_id=user.district_id))
    return []


def _unit_visible(user, unit_id: int) -> bool:
    """Whether the unit's page (registration:detail) opens for the user, so a link to it is
    shown only when it does not 404 (a member reads only accepted units on their rounds)."""
    return visible_to(user, Unit).filter(pk=unit_id).exists()


@login_required
def current_rounds(request):
    """The rounds of the newest programme year the user sees: a committee member's start page
    and the header's "รอบการประเมิน"."""
    year = newest_year(request.user)
    if year is None:
        messages.info(request, _("ยังไม่มีปีดำเนินงาน"))
        return redirect("home")
    return redirect("assessment:rounds", year_id=year.pk)


@login_required
def round_list(request, year_id: int):
    year = year_in_scope(request.user, year_id)
    committees = _committees_to_open(request.user, year)
    form = None
    if committees:
        form = RoundForm(request.POST or None, committees=committees)
        if request.method == "POST" and form.is_valid():
            committee = form.committees[form.cleaned_data["committee"]]
            try:
                round_ = services.round_create(
                    actor=request.user,
                    programme_year=year,
                    level=form.level_of(committee),
                    committee=committee,
                    name=form.cleaned_data["name"],
                    place=form.cleaned_data["place"],
                    combine=form.cleaned_data["combine"],
                    once=form.cleaned_data["once"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("เปิดรอบการประเมินแล้ว"))
                return redirect("assessment:round", pk=round_.pk)
    elif request.method == "POST":
        raise Http404
    rounds = (
        visible_to(request.user, Round)
        .filter(programme_year=year)
        .select_related("committee", "district")
        .order_by("level", "district_id", "opened_at")
    )
    return render(
        request,
        "assessment/round_list.html",
        {
            "year": year,
            "rounds": rounds,
            "form": form,
            "can_read_summary": permissions.can_read_summary(request.user),
        },
    )


@login_required
def round_detail(request, pk: int):
    round_ = _round(request, pk)
    user = request.user
    can_run = permissions.can_run(user, round_)
    member = selectors.member_of(user, round_)
    entries = selectors.round_entries(round_)
    linkable = set(
        visible_to(user, Unit)
        .filter(pk__in=[e.unit_id for e in entries])
        .values_list("pk", flat=True)
    )
    for entry in entries:
        entry.removable = (
            can_run
            and round_.is_open
            and not selectors.removal_block(entry, decision_count=entry.decision_count)
        )
        entry.unit_link = entry.unit_id in linkable
    if member is not None:
        # A member sees per unit how far they have scored it (n of m indicators).
        progress = selectors.member_progress(member, entries)
        for entry in entries:
            entry.my_scored, entry.my_total = progress[entry.pk]
    if round_.level == RoundLevel.PROVINCE:
        advice = selectors.zone_advice([e.unit_id for e in entries], round_.programme_year_id)
        for entry in entries:
            entry.zone_advice = advice.get(entry.unit_id, [])
    eligible = (
        list(selectors.eligible_units(round_).select_related("district").order_by("name"))
        if can_run and round_.is_open
        else []
    )
    return render(
        request,
        "assessment/round_detail.html",
        {
            "round": round_,
            "entries": entries,
            "eligible": eligible,
            "can_run": can_run,
            "can_decide": permissions.can_decide(user, round_),
            "can_see_all": permissions.can_see_all_scores(user, round_),
            "member": member,
            # A closed round keeps its schedule (services.round_schedule refuses too).
            "schedule_form": ScheduleForm() if can_run and round_.is_open else None,
            "zone_districts": (
                selectors.zone_districts(round_) if round_.level == RoundLevel.ZONE else []
            ),
        },
    )


@login_required
def round_print(request, pk: int):
    round_ = _round(request, pk)
    return render(
        request,
        "assessment/round_print.html",
        {"round": round_, "entries": selectors.round_entries(round_)},
    )


@login_required
@require_POST
def round_add_units(request, pk: int):
    round_ = _round(request, pk)
    raw = request.POST.getlist("unit")
    if not raw or not all(is_small_id(value) for value in raw):
        messages.error(request, _("กรุณาเลือกหน่วยนับ"))
        return redirect("assessment:round", pk=round_.pk)
    run_and_report(
        request,
        services.round_add_units,
        done=_("เพิ่มหน่วยนับเข้ารอบการประเมินแล้ว"),
        round_=round_,
        unit_ids=[int(value) for value in raw],
    )
    return redirect("assessment:round", pk=round_.pk)


@login_required
@require_POST
def round_schedule(request, pk: int):
    round_ = _round(request, pk)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        form_errors_to_messages(request, form)
        return redirect("assessment:round", pk=round_.pk)
    run_and_report(
        request,
        services.round_schedule,
        done=_("จัดตารางเวลานำเสนอแล้ว"),
        round_=round_,
        starts_at=form.starts_at(),
        presentation_minutes=form.cleaned_data["presentation_minutes"],
        questions_minutes=form.cleaned_data["questions_minutes"],
        break_minutes=form.cleaned_data["break_minutes"],
    )
    return redirect("assessment:round", pk=round_.pk)


@login_required
@require_POST
def round_close(request, pk: int):
    round_ = _round(request, pk)
    run_and_report(
        request,
        services.round_close,
        done=_("ปิดรอบการประเมินแล้ว กรรมการทุกคนเห็นคะแนนของกันและกันได้"),
        round_=round_,
    )
    return redirect("assessment:round", pk=round_.pk)


@login_required
def entry_remove(request, pk: int):
    """Taking a unit off its round: a page that lists what would be dropped, then the POST."""
    entry = _entry(request, pk)
    round_ = entry.round
    if not (permissions.can_run(request.user, round_) and round_.is_open):
        messages.error(request, _("นำหน่วยนับออกได้เฉพาะเจ้าหน้าที่ผู้รับผิดชอบรอบที่ยังเปิดอยู่"))
        return redirect("assessment:round", pk=round_.pk)
    form = RemoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_remove_unit(
                actor=request.user,
                round_unit=entry,
                reason=form.cleaned_data["reason"],
                confirm_scores=form.cleaned_data["confirm_scores"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("นำ “%(name)s” ออกจากรอบการประเมินแล้ว หากจัดตารางเวลาไว้ จัดตารางเวลาใหม่ได้")
                % {"name": entry.unit.name},
            )
            return redirect("assessment:round", pk=round_.pk)
    scores = selectors.scores_of(entry)
    return render(
        request,
        "assessment/remove.html",
        {
            "entry": entry,
            "round": round_,
            "unit": entry.unit,
            "form": form,
            "scores": scores,
            "scored_members": len({s.member_id for s in scores}),
            "blocked": selectors.removal_block(entry),
            "decision": selectors.current_decision(entry),
        },
    )


def _score_rows(framework, saved, submitted=None):
    rows = []
    for component in framework.components.all():
        items = []
        for indicator in component.indicators.all():
            if submitted is not None and indicator.pk in submitted:
                level_id, comment = submitted[indicator.pk]
            elif indicator.pk in saved:
                level_id, comment = saved[indicator.pk].level_id, saved[indicator.pk].comment
            else:
                level_id, comment = None, ""
            items.append(
                {
                    "indicator": indicator,
                    "levels": list(indicator.levels.all()),
                    "level_id": level_id,
                    "comment": comment,
                }
            )
        rows.append({"component": component, "indicators": items})
    return rows


def _submitted_scores(
    request, framework, saved
) -> tuple[dict[int, tuple[int | None, str]], list[str]]:
    """Indicator id → (level id, comment) as posted, and what is wrong with it (messages; then
    nothing is saved). A radio cannot be unchecked, so an indicator posted without a level
    keeps its saved one, and a missing comment field keeps the saved comment: a page opened
    before a save elsewhere never wipes what was saved. A comment over the limit is refused,
    not cut, so the member knows and the page shows it back to shorten."""
    submitted: dict[int, tuple[int | None, str]] = {}
    bad_levels = []
    long_comments = []
    for component in framework.components.all():
        for indicator in component.indicators.all():
            before = saved.get(indicator.pk)
            raw = request.POST.get(f"level-{indicator.pk}")
            if raw is None or raw == "":
                level_id = before.level_id if before else None
            elif is_small_id(raw):
                level_id = int(raw)
            else:
                level_id = before.level_id if before else None
                bad_levels.append(indicator.code)
            comment_key = f"comment-{indicator.pk}"
            if comment_key in request.POST:
                comment = clean_text(request.POST[comment_key]).strip()
                if len(comment) > COMMENT_MAX:
                    long_comments.append(indicator.code)
            else:
                comment = before.comment if before else ""
            if before is None and level_id is None and not comment:
                continue
            submitted[indicator.pk] = (level_id, comment)
    problems = []
    if bad_levels:
        problems.append(_("ระดับที่เลือกไม่ถูกต้อง: ตัวบ่งชี้ %s") % ", ".join(bad_levels))
    if long_comments:
        problems.append(
            _("ความเห็นยาวเกิน %(limit)s ตัวอักษร: ตัวบ่งชี้ %(codes)s กรุณาย่อแล้วบันทึกอีกครั้ง")
            % {"limit": f"{COMMENT_MAX:,}", "codes": ", ".join(long_comments)}
        )
    return submitted, problems


@login_required
def entry_score(request, pk: int):
    entry = _entry(request, pk)
    round_ = entry.round
    member = selectors.member_of(request.user, round_)
    if member is None:
        messages.error(request, _("หน้านี้สำหรับกรรมการในคณะที่ประเมินรอบนี้"))
        return redirect("assessment:round", pk=round_.pk)
    framework = selectors.entry_framework(entry)
    if framework is None:
        messages.error(request, _("จังหวัดยังไม่ได้กำหนดเกณฑ์ตัวบ่งชี้ของประเภทนี้สำหรับปีนี้"))
        return redirect("assessment:round", pk=round_.pk)
    saved = selectors.own_scores(entry, member)
    submitted = None
    if request.method == "POST":
        submitted, problems = _submitted_scores(request, framework, saved)
        try:
            if problems:
                raise DomainError(" ".join(problems))
            services.score_save(actor=request.user, round_unit=entry, scores=submitted)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("บันทึกคะแนนแล้ว กลับมาแก้ไขได้จนกว่าคณะกรรมการจะมีมติ"))
            return redirect("assessment:score", pk=entry.pk)
    decision = selectors.current_decision(entry)
    rows = _score_rows(framework, saved, submitted)
    total = sum(len(r["indicators"]) for r in rows)
    done = sum(1 for r in rows for i in r["indicators"] if i["level_id"])
    return render(
        request,
        "assessment/score.html",
        {
            "entry": entry,
            "round": round_,
            "unit": entry.unit,
            "member": member,
            "framework": framework,
            "rows": rows,
            "decision": decision,
            "can_edit": round_.is_open and decision is None,
            "can_see_all": permissions.can_see_all_scores(request.user, round_),
            "unit_link": _unit_visible(request.user, entry.unit_id),
            "comment_max": COMMENT_MAX,
            "done": done,
            "total": total,
            "own_result": selectors.own_result(entry, member, framework),
        },
    )


@login_required
def entry_result(request, pk: int):
    return _render_result(request, _entry(request, pk))


def _render_result(request, entry: RoundUnit, *, decision_form=None, reopen_form=None):
    round_ = entry.round
    user = request.user
    if not permissions.can_see_all_scores(user, round_):
        if selectors.member_of(user, round_) is not None:
            messages.info(request, _("คะแนนของกรรมการท่านอื่นจะเห็นได้เมื่อปิดรอบการประเมินแล้ว"))
            return redirect("assessment:score", pk=entry.pk)
        raise Http404
    framework = selectors.entry_framework(entry)
    combined = selectors.combined_result(entry, framework) if framework else None
    rows = []
    if combined:
        for component in combined.result.components:
            for item in component.indicators:
                scores = combined.by_member.get(item.spec.id, {})
                rows.append(
                    {
                        "component": component.spec.name,
                        "spec": item.spec,
                        "combined": item.score,
                        "members": [scores.get(m.pk) for m in combined.members],
                    }
                )
    decision = selectors.current_decision(entry)
    history = list(
        entry.decisions.select_related("decided_by", "reopened_by").order_by("decided_at", "pk")
    )
    quorum = None
    departure = None
    if decision is None and permissions.can_decide(user, round_):
        decision_form = decision_form or _decision_form(entry)
        quorum = selectors.quorum_needed(len(decision_form.members))
        departure = _departure(entry, framework, decision_form)
        if departure is not None and departure["departs"]:
            decision_form.ask_confirm = True
    else:
        decision_form = None
    if decision is not None and permissions.can_run(user, round_):
        reopen_form = reopen_form or ReopenForm()
    else:
        reopen_form = None
    zone_advice = []
    # The zone groups advise the province; the district's officers read the advice on their
    # own result page too (their committee members do not).
    district_officer = round_.level == RoundLevel.DISTRICT and permissions.can_run(user, round_)
    if round_.level == RoundLevel.PROVINCE or district_officer:
        zone_advice = selectors.zone_advice([entry.unit_id], round_.programme_year_id).get(
            entry.unit_id, []
        )
    # Beside the decision form: the secretary sees when members' scores are missing.
    scored_count = len(combined.members) if combined else 0
    # Only members with an account can score; ex-officio lines without one are not counted.
    member_count = round_.committee.members.filter(user__isnull=False, user__is_active=True).count()
    comments = []
    if combined:
        comments = list(
            entry.scores.exclude(comment="")
            .select_related("member", "indicator")
            .order_by("indicator__component__order", "indicator__order", "member__order")
        )
    return render(
        request,
        "assessment/result.html",
        {
            "entry": entry,
            "round": round_,
            "unit": entry.unit,
            "combined": combined,
            "rows": rows,
            "comments": comments,
            "decision": decision,
            "history": history,
            "decision_form": decision_form,
            "reopen_form": reopen_form,
            "advisory": round_.level in ADVISORY_LEVELS,
            "zone_advice": zone_advice,
            "quorum": quorum,
            "present_members": (
                list(decision.present.order_by("order", "pk")) if decision is not None else []
            ),
            "departure": departure,
            "scored_count": scored_count,
            "member_count": member_count,
            "unit_link": _unit_visible(user, entry.unit_id),
        },
    )


def _decision_form(entry: RoundUnit, data=None) -> DecisionForm:
    round_ = entry.round
    return DecisionForm(
        data,
        outcomes=OUTCOMES_BY_LEVEL.get(round_.level, ()),
        advisory=round_.level in ADVISORY_LEVELS,
        members=selectors.committee_members(round_),
        scored=selectors.scored_member_ids(entry),
    )


def _departure(entry: RoundUnit, framework, form: DecisionForm) -> dict | None:
    """The scores the decision is taken on (the present members'; before a submission, those
    who scored) and whether the chosen outcome departs from them."""
    if framework is None:
        return None
    if form.is_bound and form.is_valid():
        present = form.present_ids()
        outcome = form.cleaned_data["outcome"]
    else:
        present = sorted(form.scored)
        outcome = ""
    combined = selectors.combined_result(entry, framework, present=present)
    return {
        "combined": combined,
        "supported": selectors.scores_support(combined),
        "departs": bool(outcome) and selectors.departs_from_scores(outcome, combined),
    }


@login_required
@require_POST
def entry_decide(request, pk: int):
    entry = _entry(request, pk)
    form = _decision_form(entry, request.POST)
    if form.is_valid():
        try:
            services.decide(
                actor=request.user,
                round_unit=entry,
                outcome=form.cleaned_data["outcome"],
                reasons=form.cleaned_data["reasons"],
                present_member_ids=form.present_ids(),
                missing_reasons=form.missing_reasons(),
                confirmed=form.cleaned_data["confirm"],
            )
        except DomainError as error:
            if error.field == "confirm":
                form.ask_confirm = True
            if selectors.current_decision(entry) is not None:
                # Decided meanwhile (a double click, or the secretary and the officer at
                # once): the result page shows no form to carry the error, so it goes on top.
                messages.error(request, error.message)
                return redirect("assessment:result", pk=entry.pk)
            add_domain_error(form, error)
        else:
            messages.success(request, _("บันทึกมติแล้ว คะแนนของหน่วยนับนี้ถูกล็อก"))
            return redirect("assessment:result", pk=entry.pk)
    return _render_result(request, entry, decision_form=form)


@login_required
@require_POST
def entry_reopen(request, pk: int):
    entry = _entry(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.decision_reopen(
                actor=request.user, round_unit=entry, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("ทบทวนมติแล้ว คะแนนปลดล็อกให้กรรมการแก้ไขได้"))
            return redirect("assessment:result", pk=entry.pk)
    return _render_result(request, entry, reopen_form=form)
