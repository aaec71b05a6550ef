"""Backup and restore (docs/security.md §18): one archive with the database, the private media
and the signing key; a restore into an empty system gives back every row and every file, and a
certificate issued before the backup still verifies after it."""

import base64
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from backups.archive import copy_tree_hashes, sha256_file
from certification import services as certification_services
from certification.credential import credential_bytes
from geography.models import Subdistrict
from registration.models import Status, Unit
from tests.conftest import complete_documents

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def restore_target(tmp_path):
    """An empty system to restore into: its own database, media folder and key path, given to a
    separate process through the environment, as an operator would."""
    target = tmp_path / "restored"
    target.mkdir()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "MCHCH_", "CREDENTIAL_"))
    }
    env.update(
        {
            "MCHCH_VAR_DIR": str(target / "var"),
            "MCHCH_MEDIA_ROOT": str(target / "media"),
            "CREDENTIAL_SIGNING_KEY_FILE": str(target / "signing-key.pem"),
            "SITE_URL": settings.SITE_URL,
        }
    )
    database = connection.settings_dict
    if connection.vendor == "postgresql":
        name = f"mchch_restore_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(
            host=database["HOST"] or "127.0.0.1",
            port=database["PORT"] or 5432,
            user=database["USER"],
            password=database["PASSWORD"] or None,
            dbname="postgres",
            autocommit=True,
        )
        admin.execute(f'CREATE DATABASE "{name}"')
        password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
        env["DATABASE_URL"] = (
            f"postgres://{database['USER']}{password}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{name}"
        )
        yield target, env
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
    else:
        env["DATABASE_URL"] = f"sqlite:///{target / 'restored.sqlite3'}"
        yield target, env


def certified_unit(year, actor, alice, leader):
    complete_documents(leader, alice, reviewer=alice)
    # Straight into the table: the workflow is tested elsewhere, the backup is what is tested.
    Unit.objects.filter(pk=leader.pk).update(status=Status.CERTIFIED)
    group = Unit.objects.create(
        programme_year=year,
        fiscal_year=year.fiscal_year,
        unit_type="GROUP",
        status=Status.CERTIFIED,
        district_id="5101",
        subdistrict=Subdistrict.objects.get(pk="510102"),
        name="กลุ่มทอผ้าบ้านท่าขาม",
        name_key="กลุ่มทอผ้าบ้านท่าขาม",
        created_by=alice,
    )
    return Unit.objects.get(pk=leader.pk), group


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
        return counts


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_system_gives_everything_back(
    tmp_path, settings, alice, pat, year, leader, restore_target
):
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "signing-key.pem"
    leader_unit, group = certified_unit(year, pat, alice, leader)
    certificate = certification_services.certificate_issue(actor=pat, unit=group)
    credential = tmp_path / "credential.json"
    credential.write_bytes(credential_bytes(certificate))
    counts_before = table_counts()
    files_before = copy_tree_hashes(Path(settings.MEDIA_ROOT))
    assert len(files_before) >= 4  # the leader's documents and the certificate PDF

    archive = tmp_path / "mchch.tar.gz"
    call_command("backup", str(archive))
    assert archive.stat().st_mode & 0o777 == 0o600
    with tarfile.open(archive) as tar:
        manifest_file = tar.extractfile("manifest.json")
        assert manifest_file is not None
        manifest = json.loads(manifest_file.read())
        names = set(tar.getnames())
    assert manifest["tables"] == counts_before
    assert {f["path"].removeprefix("media/"): f["sha256"] for f in manifest["files"]} == (
        files_before
    )
    assert "keys/credential-signing-key.pem" in names
    assert manifest["keys"][0]["sha256"] == sha256_file(settings.CREDENTIAL_SIGNING_KEY_FILE)

    target, env = restore_target
    restored = manage("restore", str(archive), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "row counts match" in restored.stdout
    # Every file comes back with the same bytes, none readable by others, and the key too.
    assert copy_tree_hashes(target / "media") == files_before
    assert all(
        (p.stat().st_mode & 0o077) == 0 for p in (target / "media").rglob("*") if p.is_file()
    )
    assert sha256_file(target / "signing-key.pem") == sha256_file(
        settings.CREDENTIAL_SIGNING_KEY_FILE
    )
    # The restored system verifies the certificate issued before the backup.
    verified = manage("verify_credential", str(credential), env=env)
    assert verified.returncode == 0, verified.stderr
    assert "valid" in verified.stdout and certificate.display_number in verified.stdout
    # The same row counts, read independently of the restore's own check.
    if connection.vendor == "sqlite":
        import sqlite3

        with sqlite3.connect(target / "restored.sqlite3") as db:
            for table, count in counts_before.items():
                assert db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == count

    # A second restore into the now full system is refused and changes nothing.
    again = manage("restore", str(archive), env=env)
    assert again.returncode != 0 and "must be empty" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_a_tampered_archive_is_refused(tmp_path, settings, alice, leader, restore_target):
    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "signing-key.pem"
    complete_documents(leader, alice)
    archive = tmp_path / "mchch.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        members = [
            (m, f.read() if m.isfile() and (f := tar.extractfile(m)) is not None else None)
            for m in tar
        ]
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(tampered, "w:gz") as tar:
        for member, content in members:
            if member.name.startswith("media/") and content is not None:
                content = content + b"x"
                member.size = len(content)
            tar.addfile(member, io.BytesIO(content) if content is not None else None)
    target, env = restore_target
    result = manage("restore", str(tampered), env=env)
    assert result.returncode != 0 and "SHA-256 mismatch" in result.stderr


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_an_archive(tmp_path):
    archive = tmp_path / "exists.tar.gz"
    archive.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(archive))
    assert archive.read_bytes() == b"keep me"


def test_restore_refuses_a_file_that_is_not_an_archive(tmp_path, restore_target):
    target, env = restore_target
    bogus = tmp_path / "bogus.tar.gz"
    bogus.write_bytes(b"not a tar")
    result = manage("restore", str(bogus), env=env)
    assert result.returncode != 0 and "cannot read the archive" in result.stderr


@pytest.mark.django_db(transaction=True)
def test_a_restore_needs_the_national_id_keys_which_the_archive_does_not_hold(
    tmp_path, settings, alice, year, village, restore_target
):
    """docs/encryption.md "Backup and restore": the archive holds the IDs encrypted and names
    their keys by fingerprint only; a system without those keys refuses to restore it."""
    from registration import services
    from registration.crypto import generate_key, hash_key_id, key_ids_in_use
    from tests.conftest import leader_data

    settings.CREDENTIAL_SIGNING_KEY_FILE = tmp_path / "signing-key.pem"
    keys = {"NATIONAL_ID_KEY": generate_key(), "NATIONAL_ID_HASH_KEY": generate_key()}
    settings.NATIONAL_ID_KEY = keys["NATIONAL_ID_KEY"]
    settings.NATIONAL_ID_HASH_KEY = keys["NATIONAL_ID_HASH_KEY"]
    unit = services.unit_create(
        actor=alice,
        programme_year=year,
        unit_type="LEADER",
        district_id="5101",
        data=leader_data(village),
    )
    archive = tmp_path / "mchch.tar.gz"
    call_command("backup", str(archive))
    with tarfile.open(archive) as tar:
        manifest_file = tar.extractfile("manifest.json")
        assert manifest_file is not None
        manifest = json.loads(manifest_file.read())
        everything = b"".join(
            f.read() for m in tar if m.isfile() and (f := tar.extractfile(m)) is not None
        )
    assert manifest["national_id_keys"] == {
        "encryption": sorted(key_ids_in_use()),
        "hash": hash_key_id(),
    }
    for key in keys.values():
        assert key.encode() not in everything and base64.b64decode(key) not in everything

    target, env = restore_target
    wrong = manage("restore", str(archive), env={**env, "NATIONAL_ID_HASH_KEY": generate_key()})
    assert wrong.returncode != 0
    assert "national ID keys of this archive are not configured" in wrong.stderr
    assert "NATIONAL_ID_KEY " in wrong.stderr and "NATIONAL_ID_HASH_KEY " in wrong.stderr
    assert not (target / "media").exists()  # refused before anything was written

    restored = manage("restore", str(archive), env={**env, **keys})
    assert restored.returncode == 0, restored.stderr
    shown = manage(
        "shell",
        "-c",
        "from registration.models import Unit; from registration.selectors import "
        f"units_by_national_id as f; u = Unit.objects.get(pk={unit.pk}); "
        "print(u.national_id, list(f('๓๑๐๐๖๐๐๔๔๕๖๓๕')) == [u])",
        env={**env, **keys},
    )
    assert shown.stdout.split()[-2:] == ["3100600445635", "True"], shown.stderr
