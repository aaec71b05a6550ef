"""Uploads are checked by content, not by name (docs/security.md §8)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.errors import DomainError
from core.uploads import check_upload
from tests.conftest import jpeg_upload, pdf_upload


def test_real_pdf_is_accepted():
    checked = check_upload(pdf_upload())
    assert checked.content_type == "application/pdf" and checked.extension == "pdf"


def test_file_named_pdf_that_is_not_a_pdf_is_refused():
    fake = SimpleUploadedFile(
        "ใบสมัคร.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )
    with pytest.raises(DomainError) as error:
        check_upload(fake)
    assert "ไม่ใช่ PDF, JPEG หรือ PNG" in error.value.message


def test_broken_pdf_with_pdf_header_is_refused():
    with pytest.raises(DomainError) as error:
        check_upload(SimpleUploadedFile("x.pdf", b"%PDF-1.7\nthis is not really a pdf"))
    assert "PDF เสียหาย" in error.value.message


def test_html_named_png_is_refused():
    with pytest.raises(DomainError):
        check_upload(
            SimpleUploadedFile("photo.png", b"<!doctype html><p>hi</p>", content_type="image/png")
        )


def test_gif_is_refused_even_though_it_is_an_image():
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "GIF")
    with pytest.raises(DomainError):
        check_upload(SimpleUploadedFile("a.jpg", out.getvalue()))


def test_oversize_file_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    with pytest.raises(DomainError) as error:
        check_upload(big)
    assert "ขนาดใหญ่เกินกำหนด" in error.value.message


def test_jpeg_is_reencoded_without_exif_location():
    exif = Image.Exif()
    exif[0x8825] = {2: (13.0, 45.0, 0.0), 1: "N"}  # GPS IFD
    exif[0x010F] = "CameraMaker"
    upload = jpeg_upload(exif=exif.tobytes())
    assert b"CameraMaker" in upload.read()
    upload.seek(0)
    checked = check_upload(upload)
    assert checked.content_type == "image/jpeg"
    with Image.open(io.BytesIO(checked.content)) as image:
        assert not image.getexif()
    assert b"CameraMaker" not in checked.content


def test_empty_file_is_refused():
    with pytest.raises(DomainError) as error:
        check_upload(SimpleUploadedFile("a.pdf", b""))
    assert "ว่างเปล่า" in error.value.message
