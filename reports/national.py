"""The national year-end report's figures (issue 13, "The national picture for the department"):
every province's year-end report figures for one fiscal year, by province and type, summed.

The counts are the province report's own (reports.selectors.stage_counts, grouped by province
instead of district), so a province's row is what its year-end report says and the total is
their sum. Six queries whatever the number of provinces and units: the provinces, the year's
programme years, the counts, the quotas, the districts per province, the reports sent. Only a
province with a programme year for the fiscal year has figures; the others are listed as not
started. Reads go through core.scope.
"""

from __future__ import annotations

from django.db.models import Count
from django.utils import timezone

from accounts.models import User
from core.scope import visible_to
from documents.national_report import NationalReport, ProvinceRow, ReportSent, TypeFigures
from documents.year_end_report import StageCounts
from geography.models import District, Province
from programme.models import ProgrammeYear, Quota, UnitType
from registration.models import Unit
from reports.models import YearEndReportSent
from reports.selectors import stage_counts

# A type without a quota row asks one unit a district, as the quota page and the dashboards
# count it (programme.selectors.quota_status).
DEFAULT_PER_DISTRICT = 1


def national_fiscal_years(user: User) -> list[int]:
    """The fiscal years some province has opened, newest first. One query."""
    return list(
        visible_to(user, ProgrammeYear)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


def national_report_data(
    *, user: User, fiscal_year: int, thai_numerals: bool = True
) -> NationalReport:
    """Every province in the user's scope, by code, with its figures for `fiscal_year`."""
    provinces = list(visible_to(user, Province).order_by("code").values_list("code", "name_th"))
    years = {
        province_id: pk
        for pk, province_id in visible_to(user, ProgrammeYear)
        .filter(fiscal_year=fiscal_year)
        .values_list("pk", "province_id")
    }
    units = visible_to(user, Unit).filter(programme_year__in=list(years.values()))
    counts = stage_counts(units, by="district__province_id")
    quotas = {
        (province_id, unit_type): per_district
        for province_id, unit_type, per_district in Quota.objects.filter(
            programme_year__in=list(years.values())
        ).values_list("programme_year__province_id", "unit_type", "min_per_district")
    }
    districts = {
        row["province_id"]: row["n"]
        for row in visible_to(user, District)
        .filter(province_id__in=list(years))
        .order_by()
        .values("province_id")
        .annotate(n=Count("pk"))
    }
    sent: dict[str, ReportSent] = {}
    for province_id, sent_at, times in (
        visible_to(user, YearEndReportSent)
        .filter(programme_year__in=list(years.values()))
        .values_list("programme_year__province_id", "sent_at", "times")
    ):
        sent[province_id] = ReportSent(sent_at=timezone.localdate(sent_at), times=times)

    rows = []
    for code, name in provinces:
        started = code in years
        by_type: list[TypeFigures] = []
        if started:
            for unit_type in UnitType.values:
                per_district = quotas.get((code, unit_type), DEFAULT_PER_DISTRICT)
                by_type.append(
                    TypeFigures(
                        quota=districts.get(code, 0) * per_district,
                        counts=counts.get((code, unit_type), StageCounts()),
                    )
                )
        rows.append(
            ProvinceRow(code=code, name=name, started=started, by_type=by_type, sent=sent.get(code))
        )
    return NationalReport(
        fiscal_year=fiscal_year,
        issued_on=timezone.localdate(),
        type_labels=[str(label) for _, label in UnitType.choices],
        provinces=rows,
        thai_numerals=thai_numerals,
    )


def national_report_file(*, user: User, fiscal_year: int, fmt: str) -> tuple[bytes, str]:
    """The report's bytes in the chosen format ("pdf", "docx", "xlsx") and its file name."""
    from documents.national_report import (
        national_report_docx,
        national_report_filename,
        national_report_pdf,
        national_report_xlsx,
    )

    data = national_report_data(user=user, fiscal_year=fiscal_year)
    render = {
        "pdf": national_report_pdf,
        "docx": national_report_docx,
        "xlsx": national_report_xlsx,
    }[fmt]
    return render(data), national_report_filename(fiscal_year, fmt)
