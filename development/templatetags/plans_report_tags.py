"""The plans-report panel of the stage 3–4 progress page: downloads and, for the district
officer, sending the plans to the province."""

from django import template

from accounts.models import Role
from core.scope import visible_to
from development.plans_report import plan_counts
from geography.models import District
from programme.models import Deadline, DistrictReport, ProgrammeYear

register = template.Library()


@register.inclusion_tag("development/plans_report_panel.html", takes_context=True)
def plans_report_panel(context, year: ProgrammeYear):
    user = context["request"].user
    whole_province = user.role in (Role.PROVINCE, Role.ADMIN)
    districts = list(
        visible_to(user, District).filter(province_id=year.province_id).order_by("code")
    )
    report = None
    if user.role == Role.DISTRICT:
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
        "can_send": user.role == Role.DISTRICT,
        "report": report,
        "csrf_token": context.get("csrf_token"),
    }
