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


# --- decompression bombs, the request's pixel budget, duplicates, active PDFs --------------
# (docs/security.md §8; issue 11, finding 3)

import gc  # noqa: E402
import struct  # noqa: E402
import threading  # noqa: E402
import zlib  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from pathlib import Path  # noqa: E402
from unittest import mock  # noqa: E402

import pikepdf  # noqa: E402
from django.core.files.uploadedfile import UploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from PIL import ImageFile  # noqa: E402

from activities import services as activities  # noqa: E402
from activities.models import ActivityPhoto  # noqa: E402
from activities.photos import process_photo  # noqa: E402
from core.once import new_form_token  # noqa: E402
from development import services as development  # noqa: E402
from development.models import EvidenceFile  # noqa: E402
from registration import services as registration  # noqa: E402
from registration.models import UnitDocument  # noqa: E402
from tests.factories import indicators_of, jpeg  # noqa: E402

MB = 1024 * 1024
# Refused uploads may read and hash the file and parse its header; decoding 10,900² pixels
# took +907 MB, so anything near that fails.
REFUSAL_MEMORY = 50 * MB


def png_bomb(width: int, height: int) -> bytes:
    """An 8-bit grey PNG of one colour: a few hundred KB that decodes to width × height bytes.

    Written chunk by chunk with zlib, so making it never holds the decoded image.
    """

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    row = b"\x00" * (width + 1)  # filter byte 0, then one byte a pixel
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


@contextmanager
def peak_memory_growth():
    """The growth of the process's peak resident memory over the block, in bytes.

    The kernel's high-water mark is reset first (/proc/self/clear_refs, "5"), so an earlier
    peak of the test process does not hide this one.
    """
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pytest.skip("the peak memory cannot be reset here (Linux /proc needed)")
    gc.collect()
    before = _status_kb("VmRSS")
    measured = {"bytes": 0}
    yield measured
    measured["bytes"] = (_status_kb("VmHWM") - before) * 1024


BOMBS = [
    # The finding's file: above twice the limit, so Pillow itself refuses at open.
    pytest.param(10_900, 10_900, id="10900x10900"),
    # Above the limit but below twice it: Pillow only warns; the header check refuses.
    pytest.param(9_000, 9_000, id="9000x9000"),
]


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(("width", "height"), BOMBS)
def test_png_bomb_is_refused_as_a_document_before_memory_grows(width, height, alice, leader):
    bomb = png_bomb(width, height)
    assert len(bomb) < 500 * 1024
    with peak_memory_growth() as memory, pytest.raises(DomainError) as error:
        registration.document_upload(
            actor=alice, unit=leader, kind="OTHER", upload=SimpleUploadedFile("a.png", bomb)
        )
    assert "ล้านพิกเซล" in error.value.message and "50.0" in error.value.message
    assert f"{width * height / 1e6:.1f}" in error.value.message  # the size is named
    assert not UnitDocument.objects.filter(unit=leader, kind="OTHER").exists()
    print(f"document bomb {width}x{height}: peak grew {memory['bytes'] / MB:.1f} MB")
    assert memory["bytes"] < REFUSAL_MEMORY


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(("width", "height"), BOMBS)
def test_png_bomb_is_refused_as_evidence_before_memory_grows(
    width, height, alice, approved, accepted
):
    bomb = png_bomb(width, height)
    with peak_memory_growth() as memory, pytest.raises(DomainError) as error:
        development.evidence_upload(
            once=new_form_token(),
            actor=alice,
            unit=accepted,
            uploads=[SimpleUploadedFile("a.png", bomb)],
            indicator_id=indicators_of(approved)[0].pk,
        )
    assert "a.png" in error.value.message and "ล้านพิกเซล" in error.value.message
    assert not EvidenceFile.objects.exists()
    print(f"evidence bomb {width}x{height}: peak grew {memory['bytes'] / MB:.1f} MB")
    assert memory["bytes"] < REFUSAL_MEMORY


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(("width", "height"), BOMBS)
def test_png_bomb_is_refused_as_a_photo_before_memory_grows(width, height, alice, activity):
    bomb = png_bomb(width, height)
    with peak_memory_growth() as memory, pytest.raises(DomainError) as error:
        activities.photos_upload(
            actor=alice, activity=activity, uploads=[SimpleUploadedFile("a.png", bomb)], stage=4
        )
    assert "a.png" in error.value.message and "ล้านพิกเซล" in error.value.message
    assert not ActivityPhoto.objects.exists()
    print(f"photo bomb {width}x{height}: peak grew {memory['bytes'] / MB:.1f} MB")
    assert memory["bytes"] < REFUSAL_MEMORY


def test_a_phone_sized_photo_is_within_the_limits(settings):
    from core.uploads import read_image_header

    out = io.BytesIO()
    Image.new("RGB", (8_000, 6_000)).save(out, "JPEG")  # a 48 MP phone camera's full size
    header = read_image_header(out.getvalue(), draft_long_side=1600)
    assert (header.width, header.height) == (8_000, 6_000)
    # Decoded for the renditions at 1/4 scale: twenty of these fit one request's budget.
    assert header.decoded_pixels == 2_000 * 1_500
    assert 20 * header.decoded_pixels < settings.UPLOAD_MAX_REQUEST_PIXELS


def _big_pngs(count: int, side: int) -> list[UploadedFile]:
    # Each within the per-image limit; different bytes, so none is a duplicate of another.
    return [SimpleUploadedFile(f"p{n}.png", png_bomb(side + n, side)) for n in range(count)]


def test_a_photo_batch_over_the_request_pixel_budget_is_refused_before_decoding(alice, activity):
    # The finding: eight 7,700² photos in one request took 17.5 s and +1.5 GB. Five of
    # 6,500² are each under the 50 MP limit and 211 MP together, over the 200 MP budget.
    files = _big_pngs(5, 6_500)
    with (
        mock.patch.object(ImageFile.ImageFile, "load", autospec=True) as load,
        peak_memory_growth() as memory,
        pytest.raises(DomainError) as error,
    ):
        activities.photos_upload(actor=alice, activity=activity, uploads=files, stage=4)
    assert "รวมกัน 211.3 ล้านพิกเซล" in error.value.message
    assert "ไม่เกิน 200.0 ล้านพิกเซล" in error.value.message
    assert load.call_count == 0  # nothing was decoded
    assert not ActivityPhoto.objects.exists()
    print(f"photo batch 5 x 6500²: peak grew {memory['bytes'] / MB:.1f} MB")
    assert memory["bytes"] < REFUSAL_MEMORY


def test_an_evidence_batch_over_the_request_pixel_budget_is_refused_before_decoding(
    alice, approved, accepted
):
    files = _big_pngs(5, 6_500)
    with (
        mock.patch.object(ImageFile.ImageFile, "load", autospec=True) as load,
        pytest.raises(DomainError) as error,
    ):
        development.evidence_upload(
            once=new_form_token(),
            actor=alice,
            unit=accepted,
            uploads=files,
            indicator_id=indicators_of(approved)[0].pk,
        )
    assert "รวมกัน 211.3 ล้านพิกเซล" in error.value.message
    assert load.call_count == 0
    assert not EvidenceFile.objects.exists()


def test_a_duplicate_photo_is_refused_by_its_hash_before_decoding(alice, activity):
    activities.photos_upload(actor=alice, activity=activity, uploads=[jpeg("a.jpg")], stage=4)
    with (
        mock.patch("activities.services.process_photo", wraps=process_photo) as process,
        pytest.raises(DomainError) as error,
    ):
        activities.photos_upload(
            actor=alice, activity=activity, uploads=[jpeg("again.jpg")], stage=4
        )
    assert "again.jpg: ภาพนี้มีอยู่ในกิจกรรมนี้แล้ว" in error.value.message
    assert process.call_count == 0  # refused before any decoding
    # Beside a new photo, the duplicate is named and only the new one is decoded and saved.
    with mock.patch("activities.services.process_photo", wraps=process_photo) as process:
        batch = activities.photos_upload(
            actor=alice,
            activity=activity,
            uploads=[jpeg("again.jpg"), jpeg("new.jpg", color=(0, 200, 0))],
            stage=4,
        )
    assert process.call_count == 1
    assert [p.original_name for p in batch] == ["new.jpg"]
    assert batch.refused == ["again.jpg: ภาพนี้มีอยู่ในกิจกรรมนี้แล้ว"]
    assert ActivityPhoto.objects.filter(activity=activity).count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_parallel_uploads_of_one_photo_keep_one(alice, activity):
    if connection.vendor != "postgresql":
        pytest.skip("row locks (SELECT … FOR UPDATE) need PostgreSQL")
    # Both requests pass the check before decoding, then meet: only the lock can decide.
    both_checked = threading.Barrier(2, timeout=30)
    real_process = process_photo

    def process_then_wait(upload):
        result = real_process(upload)
        both_checked.wait()
        return result

    saved, refused, failed = [], [], []

    def send():
        try:
            saved.extend(
                activities.photos_upload(
                    actor=alice, activity=activity, uploads=[jpeg("same.jpg")], stage=4
                )
            )
        except DomainError as error:
            refused.append(error.message)
        except Exception as error:  # pragma: no cover - shown in the assertion below
            failed.append(error)
        finally:
            connection.close()

    with mock.patch("activities.services.process_photo", process_then_wait):
        threads = [threading.Thread(target=send) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert not failed
    assert len(saved) == 1 and len(refused) == 1
    assert "ภาพนี้มีอยู่ในกิจกรรมนี้แล้ว" in refused[0]
    assert ActivityPhoto.objects.filter(activity=activity).count() == 1


def _pdf(build) -> SimpleUploadedFile:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    build(pdf)
    out = io.BytesIO()
    # Object streams: the objects are compressed, so a plain byte search would not find them.
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return SimpleUploadedFile("a.pdf", out.getvalue(), content_type="application/pdf")


def _open_action_script(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )


def _page_action_script(pdf):
    # An action on opening the page, nested in the page's dictionary.
    pdf.pages[0].obj.AA = pikepdf.Dictionary(
        O=pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("this.print()"))
    )


def _launch(pdf):
    pdf.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))


def _embedded_file(pdf):
    pdf.attachments["payload.exe"] = pikepdf.AttachedFileSpec(
        pdf,
        b"MZ not really a program",
        description="",
        filename="payload.exe",
        mime_type="application/octet-stream",
        creation_date="",
        mod_date="",
    )


@pytest.mark.parametrize(
    "build", [_open_action_script, _page_action_script, _launch, _embedded_file]
)
def test_pdf_with_a_script_or_an_embedded_file_is_refused(build):
    with pytest.raises(DomainError) as error:
        check_upload(_pdf(build))
    assert "ไฟล์ PDF มีสคริปต์หรือไฟล์แนบ" in error.value.message


def test_pdf_with_a_link_is_accepted():
    def link(pdf):
        pdf.pages[0].obj.Annots = pdf.make_indirect(
            pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=[0, 0, 100, 100],
                        A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://a")),
                    )
                ]
            )
        )

    assert check_upload(_pdf(link)).content_type == "application/pdf"


def test_a_pdf_with_a_script_is_refused_as_a_document_and_as_evidence(
    alice, leader, approved, accepted
):
    with pytest.raises(DomainError):
        registration.document_upload(
            actor=alice, unit=leader, kind="OTHER", upload=_pdf(_open_action_script)
        )
    with pytest.raises(DomainError) as error:
        development.evidence_upload(
            once=new_form_token(),
            actor=alice,
            unit=accepted,
            uploads=[_pdf(_embedded_file)],
            indicator_id=indicators_of(approved)[0].pk,
        )
    assert "ไฟล์ PDF มีสคริปต์หรือไฟล์แนบ" in error.value.message


def test_stored_pdfs_are_only_downloads_and_images_show_in_a_sandbox(
    client, alice, approved, accepted
):
    client.force_login(alice)
    files = development.evidence_upload(
        once=new_form_token(),
        actor=alice,
        unit=accepted,
        uploads=[pdf_upload("minutes.pdf"), jpeg_upload("meeting.jpg")],
        indicator_id=indicators_of(approved)[0].pk,
    )
    by_type = {f.content_type: f for f in files}
    pdf = client.get(
        reverse("development:evidence_file", args=[by_type["application/pdf"].pk]), {"inline": "1"}
    )
    assert pdf["Content-Disposition"].startswith("attachment")
    photo = client.get(
        reverse("development:evidence_file", args=[by_type["image/jpeg"].pk]), {"inline": "1"}
    )
    assert photo["Content-Disposition"].startswith("inline")
    document = accepted.documents.filter(content_type="application/pdf").first()
    registered = client.get(reverse("registration:document", args=[document.pk]), {"inline": "1"})
    assert registered["Content-Disposition"].startswith("attachment")
    for response in (pdf, photo, registered):
        assert response.status_code == 200
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
        assert response["X-Content-Type-Options"] == "nosniff"
