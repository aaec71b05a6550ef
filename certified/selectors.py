"""Reads for the register of certified units, the public pages and the outstanding units.

The register is read from the units and their certificates, not stored apart. At national scale
(hundreds of thousands of units over the years) a page is a fixed number of queries: the
filters use indexed columns of the unit (status, fiscal year, type, district, subdistrict) and
semi-joins on the certificates' unit index; the certificate, the certified date and the profile
flag are then read for the rows of the page only (`attach_columns`, three indexed queries), not
as correlated subqueries that a deep page or an export would evaluate row by row. `.only()`
keeps personal fields (national ID, birth date, house number, phone) out of the rows altogether.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet

from accounts.models import User
from activities.models import ActivityPhoto
from certification.models import Certificate
from certified.models import OutstandingSelection, ProfilePhoto, UnitProfile
from core.scope import visible_to
from geography.models import District
from programme.models import ProgrammeYear
from registration.models import Status, StatusChange, Unit
from registration.rows import UnitRow

CERTIFICATE_VALID = "valid"
CERTIFICATE_REVOKED = "revoked"
CERTIFICATE_NONE = "none"

# What a register row shows, and nothing else.
ROW_FIELDS = (
    "fiscal_year",
    "unit_type",
    "name",
    "status",
    "programme_year_id",
    "district__code",
    "district__name_th",
    "district__province__code",
    "district__province__name_th",
    "subdistrict__code",
    "subdistrict__name_th",
    "village__number",
    "village__name",
)
ORDER = ("-fiscal_year", "district_id", "unit_type", "name", "pk")
EXPORT_CHUNK = 2000


def _current_certificate() -> QuerySet[Certificate]:
    return Certificate.objects.filter(unit=OuterRef("pk"), revoked_at__isnull=True)


def _any_certificate() -> QuerySet[Certificate]:
    return Certificate.objects.filter(unit=OuterRef("pk"))


def _rows(units: QuerySet[Unit]) -> QuerySet[Unit]:
    return (
        units.select_related("district__province", "subdistrict", "village")
        .only(*ROW_FIELDS)
        .order_by(*ORDER)
    )


@dataclass
class RegisterRow(UnitRow):
    """A unit of the register with its certificate columns; other attributes read through to
    the unit (registration/rows.py)."""

    certificate_id: int | None
    certificate_number: str
    certificate_code: str
    certificate_revoked_at: datetime | None
    certified_at: datetime | None
    profile_published: bool


def attach_columns(units: list[Unit]) -> list[RegisterRow]:
    """Each unit with: certificate_id, certificate_number, certificate_code and
    certificate_revoked_at (of the current certificate, else the most recently revoked one),
    certified_at (its last move to CERTIFIED) and profile_published. Three queries for the
    whole list."""
    ids = [unit.pk for unit in units]
    shown: dict[int, tuple[int | None, str, str, datetime | None]] = {}
    for unit_id, pk, number, code, revoked_at in (
        Certificate.objects.filter(unit_id__in=ids)
        .order_by("unit_id", F("revoked_at").desc(nulls_first=True), "-pk")
        .values_list("unit_id", "pk", "display_number", "code", "revoked_at")
    ):
        shown.setdefault(unit_id, (pk, number, code, revoked_at))
    certified_at = dict(
        StatusChange.objects.filter(unit_id__in=ids, to_status=Status.CERTIFIED)
        .values("unit_id")
        .annotate(at=Max("at"))
        .values_list("unit_id", "at")
        .order_by()
    )
    published = set(
        UnitProfile.objects.filter(unit_id__in=ids, is_published=True).values_list(
            "unit_id", flat=True
        )
    )
    rows = []
    for unit in units:
        certificate_id, number, code, revoked_at = shown.get(unit.pk, (None, "", "", None))
        rows.append(
            RegisterRow(
                unit=unit,
                certificate_id=certificate_id,
                certificate_number=number,
                certificate_code=code,
                certificate_revoked_at=revoked_at,
                certified_at=certified_at.get(unit.pk),
                profile_published=unit.pk in published,
            )
        )
    return rows


def iterate_with_columns(units: QuerySet[Unit]) -> Iterator[RegisterRow]:
    """Every unit of `units` with its columns, read in chunks (for exports)."""
    rows = units.iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(islice(rows, EXPORT_CHUNK)):
        yield from attach_columns(chunk)


def certificate_status(row: RegisterRow) -> str:
    """valid / revoked / none for a row of the register."""
    if not row.certificate_number:
        return CERTIFICATE_NONE
    return CERTIFICATE_REVOKED if row.certificate_revoked_at else CERTIFICATE_VALID


def _filter_certificate(units: QuerySet[Unit], wanted: str) -> QuerySet[Unit]:
    if wanted == CERTIFICATE_VALID:
        return units.filter(Exists(_current_certificate()))
    if wanted == CERTIFICATE_REVOKED:
        return units.filter(Exists(_any_certificate())).filter(~Exists(_current_certificate()))
    if wanted == CERTIFICATE_NONE:
        return units.filter(~Exists(_any_certificate()))
    return units


def _filter(
    units: QuerySet[Unit], filters: dict[str, Any], keys: Iterable[tuple[str, str]]
) -> QuerySet[Unit]:
    for key, lookup in keys:
        value = filters.get(key)
        if value:
            units = units.filter(**{lookup: value})
    query = (filters.get("q") or "").strip()
    if query:
        units = units.filter(name__icontains=query)
    return units


def register_units(user: User, filters: dict[str, Any]) -> QuerySet[Unit]:
    """Every certified unit of every year in the user's scope, filtered (see RegisterFilterForm).
    Pass the rows shown through attach_columns."""
    units = _filter(
        visible_to(user, Unit).filter(status=Status.CERTIFIED),
        filters,
        (
            ("year", "fiscal_year"),
            ("unit_type", "unit_type"),
            ("province", "district__province_id"),
            ("district", "district_id"),
            ("subdistrict", "subdistrict_id"),
        ),
    )
    return _rows(_filter_certificate(units, filters.get("certificate") or ""))


def fiscal_years() -> list[int]:
    """The years anything can be registered in, newest first (a small table)."""
    return list(
        ProgrammeYear.objects.order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .distinct()
    )


# --- public ------------------------------------------------------------------------------


def public_register(filters: dict[str, Any]) -> QuerySet[Unit]:
    """Certified units whose certificate the province has issued (valid or revoked since).

    A unit certified but not yet given its certificate is not public yet: issuing it is the
    province's public act. A unit whose certification was taken back is no longer certified and
    leaves the register; its revoked certificate stays checkable at /verify/<code>.
    Pass the rows shown through attach_columns.
    """
    units = Unit.objects.filter(status=Status.CERTIFIED).filter(Exists(_any_certificate()))
    units = _filter(
        units,
        filters,
        (
            ("province", "district__province_id"),
            ("year", "fiscal_year"),
            ("unit_type", "unit_type"),
        ),
    )
    return _rows(units)


def _public_profiles() -> QuerySet[UnitProfile]:
    """Profiles anyone may read: published by the district, of a unit still certified and
    holding a valid certificate. Revoking the certificate takes the profile down."""
    current = Certificate.objects.filter(unit=OuterRef("unit_id"), revoked_at__isnull=True)
    return UnitProfile.objects.filter(is_published=True, unit__status=Status.CERTIFIED).filter(
        Exists(current)
    )


def public_profile(unit_id: int) -> tuple[UnitProfile, Certificate, list[ProfilePhoto]] | None:
    profile = (
        _public_profiles()
        .filter(unit_id=unit_id)
        .select_related("unit__district__province", "unit__subdistrict", "unit__village")
        .only(
            "description",
            "achievements",
            "published_at",
            "updated_at",
            *(f"unit__{field}" for field in ROW_FIELDS),
        )
        .first()
    )
    if profile is None:
        return None
    certificate = (
        Certificate.objects.filter(unit_id=unit_id, revoked_at__isnull=True)
        .only("display_number", "code", "issued_on")
        .first()
    )
    if certificate is None:  # revoked between the two reads
        return None
    photos = list(
        ProfilePhoto.objects.filter(profile=profile, photo__removed_at__isnull=True)
        .select_related("photo")
        .only("caption", "photo__width", "photo__height")
        .order_by("pk")
    )
    return profile, certificate, photos


def public_photo(unit_id: int, pk: int) -> ProfilePhoto | None:
    """An approved photo of a public profile; None for anything else (unapproved, removed,
    another unit's, a profile not or no longer public)."""
    return (
        ProfilePhoto.objects.filter(
            pk=pk,
            profile__in=_public_profiles().filter(unit_id=unit_id),
            photo__removed_at__isnull=True,
        )
        .select_related("photo")
        .first()
    )


# --- the district's side of the profile --------------------------------------------------


def unit_photos(unit: Unit) -> list[ActivityPhoto]:
    """The photos the district may approve for the unit's profile: those of the activities the
    unit took part in that show this unit or no unit in particular (as in the development
    record), not removed."""
    tagged = ActivityPhoto.units.through.objects.filter(activityphoto_id=OuterRef("pk"))
    return list(
        ActivityPhoto.objects.filter(activity__units=unit, removed_at__isnull=True)
        .filter(Q(Exists(tagged.filter(unit_id=unit.pk))) | ~Exists(tagged))
        .select_related("activity")
        .order_by("activity__held_on", "activity_id", "stage", "pk")
    )


def profile_of(unit: Unit) -> UnitProfile | None:
    return UnitProfile.objects.filter(unit=unit).select_related("updated_by").first()


# --- outstanding units -------------------------------------------------------------------


@dataclass
class OutstandingRow:
    district: District
    selection: OutstandingSelection | None
    certified_count: int

    @property
    def still_certified(self) -> bool:
        return self.selection is not None and self.selection.unit.status == Status.CERTIFIED


def outstanding_rows(year: ProgrammeYear, districts: list[District]) -> list[OutstandingRow]:
    """One row per district, chosen or not, with how many certified units it has. Three
    queries whatever the number of districts."""
    selections = {
        s.district_id: s
        for s in OutstandingSelection.objects.filter(
            programme_year=year, district__in=districts
        ).select_related("unit__subdistrict", "unit__village", "selected_by")
    }
    counts = dict(
        Unit.objects.filter(programme_year=year, status=Status.CERTIFIED, district__in=districts)
        .values_list("district_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        OutstandingRow(
            district=district,
            selection=selections.get(district.pk),
            certified_count=counts.get(district.pk, 0),
        )
        for district in districts
    ]


def _certificates_all_revoked() -> Q:
    """Units that had a certificate and hold no valid one now: all were revoked. A unit not
    given its certificate yet (the province issues later) is not one of them."""
    return Exists(_any_certificate()) & ~Exists(_current_certificate())


def certificates_all_revoked(unit: Unit) -> bool:
    return Unit.objects.filter(pk=unit.pk).filter(_certificates_all_revoked()).exists()


def selectable_units(year: ProgrammeYear, district_id: str) -> QuerySet[Unit]:
    """The district's certified units of the year that may be its outstanding unit."""
    return (
        Unit.objects.filter(programme_year=year, district_id=district_id, status=Status.CERTIFIED)
        .exclude(_certificates_all_revoked())
        .select_related("subdistrict", "village")
        .only(
            "name",
            "unit_type",
            "status",
            "subdistrict__name_th",
            "subdistrict__code",
            "village__number",
            "village__name",
        )
        .order_by("unit_type", "name", "pk")
    )
