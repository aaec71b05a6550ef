"""Activity photos: checked by content, read for evidence, re-encoded without any metadata.

A phone's photo carries EXIF (time, GPS position, camera) and sometimes XMP. What is useful as
evidence inside the district is read into fields first; the stored renditions are then built
from the decoded pixels alone, so no byte of the original's metadata reaches a stored file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from core.errors import DomainError
from core.text import clean_text
from core.uploads import (
    ACCEPTED_IMAGE_FORMATS,
    UNREADABLE_IMAGE,
    ImageHeader,
    read_image_header,
)

DISPLAY_LONG_SIDE = 1600
THUMBNAIL_LONG_SIDE = 400

# EXIF tags (TIFF/EXIF 2.3).
_MAKE, _MODEL, _DATETIME = 0x010F, 0x0110, 0x0132
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825
_DATETIME_ORIGINAL, _OFFSET_TIME_ORIGINAL = 0x9003, 0x9011
_GPS_LAT_REF, _GPS_LAT, _GPS_LON_REF, _GPS_LON = 1, 2, 3, 4


@dataclass(frozen=True)
class ProcessedPhoto:
    display: bytes  # JPEG, long side ≤ DISPLAY_LONG_SIDE
    thumbnail: bytes  # JPEG, long side ≤ THUMBNAIL_LONG_SIDE
    width: int
    height: int
    sha256: str  # of the uploaded file
    taken_at: dt.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None
    camera_model: str


def _limit_text() -> str:
    return f"{settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB"


@dataclass(frozen=True)
class PhotoHeader:
    """A photo looked at without decoding it (docs/security.md §8)."""

    sha256: str  # of the uploaded file
    decoded_pixels: int  # what decoding it for the renditions will produce


def _not_a_photo() -> DomainError:
    return DomainError(
        _("ไม่ใช่ไฟล์ภาพ JPEG หรือ PNG หรือไฟล์ภาพเสียหาย (ระบบตรวจจากเนื้อไฟล์ ไม่ใช่จากชื่อไฟล์)")
    )


def _read(upload: UploadedFile) -> tuple[bytes, ImageHeader]:
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("ไฟล์มีขนาดใหญ่เกินกำหนด (ไม่เกิน %(limit_text)s)") % {"limit_text": _limit_text()}
        )
    upload.seek(0)
    content = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    if len(content) > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("ไฟล์มีขนาดใหญ่เกินกำหนด (ไม่เกิน %(limit_text)s)") % {"limit_text": _limit_text()}
        )
    if not content:
        raise DomainError(_("ไฟล์ว่างเปล่า"))
    try:
        header = read_image_header(content, draft_long_side=DISPLAY_LONG_SIDE)
    except UNREADABLE_IMAGE as exc:
        raise _not_a_photo() from exc
    except DomainError as error:  # too many pixels: the same words, without the form field
        raise DomainError(error.message) from error
    return content, header


def inspect_photo(upload: UploadedFile) -> PhotoHeader:
    """The size, hash and header checks of process_photo, decoding nothing."""
    content, header = _read(upload)
    upload.seek(0)
    return PhotoHeader(hashlib.sha256(content).hexdigest(), header.decoded_pixels)


def process_photo(upload: UploadedFile) -> ProcessedPhoto:
    """Check one uploaded photo and return its renditions and evidence; DomainError if refused.

    The header is checked first (read_image_header): a photo above the pixel limit is refused
    before any pixel is decoded.
    """
    content, _header = _read(upload)
    try:
        return _process(content)
    except (*UNREADABLE_IMAGE, Image.DecompressionBombError) as exc:
        raise _not_a_photo() from exc


def _process(content: bytes) -> ProcessedPhoto:
    with Image.open(io.BytesIO(content), formats=ACCEPTED_IMAGE_FORMATS) as probe:
        probe.verify()  # structure and checksums; a PNG's image data is not decompressed
    with Image.open(io.BytesIO(content), formats=ACCEPTED_IMAGE_FORMATS) as image:
        evidence = _read_evidence(image)
        icc = image.info.get("icc_profile")
        # A JPEG decodes at a reduced scale when that is still at least the display size
        # (the same draft read_image_header counted against the request's pixel budget).
        scale = min(1.0, DISPLAY_LONG_SIDE / max(image.size))
        image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        upright = ImageOps.exif_transpose(image)
        rgb = _to_srgb(upright, icc)
    # The renditions are built from the pixels alone: a new image carries no EXIF, XMP or ICC.
    pixels = Image.frombytes("RGB", rgb.size, rgb.tobytes())
    display = _rendition(pixels, DISPLAY_LONG_SIDE, quality=85)
    thumbnail = _rendition(pixels, THUMBNAIL_LONG_SIDE, quality=80)
    with Image.open(io.BytesIO(display)) as shown:
        width, height = shown.size
    return ProcessedPhoto(
        display=display,
        thumbnail=thumbnail,
        width=width,
        height=height,
        sha256=hashlib.sha256(content).hexdigest(),
        **evidence,
    )


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """RGB pixels in sRGB (a phone's Display P3 photo keeps its colours without its profile)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        # Transparent parts of a PNG become white, as on paper.
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(background, rgba)
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(
                image.convert("RGB"), source, ImageCms.createProfile("sRGB"), outputMode="RGB"
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are
    return image.convert("RGB")


def _rendition(image: Image.Image, long_side: int, *, quality: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((long_side, long_side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    copy.save(out, "JPEG", quality=quality, optimize=True)
    return out.getvalue()


def _read_evidence(image: Image.Image) -> dict:
    """Taken-at time, GPS position and camera from the EXIF; anything unreadable is left out."""
    evidence: dict = {"taken_at": None, "latitude": None, "longitude": None, "camera_model": ""}
    try:
        exif = image.getexif()
    except Exception:  # a malformed EXIF block must not refuse the photo itself
        return evidence
    for name, reader in (
        ("taken_at", _taken_at),
        ("camera_model", _camera),
    ):
        try:
            evidence[name] = reader(exif)
        except Exception:
            pass
    try:
        evidence["latitude"], evidence["longitude"] = _position(exif.get_ifd(_GPS_IFD))
    except Exception:
        pass
    return evidence


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return clean_text(str(value or "")).replace("\x00", "").strip()


def _taken_at(exif) -> dt.datetime | None:
    details = exif.get_ifd(_EXIF_IFD)
    raw = _text(details.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME))
    if not raw:
        return None
    taken = dt.datetime.strptime(raw[:19], "%Y:%m:%d %H:%M:%S")
    offset = _text(details.get(_OFFSET_TIME_ORIGINAL))
    if offset:
        return dt.datetime.fromisoformat(f"{taken.isoformat()}{offset}")
    # Cameras record local time without a zone; the photos are taken in Thailand.
    return timezone.make_aware(taken)


def _camera(exif) -> str:
    make, model = _text(exif.get(_MAKE)), _text(exif.get(_MODEL))
    name = model if model.lower().startswith(make.lower()) else f"{make} {model}".strip()
    return name[:120]


def _degrees(value, ref) -> Decimal | None:
    if value is None or len(value) != 3:
        return None
    d, m, s = (Decimal(str(float(part))) for part in value)
    result = d + m / 60 + s / 3600
    if _text(ref).upper() in ("S", "W"):
        result = -result
    return result.quantize(Decimal("0.000001"))


def _position(gps) -> tuple[Decimal | None, Decimal | None]:
    if not gps:
        return None, None
    try:
        latitude = _degrees(gps.get(_GPS_LAT), gps.get(_GPS_LAT_REF))
        longitude = _degrees(gps.get(_GPS_LON), gps.get(_GPS_LON_REF))
    except (InvalidOperation, TypeError, ValueError, ZeroDivisionError):
        return None, None
    if latitude is None or longitude is None:
        return None, None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None, None
    if latitude == 0 and longitude == 0:  # "no fix" written as zeros
        return None, None
    return latitude, longitude
