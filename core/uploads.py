"""Check uploaded files by their content, never by their name (docs/security.md §8)."""

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from core.errors import DomainError

Image.MAX_IMAGE_PIXELS = 60_000_000  # refuse decompression bombs


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str
    sha256: str


def _limit_text() -> str:
    return f"{settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB"


def check_upload(upload: UploadedFile, *, allow_pdf: bool = True) -> CheckedFile:
    """Return the file's bytes if it really is a PDF, JPEG or PNG within the size limit.

    Images are re-encoded, which drops camera and location metadata and anything
    hidden after the image data.
    """
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("ไฟล์มีขนาดใหญ่เกินกำหนด (ไม่เกิน %(limit_text)s)") % {"limit_text": _limit_text()},
            field="file",
        )
    content = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    if len(content) > settings.UPLOAD_MAX_BYTES:
        raise DomainError(
            _("ไฟล์มีขนาดใหญ่เกินกำหนด (ไม่เกิน %(limit_text)s)") % {"limit_text": _limit_text()},
            field="file",
        )
    if not content:
        raise DomainError(_("ไฟล์ว่างเปล่า กรุณาเลือกไฟล์ใหม่"), field="file")

    if content.startswith(b"%PDF-"):
        if not allow_pdf:
            raise DomainError(_("ต้องเป็นไฟล์รูปภาพ JPEG หรือ PNG เท่านั้น"), field="file")
        try:
            reader = PdfReader(io.BytesIO(content))
            if reader.is_encrypted:
                raise DomainError(_("ไฟล์ PDF มีการเข้ารหัส กรุณาส่งไฟล์ที่ไม่ได้ตั้งรหัสผ่าน"), field="file")
            if len(reader.pages) == 0:
                raise PdfReadError("no pages")
        except DomainError:
            raise
        except Exception as exc:  # pypdf raises many types for broken files
            raise DomainError(_("ไฟล์ PDF เสียหายหรือไม่ใช่ PDF จริง"), field="file") from exc
        return CheckedFile(content, "application/pdf", "pdf", hashlib.sha256(content).hexdigest())

    try:
        with Image.open(io.BytesIO(content)) as probe:
            image_format = probe.format
            probe.verify()
        if image_format not in ("JPEG", "PNG"):
            raise UnidentifiedImageError(image_format)
        with Image.open(io.BytesIO(content)) as opened:
            image = ImageOps.exif_transpose(opened)
            out = io.BytesIO()
            if image_format == "JPEG":
                image.convert("RGB").save(out, "JPEG", quality=88, optimize=True)
            else:
                image.save(out, "PNG", optimize=True)
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as exc:
        accepted = _("PDF, JPEG หรือ PNG") if allow_pdf else _("JPEG หรือ PNG")
        raise DomainError(
            _("ไฟล์นี้ไม่ใช่ %(accepted)s ตามที่ระบุ (ระบบตรวจจากเนื้อไฟล์ ไม่ใช่จากชื่อไฟล์)")
            % {"accepted": accepted},
            field="file",
        ) from exc
    data = out.getvalue()
    if image_format == "JPEG":
        return CheckedFile(data, "image/jpeg", "jpg", hashlib.sha256(data).hexdigest())
    return CheckedFile(data, "image/png", "png", hashlib.sha256(data).hexdigest())
