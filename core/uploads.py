"""Check uploaded files by their content, never by their name (docs/security.md §8).

The cheap checks come first and decide before anything is decoded: the size, the SHA-256 of
the bytes, and for an image the dimensions in its header (`read_image_header`), against a
limit per image (`UPLOAD_MAX_PIXELS`) and one for all the images of a request
(`UPLOAD_MAX_REQUEST_PIXELS`, `check_pixel_budget`). A PNG of a few hundred KB can claim
10,900 × 10,900 pixels and take a gigabyte to decode; it is refused from its header.
"""

import hashlib
import io
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import pikepdf
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from core.errors import DomainError

# Pillow warns above this and refuses by itself above twice it; read_image_header refuses
# above it from the header, so nothing larger is ever decoded.
Image.MAX_IMAGE_PIXELS = settings.UPLOAD_MAX_PIXELS
ACCEPTED_IMAGE_FORMATS = ("JPEG", "PNG")
# Errors Pillow raises for a file that is not a readable JPEG or PNG.
UNREADABLE_IMAGE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError)


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str
    sha256: str


@dataclass(frozen=True)
class ImageHeader:
    format: str
    width: int
    height: int
    # What decoding will produce: a JPEG asked for a smaller draft decodes at 1/2, 1/4 or 1/8.
    decoded_pixels: int


@dataclass(frozen=True)
class Inspected:
    """An upload looked at without decoding it: its hash and the pixels decoding would cost."""

    sha256: str
    decoded_pixels: int  # 0 for a PDF


def _megapixels(pixels: int) -> str:
    return f"{pixels / 1_000_000:.1f}"


def _too_many_pixels(pixels: int | None) -> DomainError:
    limit = _megapixels(settings.UPLOAD_MAX_PIXELS)
    if pixels is None:
        return DomainError(
            _("ภาพมีจำนวนพิกเซลเกินกำหนด (ไม่เกิน %(limit)s ล้านพิกเซล) กรุณาย่อภาพก่อนส่ง")
            % {"limit": limit},
            field="file",
        )
    return DomainError(
        _("ภาพมีขนาด %(megapixels)s ล้านพิกเซล เกินกำหนด (ไม่เกิน %(limit)s ล้านพิกเซล) กรุณาย่อภาพก่อนส่ง")
        % {"megapixels": _megapixels(pixels), "limit": limit},
        field="file",
    )


def read_image_header(content: bytes, *, draft_long_side: int | None = None) -> ImageHeader:
    """The format and dimensions from the image's header; nothing is decoded.

    DomainError above `UPLOAD_MAX_PIXELS`; Pillow's own errors (UNREADABLE_IMAGE) for what is
    not a JPEG or PNG. With `draft_long_side`, a JPEG's decoded size is the draft Pillow will
    decode at when asked for at least that long side (activities/photos.py asks the same).
    """
    try:
        # Image.open reads the header only; the pixels are decoded by load(), never called here.
        with Image.open(io.BytesIO(content), formats=ACCEPTED_IMAGE_FORMATS) as probe:
            image_format, (width, height) = probe.format, probe.size
            if image_format not in ACCEPTED_IMAGE_FORMATS:  # an MPO is opened by the JPEG plugin
                raise UnidentifiedImageError(image_format)
            if width * height > settings.UPLOAD_MAX_PIXELS:
                raise _too_many_pixels(width * height)
            decoded = width * height
            if draft_long_side and image_format == "JPEG" and max(width, height) > 0:
                scale = min(1.0, draft_long_side / max(width, height))
                probe.draft("RGB", (math.ceil(width * scale), math.ceil(height * scale)))
                decoded = probe.size[0] * probe.size[1]
    except Image.DecompressionBombError as exc:
        # Above twice MAX_IMAGE_PIXELS Pillow refuses at open; its message has the pixel count.
        found = re.search(r"\((\d+) pixels\)", str(exc))
        raise _too_many_pixels(int(found.group(1)) if found else None) from exc
    return ImageHeader(image_format, width, height, decoded)


def check_pixel_budget(pixels: Iterable[int], *, field: str = "file") -> None:
    """Refuse a request whose images together would decode to more than the request's budget."""
    total = sum(pixels)
    if total > settings.UPLOAD_MAX_REQUEST_PIXELS:
        raise DomainError(
            _(
                "ภาพที่ส่งมาครั้งนี้รวมกัน %(megapixels)s ล้านพิกเซล เกินกำหนดต่อครั้ง "
                "(ไม่เกิน %(limit)s ล้านพิกเซล) กรุณาแบ่งส่งหลายครั้ง"
            )
            % {
                "megapixels": _megapixels(total),
                "limit": _megapixels(settings.UPLOAD_MAX_REQUEST_PIXELS),
            },
            field=field,
        )


def _limit_text() -> str:
    return f"{settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB"


def _read(upload: UploadedFile) -> bytes:
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("ไฟล์มีขนาดใหญ่เกินกำหนด (ไม่เกิน %(limit_text)s)") % {"limit_text": _limit_text()},
            field="file",
        )
    upload.seek(0)
    content = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    if len(content) > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("ไฟล์มีขนาดใหญ่เกินกำหนด (ไม่เกิน %(limit_text)s)") % {"limit_text": _limit_text()},
            field="file",
        )
    if not content:
        raise DomainError(_("ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ใหม่"), field="file")
    return content


def _not_accepted(allow_pdf: bool) -> DomainError:
    accepted = _("PDF, JPEG หรือ PNG") if allow_pdf else _("JPEG หรือ PNG")
    return DomainError(
        _("ไฟล์นี้ไม่ใช่ %(accepted)s ตามที่ระบุ (ระบบตรวจจากเนื้อไฟล์ ไม่ใช่จากชื่อไฟล์)")
        % {"accepted": accepted},
        field="file",
    )


def _header(content: bytes, allow_pdf: bool) -> ImageHeader | None:
    """None for what says it is a PDF (checked by _check_pdf), else the image's header."""
    if content.startswith(b"%PDF-"):
        if not allow_pdf:
            raise DomainError(_("ต้องเป็นไฟล์รูปภาพ JPEG หรือ PNG เท่านั้น"), field="file")
        return None
    try:
        return read_image_header(content)
    except UNREADABLE_IMAGE as exc:
        raise _not_accepted(allow_pdf) from exc


def inspect_upload(upload: UploadedFile, *, allow_pdf: bool = True) -> Inspected:
    """The cheap checks of check_upload (size, type, header dimensions), decoding nothing.

    For a batch: inspect every file and check_pixel_budget before check_upload decodes any.
    """
    content = _read(upload)
    header = _header(content, allow_pdf)
    upload.seek(0)
    return Inspected(hashlib.sha256(content).hexdigest(), header.decoded_pixels if header else 0)


# Names that make a PDF run something or carry a file: scripts (/JS, /JavaScript, also as an
# /OpenAction or /AA), launching a program, embedded files, XFA forms and rich media.
_ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EF", "/XFA", "/RichMedia"}
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/GoToE", "/ImportData", "/RichMediaExecute"}
_ACTIVE_TYPES = {"/EmbeddedFile"}


def _is_active(value: object) -> bool:
    if not isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
        return False
    if _ACTIVE_KEYS.intersection(value.keys()):
        return True
    return (
        str(value.get("/S", "")) in _ACTIVE_ACTIONS or str(value.get("/Type", "")) in _ACTIVE_TYPES
    )


def _pdf_has_active_content(content: bytes) -> bool:
    """Whether any object of the PDF is a script, a launch action or an embedded file.

    Every object is looked at, not only the catalogue: an action can hang off a page, an
    annotation or a form field. qpdf has already decoded escaped names (/J#53 is /JS).
    """
    with pikepdf.open(io.BytesIO(content)) as pdf:
        pending: list[object] = list(pdf.objects)
        while pending:
            value = pending.pop()
            if _is_active(value):
                return True
            # Direct objects nested in this one; indirect ones are in pdf.objects already.
            if isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
                children: Iterable[object] = (value.get(key) for key in value.keys())
            elif isinstance(value, pikepdf.Array):
                children = iter(value)
            else:
                continue
            pending.extend(
                child
                for child in children
                if isinstance(child, pikepdf.Object) and not child.is_indirect
            )
    return False


def _check_pdf(content: bytes) -> None:
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise DomainError(_("ไฟล์ PDF มีการเข้ารหัส กรุณาส่งไฟล์ที่ไม่ได้ตั้งรหัสผ่าน"), field="file")
        if len(reader.pages) == 0:
            raise PdfReadError("no pages")
        active = _pdf_has_active_content(content)
    except DomainError:
        raise
    except Exception as exc:  # pypdf and qpdf raise many types for broken files
        raise DomainError(_("ไฟล์ PDF เสียหายหรือไม่ใช่ PDF จริง"), field="file") from exc
    if active:
        raise DomainError(
            _("ไฟล์ PDF มีสคริปต์หรือไฟล์แนบอยู่ภายใน ระบบไม่รับไฟล์แบบนี้ กรุณาพิมพ์หรือบันทึกเป็น PDF ใหม่แล้วส่งอีกครั้ง"),
            field="file",
        )


def check_upload(upload: UploadedFile, *, allow_pdf: bool = True) -> CheckedFile:
    """Return the file's bytes if it really is a PDF, JPEG or PNG within the limits.

    Images are refused from their header above the pixel limit, then re-encoded, which drops
    camera and location metadata and anything hidden after the image data. PDFs with scripts
    or embedded files are refused.
    """
    content = _read(upload)
    header = _header(content, allow_pdf)
    if header is None:
        _check_pdf(content)
        return CheckedFile(content, "application/pdf", "pdf", hashlib.sha256(content).hexdigest())
    try:
        with Image.open(io.BytesIO(content), formats=ACCEPTED_IMAGE_FORMATS) as probe:
            probe.verify()  # structure and checksums; a PNG's image data is not decompressed
        with Image.open(io.BytesIO(content), formats=ACCEPTED_IMAGE_FORMATS) as opened:
            image = ImageOps.exif_transpose(opened)
            out = io.BytesIO()
            if header.format == "JPEG":
                image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
            else:
                image.save(out, "PNG", optimize=True)
    except (*UNREADABLE_IMAGE, Image.DecompressionBombError) as exc:
        raise _not_accepted(allow_pdf) from exc
    data = out.getvalue()
    if header.format == "JPEG":
        return CheckedFile(data, "image/jpeg", "jpg", hashlib.sha256(data).hexdigest())
    return CheckedFile(data, "image/png", "png", hashlib.sha256(data).hexdigest())
