"""The province's announcement of its certified units (ประกาศจังหวัด): what it lists, its defaults,
the draft preview, and issuing an edition (stored with its PDF and Word files).

Only the province (and the department) previews and issues; the province's districts read and
download the issued editions (the announcement is a public document about all of them).
An issued edition is a record and is never changed: when the list changes afterwards (a decision
reopened, a unit certified late), the province issues the next edition, whose text cancels the
one before it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, fields
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from assessment.models import Decision, Outcome, RoundLevel, RoundUnit
from audit.services import log_action
from certification.models import Announcement
from committees.models import Committee, Kind
from core.errors import DomainError
from core.scope import visible_to
from core.text import clean_name
from core.thai import fiscal_year_bounds, thai_date
from documents import announcement as document
from documents.text import bare_district_name
from geography.selectors import province_emblem
from programme.models import ProgrammeYear, UnitType
from registration.models import Status, Unit

# The classifier each type is counted in ("จำนวน ๓ คน", "๒ กลุ่ม").
COUNTERS: dict[str, str] = {
    UnitType.LEADER: "คน",
    UnitType.GROUP: "กลุ่ม",
    UnitType.NETWORK: "เครือข่าย",
    UnitType.COMMUNITY: "ชุมชน",
}
# docs/domain.md §3 order: leader, group, network, community.
TYPE_ORDER = {value: index for index, value in enumerate(UnitType.values)}
NO_UNITS = _("ยังไม่มีหน่วยนับที่ผ่านการรับรองมาตรฐานในปีนี้ จึงยังออกประกาศไม่ได้")
LIMITS = {"subject": 500, "signer_name": 200, "signer_position": 200, "on_behalf_of": 200}
# How far ahead an announcement may be dated: enough to prepare it before the signing day, not
# so far that a mistyped year ("2700") slips through. An issued edition is never changed and
# each later one must not be dated before it, so a wrong date would block every later edition.
DATE_AHEAD = dt.timedelta(days=90)
DATE_LABELS = {
    "assessed_from": _("วันที่ตรวจประเมิน"),
    "assessed_to": _("วันสิ้นสุดการตรวจประเมิน"),
    "announced_on": _("วันที่ประกาศ"),
}


@dataclass
class AnnouncementValues:
    """What the officer sets on the page; the rest comes from the year's data."""

    subject: str = ""
    assessed_from: dt.date | None = None
    assessed_to: dt.date | None = None
    announced_on: dt.date | None = None
    signer_name: str = ""
    signer_position: str = ""
    on_behalf_of: str = ""
    thai_numerals: bool = True

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> AnnouncementValues:
        names = {f.name for f in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in names})


# --- reads -------------------------------------------------------------------------------


def _require_province(actor: User, year: ProgrammeYear) -> None:
    if not actor.manages_province(year.province_id):
        raise DomainError(gettext("เฉพาะเจ้าหน้าที่ของจังหวัดนี้เท่านั้นที่จัดทำประกาศจังหวัดได้"))


def certified_units(year: ProgrammeYear) -> QuerySet[Unit]:
    """The year's certified units with what the list prints, in one query."""
    return Unit.objects.filter(programme_year=year, status=Status.CERTIFIED).select_related(
        "district", "subdistrict", "village"
    )


def _sort_key(unit: Unit) -> tuple:
    # By type (docs/domain.md §3 order), district code, then place (subdistrict, village) and name.
    village = unit.village.number if unit.village else 0
    return (
        TYPE_ORDER.get(unit.unit_type, 99),
        unit.district_id,
        unit.subdistrict_id,
        village,
        unit.name,
        unit.pk,
    )


def ordered(units) -> list[Unit]:
    return sorted(units, key=_sort_key)


def place_parts(unit: Unit) -> list[str]:
    """["หมู่ที่ 3 บ้านท่าขาม", "ตำบลบ้านกลาง"]; the district is the list's heading. No house
    number: the announcement is public."""
    parts = [str(unit.village)] if unit.village_id else []
    parts.append(unit.subdistrict.display_name)
    return parts


def type_groups(units: list[Unit]) -> list[document.TypeGroup]:
    """The units (already ordered) by type, then district; types without units are left out."""
    groups: list[document.TypeGroup] = []
    for unit in units:
        if not groups or groups[-1].label != unit.type_label:
            groups.append(
                document.TypeGroup(label=str(unit.type_label), counter=COUNTERS[unit.unit_type])
            )
        group = groups[-1]
        district = unit.district.display_name
        if not group.districts or group.districts[-1].district != district:
            group.districts.append(document.DistrictGroup(district=district))
        group.districts[-1].units.append(
            document.AnnouncedUnit(name=unit.name, place_parts=place_parts(unit))
        )
    return groups


def outline(groups: list[document.TypeGroup]) -> list[dict[str, Any]]:
    """The groups for the page's preview, each district with the number its list starts at
    (numbers run on through a type, as in the document)."""
    result = []
    for group in groups:
        districts, start = [], 1
        for district in group.districts:
            districts.append({"name": district.district, "start": start, "units": district.units})
            start += len(district.units)
        result.append(
            {
                "label": group.label,
                "count": group.count,
                "counter": group.counter,
                "districts": districts,
            }
        )
    return result


def certifying_committee(year: ProgrammeYear) -> Committee | None:
    return Committee.objects.filter(programme_year=year, kind=Kind.PROVINCIAL_CERTIFICATION).first()


def committee_name(year: ProgrammeYear, committee: Committee | None = None) -> str:
    if committee is not None:
        return committee.name
    return f"คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด{year.province.name_th}"


def assessment_dates(year: ProgrammeYear) -> tuple[dt.date | None, dt.date | None]:
    """First and last day of the provincial assessment: the scheduled presentations of the
    provincial rounds, else the days the committee certified."""
    slots = RoundUnit.objects.filter(
        round__programme_year=year, round__level=RoundLevel.PROVINCE, starts_at__isnull=False
    ).aggregate(first=Min("starts_at"), last=Max("starts_at"))
    if slots["first"] is None:
        slots = Decision.objects.filter(
            round_unit__round__programme_year=year,
            round_unit__round__level=RoundLevel.PROVINCE,
            outcome=Outcome.CERTIFY,
            reopened_at__isnull=True,
        ).aggregate(first=Min("decided_at"), last=Max("decided_at"))
    if slots["first"] is None:
        return None, None
    first, last = (timezone.localdate(slots[key]) for key in ("first", "last"))
    return first, (last if last != first else None)


def latest_edition(year: ProgrammeYear) -> Announcement | None:
    return Announcement.objects.filter(programme_year=year).order_by("-edition").first()


def year_announcements(user: User, year: ProgrammeYear) -> list[Announcement]:
    """The issued editions the user may read, newest first."""
    return list(
        visible_to(user, Announcement)
        .filter(programme_year=year)
        .select_related("issued_by")
        .order_by("-edition")
    )


def defaults(year: ProgrammeYear, latest: Announcement | None = None) -> AnnouncementValues:
    """The form's starting values: the last edition's, else the year's data (the certification
    committee's order signer, the provincial assessment's dates)."""
    if latest is not None:
        return AnnouncementValues(
            subject=latest.subject,
            assessed_from=latest.assessed_from,
            assessed_to=latest.assessed_to,
            announced_on=None,
            signer_name=latest.signer_name,
            signer_position=latest.signer_position,
            on_behalf_of=latest.on_behalf_of,
            thai_numerals=latest.thai_numerals,
        )
    province = year.province.name_th
    committee = certifying_committee(year)
    assessed_from, assessed_to = assessment_dates(year)
    return AnnouncementValues(
        subject=f"ผลการรับรองมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี {year.fiscal_year}",
        assessed_from=assessed_from,
        assessed_to=assessed_to,
        signer_name=committee.signer_name if committee else "",
        signer_position=(committee.signer_position if committee else "") or "รองผู้ว่าราชการจังหวัด",
        on_behalf_of=(committee.on_behalf_of if committee else "") or f"ผู้ว่าราชการจังหวัด{province}",
        thai_numerals=committee.thai_numerals if committee else True,
    )


def changes_since(latest: Announcement | None, units: list[Unit]) -> tuple[int, int]:
    """(added, removed): how the certified units differ from the last edition's list."""
    if latest is None:
        return 0, 0
    announced = {entry["id"] for entry in latest.units}
    current = {unit.pk for unit in units}
    return len(current - announced), len(announced - current)


def document_data(
    year: ProgrammeYear,
    values: AnnouncementValues,
    units: list[Unit],
    *,
    previous: Announcement | None,
    draft: bool,
) -> document.Announcement:
    province = year.province.name_th
    keep_whole = [province, *{bare_district_name(u.district.name_th) for u in units}]
    return document.Announcement(
        issuing_office=f"จังหวัด{province}",
        subject=values.subject,
        fiscal_year=year.fiscal_year,
        committee=committee_name(year, certifying_committee(year)),
        groups=type_groups(units),
        assessed_from=values.assessed_from,
        assessed_to=values.assessed_to,
        announced_on=values.announced_on,
        signer_name=values.signer_name,
        signer_position=values.signer_position,
        on_behalf_of=values.on_behalf_of,
        thai_numerals=values.thai_numerals,
        edition=previous.edition + 1 if previous else 1,
        replaces_subject=_full_subject(previous) if previous else "",
        replaces_date=previous.announced_on if previous else None,
        draft=draft,
        keep_whole=keep_whole,
    )


def _full_subject(announcement: Announcement) -> str:
    suffix = f" (ฉบับที่ {announcement.edition})" if announcement.edition > 1 else ""
    return f"{announcement.subject}{suffix}"


# --- checks ------------------------------------------------------------------------------


def _checked(year: ProgrammeYear, values: AnnouncementValues, *, issue: bool) -> AnnouncementValues:
    """Cleaned values, or a DomainError on the field at fault. A draft may leave the dates and
    the signer blank (printed as dots); an issued announcement may not."""
    cleaned = AnnouncementValues(**{f.name: getattr(values, f.name) for f in fields(values)})
    for name, limit in LIMITS.items():
        # One-line names and titles: a hidden character is refused (docs/security.md §9).
        text = clean_name(str(getattr(cleaned, name) or ""), field=name)
        text = " ".join(text.split())  # one line each: they print as lines of their own
        if len(text) > limit:
            raise DomainError(
                gettext("ข้อความยาวเกิน %(limit)s ตัวอักษร") % {"limit": format(limit, ",")}, field=name
            )
        setattr(cleaned, name, text)
    if not cleaned.subject:
        raise DomainError(gettext("กรุณาระบุเรื่องของประกาศ"), field="subject")
    start, end, on = cleaned.assessed_from, cleaned.assessed_to, cleaned.announced_on
    for name in ("assessed_from", "assessed_to", "announced_on"):
        if getattr(cleaned, name) is not None and not isinstance(getattr(cleaned, name), dt.date):
            raise DomainError(gettext("วันที่ไม่ถูกต้อง"), field=name)
    if issue:
        if start is None:
            raise DomainError(gettext("กรุณาระบุวันที่คณะกรรมการตรวจประเมิน"), field="assessed_from")
        if on is None:
            raise DomainError(gettext("กรุณาระบุวันที่ประกาศ"), field="announced_on")
        if not cleaned.signer_name:
            raise DomainError(gettext("กรุณาระบุชื่อผู้ลงนาม"), field="signer_name")
        if not cleaned.signer_position:
            raise DomainError(gettext("กรุณาระบุตำแหน่งผู้ลงนาม"), field="signer_position")
    _check_window(year, cleaned)
    if start is None and end is not None:
        raise DomainError(gettext("กรุณาระบุวันเริ่มตรวจประเมินด้วย"), field="assessed_from")
    if start is not None and end is not None and end < start:
        raise DomainError(gettext("วันสิ้นสุดการตรวจประเมินต้องไม่ก่อนวันเริ่ม"), field="assessed_to")
    last_assessed = end or start
    if on is not None and last_assessed is not None and on < last_assessed:
        raise DomainError(gettext("วันที่ประกาศต้องไม่ก่อนวันที่ตรวจประเมิน"), field="announced_on")
    return cleaned


def _check_window(year: ProgrammeYear, values: AnnouncementValues) -> None:
    """Each date lies between the start of the programme's fiscal year (1 October of the year
    before) and DATE_AHEAD after today."""
    earliest, _year_end = fiscal_year_bounds(year.fiscal_year)
    latest = timezone.localdate() + DATE_AHEAD
    for name, label in DATE_LABELS.items():
        value = getattr(values, name)
        if value is None:
            continue
        if value < earliest:
            raise DomainError(
                gettext("%(label)sต้องไม่ก่อนเริ่มปีงบประมาณ %(fiscal_year)s (%(thai_date)s)")
                % {
                    "label": label,
                    "fiscal_year": year.fiscal_year,
                    "thai_date": thai_date(earliest),
                },
                field=name,
            )
        if value > latest:
            raise DomainError(
                gettext(
                    "%(label)sต้องไม่เกิน %(days)s วันนับจากวันนี้ (ไม่หลัง %(thai_date)s) กรุณาตรวจสอบปี พ.ศ."
                )
                % {"label": label, "days": DATE_AHEAD.days, "thai_date": thai_date(latest)},
                field=name,
            )


# --- the draft and the issue ---------------------------------------------------------------


def announcement_preview(*, actor: User, year: ProgrammeYear, values: AnnouncementValues) -> bytes:
    """The draft PDF ("ร่าง" across each page) of the next edition, from the current list.
    Nothing is stored."""
    _require_province(actor, year)
    cleaned = _checked(year, values, issue=False)
    units = ordered(certified_units(year))
    if not units:
        raise DomainError(NO_UNITS)
    data = document_data(year, cleaned, units, previous=latest_edition(year), draft=True)
    return document.announcement_pdf(data, emblem=province_emblem(year.province_id))


@transaction.atomic
def announcement_issue(
    *,
    actor: User,
    year: ProgrammeYear,
    values: AnnouncementValues,
    after_edition: int | None = None,
) -> Announcement:
    """Issue the next edition: the current certified units, the PDF and the Word file stored
    with the row, one audit entry.

    `after_edition` is the latest edition the officer's page showed (0 for none); the page
    always sends it. A second click, or a second officer, finds a newer edition and is refused,
    so one press of the button never issues two official announcements.

    The year row is locked first, so two officers issuing at once get editions 1 and 2, not
    two 1s. The files are written before the row: a failure leaves an unreferenced file, never a
    row naming a missing file.
    """
    _require_province(actor, year)
    ProgrammeYear.objects.select_for_update().filter(pk=year.pk).first()
    cleaned = _checked(year, values, issue=True)
    units = ordered(certified_units(year))
    if not units:
        raise DomainError(NO_UNITS)
    # _checked(issue=True) refused blank dates.
    assert cleaned.announced_on is not None and cleaned.assessed_from is not None
    previous = latest_edition(year)
    if after_edition is not None and after_edition != (previous.edition if previous else 0):
        raise DomainError(
            gettext("ประกาศฉบับที่ %(edition)s เพิ่งออกไปแล้ว ระบบจึงไม่ออกซ้ำ กรุณาตรวจดูฉบับล่าสุดก่อนออกฉบับใหม่")
            % {"edition": previous.edition if previous else 0}
        )
    if previous is not None and cleaned.announced_on < previous.announced_on:
        raise DomainError(
            gettext("ฉบับใหม่ต้องลงวันที่ไม่ก่อนฉบับที่ %(edition)s (%(thai_date)s)")
            % {"edition": previous.edition, "thai_date": thai_date(previous.announced_on)},
            field="announced_on",
        )
    data = document_data(year, cleaned, units, previous=previous, draft=False)
    emblem = province_emblem(year.province_id)  # the Garuda, if the province uploaded one
    pdf = document.announcement_pdf(data, emblem=emblem)
    docx = document.announcement_docx(data, emblem=emblem)
    row = Announcement(
        programme_year=year,
        edition=data.edition,
        subject=cleaned.subject,
        assessed_from=cleaned.assessed_from,
        assessed_to=cleaned.assessed_to,
        announced_on=cleaned.announced_on,
        signer_name=cleaned.signer_name,
        signer_position=cleaned.signer_position,
        on_behalf_of=cleaned.on_behalf_of,
        thai_numerals=cleaned.thai_numerals,
        units=[
            {"id": u.pk, "name": u.name, "type": u.unit_type, "district": u.district_id}
            for u in units
        ],
        unit_count=len(units),
        pdf_sha256=hashlib.sha256(pdf).hexdigest(),
        docx_sha256=hashlib.sha256(docx).hexdigest(),
        issued_by=actor,
    )
    row.pdf.save("announcement.pdf", ContentFile(pdf), save=False)
    row.docx.save("announcement.docx", ContentFile(docx), save=False)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:  # the edition constraint holds even if the lock were missed
        raise DomainError(gettext("ออกประกาศไม่สำเร็จ กรุณาลองใหม่อีกครั้ง")) from exc
    log_action(
        actor=actor,
        action="announcement.issue",
        obj=row,
        changes={
            "edition": row.edition,
            "announced_on": row.announced_on,
            "unit_count": row.unit_count,
            "signer_name": row.signer_name,
        },
    )
    return row


def log_announcement_download(*, actor: User, announcement: Announcement, fmt: str) -> None:
    log_action(
        actor=actor, action="announcement.download", obj=announcement, changes={"format": fmt}
    )
