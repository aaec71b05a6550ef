"""The one place that applies a user's organisational scope to data.

Every scoped model names the path from itself to its district
(`scope_district_path`) or, for province-level data, to its province
(`scope_province_path`). A model with both (users) is seen by a province through
its province path and by a district through its district path. A model with both that sets
`scope_district_optional` (committees) has rows without a district that belong to the whole
province: its districts read those too. Views fetch scoped objects only through
`visible_to` / `get_in_scope`, so a user of another district gets 404, not a
403 that would confirm the object exists.

Committee members (Role.COMMITTEE) have no organisational scope of their own: they read their
committees (models declaring `scope_committee_path`) and the units their committees assess,
and nothing else (see `_committee_member_scope`).
"""

from typing import TypeVar

from django.db import models
from django.db.models import Q
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


def _committee_member_scope(user, qs: models.QuerySet[M]) -> models.QuerySet[M]:
    """What a committee member's account may read: their own committees (and the members and
    duties of those), the programme years of those committees, and the units those committees
    assess: a district committee the accepted units (documents complete, and on through the
    committees' decisions: registration.workflow.ACCEPTED_STATUSES) of its district, a
    zone working group those of its zone's districts, a provincial committee those of the
    whole province, always of the committee's year. Everything else is out of scope (404).

    The later model of assessment rounds will narrow the units to those in the member's rounds;
    until then the committee's area is the limit. Scope gives reading only: write services check
    their actor's role, and none of registration's or development's accepts Role.COMMITTEE.
    """
    # Imported here: committees and registration depend on core, not the other way round.
    from committees.models import Committee, Kind
    from geography.models import Zone
    from registration.workflow import ACCEPTED_STATUSES

    committees = list(
        Committee.objects.filter(members__user=user)
        .distinct()
        .values("pk", "kind", "programme_year_id", "district_id", "zone_id")
    )
    committee_path = getattr(qs.model, "scope_committee_path", None)
    if committee_path is not None:
        lookup = "pk__in" if committee_path == "self" else f"{committee_path}_id__in"
        return qs.filter(**{lookup: [c["pk"] for c in committees]})
    label = qs.model._meta.label_lower
    if label == "programme.programmeyear":
        return qs.filter(pk__in={c["programme_year_id"] for c in committees})
    if label == "registration.unit":
        zone_ids = [c["zone_id"] for c in committees if c["kind"] == Kind.ZONE and c["zone_id"]]
        zone_districts: dict[int, list[str]] = {}
        for zone_id, district_id in Zone.districts.through.objects.filter(
            zone_id__in=zone_ids
        ).values_list("zone_id", "district_id"):
            zone_districts.setdefault(zone_id, []).append(district_id)
        area = Q(pk__in=[])
        for c in committees:
            year = c["programme_year_id"]
            if c["district_id"]:
                area |= Q(programme_year_id=year, district_id=c["district_id"])
            elif c["kind"] == Kind.ZONE:
                # A working group without a zone has no area yet.
                area |= Q(
                    programme_year_id=year, district_id__in=zone_districts.get(c["zone_id"], [])
                )
            else:
                area |= Q(programme_year_id=year)
        return qs.filter(area, status__in=ACCEPTED_STATUSES)
    return qs.none()


def get_in_scope(user, queryset: models.QuerySet[M] | type[M], **lookup) -> M:
    """Fetch one object inside the user's scope, or raise Http404."""
    try:
        return visible_to(user, queryset).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
