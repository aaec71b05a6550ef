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
committees (models declaring `scope_committee_path`), the units on their committees'
assessment rounds with the development record they assess, and nothing else (see
`_committee_member_scope`).
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


# What a committee assesses of a unit on its round: the unit's development record (self-
# assessments, sub-criteria and own indicators, plan, evidence files), as model label → path
# to the unit. Registration documents (ID-card and house-registration copies) and certificates
# are not in it: personal papers stay with the district and the province (docs/security.md §11).
COMMITTEE_READABLE_UNIT_DATA = {
    "development.selfassessment": "unit",
    "development.answer": "assessment__unit",
    "development.subcriterion": "unit",
    "development.ownindicator": "unit",
    "development.ownanswer": "assessment__unit",
    "development.plan": "unit",
    "development.planitem": "plan__unit",
    "development.evidencefile": "unit",
}


def _committee_member_scope(user, qs: models.QuerySet[M]) -> models.QuerySet[M]:
    """What a committee member's account may read: their own committees (and the members and
    duties of those, and the assessment rounds, entries, scores and decisions those committees
    hold: models declaring `scope_committee_path`), the programme years of those committees,
    and the units on the schedule of a round one of their committees holds (assessment
    RoundUnit), while the unit stays accepted (registration.workflow.ACCEPTED_STATUSES: documents
    complete, and on through the committees' decisions), with those units' development record
    (COMMITTEE_READABLE_UNIT_DATA). A member of a district committee does not see the
    district's other applicants, a zone working group's member only the units put before the
    group, a provincial committee's member only those on its rounds. Everything else is out of
    scope (404).

    Scope gives reading only: write services check their actor's role, and none of
    registration's or development's accepts Role.COMMITTEE.
    """
    # Imported here: committees, assessment and registration depend on core, not the other
    # way round.
    from assessment.models import RoundUnit
    from committees.models import Committee
    from registration.workflow import ACCEPTED_STATUSES

    committees = Committee.objects.filter(members__user=user).values("pk")
    committee_path = getattr(qs.model, "scope_committee_path", None)
    if committee_path is not None:
        lookup = "pk__in" if committee_path == "self" else f"{committee_path}_id__in"
        return qs.filter(**{lookup: committees})
    label = qs.model._meta.label_lower
    if label == "programme.programmeyear":
        return qs.filter(pk__in=committees.values("programme_year_id"))
    on_their_rounds = RoundUnit.objects.filter(round__committee__in=committees).values("unit_id")
    if label == "registration.unit":
        return qs.filter(pk__in=on_their_rounds, status__in=ACCEPTED_STATUSES)
    unit_path = COMMITTEE_READABLE_UNIT_DATA.get(label)
    if unit_path is not None:
        # The same units as above: on their rounds and still accepted.
        return qs.filter(
            **{f"{unit_path}__in": on_their_rounds, f"{unit_path}__status__in": ACCEPTED_STATUSES}
        )
    return qs.none()


def get_in_scope(user, queryset: models.QuerySet[M] | type[M], **lookup) -> M:
    """Fetch one object inside the user's scope, or raise Http404."""
    try:
        return visible_to(user, queryset).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError):
        raise Http404 from None
