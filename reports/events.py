"""Events of the year-end report, published through core.events after the write commits."""

from dataclasses import dataclass


@dataclass(frozen=True)
class YearEndReportRecorded:
    """A province recorded that its year-end report went to the department, or went again
    (reports.services.year_end_report_send)."""

    programme_year_id: int
    province_id: str
    times: int
    actor_id: int
