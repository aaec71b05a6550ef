"""Turn activities and their photos into the photo dossier (the renderer knows no ORM)."""

from __future__ import annotations

from django.db.models import Prefetch

from activities.models import Activity, ActivityPhoto, Kind, Stage
from documents.photo_dossier import (
    DossierActivity,
    DossierPhoto,
    DossierStage,
    PhotoDossier,
    photo_dossier_pdf,
)
from geography.models import District
from programme.documents import area_report_fields
from programme.models import ProgrammeYear
from registration.models import Unit


def photo_dossier(
    *, user, year: ProgrammeYear, district: District | None, stage: int | None
) -> tuple[bytes, str, int]:
    """The dossier of one district or the whole province, for one stage or all five.

    Returns the PDF, its file name and the number of photos in it. No location, time or camera
    of a photo is printed: the dossier goes to the province.
    """
    photos = ActivityPhoto.objects.filter(removed_at__isnull=True).order_by("stage", "id")
    if stage is not None:
        photos = photos.filter(stage=stage)
    activities = (
        Activity.objects.filter(programme_year=year, photos__in=photos, is_draft=False)
        .distinct()
        .select_related("district")
        .prefetch_related(
            Prefetch("photos", queryset=photos, to_attr="dossier_photos"),
            Prefetch("units", queryset=Unit.objects.order_by("name")),
        )
        .order_by("district_id", "held_on", "id")
    )
    if district is not None:
        activities = activities.filter(district=district)
    stages = [
        DossierStage(number=value, label=str(label))
        for value, label in Stage.choices
        if stage is None or value == stage
    ]
    by_number = {s.number: s for s in stages}
    kinds = dict(Kind.choices)
    for activity in activities:
        if activity.held_on is None:  # a draft, left out above: it has no date or photo yet
            continue
        for number in sorted({p.stage for p in activity.dossier_photos}):
            by_number[number].activities.append(
                DossierActivity(
                    title=activity.title,
                    held_on=activity.held_on,
                    place=activity.place,
                    kind=str(kinds[activity.kind]),
                    district=activity.district.display_name,
                    units=[u.name for u in activity.units.all()],
                    partners=activity.partners,
                    photos=[
                        DossierPhoto(image=_read(p), caption=p.caption)
                        for p in activity.dossier_photos
                        if p.stage == number
                    ],
                )
            )
    data = PhotoDossier(
        **area_report_fields(user=user, year=year, district=district),
        stages=stages,
    )
    place = district.pk if district is not None else year.province_id
    suffix = f"-stage{stage}" if stage is not None else ""
    filename = f"photo-dossier-{year.fiscal_year}-{place}{suffix}.pdf"
    return photo_dossier_pdf(data), filename, data.photo_count()


def _read(photo: ActivityPhoto) -> bytes:
    with photo.image.open("rb") as file:
        return file.read()
