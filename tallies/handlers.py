"""The events that change what a unit is counted under, and what the tallies do with them
(docs/tallies.md): inside the write's transaction a mark for each unit; after the commit, a
drain, so the next read finds nothing left to count."""

from __future__ import annotations

from assessment.events import RoundUnitsChanged
from certification.events import CertificateRevoked, CertificatesIssued
from core import events
from development.events import PlanStateMoved, SelfAssessmentFinished
from programme.events import DistrictReportSent, ProgrammeYearChanged, ProgrammeYearOpened
from programme.models import ProgrammeYear
from registration.events import UnitCreated, UnitDeveloperChanged, UnitStatusMoved
from reports.events import YearEndReportRecorded
from tallies import services

ONE_UNIT: tuple[type, ...] = (
    UnitCreated,
    UnitStatusMoved,
    UnitDeveloperChanged,
    SelfAssessmentFinished,
    PlanStateMoved,
    CertificateRevoked,
)
OneUnit = (
    UnitCreated
    | UnitStatusMoved
    | UnitDeveloperChanged
    | SelfAssessmentFinished
    | PlanStateMoved
    | CertificateRevoked
)


def mark_unit(event: OneUnit) -> None:
    services.mark([event.unit_id])


def mark_round_units(event: RoundUnitsChanged) -> None:
    services.mark(event.unit_ids)


def mark_certified_units(event: CertificatesIssued) -> None:
    services.mark(event.unit_ids)


def count_new_year(event: ProgrammeYearOpened) -> None:
    """A year opens with no unit: counted at once, in the same transaction, so its first
    reader writes nothing (a page view that writes can meet a writer on SQLite)."""
    services.build(ProgrammeYear.objects.filter(pk=event.programme_year_id))


def raise_year_version(
    event: DistrictReportSent | ProgrammeYearChanged | YearEndReportRecorded,
) -> None:
    """A write the dashboards read beside the tallies (a district's report, the calendar, the
    quotas, the year-end report): the year's version rises with it, in its transaction, so
    no page cached before it is read after (dashboards/cache.py)."""
    services.raise_version(event.programme_year_id)


def drain(event: object) -> None:
    services.drain()


# Every kind of event the tallies follow, for a caller that changes how they are followed
# (scripts/benchmark_start_page.py takes the drain away to time the view that counts).
FOLLOWED: tuple[type, ...] = (*ONE_UNIT, RoundUnitsChanged, CertificatesIssued)


def subscribe_all() -> None:
    for one_unit in ONE_UNIT:
        events.subscribe(one_unit, mark_unit, in_transaction=True)
    events.subscribe(RoundUnitsChanged, mark_round_units, in_transaction=True)
    events.subscribe(CertificatesIssued, mark_certified_units, in_transaction=True)
    for event_type in FOLLOWED:
        events.subscribe(event_type, drain)
    events.subscribe(ProgrammeYearOpened, count_new_year, in_transaction=True)
    events.subscribe(DistrictReportSent, raise_year_version, in_transaction=True)
    events.subscribe(ProgrammeYearChanged, raise_year_version, in_transaction=True)
    events.subscribe(YearEndReportRecorded, raise_year_version, in_transaction=True)
