"""A unit's documents are previewed in its page (an <iframe> for a PDF, an <img> for an image)
through the same scoped, audited view as the download, shown inline and framed only by our own
pages (docs/security.md §3, §12)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from audit.models import AuditEntry
from registration import services
from tests.conftest import complete_documents, jpeg_upload


@pytest.fixture
def submitted(alice, leader):
    """The leader with every required paper: the form and the ID card a PDF, the photo a JPEG."""
    return complete_documents(leader, alice)


def _preview(document) -> str:
    return reverse("registration:document_preview", args=[document.pk])


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_review_page_shows_each_document_in_the_page(client, alice, submitted):
    client.force_login(alice)
    page = client.get(reverse("registration:detail", args=[submitted.pk])).content.decode()
    form = submitted.documents.get(kind="APPLICATION_FORM")
    photo = submitted.documents.get(kind="PHOTO")
    assert f'<iframe class="preview-pdf" src="{_preview(form)}"' in page
    assert f'<img class="preview-image" src="{_preview(photo)}"' in page
    # Documents still to check are opened for the reviewer.
    assert f'data-preview="{form.pk}" open' in page


def test_a_pdf_preview_is_the_stored_pdf_inline_framed_by_our_pages_only(client, alice, submitted):
    client.force_login(alice)
    document = submitted.documents.get(kind="APPLICATION_FORM")
    response = client.get(_preview(document))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in csp and "sandbox" in csp and "default-src 'none'" in csp
    assert response["Cache-Control"] == "no-store"
    assert len(PdfReader(io.BytesIO(_body(response))).pages) == 1


def test_an_image_preview_is_the_reencoded_image_inline(client, alice, submitted):
    client.force_login(alice)
    document = submitted.documents.get(kind="PHOTO")
    response = client.get(_preview(document))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    with Image.open(io.BytesIO(_body(response))) as image:
        assert image.format == "JPEG" and image.size == (40, 30)


def test_a_png_preview_keeps_its_type(client, alice, leader):
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 120, 0)).save(out, "PNG")
    document = services.document_upload(
        actor=alice, unit=leader, kind="OTHER", upload=SimpleUploadedFile("map.png", out.getvalue())
    )
    client.force_login(alice)
    response = client.get(_preview(document))
    assert response["Content-Type"] == "image/png"
    with Image.open(io.BytesIO(_body(response))) as image:
        assert image.format == "PNG"


def test_the_download_and_every_other_page_stay_unframeable(client, alice, submitted):
    client.force_login(alice)
    document = submitted.documents.get(kind="APPLICATION_FORM")
    download = client.get(reverse("registration:document", args=[document.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Frame-Options"] == "DENY"
    assert "frame-ancestors" not in download["Content-Security-Policy"]
    page = client.get(reverse("registration:detail", args=[submitted.pk]))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_each_preview_is_audited_for_an_allowed_user(client, alice, submitted):
    client.force_login(alice)
    document = submitted.documents.get(kind="ID_CARD")
    before = AuditEntry.objects.filter(action="document.download").count()
    assert client.get(_preview(document)).status_code == 200
    assert client.get(_preview(document)).status_code == 200
    entries = AuditEntry.objects.filter(action="document.download", object_id=str(document.pk))
    assert entries.count() == before + 2
    entry = entries.latest("pk")
    assert entry.actor == alice and entry.changes["personal"] is True
    assert entry.district_id == submitted.district_id and entry.unit_id == submitted.pk


@pytest.mark.parametrize("persona", ["charlie", "olivia"])
def test_a_user_of_another_district_or_province_gets_404_and_no_audit(
    client, submitted, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    before = AuditEntry.objects.count()
    for document in submitted.documents.all():
        assert client.get(_preview(document)).status_code == 404
    assert AuditEntry.objects.count() == before


def test_personal_papers_are_not_previewed_for_those_who_may_not_read_them(
    client, admin_user, submitted
):
    # The department without a live access grant reads no identity papers (docs/security.md §11).
    client.force_login(admin_user)
    id_card = submitted.documents.get(kind="ID_CARD")
    before = AuditEntry.objects.count()
    assert client.get(_preview(id_card)).status_code == 404
    assert AuditEntry.objects.count() == before
    page = client.get(reverse("registration:detail", args=[submitted.pk])).content.decode()
    assert _preview(id_card) not in page


def test_anonymous_is_sent_to_login(client, submitted):
    document = submitted.documents.get(kind="PHOTO")
    response = client.get(_preview(document))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_superseded_document_is_still_previewed_only_from_its_scope(client, alice, submitted):
    old = submitted.documents.get(kind="PHOTO")
    services.document_return(actor=alice, document=old, reason="ภาพไม่ชัด")
    services.document_upload(actor=alice, unit=submitted, kind="PHOTO", upload=jpeg_upload())
    client.force_login(alice)
    assert client.get(_preview(old)).status_code == 200
