"""The one place that applies a user's organisational scope to data.

Every scoped model names the path from itself to its district
(`scope_district_path`) or, for province-level data, to its province
(`scope_province_path`). A model with both (users) is seen by a province through
its province path and by a district through its district path. Views fetch scoped objects only through
`visible_to` / `get_in_scope`, so a user of another district gets 404, not a
403 that would confirm the object exists.
"""

from typing import TypeVar

from django.db import models
from django.http import Http404

from accounts.models import Role

M = TypeVar("M", bound=models.Model)


def _paths(model: type[models.Model]) -> tuple[str | None, str | None]:
    district_path = getattr(model, "scope_district_path", None)
    province_path = getattr(model, "scope_province_path", None)
    if district_path is None and province_path is None:
        raise TypeError(f"{model.__name__} declares no scope path")
    return district_path, province_path


def visible_to(user, queryset: models.QuerySet[M] | type[M]) -> models.QuerySet[M]:
    """The part of `queryset` that lies inside the user's scope."""
    qs = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.is_superuser and not user.role:
        return qs
    district_path, province_path = _paths(qs.model)
    if user.role == Role.ADMIN:
        return qs
    if user.role == Role.PROVINCE:
        if user.province_id is None:
            return qs.none()
        if district_path is not None and province_path is None:
            lookup = "province_id" if district_path == "self" else f"{district_path}__province_id"
            return qs.filter(**{lookup: user.province_id})
        lookup = "pk" if province_path == "self" else f"{province_path}_id"
        return qs.filter(**{lookup: user.province_id})
    if user.role in (Role.DISTRICT, Role.DEVELOPER):
        if user.district_id is None:
            return qs.none()
        if district_path is not None:
            lookup = "pk" if district_path == "self" else f"{district_path}_id"
            return qs.filter(**{lookup: user.district_id})
        # Province-level data (e.g. the programme year) is readable by the province's districts.
        lookup = "pk" if province_path == "self" else f"{province_path}_id"
        return qs.filter(**{lookup: user.province_id})
    return qs.none()


def get_in_scope(user, queryset: models.QuerySet[M] | type[M], **lookup) -> M:
    """Fetch one object inside the user's scope, or raise Http404."""
    try:
        return visible_to(user, queryset).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
