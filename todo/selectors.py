"""What is waiting for each person now: the start page's figures (docs/notifications.md
"Start page"). Every figure is an aggregate query over the user's scope, so the page costs the
same at 100 units as at 100,000."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
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


def _finished(phase: str) -> Exists:
    return Exists(
        SelfAssessment.objects.filter(
            unit=OuterRef("pk"), phase=phase, state=SelfAssessment.State.FINISHED
        )
    )


def _units_annotated(units: QuerySet[Unit]) -> QuerySet[Unit]:
    return units.annotate(
        before_done=_finished(Phase.BEFORE),
        after_done=_finished(Phase.AFTER),
        after_started=Exists(SelfAssessment.objects.filter(unit=OuterRef("pk"), phase=Phase.AFTER)),
        plan_state=Subquery(Plan.objects.filter(unit=OuterRef("pk")).values("state")[:1]),
        on_district_round=Exists(
            RoundUnit.objects.filter(unit=OuterRef("pk"), round__level=RoundLevel.DISTRICT)
        ),
    )


def unit_tasks(units: QuerySet[Unit], year: ProgrammeYear) -> list[Task]:
    """The district's (or one developer's) work on its units, counted in one query."""
    complete = Q(status=Status.DOCUMENTS_COMPLETE)
    counts = _units_annotated(units).aggregate(
        waiting_review=Count("pk", filter=Q(status=Status.SUBMITTED)),
        returned=Count("pk", filter=Q(status=Status.DOCUMENTS_RETURNED)),
        drafts=Count("pk", filter=Q(status=Status.DRAFT)),
        no_before=Count("pk", filter=complete & Q(before_done=False)),
        plans_waiting=Count("pk", filter=complete & Q(plan_state=Plan.State.SUBMITTED)),
        plans_returned=Count("pk", filter=complete & Q(plan_state=Plan.State.RETURNED)),
        to_schedule=Count("pk", filter=complete & Q(after_done=True, on_district_round=False)),
    )
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


def stage_of(unit: Unit) -> str:
    if unit.status in (Status.DRAFT, Status.SUBMITTED, Status.DOCUMENTS_RETURNED):
        return "registration"
    if unit.status != Status.DOCUMENTS_COMPLETE:
        return "assessment"
    if not unit.before_done:  # type: ignore[attr-defined]
        return "before"
    if unit.plan_state != Plan.State.APPROVED:  # type: ignore[attr-defined]
        return "plan"
    if not unit.after_started:  # type: ignore[attr-defined]
        return "activities"
    if not unit.after_done:  # type: ignore[attr-defined]
        return "after"
    return "assessment"


@dataclass
class UnitLine:
    unit: Unit
    stage: str
    stage_index: int


def my_units(user: User, year: ProgrammeYear, *, limit: int = 200) -> list[UnitLine]:
    """A developer's own units of the year with their stage, one query."""
    units = (
        _units_annotated(
            visible_to(user, Unit)
            .filter(programme_year=year, responsible_developer=user)
            .exclude(status=Status.WITHDRAWN)
        )
        .select_related("village", "subdistrict")
        .order_by("unit_type", "name")[:limit]
    )
    keys = [key for key, _ in STAGES]
    return [UnitLine(unit=u, stage=stage_of(u), stage_index=keys.index(stage_of(u))) for u in units]


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


def district_page(user: User, year: ProgrammeYear) -> dict:
    district = District.objects.get(pk=user.district_id)
    units = visible_to(user, Unit).filter(programme_year=year)
    mine = user.role == "DEVELOPER"
    if mine:
        units = units.filter(responsible_developer=user)
    status = quota_status(year, districts=[district])
    return {
        "tasks": unit_tasks(units, year),
        "deadlines": deadline_lines(status, district=district),
        "units": my_units(user, year) if mine else None,
        "stages": STAGES,
        "mine": mine,
    }


def province_page(user: User, year: ProgrammeYear) -> dict:
    status = quota_status(year)
    rounds = visible_to(user, Round).filter(programme_year=year)
    waiting_decision = (
        visible_to(user, Unit).filter(programme_year=year, status=Status.RECOMMENDED).count()
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


def committee_page(user: User) -> dict:
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


def department_page(user: User) -> dict:
    """Provinces that have not started the newest fiscal year or approved its frameworks."""
    newest = (
        ProgrammeYear.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()
    )
    if newest is None:
        return {"fiscal_year": None, "not_started": [], "frameworks_waiting": []}
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
    return {"fiscal_year": newest, "not_started": not_started, "frameworks_waiting": waiting}


def today() -> dt.date:
    return timezone.localdate()
