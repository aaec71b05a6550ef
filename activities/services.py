"""Writes to activities and their photos. Each is one transaction with its audit rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, overload

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from activities.models import Activity, ActivityPhoto, Kind, Stage
from activities.permissions import can_record
from activities.photos import PhotoHeader, ProcessedPhoto, inspect_photo, process_photo
from activities.selectors import eligible_units
from audit.services import diff, log_action
from core.errors import DomainError
from core.once import check_form_token, use_form_token
from core.text import clean_text
from core.thai import fiscal_year_bounds, thai_date_short
from core.uploads import check_pixel_budget
from development.models import PlanItem
from frameworks.models import Indicator
from geography.models import District
from programme.models import ProgrammeYear
from registration.models import Unit

# Enough for one activity's photos from a phone in one go, small enough for one request.
MAX_PHOTOS_PER_UPLOAD = 20
TEXT_FIELDS = {"title": 255, "place": 255, "partners": 5000, "learning": 5000}


def _require_recorder(actor: User, district_id: str) -> None:
    if not can_record(actor, district_id):
        raise DomainError(_("เฉพาะพัฒนาการอำเภอและพัฒนากรของอำเภอนี้เท่านั้นที่บันทึกกิจกรรมได้"))


@dataclass(frozen=True)
class Links:
    """What an activity serves: its units, plan items and indicators (as chosen on the form)."""

    units: Sequence[Unit] = ()
    plan_items: Sequence[PlanItem] = ()
    indicators: Sequence[Indicator] = ()


def _clean_values(values: dict[str, Any], programme_year: ProgrammeYear) -> dict[str, Any]:
    cleaned = {}
    for field, limit in TEXT_FIELDS.items():
        text = clean_text(str(values.get(field) or "")).strip()
        if len(text) > limit:
            raise DomainError(
                _("ข้อความยาวเกิน %(limit)s ตัวอักษร") % {"limit": format(limit, ",")}, field=field
            )
        cleaned[field] = text
    if not cleaned["title"]:
        raise DomainError(_("กรุณากรอกชื่อกิจกรรม"), field="title")
    if not cleaned["place"]:
        raise DomainError(_("กรุณากรอกสถานที่จัดกิจกรรม"), field="place")
    kind = values.get("kind")
    if kind not in Kind.values:
        raise DomainError(_("กรุณาเลือกลักษณะกิจกรรม (กลุ่มหรือรายหน่วย)"), field="kind")
    cleaned["kind"] = kind
    held_on = values.get("held_on")
    if held_on is None:
        raise DomainError(_("กรุณากรอกวันที่จัดกิจกรรม"), field="held_on")
    first, last = fiscal_year_bounds(programme_year.fiscal_year)
    if not (first <= held_on <= last):
        raise DomainError(
            _("วันที่จัดกิจกรรมต้องอยู่ในปีงบประมาณ %(fiscal_year)s (%(start)s – %(end)s)")
            % {
                "fiscal_year": programme_year.fiscal_year,
                "start": thai_date_short(first),
                "end": thai_date_short(last),
            },
            field="held_on",
        )
    cleaned["held_on"] = held_on
    return cleaned


def _check_links(
    links: Links,
    *,
    kind: str,
    programme_year: ProgrammeYear,
    district_id: str,
    already: frozenset[int] = frozenset(),
) -> None:
    # Units already on the activity stay allowed: a unit withdrawn later must not silently
    # drop out of the activities it took part in when someone edits the title.
    allowed = set(eligible_units(programme_year.pk, district_id).values_list("pk", flat=True))
    allowed |= already
    for unit in links.units:
        if unit.pk not in allowed:
            raise DomainError(
                _("“%(name)s” ไม่ใช่หน่วยนับที่ผ่านการตรวจเอกสารแล้วของอำเภอนี้ในปีนี้") % {"name": unit.name},
                field="units",
            )
    unit_ids = {unit.pk for unit in links.units}
    if kind == Kind.INDIVIDUAL and len(unit_ids) != 1:
        raise DomainError(_("กิจกรรมรายหน่วยต้องเลือกหน่วยนับ 1 หน่วย"), field="units")
    for item in links.plan_items:
        if item.plan.unit_id not in unit_ids:
            raise DomainError(_("เลือกรายการในแผนได้เฉพาะของหน่วยนับที่ร่วมกิจกรรมนี้"), field="plan_items")
    year_indicators = set(
        Indicator.objects.filter(
            component__framework__programme_year=programme_year,
            pk__in=[i.pk for i in links.indicators],
        ).values_list("pk", flat=True)
    )
    if any(indicator.pk not in year_indicators for indicator in links.indicators):
        raise DomainError(_("เลือกได้เฉพาะตัวบ่งชี้ตามเกณฑ์ของจังหวัดในปีนี้"), field="indicators")


def _snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "kind": activity.kind,
        "title": activity.title,
        "held_on": activity.held_on,
        "place": activity.place,
        "partners": activity.partners,
        "learning": activity.learning,
        "units": sorted(activity.units.values_list("pk", flat=True)),
        "plan_items": sorted(activity.plan_items.values_list("pk", flat=True)),
        "indicators": sorted(activity.indicators.values_list("pk", flat=True)),
        "is_draft": activity.is_draft,
    }


def _set_links(activity: Activity, links: Links) -> None:
    activity.units.set(links.units)
    activity.plan_items.set(links.plan_items)
    activity.indicators.set(links.indicators)


def _audit_unit(links: Links) -> int | None:
    # An individual activity belongs on its unit's trail; a group one on the district's.
    return links.units[0].pk if len(links.units) == 1 else None


@transaction.atomic
def activity_create(
    *,
    actor: User,
    programme_year: ProgrammeYear,
    district_id: str,
    values: dict[str, Any],
    links: Links,
    once: str,
) -> Activity:
    """`once` is the form's one-time token: a second submit of the same form records nothing."""
    use_form_token(once)
    _require_recorder(actor, district_id)
    if not District.objects.filter(pk=district_id, province_id=programme_year.province_id).exists():
        raise DomainError(_("อำเภอนี้ไม่อยู่ในจังหวัดของปีดำเนินงานนี้"))
    cleaned = _clean_values(values, programme_year)
    _check_links(
        links, kind=cleaned["kind"], programme_year=programme_year, district_id=district_id
    )
    activity = Activity.objects.create(
        programme_year=programme_year,
        district_id=district_id,
        created_by=actor,
        updated_by=actor,
        **cleaned,
    )
    _set_links(activity, links)
    log_action(
        actor=actor,
        action="activity.create",
        obj=activity,
        changes=diff({}, _snapshot(activity)),
        unit_id=_audit_unit(links),
        district_id=district_id,
    )
    return activity


@transaction.atomic
def group_activity_draft_create(
    *,
    actor: User,
    programme_year: ProgrammeYear,
    district_id: str,
    title: str,
    units: Sequence[Unit],
    indicator: Indicator,
    once: str,
) -> Activity:
    """A draft group activity for units that share a gap at one indicator (insights/gaps.py):
    the units and the indicator are set, the date and place are left for the district to fill
    in on the edit form, whose save records it. `once` is the proposing form's one-time token:
    a second press creates nothing."""
    use_form_token(once)
    _require_recorder(actor, district_id)
    if not District.objects.filter(pk=district_id, province_id=programme_year.province_id).exists():
        raise DomainError(_("อำเภอนี้ไม่อยู่ในจังหวัดของปีดำเนินงานนี้"))
    if len({unit.pk for unit in units}) < 2:
        raise DomainError(_("กิจกรรมกลุ่มต้องมีหน่วยนับอย่างน้อย 2 หน่วย"), field="units")
    links = Links(units=units, indicators=[indicator])
    _check_links(links, kind=Kind.GROUP, programme_year=programme_year, district_id=district_id)
    title = clean_text(title).strip()[: TEXT_FIELDS["title"]]
    activity = Activity.objects.create(
        programme_year=programme_year,
        district_id=district_id,
        kind=Kind.GROUP,
        title=title,
        held_on=None,
        place="",
        is_draft=True,
        created_by=actor,
        updated_by=actor,
    )
    _set_links(activity, links)
    log_action(
        actor=actor,
        action="activity.draft_create",
        obj=activity,
        changes=diff({}, _snapshot(activity)),
        district_id=district_id,
    )
    return activity


@transaction.atomic
def activity_update(
    *,
    actor: User,
    activity: Activity,
    values: dict[str, Any],
    links: Links,
    expected_version: int,
) -> Activity:
    activity = (
        Activity.objects.select_for_update().select_related("programme_year").get(pk=activity.pk)
    )
    _require_recorder(actor, activity.district_id)
    if activity.version != expected_version:
        raise DomainError(_("มีผู้อื่นแก้ไขกิจกรรมนี้หลังจากที่คุณเปิดแบบฟอร์ม กรุณาเปิดหน้าใหม่แล้วแก้ไขอีกครั้ง"))
    cleaned = _clean_values(values, activity.programme_year)
    _check_links(
        links,
        kind=cleaned["kind"],
        programme_year=activity.programme_year,
        district_id=activity.district_id,
        already=frozenset(activity.units.values_list("pk", flat=True)),
    )
    before = _snapshot(activity)
    for field, value in cleaned.items():
        setattr(activity, field, value)
    # The form requires a date and a place: a draft saved with them is a recorded activity.
    activity.is_draft = False
    activity.updated_by = actor
    activity.version += 1
    activity.save()
    _set_links(activity, links)
    changes: dict[str, Any] = diff(before, _snapshot(activity))
    # A unit taken off the activity is no longer tagged on its photos either.
    dropped = set(before["units"]) - {unit.pk for unit in links.units}
    if dropped:
        through = ActivityPhoto.units.through
        untagged = through.objects.filter(activityphoto__activity=activity, unit_id__in=dropped)
        count = untagged.count()
        untagged.delete()
        if count:
            changes["photo_tags_removed"] = count
    if changes:
        log_action(
            actor=actor,
            action="activity.update",
            obj=activity,
            changes=changes,
            unit_id=_audit_unit(links),
            district_id=activity.district_id,
        )
    return activity


def _check_photo_tags(activity: Activity, stage: int, units: Iterable[Unit]) -> list[Unit]:
    if stage not in Stage.values:
        raise DomainError(_("กรุณาเลือกขั้นตอนของภาพ (ขั้นตอนที่ 1–5)"), field="stage")
    allowed = set(activity.units.values_list("pk", flat=True))
    units = list(units)
    if any(unit.pk not in allowed for unit in units):
        raise DomainError(_("หน่วยนับในภาพต้องเป็นหน่วยนับที่ร่วมกิจกรรมนี้"), field="units")
    return units


def _display_name(upload: UploadedFile[bytes]) -> str:
    name = clean_text(upload.name or "").strip() or _("ไม่มีชื่อไฟล์")
    return name if len(name) <= 80 else name[:77] + "..."


class PhotoBatch(Sequence[ActivityPhoto]):
    """What photos_upload did: a sequence of the photos saved, and `refused`, each file that was
    not saved named with why ("IMG_0003.HEIC: ไม่ใช่ไฟล์ภาพ …")."""

    def __init__(self, saved: list[ActivityPhoto], refused: list[str]) -> None:
        self.saved = saved
        self.refused = refused

    @overload
    def __getitem__(self, index: int) -> ActivityPhoto: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ActivityPhoto]: ...

    def __getitem__(self, index: int | slice) -> ActivityPhoto | Sequence[ActivityPhoto]:
        return self.saved[index]

    def __len__(self) -> int:
        return len(self.saved)


def photos_upload(
    *,
    actor: User,
    activity: Activity,
    uploads: Sequence[UploadedFile[bytes]],
    stage: int,
    units: Iterable[Unit] = (),
    caption: str = "",
    once: str | None = None,
) -> PhotoBatch:
    """Add several photos at once, each file checked on its own.

    Every file is checked and re-encoded first; the good ones are saved and each refused one is
    named with its reason in the result's `refused` (a phone's one odd file no longer costs the
    others). When none is good, nothing is saved and a DomainError names every file. A batch
    above the request's pixel budget is refused whole, before anything is decoded.

    `once` is the upload form's one-time token (core.once), spent in the transaction that saves
    the batch: the same form sent twice saves one batch, and the second press is told so rather
    than listing every photo as already there; a batch with nothing saved leaves it unspent.
    None only for callers that are no form (the demo seeds, test fixtures); the view always
    passes the form's token.
    """
    _require_recorder(actor, activity.district_id)
    if activity.is_draft:
        raise DomainError(_("กิจกรรมนี้ยังเป็นร่าง กรุณากำหนดวันที่และสถานที่จัดก่อนเพิ่มภาพ"))
    if once is not None:
        # Before any file is read: a second press is told it was sent, not that every photo
        # is already there. The token is spent in _save_photos, with the batch.
        check_form_token(once)
    units = _check_photo_tags(activity, stage, units)
    caption = clean_text(caption).strip()
    if len(caption) > 300:
        raise DomainError(_("คำบรรยายภาพยาวเกิน 300 ตัวอักษร"), field="caption")
    if not uploads:
        raise DomainError(_("กรุณาเลือกไฟล์ภาพอย่างน้อย 1 ไฟล์"), field="photos")
    if len(uploads) > MAX_PHOTOS_PER_UPLOAD:
        raise DomainError(
            _(
                "ส่งได้ครั้งละไม่เกิน %(MAX_PHOTOS_PER_UPLOAD)s ภาพ (เลือกมา %(count)s ภาพ) "
                "กรุณาแบ่งส่งหลายครั้ง"
            )
            % {"MAX_PHOTOS_PER_UPLOAD": MAX_PHOTOS_PER_UPLOAD, "count": len(uploads)},
            field="photos",
        )
    # First what costs nothing to decide: size, type, header dimensions and the hash of each
    # file. A photo already in the activity is refused, and a batch above the request's pixel
    # budget, before any pixel is decoded (docs/security.md §8).
    refused: list[str] = []
    checked: list[tuple[UploadedFile[bytes], PhotoHeader]] = []
    existing = set(activity.photos.filter(removed_at__isnull=True).values_list("sha256", flat=True))
    for upload in uploads:
        try:
            header = inspect_photo(upload)
        except DomainError as error:
            refused.append(f"{_display_name(upload)}: {error.message}")
            continue
        if header.sha256 in existing:
            refused.append(_already_there(upload))
            continue
        existing.add(header.sha256)
        checked.append((upload, header))
    check_pixel_budget((header.decoded_pixels for _upload, header in checked), field="photos")
    # The CPU-heavy part runs before the transaction, so no lock is held while images decode.
    processed: list[tuple[UploadedFile[bytes], ProcessedPhoto]] = []
    for upload, _header in checked:
        try:
            processed.append((upload, process_photo(upload)))
        except DomainError as error:
            refused.append(f"{_display_name(upload)}: {error.message}")
    if not processed:
        _refuse_batch(refused)
    saved, late = _save_photos(
        actor=actor,
        activity=activity,
        processed=processed,
        stage=stage,
        units=units,
        caption=caption,
        once=once,
    )
    return PhotoBatch(saved, refused + late)


def _already_there(upload: UploadedFile[bytes]) -> str:
    return _("%(display_name)s: ภาพนี้มีอยู่ในกิจกรรมนี้แล้ว") % {"display_name": _display_name(upload)}


def _refuse_batch(refused: list[str]) -> None:
    if refused:
        raise DomainError(
            _("ยังไม่ได้บันทึกภาพใด ๆ เพราะมีไฟล์ที่ใช้ไม่ได้ — %(files)s — กรุณาเลือกใหม่โดยไม่รวมไฟล์เหล่านี้")
            % {"files": "; ".join(refused)},
            field="photos",
        )


@transaction.atomic
def _save_photos(
    *,
    actor: User,
    activity: Activity,
    processed: list[tuple[UploadedFile[bytes], ProcessedPhoto]],
    stage: int,
    units: list[Unit],
    caption: str,
    once: str | None,
) -> tuple[list[ActivityPhoto], list[str]]:
    """The photos saved, and those found already there under the lock (named with why)."""
    if once is not None:
        use_form_token(once)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    # Checked again under the activity's lock: two requests with the same photo, both past the
    # check above, are serialised here and the second finds the first's row.
    taken = set(
        activity.photos.filter(
            removed_at__isnull=True, sha256__in=[result.sha256 for _upload, result in processed]
        ).values_list("sha256", flat=True)
    )
    late = [_already_there(upload) for upload, result in processed if result.sha256 in taken]
    fresh = [(upload, result) for upload, result in processed if result.sha256 not in taken]
    if not fresh:
        _refuse_batch(late)  # nothing to save: the token rolls back with the transaction
    saved = []
    for upload, result in fresh:
        photo = ActivityPhoto(
            activity=activity,
            stage=stage,
            caption=caption,
            width=result.width,
            height=result.height,
            original_name=(clean_text(upload.name or "") or "photo")[:255],
            sha256=result.sha256,
            taken_at=result.taken_at,
            gps_latitude=result.latitude,
            gps_longitude=result.longitude,
            camera_model=result.camera_model,
            uploaded_by=actor,
        )
        # The files are written before the row: a failed transaction leaves unreferenced
        # files, never a row without its files.
        photo.image.save("photo.jpg", ContentFile(result.display), save=False)
        photo.thumbnail.save("thumb.jpg", ContentFile(result.thumbnail), save=False)
        photo.save()
        photo.units.set(units)
        log_action(
            actor=actor,
            action="photo.upload",
            obj=photo,
            changes={
                "activity": activity.pk,
                "stage": stage,
                "file": [None, photo.original_name],
                "units": [u.pk for u in units],
                "caption": caption,
            },
            unit_id=units[0].pk if len(units) == 1 else None,
            district_id=activity.district_id,
        )
        saved.append(photo)
    return saved, late


@transaction.atomic
def photo_update(
    *,
    actor: User,
    photo: ActivityPhoto,
    stage: int,
    units: Iterable[Unit],
    caption: str,
    expected_version: int,
) -> ActivityPhoto:
    """`expected_version` is the version the photo's form was made from; a form made before
    another officer's save of the same photo is refused, never applied (docs/security.md §17)."""
    photo = ActivityPhoto.objects.select_for_update().select_related("activity").get(pk=photo.pk)
    _require_recorder(actor, photo.activity.district_id)
    if photo.is_removed:
        raise DomainError(_("ภาพนี้ถูกนำออกแล้ว"))
    if photo.version != expected_version:
        raise DomainError(
            _("มีผู้อื่นแก้ไขภาพนี้หลังจากที่คุณเปิดหน้า กรุณาเปิดหน้าใหม่แล้วแก้ไขอีกครั้ง"), field="caption"
        )
    units = _check_photo_tags(photo.activity, stage, units)
    caption = clean_text(caption).strip()
    if len(caption) > 300:
        raise DomainError(_("คำบรรยายภาพยาวเกิน 300 ตัวอักษร"), field="caption")
    before = {
        "stage": photo.stage,
        "caption": photo.caption,
        "units": sorted(photo.units.values_list("pk", flat=True)),
    }
    photo.stage = stage
    photo.caption = caption
    photo.version += 1
    photo.save(update_fields=["stage", "caption", "version"])
    photo.units.set(units)
    changes = diff(
        before, {"stage": stage, "caption": caption, "units": sorted(u.pk for u in units)}
    )
    if changes:
        log_action(
            actor=actor,
            action="photo.update",
            obj=photo,
            changes=changes,
            district_id=photo.activity.district_id,
        )
    return photo


@transaction.atomic
def photo_remove(*, actor: User, photo: ActivityPhoto, reason: str = "") -> ActivityPhoto:
    """Take a photo out of the activity and the dossier; the row and files stay for the record."""
    photo = ActivityPhoto.objects.select_for_update().select_related("activity").get(pk=photo.pk)
    _require_recorder(actor, photo.activity.district_id)
    if photo.is_removed:
        raise DomainError(_("ภาพนี้ถูกนำออกแล้ว"))
    reason = clean_text(reason).strip()
    if len(reason) > 500:
        raise DomainError(_("เหตุผลยาวเกิน 500 ตัวอักษร"), field="reason")
    photo.removed_at = timezone.now()
    photo.removed_by = actor
    photo.removal_reason = reason
    photo.save(update_fields=["removed_at", "removed_by", "removal_reason"])
    log_action(
        actor=actor,
        action="photo.remove",
        obj=photo,
        changes={"removed": [False, True], "activity": photo.activity_id},
        note=reason,
        district_id=photo.activity.district_id,
    )
    return photo
