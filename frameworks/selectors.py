"""Reads of indicator frameworks: a framework with its whole structure, a year's framework."""

from django.db.models import Prefetch

from frameworks.models import Component, Framework, Indicator


def framework_with_structure(framework_id: int) -> Framework:
    """A framework with its components, indicators and levels in three queries."""
    indicators = Indicator.objects.prefetch_related("levels")
    components = Component.objects.prefetch_related(Prefetch("indicators", queryset=indicators))
    return Framework.objects.prefetch_related(Prefetch("components", queryset=components)).get(
        pk=framework_id
    )


def year_framework(programme_year_id: int, unit_type: str) -> Framework | None:
    return Framework.objects.filter(
        programme_year_id=programme_year_id, unit_type=unit_type
    ).first()
