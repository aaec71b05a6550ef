"""Keeping the tallies (docs/tallies.md).

Every write that changes what a unit is counted under publishes a domain event; the handlers
(tallies/handlers.py) write a `TallyMark` mark for the unit inside that write's transaction,
so the mark commits or rolls back with it. `drain` then counts the marked units again: it reads
their facts from the rows themselves, moves each unit from its old `Tally` row to its new one,
and deletes the marks. It runs after the write commits and before every read, so no read counts
a unit under a status it has left.

A programme year is counted in full once (`build`): when it opens, or the first time it is read
after the migration that adds the tallies or a bulk load (demo data, a benchmark), or whenever
`rebuild` throws a year's tallies away (manage.py tally_rebuild, the tests).
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from assessment.models import RoundLevel, RoundUnit
from certification.models import Certificate
from development.models import Answer, Phase, Plan, SelfAssessment
from programme.models import ProgrammeYear
from registration.models import Status, Unit
from registration.workflow import (
    ACCEPTED_STATUSES,
    APPLICANT_STATUSES,
    ASSESSED_STATUSES,
    RECOMMENDED_STATUSES,
)
from tallies.models import ChangeTally, DistrictTally, Tally, TallyMark, TallyYear, UnitTally

logger = logging.getLogger(__name__)

# How many marked units one drain counts; the rest wait for the next.
DRAIN_BATCH = 500
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


def _row_ids(
    model: Any, rows: dict[Any, dict[str, Any]], unique: tuple[str, ...]
) -> dict[Any, int]:
    """The id of the `model` row holding each key's values, made (empty) where missing.
    `unique` names the columns of the model's unique constraint."""
    if not rows:
        return {}
    by_unique = {tuple(values[f] for f in unique): key for key, values in rows.items()}
    exactly = Q()
    for values in rows.values():
        exactly |= Q(**{f: values[f] for f in unique})
    ids = {
        by_unique[tuple(found[f] for f in unique)]: found["pk"]
        for found in model.objects.filter(exactly).values("pk", *unique)
    }
    for key in sorted(set(rows) - set(ids)):
        try:
            with transaction.atomic():
                ids[key] = model.objects.create(**rows[key]).pk
        except IntegrityError:  # another drain made it a moment ago
            ids[key] = model.objects.get(**{f: rows[key][f] for f in unique}).pk
    return ids


def _add_to(model: Any, changes: dict[int, dict[str, Any]]) -> None:
    """Add each row's changes (row id → column → amount), in id order: two drains moving
    units between the same rows lock them in the same order."""
    for row_id in sorted(changes):
        amounts = {name: F(name) + value for name, value in changes[row_id].items() if value}
        if amounts:
            model.objects.filter(pk=row_id).update(**amounts)


# The columns of each table's unique constraint (tallies/models.py).
TALLY_UNIQUE = tuple(f for f in Facts._fields if f not in ("fiscal_year", "province_id"))


def _cells(keys: Iterable[Facts]) -> dict[Facts, int]:
    """The `Tally` row id of each key, made where missing (with no units yet)."""
    return _row_ids(Tally, {key: key._asdict() for key in set(keys)}, TALLY_UNIQUE)


def _key_of(row: Tally) -> Facts:
    return Facts(*(getattr(row, name) for name in Facts._fields))


# --- a district-year's figures for one type (tallies.DistrictTally) --------------------------

# The dashboards' figures, in the order of figures_of.
FIGURES = (
    "registered",
    "accepted",
    "before_done",
    "plan_approved",
    "after_done",
    "recommended",
    "certified",
    "assessed",
    "submitted",
    "returned",
    "certificates",
    "revoked",
)
# (programme year, fiscal year, province, district, type): a DistrictTally row.
Place = tuple[int, int, str, str, str]
PLACE_FIELDS = ("programme_year_id", "fiscal_year", "province_id", "district_id", "unit_type")


def figures_of(key: Facts) -> tuple[int, ...]:
    """What one unit with these facts adds to each figure: the stages of the year's funnel as
    dashboards/stages.py defines them on units (every stage after registration only for
    accepted units), the pass rate's denominator, and its certificates."""
    accepted = key.status in ACCEPTED_STATUSES
    return (
        int(key.status in APPLICANT_STATUSES),
        int(accepted),
        int(accepted and key.before_done),
        int(accepted and key.plan_state == Plan.State.APPROVED),
        int(accepted and key.after_done),
        int(key.status in RECOMMENDED_STATUSES),
        int(key.status == Status.CERTIFIED),
        int(key.status in ASSESSED_STATUSES),
        int(key.status == Status.SUBMITTED),
        int(key.status == Status.DOCUMENTS_RETURNED),
        key.certificates,
        key.revoked,
    )


def _place(key: Facts) -> Place:
    return (key.programme_year_id, key.fiscal_year, key.province_id, key.district_id, key.unit_type)


def _figure_rows(counts: dict[Facts, int]) -> dict[Place, list[int]]:
    """Cell counts (or their changes) → each place's figures (or their changes)."""
    rows: dict[Place, list[int]] = {}
    for key, n in counts.items():
        if not n:
            continue
        row = rows.setdefault(_place(key), [0] * len(FIGURES))
        for i, value in enumerate(figures_of(key)):
            row[i] += n * value
    return rows


def _apply_figures(changes: dict[Place, list[int]]) -> None:
    """Add each place's figure changes to its row, made where missing."""
    wanted = {place: values for place, values in changes.items() if any(values)}
    ids = _row_ids(
        DistrictTally,
        {place: dict(zip(PLACE_FIELDS, place, strict=True)) for place in wanted},
        ("programme_year_id", "district_id", "unit_type"),
    )
    _add_to(
        DistrictTally,
        {ids[place]: dict(zip(FIGURES, values, strict=True)) for place, values in wanted.items()},
    )


def _place_of(row: DistrictTally) -> Place:
    return tuple(getattr(row, name) for name in PLACE_FIELDS)


# --- the before → after change's sums (tallies.ChangeTally) ----------------------------------

# (programme year, fiscal year, province, type, phase, framework, component): a row.
ChangeKey = tuple[int, int, str, str, str, int, int]
FINISHED = SelfAssessment.State.FINISHED


def adds_to_change(key: Facts) -> bool:
    """Whether a unit with these facts is in the change figure (dashboards/selectors.py)."""
    return key.status in ACCEPTED_STATUSES and key.before_done and key.after_done


def contributions(units: QuerySet[Unit]) -> dict[int, dict[ChangeKey, tuple[int, Decimal]]]:
    """Unit id → what it adds to the change rows: per phase one unit under its framework
    (component 0), and per component the points of its finished answers. Two queries."""
    added: dict[int, dict[ChangeKey, tuple[int, Decimal]]] = defaultdict(dict)
    place: dict[tuple[int, str], tuple[int, int, str, str, int]] = {}
    finished = SelfAssessment.objects.filter(unit__in=units, state=FINISHED)
    for unit_id, phase, framework, year, fiscal, province, kind in finished.values_list(
        "unit_id",
        "phase",
        "framework_id",
        "unit__programme_year_id",
        "unit__fiscal_year",
        "unit__district__province_id",
        "unit__unit_type",
    ):
        place[(unit_id, phase)] = (year, fiscal, province, kind, framework)
        added[unit_id][(year, fiscal, province, kind, phase, framework, 0)] = (1, Decimal(0))
    for row in (
        Answer.objects.filter(
            assessment__unit__in=units, assessment__state=FINISHED, level__isnull=False
        )
        .order_by()
        .values("assessment__unit_id", "assessment__phase", "indicator__component_id")
        .annotate(
            points=Sum(
                F("indicator__weight") * F("level__score"),
                output_field=DecimalField(max_digits=16, decimal_places=4),
            )
        )
    ):
        unit_id, phase = row["assessment__unit_id"], row["assessment__phase"]
        if (unit_id, phase) not in place:  # finished between the two queries: not this time
            continue
        year, fiscal, province, kind, framework = place[(unit_id, phase)]
        key = (year, fiscal, province, kind, phase, framework, row["indicator__component_id"])
        added[unit_id][key] = (0, Decimal(row["points"] or 0))
    return added


CHANGE_FIELDS = (
    "programme_year_id",
    "fiscal_year",
    "province_id",
    "unit_type",
    "phase",
    "framework_id",
    "component_id",
)


def _change_key_of(row: ChangeTally) -> ChangeKey:
    return tuple(getattr(row, name) for name in CHANGE_FIELDS)


def _apply_change(deltas: dict[ChangeKey, list[Any]]) -> None:
    """Add (units, points) to each row, made where missing."""
    wanted = {key: delta for key, delta in deltas.items() if delta[0] or delta[1]}
    ids = _row_ids(
        ChangeTally,
        {key: dict(zip(CHANGE_FIELDS, key, strict=True)) for key in wanted},
        tuple(f for f in CHANGE_FIELDS if f not in ("fiscal_year", "province_id")),
    )
    _add_to(
        ChangeTally,
        {ids[key]: {"units": units, "points": points} for key, (units, points) in wanted.items()},
    )


def _change_rows(unit_ids: list[int]) -> dict[ChangeKey, tuple[int, Decimal]]:
    """The change rows these units make, summed (for a build and the daily check), a chunk of
    units a query."""
    summed: dict[ChangeKey, tuple[int, Decimal]] = {}
    for start in range(0, len(unit_ids), 5000):
        chunk = Unit.objects.filter(pk__in=unit_ids[start : start + 5000])
        for added in contributions(chunk).values():
            for key, (n, points) in added.items():
                had_n, had_points = summed.get(key, (0, Decimal(0)))
                summed[key] = (had_n + n, had_points + points)
    return summed


def _in_change(facts: dict[int, Facts]) -> list[int]:
    """The units among these that are in the change figure, by the facts read with them (one
    reading: a unit that finishes in between is not counted half)."""
    return sorted(pk for pk, key in facts.items() if adds_to_change(key))


def mark(unit_ids: Iterable[int]) -> None:
    """Mark units to count again, inside the caller's transaction."""
    TallyMark.objects.bulk_create(TallyMark(unit_id=pk) for pk in unit_ids)


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
        # Then the units' years, in order: a build or a rebuild of a year (which takes the
        # same row first) and a count of its units wait for each other, and never deadlock.
        # A year not built yet is counted in full when it is built; its marks wait (drain).
        built = list(
            TallyYear.objects.select_for_update()
            .filter(
                programme_year_id__in=Unit.objects.filter(pk__in=ids).values("programme_year_id")
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        facts = facts_of(Unit.objects.filter(pk__in=ids, programme_year_id__in=built))
        now = {row.unit_id: row for row in UnitTally.objects.filter(unit_id__in=ids)}
        old_keys = {
            row.pk: _key_of(row)
            for row in Tally.objects.filter(pk__in={row.tally_id for row in now.values()})
        }
        cells = _cells(facts.values())
        deltas: Counter[int] = Counter()
        moved = []
        # Units that enter the change figure (+1) or leave it (-1).
        change_sign: dict[int, int] = {}
        for pk, key in facts.items():
            cell = cells[key]
            old = now.get(pk)
            if old is not None and old.tally_id == cell:
                continue
            if old is not None:
                deltas[old.tally_id] -= 1
            deltas[cell] += 1
            moved.append(UnitTally(unit_id=pk, tally_id=cell))
            was = old is not None and adds_to_change(old_keys[old.tally_id])
            if was != adds_to_change(key):
                change_sign[pk] = -1 if was else 1
        _add_to(Tally, {cell: {"units": n} for cell, n in deltas.items()})
        keys_by_id = {**old_keys, **{cell: key for key, cell in cells.items()}}
        _apply_figures(_figure_rows({keys_by_id[cell]: n for cell, n in deltas.items()}))
        if change_sign:
            change_deltas: dict[ChangeKey, list[Any]] = defaultdict(lambda: [0, Decimal(0)])
            for unit_id, added in contributions(
                Unit.objects.filter(pk__in=list(change_sign))
            ).items():
                for change_key, (n, points) in added.items():
                    change_deltas[change_key][0] += change_sign[unit_id] * n
                    change_deltas[change_key][1] += change_sign[unit_id] * points
            _apply_change(change_deltas)
        UnitTally.objects.bulk_create(
            moved, update_conflicts=True, unique_fields=["unit"], update_fields=["tally"]
        )
        if moved:
            TallyYear.objects.filter(
                programme_year_id__in={key.programme_year_id for key in keys_by_id.values()}
            ).update(version=F("version") + 1)
    return len(moved)


def drain() -> int:
    """Count again every marked unit (a batch at a time) and delete the marks. Returns how
    many marks were taken."""
    taken = 0
    while True:
        # The marks of units whose year is counted: the others wait for its build, which
        # reads every unit afresh (a mark taken before the build commits would be lost).
        counted = Unit.objects.filter(
            programme_year_id__in=TallyYear.objects.values("programme_year_id")
        ).values("pk")
        marks = list(
            TallyMark.objects.filter(unit_id__in=counted)
            .order_by("pk")
            .values_list("pk", "unit_id")[:DRAIN_BATCH]
        )
        if not marks:
            return taken
        _retried(lambda marks=marks: _count_marks(marks), "a drain")
        taken += len(marks)
        if len(marks) < DRAIN_BATCH:
            return taken


def _count_marks(marks: list[tuple[int, int]]) -> None:
    with transaction.atomic():
        recount(unit_id for _pk, unit_id in marks)
        TallyMark.objects.filter(pk__in=[pk for pk, _unit in marks]).delete()


def build(years: QuerySet[ProgrammeYear], *, again: bool = False) -> int:
    """Count in full the programme years of `years` not counted yet (all of them, `again`).
    Returns how many."""
    if not again:
        years = years.exclude(pk__in=TallyYear.objects.values("programme_year_id"))
    missing = list(years.values_list("pk", flat=True))
    for year_id in missing:
        _retried(lambda year_id=year_id: _build_one(year_id, again=again), "a build")
    return len(missing)


def _retried(work: Any, what: str) -> None:
    """`work()`, tried again when it meets another's locks (a deadlock on PostgreSQL)."""
    for attempt in range(1, DRAIN_ATTEMPTS + 1):
        try:
            work()
            return
        except DatabaseError:
            if attempt == DRAIN_ATTEMPTS:
                raise
            logger.warning("tallies: %s met another's locks (attempt %s)", what, attempt)


def _build_one(year_id: int, *, again: bool) -> None:
    with transaction.atomic():
        # Registrations of the year wait (registration.services._lock_year), and so does a
        # second build of it; then the year's tally row, which counts of its units take after
        # their units (recount), so a count and a rebuild wait for each other.
        ProgrammeYear.objects.select_for_update().filter(pk=year_id).first()
        built = TallyYear.objects.select_for_update().filter(programme_year_id=year_id)
        if built.exists() and not again:
            return
        _count_year(year_id)
        if not built.update(version=F("version") + 1):
            TallyYear.objects.create(programme_year_id=year_id)


def _count_year(year_id: int) -> None:
    UnitTally.objects.filter(tally__programme_year_id=year_id).delete()
    Tally.objects.filter(programme_year_id=year_id).delete()
    facts = facts_of(Unit.objects.filter(programme_year_id=year_id))
    counts = Counter(facts.values())
    rows = Tally.objects.bulk_create(
        Tally(units=n, **key._asdict()) for key, n in sorted(counts.items())
    )
    # SQLite and PostgreSQL both return the new rows' ids.
    ids = {key: row.pk for key, row in zip(sorted(counts), rows, strict=True)}
    UnitTally.objects.bulk_create(
        (UnitTally(unit_id=pk, tally_id=ids[key]) for pk, key in facts.items()), batch_size=5000
    )
    DistrictTally.objects.filter(programme_year_id=year_id).delete()
    DistrictTally.objects.bulk_create(
        DistrictTally(
            **dict(zip(PLACE_FIELDS, place, strict=True)),
            **dict(zip(FIGURES, values, strict=True)),
        )
        for place, values in sorted(_figure_rows(dict(counts)).items())
    )
    ChangeTally.objects.filter(programme_year_id=year_id).delete()
    ChangeTally.objects.bulk_create(
        (
            ChangeTally(units=n, points=points, **dict(zip(CHANGE_FIELDS, key, strict=True)))
            for key, (n, points) in sorted(_change_rows(_in_change(facts)).items())
        ),
        batch_size=5000,
    )


def rebuild(years: QuerySet[ProgrammeYear] | None = None) -> None:
    """Throw away the tallies of these programme years (all by default) and count them again."""
    build(ProgrammeYear.objects.all() if years is None else years, again=True)


def raise_version(year_id: int) -> None:
    """The year's version rises: what was cached under the old one is counted again."""
    TallyYear.objects.filter(programme_year_id=year_id).update(version=F("version") + 1)


def ready(years: QuerySet[ProgrammeYear]) -> None:
    """Before a read: the years counted, the marks drained. A reader whose drain fails still
    gets its page, from the tallies as they stand: the after-commit drain is tried again by the
    worker (core/events.py) and the daily check counts any year that differs."""
    build(years)
    try:
        drain()
    except Exception:
        logger.exception("tallies: a reader's drain failed; the page shows the tallies as kept")


def _differs(year_id: int) -> bool:
    """Whether a built year's three tables differ from a count made afresh from the rows."""
    facts = facts_of(Unit.objects.filter(programme_year_id=year_id))
    fresh = Counter(facts.values())
    held = Counter(
        {
            _key_of(row): row.units
            for row in Tally.objects.filter(programme_year_id=year_id, units__gt=0)
        }
    )
    fresh_change = {k: v for k, v in _change_rows(_in_change(facts)).items() if v[0] or v[1]}
    held_change = {
        _change_key_of(row): (row.units, row.points)
        for row in ChangeTally.objects.filter(programme_year_id=year_id)
        if row.units or row.points
    }
    fresh_figures = {k: v for k, v in _figure_rows(dict(fresh)).items() if any(v)}
    held_figures = {
        _place_of(r): [getattr(r, name) for name in FIGURES]
        for r in DistrictTally.objects.filter(programme_year_id=year_id)
    }
    held_figures = {k: v for k, v in held_figures.items() if any(v)}
    return fresh != held or fresh_change != held_change or fresh_figures != held_figures


def check() -> str:
    """The daily check (core/housekeeping.py): every built year's tallies against a count made
    afresh from the rows. A year that differs — a row changed outside the services, a mark lost
    with a crashed database — is counted again and logged. A move that commits while a year is
    compared makes it differ for a moment: such a year is drained and compared again, with its
    tally row locked so no count of it runs meanwhile, before it is counted again. Returns what
    it found."""
    drain()
    wrong = []
    for year_id in TallyYear.objects.values_list("programme_year_id", flat=True):
        if not _differs(year_id):
            continue
        drain()
        with transaction.atomic():
            TallyYear.objects.select_for_update().filter(programme_year_id=year_id).first()
            if _differs(year_id):
                wrong.append(year_id)
    if wrong:
        logger.error("tallies: programme years %s differed from the rows; counted again", wrong)
        rebuild(ProgrammeYear.objects.filter(pk__in=wrong))
    return f"{len(wrong)} programme years counted again"
