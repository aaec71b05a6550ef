"""แฟ้มภาพกิจกรรม: the photos of the activities of each stage 1–5 (seed 001 §2.7.3), as a PDF.

One district's dossier, or the whole province's (then grouped by district within each stage),
for one stage or all five, each stage a section. Per activity: its title, date, place, the
units that took part, and its photos two to a row with their captions. Plain data in, bytes out:
the photos arrive as JPEG bytes and reach typst through documents.render's `images`.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from PIL import Image

from core.thai import thai_date
from documents.parts import AreaReport
from documents.render import render_pdf
from documents.text import district_name, numerals

TITLE = "แฟ้มภาพกิจกรรม"
SUBTITLE = "การดำเนินงานตามระบบมาตรฐานการพัฒนาชุมชน (มชช.)"
NO_PHOTOS = "- ไม่มีภาพกิจกรรม -"
# A grid cell is about 7.8 cm wide: 800 px is about 260 dpi, sharp in print, and keeps a
# 100-photo dossier to a size that can be e-mailed (the stored renditions are 1600 px).
PRINT_LONG_SIDE = 800


@dataclass
class DossierPhoto:
    image: bytes  # JPEG, already stripped of metadata
    caption: str


@dataclass
class DossierActivity:
    title: str
    held_on: dt.date
    place: str
    kind: str  # "กิจกรรมกลุ่ม" / "กิจกรรมรายหน่วย"
    district: str  # "อำเภอเมืองลำพูน"
    units: list[str] = field(default_factory=list)
    partners: str = ""
    photos: list[DossierPhoto] = field(default_factory=list)


@dataclass
class DossierStage:
    number: int  # 1–5
    label: str  # "ขั้นการเรียนรู้และพัฒนาตนเอง"
    activities: list[DossierActivity] = field(default_factory=list)


@dataclass
class PhotoDossier(AreaReport):
    province: str
    district: str | None  # None: the whole province
    fiscal_year: int  # Buddhist era
    issued_on: dt.date
    office: str
    stages: list[DossierStage]
    thai_numerals: bool = True
    signer_name: str = ""
    signer_position: str = ""

    def stage_heading(self, stage: DossierStage) -> str:
        return numerals(f"ขั้นตอนที่ {stage.number} {stage.label}", self.thai_numerals)

    def photo_count(self) -> int:
        return sum(len(a.photos) for s in self.stages for a in s.activities)


def print_size(jpeg: bytes) -> bytes:
    """The photo scaled down for print; a JPEG decodes at half scale directly, so this is quick."""
    with Image.open(io.BytesIO(jpeg)) as image:
        if max(image.size) <= PRINT_LONG_SIDE:
            return jpeg
        scale = PRINT_LONG_SIDE / max(image.size)
        image.draft("RGB", (round(image.width * scale), round(image.height * scale)))
        small = image.convert("RGB")
        small.thumbnail((PRINT_LONG_SIDE, PRINT_LONG_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        small.save(out, "JPEG", quality=82, optimize=True)
        return out.getvalue()


def _activity_lines(data: PhotoDossier, activity: DossierActivity) -> list[str]:
    t = data.thai_numerals
    lines = [numerals(f"วันที่ {thai_date(activity.held_on)} ณ {activity.place} ({activity.kind})", t)]
    if activity.units:
        lines.append(numerals("ผู้เข้าร่วม: " + ", ".join(activity.units), t))
    if activity.partners:
        lines.append(numerals("ภาคีที่ร่วม: " + " ".join(activity.partners.split()), t))
    return lines


def _typst_data(data: PhotoDossier) -> tuple[dict[str, Any], dict[str, bytes]]:
    images: dict[str, bytes] = {}
    stages = []
    t = data.thai_numerals
    for stage in data.stages:
        groups: dict[str, list[dict[str, Any]]] = {}
        for activity in stage.activities:
            photos = []
            for photo in activity.photos:
                name = f"p{len(images) + 1}.jpg"
                images[name] = print_size(photo.image)
                photos.append({"image": name, "caption": numerals(photo.caption, t)})
            key = activity.district if data.whole_province else ""
            groups.setdefault(key, []).append(
                {
                    "title": numerals(activity.title, t),
                    "lines": _activity_lines(data, activity),
                    "photos": photos,
                }
            )
        stages.append(
            {
                "heading": data.stage_heading(stage),
                "groups": [
                    {
                        "district": numerals(district_name(name), t) if name else "",
                        "activities": [
                            {**a, "number": numerals(f"{i}.", t)}
                            for i, a in enumerate(activities, start=1)
                        ],
                    }
                    for name, activities in groups.items()
                ],
            }
        )
    summary = numerals(f"รวมภาพกิจกรรมทั้งหมด {data.photo_count()} ภาพ", t)
    return (
        {
            "thai_numerals": t,
            "title_lines": [TITLE, SUBTITLE, data.year_line(), data.area_line(), data.office],
            "empty_text": NO_PHOTOS,
            "stages": stages,
            "summary": summary,
            "date_line": data.date_line(),
            "signer": data.signer(),
        },
        images,
    )


def photo_dossier_pdf(data: PhotoDossier) -> bytes:
    typst_data, images = _typst_data(data)
    return render_pdf("photo_dossier", typst_data, images=images)


__all__ = [
    "DossierActivity",
    "DossierPhoto",
    "DossierStage",
    "PhotoDossier",
    "photo_dossier_pdf",
]
