"""The self-development plans report to the province (docs/domain.md §4 stage 4): data for
documents/plans_report.py, and recording that a district sent it.

Reads go through core.scope; a report costs the same few queries whatever the number of units.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from core.errors import DomainError
from core.scope import visible_to
from core.text import clean_text
from development.models import Plan, PlanItem, PlanReview
from development.permissions import can_send_plans_report
from documents.plans_report import (
    DistrictPlans,
    PlanItemRow,
    PlansReport,
    UnitPlanRow,
    plans_report_docx,
    plans_report_pdf,
    plans_report_xlsx,
)
from geography.models import District
from programme import services as programme_services
from programme.documents import area_report_fields
from programme.models import Deadline, DistrictReport, ProgrammeYear, UnitType
from registration.models import Unit
from registration.workflow import ACCEPTED_STATUSES

RENDERERS = {"pdf": plans_report_pdf, "docx": plans_report_docx, "xlsx": plans_report_xlsx}

# The units in stages 3–4: those whose application was accepted (as the progress page).
REPORTED_STATUSES = tuple(ACCEPTED_STATUSES)


def report_units(user: User, year: ProgrammeYear, district: District | None) -> QuerySet[Unit]:
    """The units of the report in the user's scope, with their plans, items and approvals.

    Three queries: units (with place, developer and plan joined), plan items with their
    indicators, and the approvals with who gave them.
    """
    units = visible_to(user, Unit).filter(programme_year=year, status__in=REPORTED_STATUSES)
    if district is not None:
        units = units.filter(district=district)
    items = PlanItem.objects.select_related("indicator").order_by("order", "id")
    approvals = (
        PlanReview.objects.filter(to_state=Plan.State.APPROVED)
        .select_related("actor")
        .order_by("-at", "-id")
    )
    return (
        units.select_related("district", "subdistrict", "village", "responsible_developer", "plan")
        .prefetch_related(
            Prefetch("plan__items", queryset=items),
            Prefetch("plan__reviews", queryset=approvals, to_attr="approvals"),
        )
        .order_by("district_id", "name", "pk")
    )


def _row(unit: Unit) -> UnitPlanRow:
    row = UnitPlanRow(
        name=clean_text(unit.name),
        place=unit.place_line,
        responsible=unit.responsible_developer.full_name if unit.responsible_developer else "",
        district=unit.district.display_name,
        plan_state=None,
    )
    plan: Plan | None = getattr(unit, "plan", None)
    if plan is None:
        return row
    row.plan_state = str(plan.get_state_display())
    if plan.state == Plan.State.APPROVED:
        row.approved = True
        latest = plan.approvals[0] if plan.approvals else None
        if latest is not None:
            row.approved_by = latest.actor.full_name
            row.approved_on = timezone.localdate(latest.at)
    row.items = [
        PlanItemRow(
            indicator_code=item.indicator.code,
            indicator_text=item.indicator.text,
            knowledge=item.knowledge,
            method=item.method,
            starts_on=item.starts_on,
            ends_on=item.ends_on,
            resource=item.resource,
            local_wisdom=item.local_wisdom,
            evidence=item.evidence,
            target_score=item.target_score,
            progress=str(item.get_progress_display()),
        )
        for item in plan.items.all()
    ]
    return row


def plans_report_data(*, user: User, year: ProgrammeYear, district: District | None) -> PlansReport:
    """One district's report, or the province's (district None) with every district listed."""
    if district is not None:
        districts = [district]
    else:
        districts = list(
            visible_to(user, District).filter(province_id=year.province_id).order_by("code")
        )
    types = UnitType.values
    parts = {
        d.pk: DistrictPlans(name=d.display_name, units_by_type=[[] for _ in types])
        for d in districts
    }
    for unit in report_units(user, year, district):
        part = parts.get(unit.district_id)
        if part is not None:
            part.units_by_type[types.index(unit.unit_type)].append(_row(unit))
    return PlansReport(
        **area_report_fields(user=user, year=year, district=district),
        type_labels=[str(label) for _, label in UnitType.choices],
        districts=list(parts.values()),
    )


def plans_report(
    *, user: User, year: ProgrammeYear, district: District | None, fmt: str
) -> tuple[bytes, str]:
    """The report's bytes in the chosen format and its file name."""
    data = plans_report_data(user=user, year=year, district=district)
    place = district.code if district is not None else year.province_id
    return RENDERERS[fmt](data), f"plans-report-{year.fiscal_year}-{place}.{fmt}"


def plan_counts(user: User, year: ProgrammeYear) -> dict[str, int]:
    """Units in the user's scope for the report, and how many have an approved plan (one query)."""
    return (
        visible_to(user, Unit)
        .filter(programme_year=year, status__in=REPORTED_STATUSES)
        .aggregate(
            units=Count("pk"),
            approved=Count("pk", filter=Q(plan__state=Plan.State.APPROVED)),
        )
    )


def plans_report_send(*, actor: User, year: ProgrammeYear) -> DistrictReport:
    """The district officer records that the district's plans went to the province.

    The count sent is the units whose plan the community developer approved; with none
    approved there is nothing to send yet.
    """
    if not can_send_plans_report(actor):
        raise DomainError(gettext("เฉพาะพัฒนาการอำเภอเท่านั้นที่ส่งแผนพัฒนาตนเองถึงจังหวัดได้"))
    approved = Unit.objects.filter(
        programme_year=year,
        district_id=actor.district_id,
        status__in=REPORTED_STATUSES,
        plan__state=Plan.State.APPROVED,
    ).count()
    if approved == 0:
        raise DomainError(gettext("ยังไม่มีแผนพัฒนาตนเองที่เห็นชอบแล้ว จึงยังส่งจังหวัดไม่ได้"))
    district_id = actor.district_id
    if district_id is None:  # a district officer always has one (accounts.User's constraint)
        raise DomainError(gettext("เฉพาะพัฒนาการอำเภอเท่านั้นที่ส่งแผนพัฒนาตนเองถึงจังหวัดได้"))
    return programme_services.district_report_send(
        actor=actor,
        year=year,
        district_id=district_id,
        deadline=Deadline.PLANS_DUE,
        unit_count=approved,
    )
