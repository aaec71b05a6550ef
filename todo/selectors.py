"""What is waiting for each person now: the start page's figures (docs/notifications.md
"Start page"). Every figure is an aggregate query over the user's scope, so the page costs the
same at 100 units as at 100,000; a district's and a province's counted page is kept until the
next write in its scope (`_kept`), so opening the page again counts nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from accounts.models import User
from assessment.models import Round, RoundLevel, RoundUnit
from audit.models import AuditEntry
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


def _count_by_status(units: QuerySet[Unit]) -> dict[str, int]:
    return {row["status"]: row["n"] for row in units.values("status").annotate(n=Count("pk"))}


def unit_tasks(units: QuerySet[Unit], year: ProgrammeYear) -> list[Task]:
    """The district's (or one developer's) work on its units. Each figure is one indexed join
    or GROUP BY, not a subquery per unit: the page stays flat at a province's 100,000 units."""
    by_status = _count_by_status(units)
    complete = units.filter(status=Status.DOCUMENTS_COMPLETE)
    # Both phases' figures in one pass over the finished self-assessments of accepted units.
    on_district_round = RoundUnit.objects.filter(
        unit_id=OuterRef("unit_id"), round__level=RoundLevel.DISTRICT
    )
    finished = SelfAssessment.objects.filter(
        unit__in=complete, state=SelfAssessment.State.FINISHED
    ).aggregate(
        before=Count("pk", filter=Q(phase=Phase.BEFORE)),
        to_schedule=Count("pk", filter=Q(~Exists(on_district_round), phase=Phase.AFTER)),
    )
    before_done, to_schedule = finished["before"], finished["to_schedule"]
    plans = {
        row["state"]: row["n"]
        for row in Plan.objects.filter(unit__in=complete).values("state").annotate(n=Count("pk"))
    }
    counts = {
        "waiting_review": by_status.get(Status.SUBMITTED, 0),
        "returned": by_status.get(Status.DOCUMENTS_RETURNED, 0),
        "drafts": by_status.get(Status.DRAFT, 0),
        "no_before": by_status.get(Status.DOCUMENTS_COMPLETE, 0) - before_done,
        "plans_waiting": plans.get(Plan.State.SUBMITTED, 0),
        "plans_returned": plans.get(Plan.State.RETURNED, 0),
        "to_schedule": to_schedule,
    }
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


def stage_of(unit: Unit, *, before: str | None, plan: str | None, after: str | None) -> str:
    """The stage from the unit's status and the states of its self-assessments and plan."""
    finished = SelfAssessment.State.FINISHED
    if unit.status in (Status.DRAFT, Status.SUBMITTED, Status.DOCUMENTS_RETURNED):
        return "registration"
    if unit.status != Status.DOCUMENTS_COMPLETE:
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


@dataclass(frozen=True)
class UnitLine:
    """One of a developer's units with its stage: plain values, so the kept page is small."""

    pk: int
    name: str
    type_label: str
    url: str
    stage: str
    stage_index: int

    cells: SafeString  # the row's stage cells (stage_cells)


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


def my_units(user: User, year: ProgrammeYear, *, limit: int = 50) -> list[UnitLine]:
    """A developer's own units of the year with their stage: the units, then their
    self-assessments, plans and district rounds in one query each."""
    # The developer's units by their own index (unit_developer_year_status), then the scope:
    # filtered together, SQLite walks the whole district by the (year, district) index instead.
    own = Unit.objects.filter(programme_year=year, responsible_developer=user).exclude(
        status=Status.WITHDRAWN
    )
    units = list(
        visible_to(user, Unit)
        .filter(pk__in=own.values("pk"))
        .only("pk", "name", "unit_type", "status")
        .order_by("unit_type", "name")[:limit]
    )
    ids = [u.pk for u in units]
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
    lines = []
    for unit in units:
        stage = stage_of(
            unit,
            before=assessments.get((unit.pk, Phase.BEFORE)),
            plan=plans.get(unit.pk),
            after=assessments.get((unit.pk, Phase.AFTER)),
        )
        lines.append(
            UnitLine(
                pk=unit.pk,
                name=unit.name,
                type_label=str(unit.get_unit_type_display()),
                url=detail.replace("/0/", f"/{unit.pk}/"),
                stage=stage,
                stage_index=keys.index(stage),
                cells=cells[keys.index(stage)],
            )
        )
    return lines


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


# --- the counted page, kept until the next write in its scope ------------------------------
#
# Counting a district's 30,000 units takes tens of milliseconds, and the page is opened far more
# often than the district writes. Every write of the system — a workflow move, an upload, an
# assignment, a round's entry, a quota — writes its audit row in its own transaction, filed
# under the unit's district or, for the province's and the department's own rows, under none
# (docs/conventions.md "Writes go through services"). So the newest audit row of the page's
# districts and of the rows without a district is the version of everything the page counts:
# the counted page is kept under it, and any write makes a new key that the next view counts
# afresh. Kept per day and language too: days left and labels are part of it.

# A page counted within this many seconds of its newest write is shown but not kept: a
# transaction that took an earlier audit id may commit a moment after a later one (PostgreSQL),
# and must not be left out of a kept page.
SETTLE_SECONDS = 30
KEEP_SECONDS = 24 * 60 * 60


# How far back, in audit rows of the whole system, a district's newest row is looked for. A
# district with no row among the last RECENT_ROWS is "quiet" in the window of the newest rows it
# falls in: its key still changes when it writes (the new row is the newest of all) and when the
# window moves on (a page counted before an older write is never taken for one counted after).
# The bound keeps the look-up short on PostgreSQL, where audit_auditentry's index on district_id
# alone does not give a district's newest row directly.
RECENT_ROWS = 5000


def _audit_stamp(district_ids: list[str]) -> tuple[str, bool]:
    """(a key for the newest audit rows of these districts and of those without a district,
    whether they are settled): the system's newest audit id, then one bounded look-up a
    district."""
    now = timezone.now()
    newest_of_all = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    floor = newest_of_all - RECENT_ROWS
    parts: list[str] = []
    settled = True
    for district_id in [*district_ids, ""]:
        newest = (
            AuditEntry.objects.filter(district_id=district_id, id__gt=floor)
            .order_by("-id")
            .values_list("id", "at")
            .first()
        )
        if newest is None:
            parts.append(f"q{floor // RECENT_ROWS}")
            continue
        parts.append(str(newest[0]))
        if (now - newest[1]).total_seconds() < SETTLE_SECONDS:
            settled = False
    return ".".join(parts), settled


def _kept(
    scope: str, district_ids: list[str], count: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    """The page `count` makes for `scope`, from the cache while nothing in the districts (or
    without a district) has been written since it was counted."""
    stamp, settled = _audit_stamp(district_ids)
    key = f"todo:{scope}:{timezone.localdate().isoformat()}:{get_language()}:{stamp}"
    kept: dict[str, Any] | None = cache.get(key)
    if kept is not None:
        return kept
    page = count()
    if settled:
        cache.set(key, page, KEEP_SECONDS)
    return page


def district_page(user: User, year: ProgrammeYear) -> dict[str, Any]:
    """A district officer's or a community developer's page, counted once per change."""
    if user.district_id is None:
        return _district_page(user, year)
    scope = f"{user.role}:{user.pk}:{user.district_id}:{year.pk}"
    return _kept(scope, [user.district_id], lambda: _district_page(user, year))


def _district_page(user: User, year: ProgrammeYear) -> dict[str, Any]:
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


def province_page(user: User, year: ProgrammeYear) -> dict[str, Any]:
    """A province officer's page, counted once per change in the province."""
    districts = list(District.objects.filter(province_id=year.province_id).order_by("code"))
    scope = f"{user.role}:{user.province_id}:{year.pk}"
    return _kept(scope, [d.pk for d in districts], lambda: _province_page(user, year, districts))


def _province_page(user: User, year: ProgrammeYear, districts: list[District]) -> dict[str, Any]:
    status = quota_status(year, districts=districts)
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
