"""What is waiting for each person now: the start page's figures (docs/notifications.md
"Start page"). Every figure is an aggregate query over the user's scope, so the page costs the
same at 100 units as at 100,000: the units' figures are summed from the tallies the workflow's
events keep (docs/tallies.md), not counted from the units at each view."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from assessment.models import Round, RoundLevel, RoundUnit
from committees.models import Member
from core.scope import visible_to
from core.thai import thai_digits
from development.models import Phase, Plan, SelfAssessment
from frameworks.models import Indicator
from geography.models import District, Province
from programme.models import REPORT_DEADLINES, UNIT_TYPE_SHORT, ProgrammeYear, UnitType
from programme.selectors import QuotaStatus, Row, quota_status
from registration.models import Status, Unit
from registration.permissions import handles_own_units_only
from tallies.selectors import tallies

# How far back a passed deadline still shows: a district late by a week is still to be chased.
PASSED_DAYS_SHOWN = 30


@dataclass
class Task:
    """One line of the to-do list: how many, what, and the list behind it."""

    count: int
    label: str
    url: str
    urgent: bool = False


@dataclass
class DeadlineLine:
    label: str
    date: dt.date
    days_left: int
    sent: bool | None  # None: nothing to send for it
    missing: list[str] = field(default_factory=list)
    late_districts: list[str] = field(default_factory=list)
    waiting_districts: list[str] = field(default_factory=list)

    @property
    def urgent(self) -> bool:
        return self.sent is False and self.days_left <= 7

    @property
    def days_ago(self) -> int:
        return -self.days_left


def _with_query(url: str, **query: object) -> str:
    return f"{url}?{urlencode({k: v for k, v in query.items() if v not in (None, '')})}"


def unit_tasks(user: User, year: ProgrammeYear, *, mine: bool) -> list[Task]:
    """The district's (or one developer's) work on its units, summed from the tallies kept by
    the workflow's events (docs/tallies.md): a few hundred rows whatever the number of units."""
    counted = tallies(user, ProgrammeYear.objects.filter(pk=year.pk))
    if mine:
        counted = counted.filter(developer_id=user.pk)
    complete = Q(status=Status.DOCUMENTS_COMPLETE)
    sums = counted.aggregate(
        waiting_review=Sum("units", filter=Q(status=Status.SUBMITTED)),
        returned=Sum("units", filter=Q(status=Status.DOCUMENTS_RETURNED)),
        drafts=Sum("units", filter=Q(status=Status.DRAFT)),
        no_before=Sum("units", filter=complete & Q(before_done=False)),
        plans_waiting=Sum("units", filter=complete & Q(plan_state=Plan.State.SUBMITTED)),
        plans_returned=Sum("units", filter=complete & Q(plan_state=Plan.State.RETURNED)),
        to_schedule=Sum("units", filter=complete & Q(after_done=True, scheduled=False)),
    )
    counts = {key: value or 0 for key, value in sums.items()}
    register = reverse("registration:register")
    progress = reverse("development:progress", kwargs={"year_id": year.pk})
    rounds = reverse("assessment:rounds", kwargs={"year_id": year.pk})
    lines = [
        (
            "waiting_review",
            _("เอกสารรอตรวจ"),
            _with_query(register, year=year.pk, status=Status.SUBMITTED),
        ),
        (
            "returned",
            _("ส่งคืนเอกสารแล้ว ยังไม่ได้แก้ไข"),
            _with_query(register, year=year.pk, status=Status.DOCUMENTS_RETURNED),
        ),
        ("drafts", _("ใบสมัครร่างที่ยังไม่ยื่น"), _with_query(register, year=year.pk, status=Status.DRAFT)),
        ("no_before", _("ยังไม่ได้ประเมินตนเองก่อนการพัฒนา"), _with_query(progress, stage="no_before")),
        ("plans_waiting", _("แผนพัฒนาตนเองรอพิจารณา"), _with_query(progress, stage="plan_submitted")),
        ("plans_returned", _("แผนถูกส่งคืนให้ปรับปรุง"), _with_query(progress, stage="plan_returned")),
        ("to_schedule", _("ประเมินหลังการพัฒนาแล้ว ยังไม่ได้จัดเข้ารอบการประเมิน"), rounds),
    ]
    return [
        Task(count=counts[key], label=label, url=url, urgent=key in ("waiting_review", "returned"))
        for key, label, url in lines
        if counts[key]
    ]


# A unit's place in the year at a glance (issue 12): the six stages a developer follows.
STAGES = [
    ("registration", _("รับสมัคร")),
    ("before", _("ประเมินก่อนการพัฒนา")),
    ("plan", _("แผนพัฒนาตนเอง")),
    ("activities", _("พัฒนาตามแผน")),
    ("after", _("ประเมินหลังการพัฒนา")),
    ("assessment", _("คณะกรรมการประเมิน")),
]


def stage_of(status: str, *, before: str | None, plan: str | None, after: str | None) -> str:
    """The stage from the unit's status and the states of its self-assessments and plan."""
    finished = SelfAssessment.State.FINISHED
    if status in (Status.DRAFT, Status.SUBMITTED, Status.DOCUMENTS_RETURNED):
        return "registration"
    if status != Status.DOCUMENTS_COMPLETE:
        return "assessment"
    if before != finished:
        return "before"
    if plan != Plan.State.APPROVED:
        return "plan"
    if after is None:
        return "activities"
    if after != finished:
        return "after"
    return "assessment"


def stage_cells() -> list[SafeString]:
    """For each stage a unit may be at, its row's cells: ✓ for a stage passed, the stage it is
    at in bold. Six rows made once, not a template loop of six cells for each of fifty rows
    (that cost as much as the rest of the page)."""
    passed, here = _("ผ่านแล้ว"), _("อยู่ขั้นนี้")

    def cell(i: int, at: int) -> SafeString | str:
        if i < at:
            return format_html('<span aria-label="{}">✓</span>', passed)
        return format_html("<strong>{}</strong>", here) if i == at else ""

    return [
        format_html_join("", "<td>{}</td>", ((cell(i, at),) for i in range(len(STAGES))))
        for at in range(len(STAGES))
    ]


def my_units(user: User, year: ProgrammeYear, *, limit: int = 50) -> SafeString:
    """A developer's own units of the year with their stage, as the table's rows: the units,
    then their self-assessments and plans, in one query each. The rows are made here, as one
    piece of HTML: a template loop over fifty rows cost as much as the rest of the page."""
    # In the order of their own index (unit_developer_list): the first fifty straight from it.
    units = list(
        visible_to(user, Unit)
        .filter(programme_year=year, responsible_developer=user)
        .exclude(status=Status.WITHDRAWN)
        .order_by("unit_type", "name")
        .values_list("pk", "name", "unit_type", "status")[:limit]
    )
    ids = [pk for pk, *_rest in units]
    assessments = {
        (unit_id, phase): state
        for unit_id, phase, state in SelfAssessment.objects.filter(unit_id__in=ids).values_list(
            "unit_id", "phase", "state"
        )
    }
    plans = dict(Plan.objects.filter(unit_id__in=ids).values_list("unit_id", "state"))
    keys = [key for key, _ in STAGES]
    # One reverse for the list, not one a row: fifty rows' reverses cost as much as the page.
    detail = reverse("registration:detail", args=[0])
    cells = stage_cells()
    type_labels = {value: str(label) for value, label in UnitType.choices}
    rows = []
    for pk, name, unit_type, status in units:
        stage = stage_of(
            status,
            before=assessments.get((pk, Phase.BEFORE)),
            plan=plans.get(pk),
            after=assessments.get((pk, Phase.AFTER)),
        )
        rows.append(
            (
                detail.replace("/0/", f"/{pk}/"),
                name,
                type_labels[unit_type],
                cells[keys.index(stage)],
            )
        )
    return format_html_join(
        "\n",
        '<tr><td><a href="{}">{}</a><div class="muted">{}</div></td>{}</tr>',
        rows,
    )


def _type_label(unit_type: str) -> str:
    return str(UNIT_TYPE_SHORT[unit_type])


def deadline_lines(status: QuotaStatus, *, district: District | None) -> list[DeadlineLine]:
    """The year's deadlines still ahead (and those passed within a month), each with what is
    still missing: for a district, whether it has sent its report and the types short of the
    quota; for a province, the districts that have not sent yet and those late."""
    lines: list[DeadlineLine] = []
    shortfalls: list[str] = []
    if district is not None:
        row = next((r for r in status.districts if r.district == district), None)
        if row is not None:
            shortfalls = _short_of(status, row)
    all_districts = [r.district.display_name for r in status.districts if r.district is not None]
    for deadline in status.deadlines:
        if deadline.days_left < -PASSED_DAYS_SHOWN:
            continue
        line = DeadlineLine(
            label=deadline.label,
            date=deadline.date,
            days_left=deadline.days_left,
            sent=None,
        )
        if deadline.key in REPORT_DEADLINES:
            sent_names = {name for name, _report in deadline.sent}
            if district is not None:
                line.sent = district.display_name in sent_names
                if deadline.key == REPORT_DEADLINES[0] and not line.sent:
                    line.missing = shortfalls
            else:
                line.waiting_districts = [n for n in all_districts if n not in sent_names]
                line.late_districts = list(deadline.missed_by)
                line.sent = not line.waiting_districts
        elif deadline.days_left < 0:
            continue  # a passed date with nothing to send is history, not work
        lines.append(line)
    return lines


def _short_of(status: QuotaStatus, row: Row) -> list[str]:
    """["ขาดประเภทเครือข่ายองค์กรชุมชน ๑ หน่วยนับ", …] for the types the row is short of."""
    return [
        ngettext(
            "ขาดประเภท%(type)s %(count)s หน่วยนับ", "ขาดประเภท%(type)s %(count)s หน่วยนับ", cell.short
        )
        % {"type": _type_label(unit_type), "count": thai_digits(cell.short)}
        for (unit_type, _label), cell in zip(status.types, row.cells, strict=True)
        if cell.short
    ]


def quota_shortfalls(status: QuotaStatus) -> list[tuple[str, list[str]]]:
    """(district, what it is short of) for each district short of a quota."""
    return [(row.label, _short_of(status, row)) for row in status.districts if not row.all_met]


def district_page(user: User, year: ProgrammeYear) -> dict[str, Any]:
    """A district officer's or a community developer's page."""
    district = District.objects.get(pk=user.district_id)
    mine = handles_own_units_only(user)
    status = quota_status(year, districts=[district])
    return {
        "tasks": unit_tasks(user, year, mine=mine),
        "deadlines": deadline_lines(status, district=district),
        "units": my_units(user, year) if mine else None,
        "stages": STAGES,
        "mine": mine,
    }


def province_page(user: User, year: ProgrammeYear) -> dict[str, Any]:
    """A province officer's page."""
    districts = list(District.objects.filter(province_id=year.province_id).order_by("code"))
    status = quota_status(year, districts=districts)
    rounds = visible_to(user, Round).filter(programme_year=year)
    waiting_decision = (
        tallies(user, ProgrammeYear.objects.filter(pk=year.pk))
        .filter(status=Status.RECOMMENDED)
        .aggregate(n=Sum("units"))["n"]
        or 0
    )
    open_rounds = rounds.filter(level=RoundLevel.PROVINCE, state=Round.State.OPEN).count()
    tasks = []
    rounds_url = reverse("assessment:rounds", kwargs={"year_id": year.pk})
    if waiting_decision:
        tasks.append(
            Task(
                count=waiting_decision,
                label=_("หน่วยนับที่อำเภอเสนอ รอคณะกรรมการจังหวัดพิจารณา"),
                url=_with_query(
                    reverse("registration:register"), year=year.pk, status=Status.RECOMMENDED
                ),
                urgent=True,
            )
        )
    if open_rounds:
        tasks.append(
            Task(count=open_rounds, label=_("รอบการประเมินระดับจังหวัดที่ยังเปิดอยู่"), url=rounds_url)
        )
    return {
        "tasks": tasks,
        "deadlines": deadline_lines(status, district=None),
        "shortfalls": quota_shortfalls(status),
    }


@dataclass
class EntryLine:
    entry: RoundUnit
    scored: int
    indicators: int

    @property
    def done(self) -> bool:
        return self.indicators > 0 and self.scored >= self.indicators


def committee_page(user: User) -> dict[str, Any]:
    """A member's open rounds, and per unit how many indicators they have scored."""
    members = list(Member.objects.filter(user=user).values_list("pk", flat=True))
    entries = (
        visible_to(user, RoundUnit)
        .filter(round__state=Round.State.OPEN)
        .select_related("round", "unit")
        .annotate(
            scored=Count(
                "scores",
                filter=Q(scores__member_id__in=members, scores__level__isnull=False),
                distinct=True,
            )
        )
        .order_by("round__programme_year__fiscal_year", "round_id", "order", "pk")
    )
    # The indicators of each year's framework per type: what "n of m" counts against.
    indicator_counts = {
        (row["year"], row["unit_type"]): row["n"]
        for row in Indicator.objects.filter(component__framework__programme_year__isnull=False)
        .values(
            year=F("component__framework__programme_year_id"),
            unit_type=F("component__framework__unit_type"),
        )
        .annotate(n=Count("pk"))
    }
    rounds: dict[Round, list[EntryLine]] = {}
    for entry in entries:
        total = indicator_counts.get((entry.round.programme_year_id, entry.unit.unit_type), 0)
        rounds.setdefault(entry.round, []).append(
            EntryLine(entry=entry, scored=entry.scored, indicators=total)
        )
    return {"rounds": list(rounds.items())}


def department_page(user: User) -> dict[str, Any]:
    """Provinces that have not started the newest fiscal year, approved its frameworks or sent
    its year-end report to the department."""
    newest = (
        ProgrammeYear.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    )
    if newest is None:
        return {
            "fiscal_year": None,
            "not_started": [],
            "frameworks_waiting": [],
            "report_not_sent": [],
        }
    years = ProgrammeYear.objects.filter(fiscal_year=newest)
    started = set(years.values_list("province_id", flat=True))
    not_started = list(Province.objects.exclude(pk__in=started).order_by("name_th"))
    approved_types = Count(
        "frameworks", filter=Q(frameworks__approved_at__isnull=False), distinct=True
    )
    waiting = [
        y
        for y in years.select_related("province")
        .annotate(approved=approved_types)
        .order_by("province__name_th")
        if y.approved < len(UnitType.choices)
    ]
    # The year-end report goes to the department once the year's results are in (seed 001
    # §2.7); reports.services.year_end_report_send records it.
    report_not_sent = list(
        years.filter(year_end_report_sent__isnull=True)
        .select_related("province")
        .order_by("province__name_th")
    )
    return {
        "fiscal_year": newest,
        "not_started": not_started,
        "frameworks_waiting": waiting,
        "report_not_sent": report_not_sent,
    }


def today() -> dt.date:
    return timezone.localdate()
