"""A province uploads its Garuda emblem (or office logo) once (geography/views.py emblem,
geography/services.emblem_set) and the documents with the emblem's space print it: the
committee order, the district's recommendation memo, the announcement and the year-end letter,
in PDF (an image on the page) and Word (an inline picture). Bad files are refused with a Thai
message and nothing is stored; a stale page changes nothing; only the province's officer sets
it, each change audited."""

import io

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from audit.models import AuditEntry
from certification import announcement as announcements
from committees.models import Committee
from committees.services import committees_create_for_year
from documents.testing import pdf_image_count
from geography import services
from geography.models import Province, ProvinceEmblem
from geography.selectors import province_emblem
from registration.models import Status
from tests.factories import announcement_values, make_unit

EMBLEM_URL = "/geography/emblem/"


def png(size=(180, 200), color=(180, 20, 20), name="garuda.png", fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def upload(client, user, file, version=0):
    client.force_login(user)
    return client.post(EMBLEM_URL, {"file": file, "expected_version": version})


@pytest.fixture
def emblem(pat):
    return services.emblem_set(
        actor=pat, province=Province.objects.get(pk="51"), upload=png(), expected_version=0
    )


def picture_count(content: bytes) -> int:
    return len(docx.Document(io.BytesIO(content)).inline_shapes)


# --- the upload ----------------------------------------------------------------------------


def test_the_province_uploads_its_emblem_once_and_it_is_audited(pat, client):
    response = upload(client, pat, png())
    assert response.status_code == 302 and response["Location"] == EMBLEM_URL
    stored = ProvinceEmblem.objects.get(province_id="51")
    assert (stored.width, stored.height, stored.version) == (180, 200, 1)
    assert stored.content_type == "image/png"
    content = province_emblem("51")
    assert content is not None and Image.open(io.BytesIO(content)).size == (180, 200)
    entry = AuditEntry.objects.get(action="geography.emblem_set")
    assert entry.actor == pat and entry.changes["sha256"] == stored.sha256
    page = client.get(EMBLEM_URL).content.decode()
    assert reverse("geography:emblem_image") in page
    image = client.get(reverse("geography:emblem_image"))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_replacing_needs_the_version_the_page_showed(pat, emblem, client):
    old_name = emblem.image.name
    # A page opened before the first upload (version 0) is refused: nothing changes.
    response = upload(client, pat, png(color=(0, 0, 200)), version=0)
    assert response.status_code == 400
    assert "เปลี่ยนไปแล้ว" in response.content.decode()
    assert ProvinceEmblem.objects.get().sha256 == emblem.sha256
    # With the version it showed, the emblem is replaced and the old file goes.
    response = upload(client, pat, png(color=(0, 0, 200)), version=1)
    assert response.status_code == 302
    replaced = ProvinceEmblem.objects.get()
    assert replaced.version == 2 and replaced.sha256 != emblem.sha256
    assert replaced.image.name != old_name


def test_the_emblem_can_be_taken_off(pat, emblem, client):
    client.force_login(pat)
    response = client.post(reverse("geography:emblem_remove"), {"expected_version": 1})
    assert response.status_code == 302
    assert not ProvinceEmblem.objects.exists() and province_emblem("51") is None
    assert AuditEntry.objects.filter(action="geography.emblem_remove").count() == 1
    # A second press finds nothing to remove and records nothing.
    client.post(reverse("geography:emblem_remove"), {"expected_version": 1})
    assert AuditEntry.objects.filter(action="geography.emblem_remove").count() == 1


@pytest.mark.parametrize(
    "bad, message",
    [
        (SimpleUploadedFile("garuda.png", b"not an image at all"), "ไม่ใช่"),
        (png(size=(40, 48)), "เล็กเกินไป"),
        (png(size=(900, 160)), "ยาวหรือแคบเกินไป"),
        (SimpleUploadedFile("garuda.pdf", b"%PDF-1.4 fake"), "JPEG หรือ PNG"),
        (SimpleUploadedFile("garuda.png", b""), "ว่างเปล่า"),
    ],
)
def test_bad_files_are_refused_in_thai_and_nothing_is_stored(pat, client, bad, message):
    response = upload(client, pat, bad)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProvinceEmblem.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="geography.emblem").exists()


def test_a_page_without_its_version_is_refused(pat, client):
    client.force_login(pat)
    response = client.post(EMBLEM_URL, {"file": png()})
    assert response.status_code == 400 and not ProvinceEmblem.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "dave", "charlie", "admin_user"])
def test_only_a_province_officer_sets_the_emblem(persona, db, client, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(EMBLEM_URL).status_code == 404
    assert client.post(EMBLEM_URL, {"file": png(), "expected_version": 0}).status_code == 404
    assert client.get(reverse("geography:emblem_image")).status_code == 404
    assert not ProvinceEmblem.objects.exists()


def test_another_provinces_officer_sets_only_their_own(olivia, emblem, client):
    response = upload(client, olivia, png(color=(0, 200, 0)))
    assert response.status_code == 302
    assert set(ProvinceEmblem.objects.values_list("province_id", flat=True)) == {"50", "51"}
    assert ProvinceEmblem.objects.get(province_id="51").sha256 == emblem.sha256


# --- the documents print it ----------------------------------------------------------------


@pytest.fixture
def committee(pat, year):
    committees_create_for_year(actor=pat, programme_year=year)
    return Committee.objects.get(programme_year=year, district_id="5101")


def test_the_committee_order_prints_the_emblem(pat, committee, client):
    client.force_login(pat)
    pdf = f"/committees/{committee.pk}/order.pdf"
    word = f"/committees/{committee.pk}/order.docx"
    assert pdf_image_count(client.get(pdf).content) == 0  # none uploaded: the space is empty
    assert picture_count(client.get(word).content) == 0
    services.emblem_set(
        actor=pat, province=Province.objects.get(pk="51"), upload=png(), expected_version=0
    )
    assert pdf_image_count(client.get(pdf).content) == 1
    assert picture_count(client.get(word).content) == 1


def test_the_recommendation_memo_prints_the_emblem(alice, year, emblem, client):
    client.force_login(alice)
    base = reverse("assessment:summary_download", args=[year.pk, "5101", "pdf"])
    assert pdf_image_count(client.get(base).content) == 1
    word = client.get(reverse("assessment:summary_download", args=[year.pk, "5101", "docx"]))
    assert picture_count(word.content) == 1
    xlsx = client.get(reverse("assessment:summary_download", args=[year.pk, "5101", "xlsx"]))
    assert xlsx.status_code == 200


def test_the_year_end_letter_prints_the_emblem(pat, year, emblem, client):
    client.force_login(pat)
    pdf = client.get(reverse("reports:year_end_province_download", args=[year.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf_image_count(pdf.content) == 1
    word = client.get(reverse("reports:year_end_province_download", args=[year.pk, "docx"]))
    assert picture_count(word.content) == 1


def test_the_announcement_prints_the_emblem(pat, alice, year, emblem, tmp_path, settings):
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "credential-key.pem"
    make_unit(year, alice, "กลุ่มทอผ้าบ้านท่าขาม", status=Status.CERTIFIED)
    preview = announcements.announcement_preview(actor=pat, year=year, values=announcement_values())
    assert pdf_image_count(preview) == 1
    issued = announcements.announcement_issue(actor=pat, year=year, values=announcement_values())
    assert pdf_image_count(issued.pdf.read()) == 1
    assert picture_count(issued.docx.read()) == 1


def test_a_missing_file_leaves_the_space_empty(pat, committee, emblem, client):
    emblem.image.storage.delete(emblem.image.name)
    assert province_emblem("51") is None
    client.force_login(pat)
    assert pdf_image_count(client.get(f"/committees/{committee.pk}/order.pdf").content) == 0
