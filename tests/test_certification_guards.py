"""What keeps officers from a certificate they cannot fix (no signer yet), plain Thai for the
public and for officers, the links between certificates and units, and Thai download names."""

import pytest
from django.utils.http import content_disposition_header

from certification import batch as batch_module
from certification import services
from certification.models import Certificate, CertificateBatch
from committees import services as committee_services
from committees.models import Committee, Kind
from tests.factories import make_unit

SIGNER = {"signer_name": "นายวรพจน์ แววสิงห์งาม", "signer_position": "ผู้ว่าราชการจังหวัดลำพูน"}


@pytest.fixture(autouse=True)
def signing(signing_key_file):
    """Every test here signs credentials with a key file of its own (tests/conftest.py)."""


def set_signer(pat, year, **data):
    services.certificate_settings_update(
        actor=pat,
        year=year,
        data={**SIGNER, **data},
        expected_version=services.settings_for(year).version,
    )


@pytest.fixture
def issued(alice, pat, year):
    set_signer(pat, year)
    return services.certificate_issue(actor=pat, unit=make_unit(year, alice, "กลุ่มออมทรัพย์"))


# --- no certificate before the year has a signer ---------------------------------------------
# (tests/conftest.py's year has one; these tests take it away.)


def test_issuing_one_is_refused_until_the_signer_is_set(alice, pat, year, client):
    set_signer(pat, year, signer_name="", signer_position="")
    unit = make_unit(year, alice, "กลุ่มออมทรัพย์บ้านท่าขาม")
    client.force_login(pat)
    settings_url = f"/certificates/year/{year.pk}/settings/"
    for data in ({}, {"signer_position": ""}, {"signer_name": "  "}):
        if data:
            set_signer(pat, year, **data)
        response = client.post(f"/certificates/units/{unit.pk}/issue/", follow=True)
        text = response.content.decode()
        assert "ยังไม่ได้ระบุชื่อและตำแหน่งผู้ลงนาม" in text, data
        assert f'href="{settings_url}"' in text  # the message links to the settings
        assert not Certificate.objects.exists()
    set_signer(pat, year)
    response = client.post(f"/certificates/units/{unit.pk}/issue/")
    certificate = Certificate.objects.get()
    assert response["Location"] == f"/certificates/{certificate.pk}/"


def test_issuing_all_is_refused_until_the_signer_is_set(
    alice, pat, year, client, django_capture_on_commit_callbacks
):
    set_signer(pat, year, signer_name="", signer_position="")
    make_unit(year, alice, "กลุ่มออมทรัพย์")
    client.force_login(pat)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/certificates/year/{year.pk}/issue-all/", follow=True)
    assert "ยังไม่ได้ระบุชื่อและตำแหน่งผู้ลงนาม" in response.content.decode()
    assert not CertificateBatch.objects.exists() and not Certificate.objects.exists()
    set_signer(pat, year)
    response = client.post(f"/certificates/year/{year.pk}/issue-all/")
    batch = CertificateBatch.objects.get()
    assert response["Location"].endswith(f"/batches/{batch.pk}/")


def test_no_file_is_made_without_a_signer_by_a_download_or_the_worker(alice, pat, year, client):
    """The rule is the service's: a certificate numbered by a batch that stopped, downloaded
    later, and a batch whose signer was taken away after it was queued, make no unsigned file."""
    unit = make_unit(year, alice, "กลุ่มออมทรัพย์")
    certificate, _ = services.issue_certificate(actor=pat, unit=unit)  # numbered, no file yet
    batch = services.batch_start(actor=pat, year=year)
    set_signer(pat, year, signer_name="", signer_position="")
    client.force_login(pat)
    response = client.get(f"/certificates/{certificate.pk}/certificate.pdf", follow=True)
    assert response["Content-Type"].startswith("text/html")
    assert "ยังไม่ได้ระบุชื่อและตำแหน่งผู้ลงนาม" in response.content.decode()
    batch_module.run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.state == CertificateBatch.State.FAILED and "ผู้ลงนาม" in batch.error
    certificate.refresh_from_db()
    assert not certificate.pdf


def test_the_list_warns_until_the_signer_is_set(alice, pat, year, client):
    set_signer(pat, year, signer_name="", signer_position="")
    make_unit(year, alice, "กลุ่มออมทรัพย์")
    client.force_login(pat)
    page = client.get(f"/certificates/?year={year.pk}").content.decode()
    assert "ยังไม่ได้ระบุชื่อและตำแหน่งผู้ลงนาม" in page
    assert f'href="/certificates/year/{year.pk}/settings/"' in page
    set_signer(pat, year)
    page = client.get(f"/certificates/?year={year.pk}").content.decode()
    assert "ยังไม่ได้ระบุชื่อและตำแหน่งผู้ลงนาม" not in page
    # The district reads the list; the warning is the province's business.
    client.force_login(alice)
    services.certificate_settings_update(
        actor=pat,
        year=year,
        data={"signer_name": ""},
        expected_version=services.settings_for(year).version,
    )
    assert "ยังไม่ได้ระบุชื่อ" not in client.get(f"/certificates/?year={year.pk}").content.decode()


# --- plain Thai first ------------------------------------------------------------------------


def test_a_queued_batch_names_no_command(alice, pat, year, client):
    make_unit(year, alice, "กลุ่มออมทรัพย์")
    set_signer(pat, year)
    batch = services.batch_start(actor=pat, year=year)  # no worker runs in the test
    client.force_login(pat)
    text = client.get(f"/certificates/year/{year.pk}/batches/{batch.pk}/").content.decode()
    assert "รอเริ่ม" in text and "ผู้ดูแลระบบ" in text
    assert "manage.py" not in text and "db_worker" not in text


def test_the_verify_page_keeps_the_technical_facts_folded(issued, client):
    text = client.get(f"/verify/{issued.code}").content.decode()
    folded = text.index("<details>")
    assert "ข้อมูลทางเทคนิค" in text[folded:]
    for technical in ("Ed25519", "/issuer/51", "Open Badges 3.0 (W3C"):
        assert text.index(technical) > folded, technical
    # The button leads with Thai; the standard's name is in its title only.
    assert ">ดาวน์โหลดข้อมูลรับรองดิจิทัล</a>" in text
    assert 'title="Open Badges 3.0, JSON"' in text


def test_the_certificate_page_leads_with_thai_and_links_to_the_unit(alice, pat, issued, client):
    for user in (pat, alice):
        client.force_login(user)
        text = client.get(f"/certificates/{issued.pk}/").content.decode()
        assert f'href="/units/{issued.unit_id}/"' in text, user
        assert ">ข้อมูลรับรองดิจิทัล</a>" in text
        assert "ข้อมูลรับรองดิจิทัล (Open Badges" not in text


# --- Thai download names -----------------------------------------------------------------------


def disposition(name: str) -> str:
    return content_disposition_header(True, name)


def test_certificate_downloads_have_thai_names(pat, year, issued, client):
    client.force_login(pat)
    code = issued.code
    response = client.get(f"/certificates/{issued.pk}/certificate.pdf")
    assert response["Content-Disposition"] == disposition(f"ประกาศนียบัตร-{code}.pdf")
    response = client.get(f"/certificates/{issued.pk}/credential.json")
    assert response["Content-Disposition"] == disposition(f"ข้อมูลรับรองดิจิทัล-{code}.json")
    response = client.get(f"/verify/{code}/credential.json")
    assert response["Content-Disposition"] == disposition(f"ข้อมูลรับรองดิจิทัล-{code}.json")
    batch = services.batch_start(actor=pat, year=year)
    batch_module.run_batch(batch.pk)
    response = client.get(f"/certificates/year/{year.pk}/batches/{batch.pk}/certificates.pdf")
    assert response["Content-Disposition"] == disposition("ประกาศนียบัตรทั้งหมด-2570-ลำพูน.pdf")


def test_a_committee_order_without_a_number_is_named_as_a_draft(pat, year, client):
    committee_services.committees_create_for_year(actor=pat, programme_year=year)
    committee = Committee.objects.get(programme_year=year, kind=Kind.PROVINCIAL_CERTIFICATION)
    client.force_login(pat)
    response = client.get(f"/committees/{committee.pk}/order.pdf")
    assert response["Content-Disposition"] == disposition(f"คำสั่ง-ร่าง-{committee.pk}.pdf")
