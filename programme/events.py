"""Events of the programme year, published through core.events after the write commits."""

from dataclasses import dataclass


@dataclass(frozen=True)
class DistrictReportSent:
    """A district sent (or sent again) its report for a deadline
    (programme.services.district_report_send). Ids and plain values only."""

    report_id: int
    programme_year_id: int
    district_id: str
    province_id: str
    deadline: str
    unit_count: int
    first_time: bool
    sent_at: str  # ISO 8601: which sending this was
    actor_id: int


@dataclass(frozen=True)
class ProgrammeYearOpened:
    """A province opened its programme year (programme.services.programme_year_create)."""

    programme_year_id: int
    province_id: str
    fiscal_year: int
    actor_id: int


@dataclass(frozen=True)
class ProgrammeYearChanged:
    """A province changed its year's calendar and rules or its quotas
    (programme.services.programme_year_update, quotas_update)."""

    programme_year_id: int
    province_id: str
    what: str  # "calendar" or "quotas"
    actor_id: int
