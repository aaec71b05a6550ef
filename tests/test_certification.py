"""Certificates: numbering, the PDF, public verification, signed credentials, the year's batch."""

import io
import json
import subprocess
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from audit.models import AuditEntry
from certification import batch as batch_module
from certification import services
from certification.codes import normalise_code, verify_url
from certification.credential import credential_bytes, signed_credential
from certification.models import Certificate, CertificateBatch
from core.errors import DomainError
from documents.certificate import _page, certificate_pdf
from documents.testing import pdf_page_count, pdf_text
from geography.models import Province
from programme.services import programme_year_create
from registration import services as registration_services
from registration.models import Status, Unit
from tests.conftest import complete_documents, group_data, new_unit
from tests.factories import assert_queries_flat, certify, make_unit


@pytest.fixture(autouse=True)
def signing(signing_key_file):
    """Every test here signs credentials with a key file of its own (tests/conftest.py)."""


def compact(text: str) -> str:
    return "".join(text.split())


# --- workflow ----------------------------------------------------------------------------


def test_stage5_moves_and_reopening_needs_a_reason(alice, leader):
    unit = complete_documents(leader, alice, reviewer=alice)
    unit = certify(unit, alice)
    assert unit.status == Status.CERTIFIED
    with transaction.atomic(), pytest.raises(DomainError, match="เหตุผล"):
        registration_services.unit_status_move(actor=alice, unit=unit, to_status=Status.RECOMMENDED)
    with transaction.atomic(), pytest.raises(DomainError):
        registration_services.unit_status_move(actor=alice, unit=unit, to_status=Status.WITHDRAWN)
    registration_services.unit_status_move(
        actor=alice, unit=unit, to_status=Status.RECOMMENDED, reason="ทบทวนมติ"
    )
    assert unit.status_changes.last().reason == "ทบทวนมติ"


def test_certified_units_stay_on_the_applicant_list(alice, pat, year, village, client):
    from registration import exports

    certified = make_unit(year, alice, "กลุ่มทอผ้าบ้านท่าขาม")
    make_unit(year, alice, "กลุ่มที่ยังร่าง", status=Status.DRAFT)
    content, _ = exports.applicant_list(user=pat, year=year, district=None, fmt="pdf")
    text = compact(pdf_text(content))
    assert compact(certified.name) in text and "กลุ่มที่ยังร่าง" not in text


# --- numbers -----------------------------------------------------------------------------


def test_numbers_are_gapless_in_the_province_year_and_printed_with_the_prefix(
    alice, pat, olivia, year
):
    services.certificate_settings_update(
        actor=pat,
        year=year,
        data={"number_prefix": "ลพ"},
        expected_version=services.settings_for(year).version,
    )
    units = [make_unit(year, alice, f"กลุ่มที่ {i}") for i in range(4)]
    certificates = [services.issue_certificate(actor=pat, unit=u)[0] for u in units]
    assert [c.number for c in certificates] == [1, 2, 3, 4]
    assert certificates[2].display_number == "ลพ 3/2570"
    assert len({c.code for c in certificates}) == 4
    # Another province counts from 1 on its own.
    chiang_mai = programme_year_create(
        actor=olivia, province=Province.objects.get(pk="50"), fiscal_year=2570
    )
    other = make_unit(chiang_mai, olivia, "กลุ่มเชียงใหม่", district="5001")
    assert services.issue_certificate(actor=olivia, unit=other)[0].number == 1


def test_issuing_twice_gives_back_the_same_certificate(alice, pat, year):
    unit = make_unit(year, alice, "กลุ่มออมทรัพย์")
    first, created = services.issue_certificate(actor=pat, unit=unit)
    again, created_again = services.issue_certificate(actor=pat, unit=unit)
    assert created and not created_again and again.pk == first.pk
    assert Certificate.objects.count() == 1
    assert AuditEntry.objects.filter(action="certificate.issue").count() == 1


def test_issue_is_refused_for_a_unit_that_is_not_certified(alice, pat, year):
    for status in (Status.DOCUMENTS_COMPLETE, Status.RECOMMENDED, Status.NOT_CERTIFIED):
        unit = make_unit(year, alice, f"กลุ่ม {status}", status=status)
        with pytest.raises(DomainError, match="ผ่านการรับรองมาตรฐานแล้ว"):
            services.issue_certificate(actor=pat, unit=unit)
    assert not Certificate.objects.exists()


def test_only_the_province_issues(alice, charlie, olivia, pat, year):
    unit = make_unit(year, alice, "กลุ่มออมทรัพย์")
    for actor in (alice, charlie, olivia):
        with pytest.raises(DomainError, match="เจ้าหน้าที่ของจังหวัด"):
            services.issue_certificate(actor=actor, unit=unit)


def test_a_revoked_certificate_can_be_replaced_with_the_next_number(alice, pat, year):
    unit = make_unit(year, alice, "กลุ่มออมทรัพย์")
    first, _ = services.issue_certificate(actor=pat, unit=unit)
    with pytest.raises(DomainError, match="เหตุผล"):
        services.certificate_revoke(actor=pat, certificate=first, reason="  ")
    services.certificate_revoke(actor=pat, certificate=first, reason="ชื่อพิมพ์ผิด")
    second, created = services.issue_certificate(actor=pat, unit=unit)
    assert created and second.number == 2 and second.code != first.code
    entry = AuditEntry.objects.get(action="certificate.revoke")
    assert entry.note == "ชื่อพิมพ์ผิด" and entry.actor == pat and entry.unit_id == unit.pk


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_gives_unique_gapless_numbers_on_postgresql(alice, pat, year):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what this tests; run with DATABASE_URL=postgres://…")
    units = [make_unit(year, alice, f"กลุ่มที่ {i}") for i in range(24)]
    threads_count = 6
    barrier = threading.Barrier(threads_count)
    errors = []

    def work(offset):
        try:
            barrier.wait()
            # Every unit is asked for by two threads at once: numbers must not be spent twice.
            for unit in units[offset::3]:
                services.issue_certificate(actor=pat, unit=unit)
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i % 3,)) for i in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 25))
    assert Certificate.objects.values("unit").distinct().count() == 24


# --- the PDF -----------------------------------------------------------------------------


def test_certificate_pdf_says_who_what_when_and_how_to_verify(certified_leader, pat, year):
    services.certificate_settings_update(
        actor=pat,
        year=year,
        expected_version=services.settings_for(year).version,
        data={
            "number_prefix": "ลพ",
            "signer_name": "นายวีระ ตัวอย่าง",
            "signer_position": "ผู้ว่าราชการจังหวัดลำพูน",
        },
    )
    certificate = services.certificate_issue(actor=pat, unit=certified_leader)
    pdf = certificate.pdf.read()
    assert pdf_page_count(pdf) == 1
    text = compact(pdf_text(pdf))
    assert "นายสมชายใจงาม" in text
    assert "จังหวัดลำพูน" in text and "อำเภอเมืองลำพูน" in text
    assert "มาตรฐานผู้นำชุมชน" in text
    assert "พ.ศ.๒๕๗๐" in text  # the fiscal year, Buddhist era, Thai numerals
    assert "เลขที่ลพ๑/๒๕๗๐" in text
    assert certificate.code_display in text
    assert "นายวีระตัวอย่าง" in text
    assert "3100600445635" not in text


def test_the_qr_code_leads_to_the_verify_page(certified_leader, pat, tmp_path):
    certificate = services.certificate_issue(actor=pat, unit=certified_leader)
    url = verify_url(certificate.code)
    assert url == f"https://mchch.example.go.th/verify/{certificate.code}"
    data = services.certificate_data(certificate)
    page = _page(data)
    assert data.verify_url == url
    import pypdfium2
    import zxingcpp
    from PIL import Image

    # The picture given to the template is a PNG of the code.
    picture = Image.open(io.BytesIO(bytes(page["qr"])))
    assert picture.format == "PNG"
    enlarged = picture.convert("L").resize((400, 400), Image.Resampling.NEAREST)
    assert [b.text for b in zxingcpp.read_barcodes(enlarged)] == [url]

    # The printed page, rendered as a phone camera would see it, decodes to the verify address.
    document = pypdfium2.PdfDocument(certificate.pdf.read())
    found = zxingcpp.read_barcodes(document[0].render(scale=2).to_pil())
    decoded = [b.text for b in found if b.format == zxingcpp.BarcodeFormat.QRCode]
    assert decoded == [url]


def test_long_names_stay_on_one_page(alice, pat, year):
    unit = make_unit(year, alice, "กลุ่มวิสาหกิจชุมชนผู้ผลิตผ้าทอมือและผลิตภัณฑ์จากผ้าฝ้าย " * 4)
    certificate, _ = services.issue_certificate(actor=pat, unit=unit)
    assert pdf_page_count(certificate_pdf(services.certificate_data(certificate))) == 1


# --- public verification -----------------------------------------------------------------


def test_verify_page_says_valid_then_revoked_with_the_reason(certified_leader, pat, client):
    certificate = services.certificate_issue(actor=pat, unit=certified_leader)
    response = client.get(f"/verify/{certificate.code}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "ยังใช้ได้" in page and "ถูกเพิกถอน" not in page
    for fact in ("นายสมชาย ใจงาม", "มาตรฐานผู้นำชุมชน", "อำเภอเมืองลำพูน", "ลำพูน", "2570"):
        assert fact in page
    assert certificate.display_number in page
    services.certificate_revoke(actor=pat, certificate=certificate, reason="ข้อมูลไม่ถูกต้อง")
    page = client.get(f"/verify/{certificate.code}").content.decode()
    assert "ถูกเพิกถอนแล้ว" in page and "ข้อมูลไม่ถูกต้อง" in page
    assert "ยังใช้ได้" not in page
    status = client.get(f"/verify/{certificate.code}/status.json").json()
    assert status["revokedCredentials"][0]["revocationReason"] == "ข้อมูลไม่ถูกต้อง"


def test_verify_page_leaks_nothing_personal(certified_leader, pat, client):
    certificate = services.certificate_issue(actor=pat, unit=certified_leader)
    for url in (
        f"/verify/{certificate.code}",
        f"/verify/{certificate.code}/credential.json",
        f"/verify/{certificate.code}/status.json",
    ):
        body = client.get(url).content.decode()
        for secret in ("3100600445635", "3-1006", "XXXXX", "บ้านเลขที่", "ผู้ใหญ่บ้าน", "2511"):
            assert secret not in body, (url, secret)
        assert "ท่าขาม" not in body  # the village: no address beyond district and province


def test_unknown_or_malformed_codes_are_a_clear_404(db, client):
    for code in ("ZZZZZZZZZZ", "short", "<script>", "A" * 300):
        response = client.get(f"/verify/{code}")
        assert response.status_code == 404
        assert "ไม่พบประกาศนียบัตร" in response.content.decode()
    assert client.get("/verify/ZZZZZZZZZZ/credential.json").status_code == 404


def test_codes_are_typed_forgivingly(certified_leader, pat, client):
    certificate = services.certificate_issue(actor=pat, unit=certified_leader)
    typed = f" {certificate.code_display.lower()} "
    assert normalise_code(typed) == certificate.code
    assert normalise_code("O0I1L") is None
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/verify/{certificate.code}"
    response = client.get(f"/verify/{certificate.code.lower()}")
    assert response.status_code == 302
    form = client.get("/verify/", {"code": "not a code"})
    assert form.status_code == 200 and "๑๐ ตัวอักษร" in form.content.decode()


def test_verify_page_is_cheap(certified_leader, pat, client, django_assert_max_num_queries):
    certificate = services.certificate_issue(actor=pat, unit=certified_leader)
    with django_assert_max_num_queries(2):
        assert client.get(f"/verify/{certificate.code}").status_code == 200


# --- signed credentials ------------------------------------------------------------------


def _write(tmp_path, credential, name="credential.json"):
    path = tmp_path / name
    path.write_text(json.dumps(credential, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _verify(path):
    out = io.StringIO()
    call_command("verify_credential", path, stdout=out)
    return out.getvalue()


def test_credential_is_an_open_badge_that_verifies(certified_leader, pat, client, tmp_path):
    certificate = services.certificate_issue(actor=pat, unit=certified_leader)
    client.force_login(pat)
    response = client.get(f"/certificates/{certificate.pk}/credential.json")
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    credential = json.loads(response.content)
    assert credential["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert credential["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert credential["issuer"]["id"] == "https://mchch.example.go.th/issuer/51"
    assert credential["credentialSubject"]["achievement"]["criteria"]["narrative"]
    assert credential["credentialStatus"]["id"].endswith(f"/verify/{certificate.code}/status.json")
    proof = credential["proof"]
    assert (proof["type"], proof["cryptosuite"]) == ("DataIntegrityProof", "eddsa-jcs-2022")
    # The key is published by the issuer, as a Multikey.
    profile = client.get("/issuer/51").json()
    method = profile["verificationMethod"][0]
    assert method["id"] == proof["verificationMethod"] and method["type"] == "Multikey"
    assert method["publicKeyMultibase"].startswith("z6Mk")  # Ed25519 multikeys read z6Mk…
    assert "ถูกต้อง (valid)" in _verify(_write(tmp_path, credential))
    # The same certificate always gives the same signed bytes; the public copy is the same.
    assert client.get(f"/verify/{certificate.code}/credential.json").content == credential_bytes(
        certificate
    )
    assert AuditEntry.objects.filter(
        action="certificate.download", changes__format="credential"
    ).exists()


def test_a_tampered_credential_fails_with_a_clear_reason(certified_leader, pat, tmp_path):
    certificate = services.certificate_issue(actor=pat, unit=certified_leader)
    credential = signed_credential(certificate)
    credential["credentialSubject"]["identifier"][0]["identityHash"] = "นายคนอื่น ใจงาม"
    with pytest.raises(CommandError, match="signature does not match"):
        _verify(_write(tmp_path, credential))


def test_a_revoked_credential_fails_with_the_reason(certified_leader, pat, tmp_path):
    certificate = services.certificate_issue(actor=pat, unit=certified_leader)
    path = _write(tmp_path, signed_credential(certificate))
    services.certificate_revoke(actor=pat, certificate=certificate, reason="ทุจริตการประเมิน")
    with pytest.raises(CommandError, match="revoked.*ทุจริตการประเมิน"):
        _verify(path)


def test_malformed_and_foreign_credentials_fail(certified_leader, pat, tmp_path, settings):
    certificate = services.certificate_issue(actor=pat, unit=certified_leader)
    broken = tmp_path / "broken.json"
    broken.write_text('{"@context": [', encoding="utf-8")
    with pytest.raises(CommandError, match="malformed JSON"):
        _verify(str(broken))
    unsigned = signed_credential(certificate)
    del unsigned["proof"]
    with pytest.raises(CommandError, match="no proof"):
        _verify(_write(tmp_path, unsigned))
    # Signed by a key this system does not hold.
    credential = signed_credential(certificate)
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "another-key.pem"
    with pytest.raises(CommandError, match="unknown key"):
        _verify(_write(tmp_path, credential))


def test_production_refuses_to_start_without_the_signing_key(tmp_path):
    import os
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    env = {
        **os.environ,
        "MCHCH_PRODUCTION": "true",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "mchch.example.go.th",
        "SITE_URL": "https://mchch.example.go.th",
        "MCHCH_VAR_DIR": str(tmp_path),
        "CREDENTIAL_SIGNING_KEY_FILE": str(tmp_path / "missing.pem"),
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "CREDENTIAL_SIGNING_KEY_FILE" in result.stderr
    del env["CREDENTIAL_SIGNING_KEY_FILE"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "CREDENTIAL_SIGNING_KEY_FILE is required" in result.stderr


# --- the year's batch --------------------------------------------------------------------


class Killed(BaseException):
    """Stands for SIGKILL: not an Exception, so nothing in the run catches it."""


def _kill_after(monkeypatch, target, name, calls):
    original = getattr(target, name)
    count = {"n": 0}

    def wrapper(*args, **kwargs):
        count["n"] += 1
        if count["n"] > calls:
            raise Killed
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, wrapper)


def _assert_complete(year, total):
    certificates = list(Certificate.objects.filter(programme_year=year).order_by("number"))
    assert [c.number for c in certificates] == list(range(1, total + 1))
    assert len({c.unit_id for c in certificates}) == total
    for certificate in certificates:
        pdf = certificate.pdf.read()
        certificate.pdf.close()
        assert pdf_page_count(pdf) == 1
        assert certificate.code_display in pdf_text(pdf)


def test_batch_killed_half_way_finishes_on_rerun_with_no_duplicate_and_none_missing(
    alice, charlie, pat, year, monkeypatch
):
    monkeypatch.setattr(batch_module, "CHUNK", 2)
    units = [make_unit(year, alice, f"กลุ่มที่ {i}") for i in range(5)]
    units += [make_unit(year, charlie, f"กลุ่มแม่ทา {i}", district="5102") for i in range(3)]
    make_unit(year, alice, "กลุ่มที่ไม่ผ่าน", status=Status.NOT_CERTIFIED)
    services.certificate_issue(actor=pat, unit=units[0])  # one issued by hand beforehand
    batch = CertificateBatch.objects.create(programme_year=year, requested_by=pat)

    # Killed while issuing, inside the second chunk's transaction: that chunk rolls back, its
    # numbers with it.
    with monkeypatch.context() as m:
        _kill_after(m, services, "log_action", 3)
        with pytest.raises(Killed):
            batch_module.run_batch(batch.pk)
    assert sorted(Certificate.objects.values_list("number", flat=True)) == [1, 2, 3]

    # Killed while storing the files, after two chunks: [1 (had its file), 2], [3, 4].
    with monkeypatch.context() as m:
        _kill_after(m, batch_module, "_store_pages", 2)
        with pytest.raises(Killed):
            batch_module.run_batch(batch.pk)
    assert Certificate.objects.count() == 8
    assert Certificate.objects.exclude(pdf="").count() == 1 + 3
    assert batch_module.year_progress(year) == (4, 8)
    batch.refresh_from_db()
    assert batch.state == CertificateBatch.State.RUNNING  # as a killed worker leaves it

    batch_module.run_batch(batch.pk)
    batch.refresh_from_db()
    assert batch.state == CertificateBatch.State.DONE
    _assert_complete(year, 8)
    assert batch_module.year_progress(year) == (8, 8)
    combined = batch.combined_pdf.read()
    assert pdf_page_count(combined) == 8
    # A run started again later adds nothing.
    again = CertificateBatch.objects.create(programme_year=year, requested_by=pat)
    batch_module.run_batch(again.pk)
    _assert_complete(year, 8)


def test_issue_all_from_the_page_runs_as_a_task_and_shows_progress(
    alice, pat, year, client, settings, django_capture_on_commit_callbacks
):
    for i in range(3):
        make_unit(year, alice, f"กลุ่มที่ {i}")
    client.force_login(pat)
    services.certificate_settings_update(  # the views issue only once a signer is set
        actor=pat,
        year=year,
        expected_version=services.settings_for(year).version,
        data={"signer_name": "นายวรพจน์ แววสิงห์งาม", "signer_position": "ผู้ว่าราชการจังหวัดลำพูน"},
    )
    # Without a worker the batch waits, and the page keeps reloading itself (no JavaScript).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/certificates/year/{year.pk}/issue-all/")
    batch = CertificateBatch.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/batches/{batch.pk}/")
    page = client.get(response["Location"])
    assert page["Refresh"] == "2" and 'max="3" value="0"' in page.content.decode()
    # A second click while it is queued does not start a second run.
    client.post(f"/certificates/year/{year.pk}/issue-all/")
    assert CertificateBatch.objects.count() == 1

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    CertificateBatch.objects.update(state=CertificateBatch.State.FAILED)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/certificates/year/{year.pk}/issue-all/")
    page = client.get(response["Location"])
    assert "Refresh" not in page and 'max="3" value="3"' in page.content.decode()
    _assert_complete(year, 3)
    latest = CertificateBatch.objects.latest("requested_at", "id")
    combined = client.get(f"/certificates/year/{year.pk}/batches/{latest.pk}/certificates.pdf")
    assert combined.status_code == 200 and pdf_page_count(b"".join(combined.streaming_content)) == 3


def test_a_stalled_batch_can_be_started_again(alice, pat, year):
    make_unit(year, alice, "กลุ่มออมทรัพย์")
    first = services.batch_start(actor=pat, year=year)
    assert services.batch_start(actor=pat, year=year) == first
    CertificateBatch.objects.filter(pk=first.pk).update(
        state=CertificateBatch.State.RUNNING,
        heartbeat_at=first.requested_at - services.STALE_AFTER,
    )
    assert services.batch_start(actor=pat, year=year) != first


# --- pages and scope ---------------------------------------------------------------------


@pytest.fixture
def issued(alice, pat, year):
    unit = make_unit(year, alice, "กลุ่มออมทรัพย์บ้านท่าขาม")
    return services.certificate_issue(actor=pat, unit=unit)


def test_province_pages_issue_revoke_and_download(alice, pat, year, client):
    unit = make_unit(year, alice, "กลุ่มออมทรัพย์บ้านท่าขาม")
    client.force_login(pat)
    services.certificate_settings_update(  # the views issue only once a signer is set
        actor=pat,
        year=year,
        expected_version=services.settings_for(year).version,
        data={"signer_name": "นายวรพจน์ แววสิงห์งาม", "signer_position": "ผู้ว่าราชการจังหวัดลำพูน"},
    )
    page = client.get(f"/certificates/?year={year.pk}").content.decode()
    assert unit.name in page and f"/certificates/units/{unit.pk}/issue/" in page
    response = client.post(f"/certificates/units/{unit.pk}/issue/")
    certificate = Certificate.objects.get()
    assert response["Location"] == f"/certificates/{certificate.pk}/"
    download = client.get(f"/certificates/{certificate.pk}/certificate.pdf")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert (
        download["X-Content-Type-Options"] == "nosniff"
        and "attachment" in download["Content-Disposition"]
    )
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    bad = client.post(f"/certificates/{certificate.pk}/revoke/", {"reason": ""})
    assert bad.status_code == 400 and Certificate.objects.get().revoked_at is None
    client.post(f"/certificates/{certificate.pk}/revoke/", {"reason": "ชื่อพิมพ์ผิด"})
    assert Certificate.objects.get().revocation_reason == "ชื่อพิมพ์ผิด"
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"certificate.issue", "certificate.download", "certificate.revoke"} <= actions


def test_settings_page_saves_and_refuses_a_bad_date(pat, year, client):
    client.force_login(pat)
    url = f"/certificates/year/{year.pk}/settings/"
    assert client.get(url).status_code == 200
    bad = client.post(
        url, {"number_prefix": "ลพ", "issued_on": "31/02/2570", "expected_version": 1}
    )
    assert bad.status_code == 200 and "errorlist" in bad.content.decode()
    client.post(
        url,
        {
            "number_prefix": "ลพ",
            "issued_on": "15/05/2570",
            "signer_name": "นายวีระ ตัวอย่าง",
            "expected_version": 1,
        },
    )
    saved = services.settings_for(year)
    assert saved.number_prefix == "ลพ" and str(saved.issued_on) == "2027-05-15"
    assert AuditEntry.objects.filter(action="certificate.settings").exists()


def test_a_stale_settings_form_is_refused(pat, year, client):
    client.force_login(pat)
    url = f"/certificates/year/{year.pk}/settings/"
    stale = services.settings_for(year).version
    assert f'name="expected_version" value="{stale}"' in client.get(url).content.decode()
    first = client.post(url, {"number_prefix": "ลพ", "expected_version": stale})
    assert first.status_code == 302
    saved = services.settings_for(year)
    kept = (saved.number_prefix, saved.version, AuditEntry.objects.count())
    assert kept[:2] == ("ลพ", stale + 1)
    second = client.post(url, {"number_prefix": "ชม", "expected_version": stale})
    assert second.status_code == 200
    assert "มีผู้อื่นแก้ไขการตั้งค่าประกาศนียบัตรนี้ไปก่อนแล้ว" in second.content.decode()
    now = services.settings_for(year)
    assert (now.number_prefix, now.version, AuditEntry.objects.count()) == kept
    with pytest.raises(DomainError) as error:
        services.certificate_settings_update(
            actor=pat, year=year, data={"number_prefix": "ชม"}, expected_version=stale
        )
    assert "มีผู้อื่นแก้ไข" in error.value.message
    now = services.settings_for(year)
    assert (now.number_prefix, now.version, AuditEntry.objects.count()) == kept


def test_a_settings_form_without_its_version_is_refused(pat, year, client):
    client.force_login(pat)
    url = f"/certificates/year/{year.pk}/settings/"
    response = client.post(url, {"number_prefix": "ลพ"})
    assert response.status_code == 200
    assert "ไม่ได้ระบุรุ่นของข้อมูล" in response.content.decode()
    assert services.settings_for(year).number_prefix == ""
    assert not AuditEntry.objects.filter(action="certificate.settings").exists()


def test_the_district_sees_its_own_certificates_read_only(
    alice, charlie, pat, year, issued, client
):
    other = services.certificate_issue(
        actor=pat, unit=make_unit(year, charlie, "กลุ่มแม่ทา", district="5102")
    )
    client.force_login(alice)
    page = client.get(f"/certificates/?year={year.pk}").content.decode()
    assert issued.display_number in page and other.unit_name not in page
    assert "/issue/" not in page and "issue-all" not in page
    assert client.get(f"/certificates/{issued.pk}/certificate.pdf").status_code == 200
    assert client.get(f"/certificates/{issued.pk}/").status_code == 200
    for url in (
        f"/certificates/{issued.pk}/revoke/",
        f"/certificates/units/{issued.unit_id}/issue/",
        f"/certificates/year/{year.pk}/issue-all/",
    ):
        assert client.post(url, {"reason": "x"}).status_code == 404
    assert client.get(f"/certificates/year/{year.pk}/settings/").status_code == 404
    assert Certificate.objects.get(pk=issued.pk).revoked_at is None


def test_other_district_and_other_province_get_404_on_every_url(
    alice, charlie, olivia, pat, year, issued, client
):
    batch = services.batch_start(actor=pat, year=year)
    batch_module.run_batch(batch.pk)
    per_certificate = [
        f"/certificates/{issued.pk}/",
        f"/certificates/{issued.pk}/certificate.pdf",
        f"/certificates/{issued.pk}/credential.json",
    ]
    per_year = [
        f"/certificates/?year={year.pk}",
        f"/certificates/year/{year.pk}/settings/",
        f"/certificates/year/{year.pk}/batches/{batch.pk}/",
        f"/certificates/year/{year.pk}/batches/{batch.pk}/certificates.pdf",
    ]
    posts = [
        f"/certificates/{issued.pk}/revoke/",
        f"/certificates/units/{issued.unit_id}/issue/",
        f"/certificates/year/{year.pk}/issue-all/",
    ]
    before = AuditEntry.objects.count()
    client.force_login(charlie)
    for url in per_certificate:
        assert client.get(url).status_code == 404, url
    for url in per_year[1:]:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    client.force_login(olivia)
    for url in per_certificate + per_year:
        assert client.get(url).status_code == 404, url
    for url in posts:
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    assert AuditEntry.objects.count() == before
    assert Certificate.objects.get(pk=issued.pk).revoked_at is None
    assert CertificateBatch.objects.count() == 1


def test_anonymous_users_are_sent_to_login_but_verify_is_public(year, issued, client):
    response = client.get(f"/certificates/{issued.pk}/certificate.pdf")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    assert client.get("/verify/").status_code == 200
    assert client.get(f"/verify/{issued.code}").status_code == 200


# --- carry-over --------------------------------------------------------------------------


def test_carry_over_leaves_out_units_certified_in_an_earlier_year(
    alice, pat, year, village, client
):
    last_year = programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2569
    )
    passed = new_unit(alice, last_year, "GROUP", group_data(village, name="กลุ่มที่ผ่านแล้ว"))
    failed = new_unit(alice, last_year, "GROUP", group_data(village, name="กลุ่มที่ยังไม่ผ่าน"))
    Unit.objects.filter(pk=passed.pk).update(status=Status.CERTIFIED)
    Unit.objects.filter(pk=failed.pk).update(status=Status.NOT_CERTIFIED)
    client.force_login(alice)
    page = client.get(f"/units/carry-over/?year={year.pk}").content.decode()
    assert "กลุ่มที่ยังไม่ผ่าน" in page and "กลุ่มที่ผ่านแล้ว" not in page
    passed.refresh_from_db()
    with pytest.raises(DomainError, match="ผ่านการรับรองมาตรฐานแล้ว"):
        registration_services.unit_carry_over(actor=alice, source=passed, programme_year=year)
    client.post(f"/units/carry-over/?year={year.pk}", {"unit": [passed.pk, failed.pk]})
    assert list(Unit.objects.filter(programme_year=year).values_list("name", flat=True)) == [
        "กลุ่มที่ยังไม่ผ่าน"
    ]


def test_render_batch_in_chunks_keeps_the_order(alice, pat, year):
    from documents.certificate import render_batch

    units = [make_unit(year, alice, f"กลุ่มที่ {i}") for i in range(5)]
    certificates = [services.issue_certificate(actor=pat, unit=u)[0] for u in units]
    combined, pages = render_batch([services.certificate_data(c) for c in certificates], chunk=2)
    assert pdf_page_count(combined) == 5 and len(pages) == 5
    for certificate, page in zip(certificates, pages, strict=True):
        assert certificate.code_display in pdf_text(page)
    assert [
        c.code_display in t
        for c, t in zip(certificates, pdf_text(combined).split("\f"), strict=True)
    ] == [True] * 5


def test_render_batch_pages_are_sound_pdfs_that_look_like_a_certificate_rendered_alone(
    alice, pat, year
):
    import pikepdf
    import pypdf
    import pypdfium2

    from documents.certificate import TITLE, Signer, certificate_pdf, render_batch

    units = [make_unit(year, alice, f"กลุ่มทอผ้าบ้านที่ {i}") for i in range(3)]
    certificates = [services.issue_certificate(actor=pat, unit=u)[0] for u in units]
    data = [services.certificate_data(c) for c in certificates]
    signers = [Signer("นายวีระ ตัวอย่าง", "ผู้ว่าราชการจังหวัดลำพูน"), Signer("นางสาวดวงใจ ดี", "")]
    for one in data:
        one.signers = signers
    data[1].signers = signers[:1]  # a page whose signers differ from the others'
    combined, pages = render_batch(data, chunk=2)
    for one, page in zip(data, pages, strict=True):
        # qpdf and pypdf read each cut page without a fault.
        with pikepdf.open(io.BytesIO(page), attempt_recovery=False) as document:
            assert document.check_pdf_syntax() == []
            assert len(document.pages) == 1 and str(document.docinfo.Title) == TITLE
        assert len(pypdf.PdfReader(io.BytesIO(page), strict=True).pages) == 1
        # The same to the pixel and the same text as the certificate rendered on its own.
        alone = certificate_pdf(one)
        assert pdf_text(page) == pdf_text(alone)
        images = []
        for pdf in (page, alone):
            document = pypdfium2.PdfDocument(pdf)
            images.append(document[0].render(scale=1).to_pil().tobytes())
            document.close()
        assert images[0] == images[1]
    with pikepdf.open(io.BytesIO(combined), attempt_recovery=False) as document:
        assert document.check_pdf_syntax() == [] and len(document.pages) == 3


def test_unit_history_names_certificate_actions_in_thai(alice, pat, year, client):
    unit = make_unit(year, alice, "กลุ่มออมทรัพย์บ้านใหม่")
    certificate, _ = services.issue_certificate(actor=pat, unit=unit)
    services.certificate_revoke(actor=pat, certificate=certificate, reason="ออกผิดชื่อกลุ่ม")
    client.force_login(alice)
    body = client.get(f"/units/{unit.pk}/").content.decode()
    assert "ออกประกาศนียบัตร" in body and "เพิกถอนประกาศนียบัตร" in body
    assert "certificate.issue" not in body and "certificate.revoke" not in body


def test_certificate_list_queries_do_not_grow_with_certificates(alice, pat, year, client):
    def add(first, n):
        units = [make_unit(year, alice, f"กลุ่มรับรองที่ {i}") for i in range(first, first + n)]
        units += [make_unit(year, alice, f"กลุ่มแม่ทาที่ {first}", district="5102")]
        services.issue_certificates(actor=pat, year=year, unit_ids=[u.pk for u in units])
        make_unit(year, alice, f"กลุ่มรอออกที่ {first}")  # certified, no certificate yet
        revoked, _ = services.issue_certificate(actor=pat, unit=units[0])
        services.certificate_revoke(actor=pat, certificate=revoked, reason="ออกผิด")

    def expect(before, after):
        assert after.count("กลุ่มรับรองที่ ") > before.count("กลุ่มรับรองที่ ") >= 2

    add(0, 2)
    client.force_login(pat)
    few = assert_queries_flat(
        client, f"/certificates/?year={year.pk}", lambda: add(10, 12), expect=expect
    )
    assert few <= 20
