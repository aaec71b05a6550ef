"""The plans-report panel of the stage 3–4 progress page: downloads and, for the district
officer, sending the plans to the province."""

from django import template

from core.scope import visible_to
from development.permissions import can_send_plans_report
from geography.models import District
from programme.models import Deadline, DistrictReport, ProgrammeYear
from programme.permissions import can_read_whole_province

register = template.Library()


@register.inclusion_tag("development/plans_report_panel.html", takes_context=True)
def plans_report_panel(context, year: ProgrammeYear):
    # Imported here, not at the top: the template engine loads tag libraries while runserver's
    # other thread loads the URLconf, and both entering python-docx (through the plans report's
    # Word builder) at once deadlocked the import of docx.enum.text.
    from development.plans_report import plan_counts

    user = context["request"].user
    whole_province = can_read_whole_province(user)
    districts = list(
        visible_to(user, District).filter(province_id=year.province_id).order_by("code")
    )
    report = None
    can_send = can_send_plans_report(user)
    if can_send:
        report = DistrictReport.objects.filter(
            programme_year=year, district_id=user.district_id, deadline=Deadline.PLANS_DUE
        ).first()
        if report is not None:
            report.programme_year = year  # for report.late, without another query
    return {
        "year": year,
        "districts": districts,
        "whole_province": whole_province,
        "counts": plan_counts(user, year),
        "can_send": can_send,
        "report": report,
        "csrf_token": context.get("csrf_token"),
    }
