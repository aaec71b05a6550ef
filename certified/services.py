"""Writes after certification: the unit's public profile and its approved photos (the unit's
district), and the district's outstanding unit of the year (the district officer).

Each write is one transaction with its audit row. The unit row is locked first, so a profile
is never created twice and a unit whose certification is taken back meanwhile is not published.
"""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import diff, log_action
from certified.models import OutstandingSelection, ProfilePhoto, UnitProfile
from certified.permissions import can_edit_profile, can_select_outstanding
from certified.selectors import certificates_all_revoked, unit_photos
from core.errors import DomainError
from core.national_id import is_valid_national_id
from core.text import clean_text
from core.thai import arabic_digits
from programme.models import ProgrammeYear
from registration.models import Status, Unit

TEXT_LIMIT = 5000
CAPTION_LIMIT = 300
REASON_LIMIT = 2000
MAX_PUBLIC_PHOTOS = 12


def _text(value: object, *, limit: int, field: str) -> str:
    text = clean_text(str(value or "")).strip()
    if len(text) > limit:
        raise DomainError(
            _("ข้อความยาวเกิน %(limit)s ตัวอักษร") % {"limit": format(limit, ",")}, field=field
        )
    return text


# A 13-digit number (with or without dashes or spaces) and a Thai mobile number (08x, 09x, 06x).
_ID_LIKE = re.compile(r"(?<!\d)\d(?:[\s-]?\d){12}(?!\d)")
_MOBILE = re.compile(r"(?<!\d)0[689](?:[\s-]?\d){8}(?!\d)")


def _public_text(value: object, *, limit: int, field: str) -> str:
    """Text the public will read: a national ID or a mobile number typed into it by mistake is
    refused (PDPA), in Arabic or Thai numerals."""
    text = _text(value, limit=limit, field=field)
    digits = arabic_digits(text)
    if any(is_valid_national_id(m.group()) for m in _ID_LIKE.finditer(digits)):
        raise DomainError(_("ข้อความที่เผยแพร่ต้องไม่มีเลขประจำตัวประชาชน"), field=field)
    if _MOBILE.search(digits):
        raise DomainError(_("ข้อความที่เผยแพร่ต้องไม่มีหมายเลขโทรศัพท์มือถือ"), field=field)
    return text


def _locked_certified_unit(actor: User, unit: Unit) -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not can_edit_profile(actor, unit):
        raise DomainError(_("เฉพาะพัฒนาการอำเภอและพัฒนากรของอำเภอนี้เท่านั้นที่แก้ไขข้อมูลเผยแพร่ได้"))
    if unit.status != Status.CERTIFIED:
        raise DomainError(
            _("ข้อมูลเผยแพร่มีได้เฉพาะหน่วยนับที่ผ่านการรับรองมาตรฐานแล้ว (สถานะปัจจุบัน: “%(status)s”)")
            % {"status": unit.get_status_display()}
        )
    return unit


def _profile_for_update(actor: User, unit: Unit) -> tuple[UnitProfile, bool]:
    profile = UnitProfile.objects.select_for_update().filter(unit=unit).first()
    if profile is not None:
        return profile, False
    # The unit row is locked, so no one else is creating this profile now.
    return UnitProfile.objects.create(unit=unit, updated_by=actor), True


PROFILE_FIELDS = ["description", "achievements", "is_published"]


@transaction.atomic
def profile_update(
    *,
    actor: User,
    unit: Unit,
    description: str,
    achievements: str,
    is_published: bool,
    expected_version: int | None,
) -> UnitProfile:
    unit = _locked_certified_unit(actor, unit)
    description = _public_text(description, limit=TEXT_LIMIT, field="description")
    achievements = _public_text(achievements, limit=TEXT_LIMIT, field="achievements")
    if is_published and not (description or achievements):
        raise DomainError(_("กรุณากรอกข้อมูลโดยสังเขปหรือผลงานก่อนเผยแพร่"), field="description")
    profile, created = _profile_for_update(actor, unit)
    # An existing profile is changed only from the version the form was made from; a form
    # sent without one is refused like a stale one.
    if not created and profile.version != expected_version:
        raise DomainError(_("มีผู้อื่นแก้ไขข้อมูลเผยแพร่นี้หลังจากที่คุณเปิดแบบฟอร์ม กรุณาเปิดหน้าใหม่แล้วแก้ไขอีกครั้ง"))
    before = {field: getattr(profile, field) for field in PROFILE_FIELDS}
    if created:
        before = {}
    profile.description = description
    profile.achievements = achievements
    if is_published and not profile.is_published:
        profile.published_at = timezone.now()
    profile.is_published = bool(is_published)
    changes = diff(before, {field: getattr(profile, field) for field in PROFILE_FIELDS})
    if not changes:
        return profile
    profile.updated_by = actor
    profile.version += 0 if created else 1
    profile.save()
    log_action(
        actor=actor,
        action="certified.profile_update",
        obj=profile,
        changes=changes,
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    return profile


@transaction.atomic
def profile_photos_set(*, actor: User, unit: Unit, approved: dict[int, str]) -> UnitProfile:
    """Approve exactly the photos in `approved` (activity photo id → public caption) for the
    unit's profile; approvals not listed are withdrawn."""
    unit = _locked_certified_unit(actor, unit)
    if len(approved) > MAX_PUBLIC_PHOTOS:
        raise DomainError(
            _("เลือกภาพเผยแพร่ได้ไม่เกิน %(MAX_PUBLIC_PHOTOS)s ภาพ (เลือกมา %(count)s ภาพ)")
            % {"MAX_PUBLIC_PHOTOS": MAX_PUBLIC_PHOTOS, "count": len(approved)},
            field="photos",
        )
    allowed = {photo.pk for photo in unit_photos(unit)}
    if any(pk not in allowed for pk in approved):
        raise DomainError(
            _("เลือกได้เฉพาะภาพกิจกรรมของหน่วยนับนี้ที่ยังไม่ถูกนำออก กรุณาเปิดหน้าใหม่แล้วเลือกอีกครั้ง"),
            field="photos",
        )
    captions = {
        pk: _public_text(caption, limit=CAPTION_LIMIT, field="photos")
        for pk, caption in approved.items()
    }
    profile, _created = _profile_for_update(actor, unit)
    current = {p.photo_id: p for p in profile.photos.all()}
    added = sorted(set(captions) - set(current))
    withdrawn = sorted(set(current) - set(captions))
    recaptioned = sorted(
        pk for pk in set(captions) & set(current) if current[pk].caption != captions[pk]
    )
    if not (added or withdrawn or recaptioned):
        return profile
    ProfilePhoto.objects.filter(profile=profile, photo_id__in=withdrawn).delete()
    for pk in added:
        ProfilePhoto.objects.create(
            profile=profile, photo_id=pk, caption=captions[pk], approved_by=actor
        )
    for pk in recaptioned:
        current[pk].caption = captions[pk]
        current[pk].save(update_fields=["caption"])
    log_action(
        actor=actor,
        action="certified.profile_photos",
        obj=profile,
        changes={
            "approved": added,
            "withdrawn": withdrawn,
            "captions": {str(pk): captions[pk] for pk in [*added, *recaptioned]},
        },
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    return profile


@transaction.atomic
def outstanding_select(
    *, actor: User, year: ProgrammeYear, unit: Unit, reason: str
) -> OutstandingSelection:
    """Choose (or change) the district's one outstanding certified unit of the year."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not can_select_outstanding(actor, unit.district_id):
        raise DomainError(_("เฉพาะพัฒนาการอำเภอของอำเภอนี้เท่านั้นที่คัดเลือกผู้ผ่านการรับรองดีเด่นได้"))
    if unit.programme_year_id != year.pk:
        raise DomainError(_("หน่วยนับนี้ไม่อยู่ในปีดำเนินงานนี้"), field="unit")
    if unit.status != Status.CERTIFIED:
        raise DomainError(
            _("คัดเลือกได้เฉพาะหน่วยนับที่ผ่านการรับรองมาตรฐานแล้ว (สถานะปัจจุบัน: “%(status)s”)")
            % {"status": unit.get_status_display()},
            field="unit",
        )
    if certificates_all_revoked(unit):
        raise DomainError(_("คัดเลือกไม่ได้ เพราะประกาศนียบัตรของหน่วยนับนี้ถูกเพิกถอนแล้ว"), field="unit")
    reason = _text(reason, limit=REASON_LIMIT, field="reason")
    if not reason:
        raise DomainError(_("กรุณาระบุเหตุผลที่คัดเลือก"), field="reason")
    selection = (
        OutstandingSelection.objects.select_for_update()
        .filter(programme_year=year, district_id=unit.district_id)
        .first()
    )
    before = {"unit": selection.unit_id, "reason": selection.reason} if selection else {}
    changes = diff(before, {"unit": unit.pk, "reason": reason})
    if not changes and selection is not None:
        return selection
    if selection is None:
        selection = OutstandingSelection(programme_year=year, district_id=unit.district_id)
    selection.unit = unit
    selection.reason = reason
    selection.selected_by = actor
    selection.selected_at = timezone.now()
    try:
        with transaction.atomic():
            selection.save()
    except IntegrityError as exc:
        # Another officer of the district chose at the same moment; the constraint kept one.
        raise DomainError(_("มีการคัดเลือกของอำเภอนี้พร้อมกัน กรุณาเปิดหน้าใหม่แล้วลองอีกครั้ง")) from exc
    log_action(
        actor=actor,
        action="certified.outstanding_select",
        obj=selection,
        changes=changes,
        note=reason,
        unit_id=unit.pk,
        district_id=unit.district_id,
    )
    return selection
