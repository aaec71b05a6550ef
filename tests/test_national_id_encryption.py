"""National IDs encrypted at rest, found through a keyed hash (docs/encryption.md,
docs/security.md §13): the column holds no ID, the hash carries the search and the
one-per-year rule, a wrong key fails loudly, old rows are encrypted and old audit rows masked
by the migrations."""

import base64
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from audit.models import AuditEntry
from core.once import new_form_token
from geography.models import Subdistrict
from programme.services import programme_year_create
from registration import services
from registration.checks import national_id_keys
from registration.crypto import (
    NationalIdDecryptError,
    generate_key,
    key_id,
    national_id_hash,
    stored_key_id,
)
from registration.models import Unit, UnitDocument, audit_national_id
from registration.selectors import units_by_national_id
from tests.conftest import group_data, jpeg_upload, leader_data
from tests.factories import press_twice

ROOT = Path(__file__).resolve().parent.parent
ID = "3100600445635"
OTHER_ID = "3100600440935"
THAI_ID = "๓๑๐๐๖๐๐๔๔๕๖๓๕"
FULL_WIDTH_ID = "３１００６００４４５６３５"
FULL_WIDTH_OTHER_ID = "３１００６００４４０９３５"
THIRTEEN_DIGITS = re.compile(r"(?<!\d)\d{13}(?!\d)")
NEUTRAL = "เลขประจำตัวประชาชนนี้สมัครแล้วในปีนี้ ไม่สามารถสมัครซ้ำได้ กรุณาติดต่อสำนักงานพัฒนาชุมชนจังหวัด"
ALREADY_SENT = "แบบฟอร์มนี้ถูกส่งไปแล้ว ระบบจึงไม่บันทึกซ้ำ"
NO_TOKEN = "แบบฟอร์มนี้ไม่มีรหัสสำหรับส่งครั้งเดียว"


def raw_rows() -> list[tuple[int, str, str]]:
    """The unit table's two ID columns as the database holds them, past the ORM."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, national_id, national_id_hash FROM registration_unit")
        return list(cursor.fetchall())


def raw_set(pk: int, stored: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE registration_unit SET national_id = %s WHERE id = %s", [stored, pk])


def next_year(pat):
    from geography.models import Province

    return programme_year_create(
        actor=pat, province=Province.objects.get(pk="51"), fiscal_year=2571
    )


def other_district_data(village, **overrides):
    return leader_data(
        village, subdistrict=Subdistrict.objects.get(pk="510201"), village=None, **overrides
    )


# --- at rest -------------------------------------------------------------------------------


def test_the_raw_column_holds_no_national_id_and_the_code_reads_it_in_clear(alice, leader):
    (pk, stored, digest), *_ = raw_rows()
    assert pk == leader.pk
    assert stored.startswith("nid1$") and not THIRTEEN_DIGITS.search(stored)
    assert ID not in stored and len(digest) == 64 and ID not in digest
    assert Unit.objects.get(pk=leader.pk).national_id == ID
    assert Unit.objects.get(pk=leader.pk).masked_national_id == "3-1006-XXXXX-XX-5"
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes, note FROM audit_auditentry")
        for changes, note in cursor.fetchall():
            assert ID not in str(changes) and ID not in note


def test_the_same_id_twice_gives_two_ciphertexts_and_one_hash(alice, pat, leader, village):
    again = services.unit_create(
        actor=alice,
        programme_year=next_year(pat),
        unit_type="LEADER",
        district_id="5101",
        data=leader_data(village),
    )
    rows = {pk: (stored, digest) for pk, stored, digest in raw_rows()}
    assert rows[leader.pk][0] != rows[again.pk][0]
    assert rows[leader.pk][1] == rows[again.pk][1] == national_id_hash(ID)
    assert (
        national_id_hash(THAI_ID) == national_id_hash("3-1006-00445-63-5") == national_id_hash(ID)
    )
    assert national_id_hash(OTHER_ID) != national_id_hash(ID) and national_id_hash("") == ""


def test_a_unit_without_an_id_stores_nothing_to_find(alice, year, village):
    group = services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="GROUP",
        district_id="5101",
        data=group_data(village),
    )
    assert [(s, d) for pk, s, d in raw_rows() if pk == group.pk] == [("", "")]
    assert Unit.objects.get(pk=group.pk).national_id == ""


def test_dumpdata_writes_the_ciphertext(leader):
    out = io.StringIO()
    call_command("dumpdata", "registration.unit", stdout=out)
    fields = json.loads(out.getvalue())[0]["fields"]
    assert fields["national_id"].startswith("nid1$") and ID not in out.getvalue()


# --- search and the one-per-year rule ------------------------------------------------------


@pytest.mark.parametrize(
    "typed", [ID, "3-1006-00445-63-5", "3 1006 00445 63 5", THAI_ID, FULL_WIDTH_ID]
)
def test_search_by_id_finds_the_unit_however_it_is_typed(typed, alice, year, leader, client):
    assert list(units_by_national_id(typed)) == [leader]
    client.force_login(alice)
    response = client.get(reverse("registration:register"), {"q": typed, "year": year.pk})
    assert [u.pk for u in response.context["page"].object_list] == [leader.pk]


def test_search_by_another_or_a_partial_id_finds_nothing(alice, year, leader, client):
    assert not units_by_national_id(OTHER_ID).exists()
    assert not units_by_national_id(ID[:12]).exists()
    assert not units_by_national_id("").exists()
    client.force_login(alice)
    response = client.get(reverse("registration:register"), {"q": ID[:6], "year": year.pk})
    assert list(response.context["page"].object_list) == []
    # The name search still works beside the ID search.
    response = client.get(reverse("registration:register"), {"q": "สมชาย", "year": year.pk})
    assert [u.pk for u in response.context["page"].object_list] == [leader.pk]


def test_units_by_national_id_stays_within_the_queryset_it_is_given(alice, pat, leader, village):
    later = services.unit_create(
        actor=alice,
        programme_year=next_year(pat),
        unit_type="LEADER",
        district_id="5101",
        data=leader_data(village),
    )
    assert set(units_by_national_id(THAI_ID)) == {leader, later}
    assert list(units_by_national_id(ID, within=Unit.objects.filter(fiscal_year=2571))) == [later]


def test_an_id_in_thai_digits_from_another_district_is_refused_with_the_neutral_message(
    charlie, year, leader, village
):
    with pytest.raises(services.DuplicateUnit) as error:
        services.unit_create(
            actor=charlie,
            programme_year=year,
            unit_type="LEADER",
            district_id="5102",
            data=other_district_data(village, national_id=THAI_ID),
        )
    assert error.value.message == NEUTRAL
    assert units_by_national_id(ID).count() == 1


def test_the_constraint_holds_the_rule_without_the_service(alice, year, leader):
    copy = Unit(
        programme_year=year,
        fiscal_year=year.fiscal_year,
        unit_type="LEADER",
        district_id="5102",
        subdistrict=Subdistrict.objects.get(pk="510201"),
        name="สำเนา",
        name_key="สำเนา",
        national_id=FULL_WIDTH_ID,
        created_by=alice,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
    # Withdrawn, the first no longer holds the year's place.
    Unit.objects.filter(pk=leader.pk).update(status="WITHDRAWN")
    copy.save()
    assert copy.national_id_hash == national_id_hash(ID)


def test_a_lookup_that_would_compare_ciphertext_is_refused(leader):
    assert list(Unit.objects.filter(national_id=THAI_ID)) == [leader]
    assert list(Unit.objects.filter(national_id__in=[OTHER_ID, ID])) == [leader]
    assert not Unit.objects.exclude(national_id="").exclude(pk=leader.pk).exists()
    for lookup in ("national_id__icontains", "national_id__startswith", "national_id__gt"):
        with pytest.raises(FieldError):
            list(Unit.objects.filter(**{lookup: "3100"}))


# --- keys ----------------------------------------------------------------------------------


def test_a_wrong_key_fails_loudly(settings, leader):
    settings.NATIONAL_ID_KEY = generate_key()
    with pytest.raises(NationalIdDecryptError, match="neither NATIONAL_ID_KEY"):
        Unit.objects.get(pk=leader.pk)


def test_a_changed_byte_or_a_clear_value_fails_loudly(leader):
    (pk, stored, _digest), *_ = raw_rows()
    body = stored.rsplit("$", 1)[1]
    flipped = body[:-6] + ("A" if body[-6] != "A" else "B") + body[-5:]
    raw_set(pk, stored.rsplit("$", 1)[0] + "$" + flipped)
    with pytest.raises(NationalIdDecryptError, match="does not decrypt"):
        Unit.objects.get(pk=pk)
    raw_set(pk, ID)
    with pytest.raises(NationalIdDecryptError, match="in clear"):
        Unit.objects.get(pk=pk)


def test_a_malformed_key_stops_the_start(settings):
    assert national_id_keys() == []
    settings.NATIONAL_ID_KEY = "not base64!"
    assert [e.id for e in national_id_keys()] == ["mchch.E101"]
    settings.NATIONAL_ID_KEY = generate_key()[:20]
    assert "32 bytes" in national_id_keys()[0].msg
    settings.NATIONAL_ID_KEY = settings.NATIONAL_ID_HASH_KEY = generate_key()
    assert "must differ" in national_id_keys()[0].msg


def test_a_key_rotation_keeps_every_id_readable_and_findable(settings, alice, year, village):
    first, second, hash_first, hash_second = (generate_key() for _ in range(4))
    settings.NATIONAL_ID_KEY, settings.NATIONAL_ID_HASH_KEY = first, hash_first
    unit = services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="LEADER",
        district_id="5101",
        data=leader_data(village),
    )
    first_id = key_id(base64.b64decode(first))
    assert stored_key_id(raw_rows()[0][1]) == first_id
    # New keys; the old encryption key kept for reading until the rekey is done.
    settings.NATIONAL_ID_KEY, settings.NATIONAL_ID_OLD_KEYS = second, [first]
    settings.NATIONAL_ID_HASH_KEY = hash_second
    assert Unit.objects.get(pk=unit.pk).national_id == ID
    assert not units_by_national_id(ID).exists()  # the hash is under the old hash key
    out = io.StringIO()
    call_command("rekey_national_ids", stdout=out)
    assert f"1 national IDs now under key {key_id(base64.b64decode(second))}" in out.getvalue()
    assert f"{first_id}: 1" in out.getvalue()
    settings.NATIONAL_ID_OLD_KEYS = []
    assert Unit.objects.get(pk=unit.pk).national_id == ID
    assert list(units_by_national_id(THAI_ID)) == [unit]


def _manage(env_overrides: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("NATIONAL_ID_", "DATABASE_URL"))
    }
    env.update({"MCHCH_VAR_DIR": str(tmp_path), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3"})
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_refuses_to_start_without_the_keys(tmp_path):
    production = {
        "MCHCH_PRODUCTION": "true",
        "SECRET_KEY": "x" * 60 + "-production-like-secret",
        "ALLOWED_HOSTS": "mchch.example.go.th",
        "SITE_URL": "https://mchch.example.go.th",
        "CREDENTIAL_SIGNING_KEY_FILE": str(tmp_path / "key.pem"),
    }
    (tmp_path / "key.pem").write_bytes(b"placeholder")
    unset = _manage(production, tmp_path)
    assert unset.returncode != 0 and "NATIONAL_ID_KEY is required" in unset.stderr
    keys = {"NATIONAL_ID_KEY": generate_key(), "NATIONAL_ID_HASH_KEY": generate_key()}
    configured = _manage({**production, **keys}, tmp_path)
    assert configured.returncode == 0, configured.stderr
    # Development derives them from SECRET_KEY and starts (make run, the tests).
    assert _manage({"DEBUG": "false"}, tmp_path).returncode == 0
    broken = _manage({"NATIONAL_ID_KEY": "short"}, tmp_path)
    assert broken.returncode != 0 and "mchch.E101" in broken.stderr


# --- the migrations: clear IDs encrypted, old audit rows masked ----------------------------


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest(app: str) -> tuple[str, str]:
    executor = MigrationExecutor(connection)
    return next(node for node in executor.loader.graph.leaf_nodes() if node[0] == app)


def _raw_ids() -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, national_id FROM registration_unit")
        return list(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_clear_ids_typed_in_any_digits(alice, pat, leader, village, client):
    later = services.unit_create(
        actor=alice,
        programme_year=next_year(pat),
        unit_type="LEADER",
        district_id="5101",
        data=leader_data(village, national_id=OTHER_ID),
    )
    latest = _latest("registration")
    try:
        _migrate([("registration", "0002_stage5_statuses")])
        # Backwards, the IDs come out in clear; rows from before held them as typed.
        assert sorted(s for _pk, s in _raw_ids()) == sorted([ID, OTHER_ID])
        raw_set(leader.pk, THAI_ID)
        raw_set(later.pk, FULL_WIDTH_OTHER_ID)
    finally:
        _migrate([latest])
    rows = {pk: (stored, digest) for pk, stored, digest in raw_rows()}
    for stored, _digest in rows.values():
        assert stored.startswith("nid1$") and not THIRTEEN_DIGITS.search(stored)
    assert rows[leader.pk][1] == national_id_hash(ID)
    assert rows[later.pk][1] == national_id_hash(OTHER_ID)
    assert Unit.objects.get(pk=leader.pk).national_id == ID  # normalised to ASCII
    assert Unit.objects.get(pk=later.pk).national_id == OTHER_ID
    assert list(units_by_national_id("3-1006-00445-63-5")) == [Unit.objects.get(pk=leader.pk)]
    # The one-per-year rule holds again through the new constraint.
    with pytest.raises(services.DuplicateUnit):
        services.unit_create(
            actor=alice,
            programme_year=leader.programme_year,
            unit_type="LEADER",
            district_id="5101",
            data=leader_data(village, national_id=THAI_ID),
        )


@pytest.mark.django_db(transaction=True)
def test_the_migration_stops_on_one_id_twice_in_a_year_and_names_the_units(
    alice, charlie, year, leader, village
):
    other = services.unit_create(
        actor=charlie,
        programme_year=year,
        unit_type="LEADER",
        district_id="5102",
        data=other_district_data(village, national_id=OTHER_ID),
    )
    latest = _latest("registration")
    _migrate([("registration", "0002_stage5_statuses")])
    try:
        # Before, a Thai-digit copy of an ID escaped the unique index.
        raw_set(other.pk, THAI_ID)
        with pytest.raises(RuntimeError, match=f"fiscal year 2570: units {leader.pk}, {other.pk}"):
            _migrate([latest])
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE registration_unit SET status = 'WITHDRAWN' WHERE id = %s", [other.pk]
            )
    finally:
        _migrate([latest])
    assert Unit.objects.get(pk=other.pk).national_id == ID


@pytest.mark.django_db(transaction=True)
def test_old_audit_rows_with_clear_ids_are_rewritten_masked(alice, leader):
    latest = _latest("audit")
    _migrate([("audit", "0001_initial")])
    try:
        old = [
            AuditEntry.objects.create(
                action="unit.create",
                object_type="registration.unit",
                object_id="1",
                changes={"national_id": [None, ID]},
            ),
            AuditEntry.objects.create(
                action="unit.update",
                object_type="registration.unit",
                object_id="1",
                changes={"national_id": [THAI_ID, OTHER_ID]},
            ),
            AuditEntry.objects.create(
                action="export.application_form",
                object_type="registration.unit",
                object_id="1",
                changes={"lines": ["เลข 3-1006-00445-63-5", "ผิด 1234567890123"]},
                note=f"แก้จาก {ID}",
            ),
        ]
        masked_now = AuditEntry.objects.filter(action="unit.create").exclude(
            pk__in=[e.pk for e in old]
        )
        kept = {e.pk: e.changes for e in masked_now}
        _migrate([latest])
    finally:
        _migrate([latest])
    first, second, third = (AuditEntry.objects.get(pk=e.pk) for e in old)
    assert first.changes == {"national_id": [None, audit_national_id(ID)]}
    assert second.changes == {"national_id": [audit_national_id(ID), audit_national_id(OTHER_ID)]}
    assert third.changes == {"lines": [f"เลข {audit_national_id(ID)}", "ผิด 1234567890123"]}
    assert third.note == f"แก้จาก {audit_national_id(ID)}"
    # Rows already in the masked form are left as they were.
    assert {e.pk: e.changes for e in AuditEntry.objects.filter(pk__in=kept)} == kept
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes, note FROM audit_auditentry")
        for changes, note in cursor.fetchall():
            assert ID not in str(changes) + note and OTHER_ID not in str(changes) + note


# --- the upload form's one-time token ------------------------------------------------------


class SameFile:
    """A file the test client can read for each of two requests (it reads what it sends)."""

    def __init__(self, upload):
        self.name, self.content_type, self.content = upload.name, upload.content_type, upload.read()

    def read(self):
        return self.content


def upload_post(once):
    data = {"kind": "ID_CARD", "file": jpeg_upload()}
    if once is not None:
        data["once"] = once
    return data


def test_the_upload_form_carries_a_fresh_token(alice, leader, client):
    client.force_login(alice)
    url = reverse("registration:detail", args=[leader.pk])
    first = client.get(url).context["upload_form"]["once"].value()
    second = client.get(url).context["upload_form"]["once"].value()
    assert first and second and first != second
    assert 'type="hidden" name="once"' in client.get(url).content.decode()


def test_the_same_upload_form_sent_twice_stores_one_document(alice, leader, client):
    client.force_login(alice)
    url = reverse("registration:upload", args=[leader.pk])
    token = new_form_token()
    first = client.post(url, upload_post(token), follow=True)
    assert first.status_code == 200 and "แนบเอกสารแล้ว" in first.content.decode()
    again = client.post(url, upload_post(token), follow=True)
    assert ALREADY_SENT in again.content.decode()
    assert UnitDocument.objects.filter(unit=leader, kind="ID_CARD").count() == 1
    assert AuditEntry.objects.filter(action="document.upload").count() == 1


def test_an_upload_without_its_token_is_refused(alice, leader, client):
    client.force_login(alice)
    url = reverse("registration:upload", args=[leader.pk])
    response = client.post(url, upload_post(None), follow=True)
    assert NO_TOKEN in response.content.decode()
    response = client.post(url, upload_post("forged token!"), follow=True)
    assert ALREADY_SENT in response.content.decode()
    assert not UnitDocument.objects.filter(unit=leader).exists()


@pytest.mark.django_db(transaction=True)
def test_two_parallel_uploads_of_one_form_store_one_document(alice, leader):
    url = reverse("registration:upload", args=[leader.pk])
    # Both presses send the same form: the same file and the same token.
    data = {"kind": "ID_CARD", "file": SameFile(jpeg_upload()), "once": new_form_token()}
    assert press_twice(alice, url, data) == [302, 302]
    assert UnitDocument.objects.filter(unit=leader, kind="ID_CARD").count() == 1
