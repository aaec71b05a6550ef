"""Reads of activities and photos. Scope is applied by the caller through core.scope."""

from django.db.models import Count, Prefetch, Q, QuerySet

from activities.models import Activity, ActivityPhoto
from development.models import PlanItem
from frameworks.models import Indicator
from registration.models import Unit
from registration.workflow import ACCEPTED_STATUSES


def eligible_units(programme_year_id: int, district_id: str) -> QuerySet[Unit]:
    """The units an activity may serve: the district's accepted applications of the year."""
    return Unit.objects.filter(
        programme_year_id=programme_year_id,
        district_id=district_id,
        status__in=ACCEPTED_STATUSES,
    ).order_by("unit_type", "name")


def eligible_plan_items(programme_year_id: int, district_id: str) -> QuerySet[PlanItem]:
    return (
        PlanItem.objects.filter(
            plan__unit__programme_year_id=programme_year_id,
            plan__unit__district_id=district_id,
            plan__unit__status__in=ACCEPTED_STATUSES,
        )
        .select_related("plan__unit", "indicator")
        .order_by("plan__unit__name", "order", "id")
    )


def year_indicators(programme_year_id: int) -> QuerySet[Indicator]:
    """The indicators of the frameworks the province set for this year."""
    return (
        Indicator.objects.filter(component__framework__programme_year_id=programme_year_id)
        .select_related("component__framework")
        .order_by("component__framework__unit_type", "component__order", "order", "id")
    )


def activity_list(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Activities with their unit and photo counts, in one query."""
    return (
        activities.select_related("district")
        .annotate(
            unit_count=Count("units", distinct=True),
            photo_count=Count("photos", filter=Q(photos__removed_at__isnull=True), distinct=True),
        )
        # Meta.ordering does not apply to a grouped query.
        .order_by("-held_on", "-id")
    )


def current_photos(activity: Activity) -> QuerySet[ActivityPhoto]:
    return (
        activity.photos.filter(removed_at__isnull=True)
        .select_related("uploaded_by")
        .prefetch_related(Prefetch("units", queryset=Unit.objects.order_by("name")))
    )


def with_details(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """What the activity page shows, in a fixed number of queries."""
    return activities.select_related(
        "district", "programme_year__province", "created_by", "updated_by"
    ).prefetch_related(
        Prefetch("units", queryset=Unit.objects.order_by("unit_type", "name")),
        Prefetch(
            "plan_items",
            queryset=PlanItem.objects.select_related("plan__unit", "indicator"),
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.select_related("component__framework").order_by(
                "component__framework__unit_type", "component__order", "order"
            ),
        ),
    )
