"""The one place that applies a user's organisational scope to data.

Every scoped model names the path from itself to its district
(`scope_district_path`) or, for province-level data, to its province
(`scope_province_path`). A model with both (users) is seen by a province through
its province path and by a district through its district path. A model with both that sets
`scope_district_optional` (committees) has rows without a district that belong to the whole
province: its districts read those too. Views fetch scoped objects only through
`visible_to` / `get_in_scope`, so a user of another district gets 404, not a
403 that would confirm the object exists.

Committee members (Role.COMMITTEE) have no organisational scope of their own: they read what
the models declare for them (`scope_committee_path`, `scope_committee_unit_path`) and nothing
else. Which committees a member sits on and which units those committees assess is domain
knowledge: the owning app registers it at start-up (`register_committee_member_scope`), so core
imports no domain app.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.http import Http404

from core.roles import Role

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
    if user.role == Role.COMMITTEE:
        return _committee_member_scope(user, qs)
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
            condition = Q(**{lookup: user.district_id})
            if getattr(qs.model, "scope_district_optional", False) and province_path:
                # Rows without a district are the province's (the provincial committees):
                # readable by its districts.
                condition |= Q(
                    **{
                        f"{district_path}__isnull": True,
                        f"{province_path}_id": user.province_id,
                    }
                )
            return qs.filter(condition)
        # Province-level data (e.g. the programme year) is readable by the province's districts.
        lookup = "pk" if province_path == "self" else f"{province_path}_id"
        return qs.filter(**{lookup: user.province_id})
    return qs.none()


# Set by register_committee_member_scope; until then a committee member reads nothing.
_member_committees: Callable[[Any], models.QuerySet] | None = None
_committee_units: Callable[[models.QuerySet], models.QuerySet] | None = None


def register_committee_member_scope(
    *,
    committees: Callable[[Any], models.QuerySet],
    units: Callable[[models.QuerySet], models.QuerySet],
) -> None:
    """Tell the scope mechanism who a committee member is (called from an app's `ready()`).

    `committees(user)` is a queryset of the pks of the committees the user sits on;
    `units(committees)` the pks of the units those committees may assess now (on their rounds
    and still accepted).
    """
    global _member_committees, _committee_units
    _member_committees = committees
    _committee_units = units


def _is_many_valued(model: type[models.Model], path: str) -> bool:
    """Whether `path` from `model` crosses a reverse or many-to-many relation, so that a join
    along it could return a row more than once."""
    current: type[models.Model] | None = model
    for name in path.split("__"):
        try:
            if current is None:  # a step after a field that is not a relation
                raise FieldDoesNotExist(name)
            field = current._meta.get_field(name)
        except FieldDoesNotExist:
            raise TypeError(f"{model.__name__} declares an unknown scope path {path!r}") from None
        if field.one_to_many or field.many_to_many:
            return True
        current = field.related_model
    return False


def _related_to(qs: models.QuerySet[M], path: str, pks: models.QuerySet) -> models.QuerySet[M]:
    """The rows of `qs` whose object at `path` ("self" for the row itself) is among `pks`."""
    if path == "self":
        return qs.filter(pk__in=pks)
    if _is_many_valued(qs.model, path):
        # Through a pk subquery rather than a join: a row reached twice stays one row.
        reached = qs.model._default_manager.filter(**{f"{path}__in": pks}).values("pk")
        return qs.filter(pk__in=reached)
    return qs.filter(**{f"{path}_id__in": pks})


def _committee_member_scope(user, qs: models.QuerySet[M]) -> models.QuerySet[M]:
    """What a committee member's account may read.

    Models declaring `scope_committee_path` (the path to a committee) are read for the member's
    own committees: the committees themselves, their members and duties, the assessment rounds,
    entries, scores and decisions they hold, and the programme years they belong to. Models
    declaring `scope_committee_unit_path` (the path to a unit: the unit itself and its
    development record, which is what a committee assesses) are read for the units the member's
    committees may assess now: on one of their rounds and still accepted. Registration
    documents (ID-card and house-registration copies) and certificates declare neither:
    personal papers stay with the district and the province (docs/security.md §11). A member of a
    district committee does not see the district's other applicants, a zone working group's
    member only the units put before the group, a provincial committee's member only those on
    its rounds. Everything else is out of scope (404).

    Scope gives reading only: write services check their actor's role, and none of
    registration's or development's accepts Role.COMMITTEE.
    """
    if _member_committees is None or _committee_units is None:
        return qs.none()
    committees = _member_committees(user)
    committee_path = getattr(qs.model, "scope_committee_path", None)
    if committee_path is not None:
        return _related_to(qs, committee_path, committees)
    unit_path = getattr(qs.model, "scope_committee_unit_path", None)
    if unit_path is not None:
        return _related_to(qs, unit_path, _committee_units(committees))
    return qs.none()


def get_in_scope(user, queryset: models.QuerySet[M] | type[M], **lookup) -> M:
    """Fetch one object inside the user's scope, or raise Http404."""
    try:
        return visible_to(user, queryset).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
