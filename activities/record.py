"""The activities a unit took part in, as the development record (development/record.py) shows them."""

from django.db.models import Prefetch

from activities.models import Activity, ActivityPhoto
from documents.development_record import RecordActivity, RecordPhoto
from registration.models import Unit


def _read(photo: ActivityPhoto) -> bytes:
    # The thumbnail (400 px) is plenty for a half-width picture on paper and keeps the PDF small.
    with photo.thumbnail.open("rb") as file:
        return file.read()


def activities_for_record(unit: Unit) -> list[RecordActivity]:
    """Oldest first; only the photos that show this unit, or show no unit in particular."""
    photos = ActivityPhoto.objects.filter(removed_at__isnull=True).prefetch_related("units")
    activities = (
        Activity.objects.filter(units=unit, is_draft=False)
        .order_by("held_on", "id")
        .prefetch_related(Prefetch("photos", queryset=photos))
    )
    result = []
    for activity in activities:
        if activity.held_on is None:  # a draft, left out above: it has no date yet
            continue
        shown = [
            photo
            for photo in activity.photos.all()
            if not photo.units.all() or any(u.pk == unit.pk for u in photo.units.all())
        ]
        result.append(
            RecordActivity(
                held_on=activity.held_on,
                title=activity.title,
                kind=activity.get_kind_display(),
                place=activity.place,
                partners=activity.partners,
                learned=activity.learning,
                photos=[
                    RecordPhoto(
                        name=f"p{photo.pk}.jpg", content=_read(photo), caption=photo.caption
                    )
                    for photo in shown
                ],
            )
        )
    return result
