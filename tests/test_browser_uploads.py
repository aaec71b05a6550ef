"""Uploads in a real browser (issue 12, "Fewer clicks, fewer mistakes"): several documents in
one form with a type per file, then previewed in the review page; a large phone photo shrunk
in the browser before it is sent, with its progress shown, and a bad file beside it named."""

import hashlib
import io

import pytest
from PIL import Image

from activities.models import ActivityPhoto
from activities.photos import process_photo
from registration.models import Status
from tests.conftest import PASSWORD, pdf_upload
from tests.factories import phone_exif

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('งานของฉัน')")


@pytest.fixture
def csp_errors(page):
    """Anything the CSP blocked, as the console reports it: must stay empty."""
    errors: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return errors


def _jpeg(path, size, color):
    Image.new("RGB", size, color).save(path, "JPEG")
    return str(path)


def test_several_documents_in_one_form_then_previewed_in_the_review_page(
    page, live_server, alice, leader, tmp_path, csp_errors
):
    form = tmp_path / "ใบสมัคร.pdf"
    form.write_bytes(pdf_upload().read())
    house = tmp_path / "ทะเบียนบ้าน.pdf"
    house.write_bytes(pdf_upload().read())
    photo = _jpeg(tmp_path / "รูปถ่าย.jpg", (300, 400), (20, 90, 160))
    card = _jpeg(tmp_path / "บัตร.jpg", (320, 200), (160, 90, 20))

    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/units/{leader.pk}/")
    page.set_input_files("#id_file", [str(form), photo, str(house), card])
    # One type select per chosen file; the form's own select steps aside.
    assert page.locator("[data-upload-rows] select[name=kind]").count() == 4
    assert page.locator("#id_kind").is_disabled()
    for name, kind in (
        ("ใบสมัคร.pdf", "APPLICATION_FORM"),
        ("รูปถ่าย.jpg", "PHOTO"),
        ("ทะเบียนบ้าน.pdf", "HOUSE_REGISTRATION"),
        ("บัตร.jpg", "ID_CARD"),
    ):
        page.select_option(f"select[data-kind-for='{name}']", value=kind)
    page.click("button:has-text('อัปโหลด')")
    page.wait_for_selector("text=แนบเอกสารแล้ว 4 ไฟล์")
    kinds = dict(leader.documents.values_list("kind", "original_name"))
    assert kinds == {
        "APPLICATION_FORM": "ใบสมัคร.pdf",
        "PHOTO": "รูปถ่าย.jpg",
        "HOUSE_REGISTRATION": "ทะเบียนบ้าน.pdf",
        "ID_CARD": "บัตร.jpg",
    }

    page.click("button:has-text('ยื่นสมัคร')")
    page.wait_for_selector("text=ยื่นสมัครแล้ว")
    leader.refresh_from_db()
    assert leader.status == Status.SUBMITTED
    # The reviewer sees each document in the page: the PDF in Chromium's reader in a frame...
    pdf = leader.documents.get(kind="APPLICATION_FORM")
    frame = page.locator(f"iframe[src='/units/documents/{pdf.pk}/preview/']")
    frame.scroll_into_view_if_needed()
    page.wait_for_function(
        "url => [...document.querySelectorAll('iframe')].some(f => f.src.endsWith(url))",
        arg=f"/units/documents/{pdf.pk}/preview/",
    )
    page.wait_for_timeout(1000)
    reader = [f for f in page.frames if f.url.endswith(f"/units/documents/{pdf.pk}/preview/")]
    assert reader, [f.url for f in page.frames]
    assert any("embed" in f.content() for f in reader)  # the PDF viewer, not a blocked page
    # ... and the image as an image, decoded.
    image = page.locator(
        f"img[src='/units/documents/{leader.documents.get(kind='PHOTO').pk}/preview/']"
    )
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [300, 400]
    assert csp_errors == []


def test_a_large_phone_photo_is_shrunk_in_the_browser_and_a_bad_file_is_named(
    page, live_server, alice, activity, tmp_path, settings, csp_errors, monkeypatch
):
    # A 12 MP phone photo turned by its EXIF (as a phone held upright writes it), with its
    # time, position and camera; bigger than the server takes, so only its shrunk copy fits.
    settings.UPLOAD_MAX_BYTES = 4 * 1024 * 1024
    noise = Image.effect_noise((4000, 3000), 40).convert("RGB")
    gradient = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
    out = io.BytesIO()
    Image.blend(noise, gradient, 0.5).save(out, "JPEG", quality=95, exif=phone_exif(orientation=6))
    original = out.getvalue()
    assert len(original) > settings.UPLOAD_MAX_BYTES
    big = tmp_path / "IMG_0001.JPG"
    big.write_bytes(original)
    bad = tmp_path / "IMG_0002.JPG"
    bad.write_bytes(b"<html>not a photo</html>")

    # What reaches the server, as the service gets it (the live server runs in this process).
    arrived = []

    def record(upload):
        upload.seek(0)
        with Image.open(upload) as image:
            arrived.append((upload.name, upload.size, image.size))
        upload.seek(0)
        return process_photo(upload)

    monkeypatch.setattr("activities.services.process_photo", record)
    log_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/activities/{activity.pk}/")
    page.set_input_files("#photos-input", [str(big), str(bad)])
    page.click("button:has-text('อัปโหลดภาพ')")
    page.wait_for_selector("[data-upload-status]:not([hidden])")
    page.wait_for_selector("text=บันทึกภาพแล้ว 1 ภาพ", timeout=60000)
    assert "IMG_0002.JPG" in page.locator("ul.messages").inner_text()

    [photo] = ActivityPhoto.objects.filter(activity=activity)
    # What arrived was the browser's copy: turned upright, 2,000 px on its long side, a fraction
    # of the photo's bytes (the bad file never reaches the decoder).
    [(name, size, dimensions)] = arrived
    assert name == "IMG_0001.jpg" and dimensions == (1500, 2000)
    assert size < len(original) / 3
    assert photo.sha256 != hashlib.sha256(original).hexdigest()
    # Upright (turned once, in the browser) and still with the evidence the server reads.
    assert (photo.width, photo.height) == (1200, 1600)
    assert photo.camera_model == "Apple iPhone 13"
    assert photo.taken_at is not None and photo.has_location
    assert csp_errors == []
