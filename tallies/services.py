"""Keeping the tallies (docs/tallies.md).

Every write that changes what a unit is counted under publishes a domain event; the handlers
(tallies/handlers.py) write a `TallyMark` mark for the unit inside that write's transaction,
so the mark commits or rolls back with it. `drain` then counts the marked units again: it reads
their facts from the rows themselves, moves each unit from its old `Tally` row to its new one,
and deletes the marks. It runs after the write commits and before every read, so no read counts
a unit under a status it has left.

A programme year is counted in full once (`build`), the first time it is read: after the
migration that adds the tallies, after a bulk load (demo data, a benchmark), or whenever
`rebuild` throws a year's tallies away (manage.py tally_rebuild, the tests).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import timedelta
from typing import Any, NamedTuple

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessment.models import RoundLevel, RoundUnit
from certification.models import Certificate
from development.models import Phase, Plan, SelfAssessment
from programme.models import ProgrammeYear
from registration.models import Unit
from tallies.models import Tally, TallyMark, TallyYear, UnitTally

logger = logging.getLogger(__name__)

# How many marked units one drain counts; the rest wait for the next.
DRAIN_BATCH = 500
# Counted marks older than this are deleted by the daily check.
MARKS_KEPT_DAYS = 1
# A drain that meets another's locks (a deadlock on PostgreSQL) tries again this many times.
DRAIN_ATTEMPTS = 3


class Facts(NamedTuple):
    """What a unit is counted under: the key of its `Tally` row."""

    programme_year_id: int
    fiscal_year: int
    province_id: str
    district_id: str
    unit_type: str
    developer_id: int
    status: str
    before_done: bool
    plan_state: str
    after_done: bool
    scheduled: bool
    certificates: int
    revoked: int


# A plan still being written is counted as no plan: no figure tells a draft from none.
SENT_PLAN_STATES = {Plan.State.SUBMITTED, Plan.State.RETURNED, Plan.State.APPROVED}


def _finished(phase: str) -> Exists:
    return Exists(
        SelfAssessment.objects.filter(
            unit=OuterRef("pk"), phase=phase, state=SelfAssessment.State.FINISHED
        )
    )


def facts_of(units: QuerySet[Unit]) -> dict[int, Facts]:
    """Unit id → its facts, read from the rows in one query."""
    rows = (
        units.order_by()
        .annotate(
            before=_finished(Phase.BEFORE),
            after=_finished(Phase.AFTER),
            on_round=Exists(
                RoundUnit.objects.filter(unit=OuterRef("pk"), round__level=RoundLevel.DISTRICT)
            ),
            plan_state_or_none=Coalesce("plan__state", Value("")),
            certificates_n=_count_of(Certificate.objects.filter(unit=OuterRef("pk"))),
            revoked_n=_count_of(
                Certificate.objects.filter(unit=OuterRef("pk"), revoked_at__isnull=False)
            ),
        )
        .values_list(
            "pk",
            "programme_year_id",
            "fiscal_year",
            "district__province_id",
            "district_id",
            "unit_type",
            "responsible_developer_id",
            "status",
            "before",
            "plan_state_or_none",
            "after",
            "on_round",
            "certificates_n",
            "revoked_n",
        )
    )
    result = {}
    for pk, year, fiscal, province, district, kind, developer, status, *rest in rows:
        before, plan_state, after, on_round, certificates, revoked = rest
        result[pk] = Facts(
            programme_year_id=year,
            fiscal_year=fiscal,
            province_id=province,
            district_id=district,
            unit_type=kind,
            developer_id=developer or 0,
            status=status,
            before_done=bool(before),
            plan_state=plan_state if plan_state in SENT_PLAN_STATES else "",
            after_done=bool(after),
            scheduled=bool(on_round),
            certificates=certificates or 0,
            revoked=revoked or 0,
        )
    return result


def _count_of(rows: QuerySet[Any]) -> Subquery:
    return Subquery(
        rows.order_by().values("unit_id").annotate(n=Count("pk")).values("n"),
        output_field=IntegerField(),
    )


def _cells(keys: Iterable[Facts]) -> dict[Facts, int]:
    """The `Tally` row id of each key, made where missing (with no units yet)."""
    wanted = set(keys)
    found: dict[Facts, int] = {}
    if not wanted:
        return found
    exactly = Q()
    for key in wanted:
        exactly |= Q(**_lookup(key))
    for row in Tally.objects.filter(exactly):
        found[_key_of(row)] = row.pk
    for key in sorted(wanted - set(found)):
        try:
            with transaction.atomic():
                found[key] = Tally.objects.create(**key._asdict()).pk
        except IntegrityError:
            # Another drain made it a moment ago.
            found[key] = Tally.objects.get(**_lookup(key)).pk
    return found


def _lookup(key: Facts) -> dict[str, object]:
    values = key._asdict()
    del values["fiscal_year"], values["province_id"]
    return values


def _key_of(row: Tally) -> Facts:
    return Facts(
        programme_year_id=row.programme_year_id,
        fiscal_year=row.fiscal_year,
        province_id=row.province_id,
        district_id=row.district_id,
        unit_type=row.unit_type,
        developer_id=row.developer_id,
        status=row.status,
        before_done=row.before_done,
        plan_state=row.plan_state,
        after_done=row.after_done,
        scheduled=row.scheduled,
        certificates=row.certificates,
        revoked=row.revoked,
    )


def _apply(deltas: Counter[int]) -> None:
    # In id order: two drains moving units between the same rows lock them in the same order.
    for cell_id in sorted(deltas):
        if deltas[cell_id]:
            Tally.objects.filter(pk=cell_id).update(units=F("units") + deltas[cell_id])


def mark(unit_ids: Iterable[int]) -> None:
    """Mark units to count again, inside the caller's transaction."""
    TallyMark.objects.bulk_create(TallyMark(unit_id=pk) for pk in unit_ids)


def version() -> int:
    """The newest mark's id: it moves with every write that changes a unit's facts, so a
    figure computed from those facts may be cached under it (dashboards/cache.py). Build and
    rebuild leave a mark too."""
    return TallyMark.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def recount(unit_ids: Iterable[int]) -> int:
    """Count these units again now: each moves from its old row to the row of its facts. The
    units are locked while counted, so two counts of one unit wait for each other and the
    later one reads what the earlier one wrote. Returns how many units moved."""
    ids = sorted(set(unit_ids))
    if not ids:
        return 0
    with transaction.atomic():
        if connection.features.has_select_for_update:  # SQLite has one writer at a time
            list(Unit.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
        # A year not built yet is counted in full when it is first read.
        built = TallyYear.objects.values("programme_year_id")
        facts = facts_of(Unit.objects.filter(pk__in=ids, programme_year_id__in=built))
        now = {row.unit_id: row for row in UnitTally.objects.filter(unit_id__in=ids)}
        cells = _cells(facts.values())
        deltas: Counter[int] = Counter()
        moved = []
        for pk, key in facts.items():
            cell = cells[key]
            old = now.get(pk)
            if old is not None and old.tally_id == cell:
                continue
            if old is not None:
                deltas[old.tally_id] -= 1
            deltas[cell] += 1
            moved.append(UnitTally(unit_id=pk, tally_id=cell))
        _apply(deltas)
        UnitTally.objects.bulk_create(
            moved, update_conflicts=True, unique_fields=["unit"], update_fields=["tally"]
        )
    return len(moved)


def drain() -> int:
    """Count again every marked unit (a batch at a time) and delete the marks. Returns how
    many marks were taken."""
    taken = 0
    while True:
        marks = list(
            TallyMark.objects.filter(counted_at__isnull=True)
            .order_by("pk")
            .values_list("pk", "unit_id")[:DRAIN_BATCH]
        )
        if not marks:
            return taken
        for attempt in range(1, DRAIN_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    recount(unit_id for _pk, unit_id in marks)
                    TallyMark.objects.filter(pk__in=[pk for pk, _unit in marks]).update(
                        counted_at=timezone.now()
                    )
                break
            except DatabaseError:
                if attempt == DRAIN_ATTEMPTS:
                    raise
                logger.warning("tallies: drain met another's locks (attempt %s)", attempt)
        taken += len(marks)
        if len(marks) < DRAIN_BATCH:
            return taken


def build(years: QuerySet[ProgrammeYear]) -> int:
    """Count in full the programme years of `years` not counted yet. Returns how many."""
    missing = list(
        years.exclude(pk__in=TallyYear.objects.values("programme_year_id")).values_list(
            "pk", flat=True
        )
    )
    for year_id in missing:
        with transaction.atomic():
            # Registrations of the year wait (registration.services._lock_year), and so does a
            # second build of it.
            ProgrammeYear.objects.select_for_update().filter(pk=year_id).first()
            if TallyYear.objects.filter(programme_year_id=year_id).exists():
                continue
            _count_year(year_id)
            TallyYear.objects.create(programme_year_id=year_id)
            # A mark of no unit, counted already: the version moves (what was cached under the
            # old one is counted again).
            TallyMark.objects.create(unit_id=0, counted_at=timezone.now())
    return len(missing)


def _count_year(year_id: int) -> None:
    UnitTally.objects.filter(tally__programme_year_id=year_id).delete()
    Tally.objects.filter(programme_year_id=year_id).delete()
    facts = facts_of(Unit.objects.filter(programme_year_id=year_id))
    counts = Counter(facts.values())
    rows = Tally.objects.bulk_create(
        Tally(units=n, **key._asdict()) for key, n in sorted(counts.items())
    )
    ids = {key: row.pk for key, row in zip(sorted(counts), rows, strict=True)}
    if any(pk is None for pk in ids.values()):  # a database that returns no ids on insert
        ids = {_key_of(row): row.pk for row in Tally.objects.filter(programme_year_id=year_id)}
    UnitTally.objects.bulk_create(
        (UnitTally(unit_id=pk, tally_id=ids[key]) for pk, key in facts.items()), batch_size=5000
    )


def rebuild(years: QuerySet[ProgrammeYear] | None = None) -> None:
    """Throw away the tallies of these programme years (all by default) and count them again."""
    years = ProgrammeYear.objects.all() if years is None else years
    TallyYear.objects.filter(programme_year__in=years).delete()
    build(years)


def ready(years: QuerySet[ProgrammeYear]) -> None:
    """Before a read: the years counted, the marks drained."""
    build(years)
    drain()


def check() -> str:
    """The daily check (core/housekeeping.py): every built year's tallies against a count made
    afresh from the rows. A year that differs — a row changed outside the services, a mark lost
    with a crashed database — is counted again and logged. Returns what it found."""
    drain()
    wrong = []
    for year_id in TallyYear.objects.values_list("programme_year_id", flat=True):
        fresh = Counter(facts_of(Unit.objects.filter(programme_year_id=year_id)).values())
        held = Counter(
            {
                _key_of(row): row.units
                for row in Tally.objects.filter(programme_year_id=year_id, units__gt=0)
            }
        )
        if fresh != held:
            wrong.append(year_id)
    if wrong:
        logger.error("tallies: programme years %s differed from the rows; counted again", wrong)
        rebuild(ProgrammeYear.objects.filter(pk__in=wrong))
    # Counted marks are kept a day, and the newest always (it is the version).
    TallyMark.objects.filter(
        counted_at__lt=timezone.now() - timedelta(days=MARKS_KEPT_DAYS), pk__lt=version()
    ).delete()
    return f"{len(wrong)} programme years counted again"
