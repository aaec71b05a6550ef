"""One archive holds everything a restore needs: the database, the private media and the
credential signing key, with a manifest of SHA-256 sums and row counts (docs/security.md §18).

A restore without the signing key would make every issued credential fail verification
("unknown key"), so the key travels with the data. The archive is therefore as secret as the
key and the personal data in it: store it encrypted, with the access of a database dump.

The national ID keys (NATIONAL_ID_KEY, NATIONAL_ID_OLD_KEYS, NATIONAL_ID_HASH_KEY) do not travel
with it, on purpose: the IDs in the dump are encrypted (docs/encryption.md) and an archive that
held their key would hold them in clear. The manifest names the keys by fingerprint, and a
restore refuses to start when the target system is not configured with them.

Consistency: the database is read in one snapshot (PostgreSQL: an exported snapshot shared by
the row counts and pg_dump; SQLite: the online backup API) and the media folder is copied after
it. Files are written before the rows that name them commit, so every file the snapshot refers
to is already on disk when it is copied; a file added meanwhile is merely an extra.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from registration.crypto import hash_key_id, key_ids_in_use, missing_keys

FORMAT = "mchch-backup"
VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/mchch.sqlite3"
POSTGRES_MEMBER = "database/mchch.pgdump"
KEY_MEMBER = "keys/credential-signing-key.pem"
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why (Thai, then English)."""


@dataclass(frozen=True)
class Summary:
    path: Path
    tables: int
    rows: int
    files: int


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"ไม่รองรับฐานข้อมูล {connection.vendor} (unsupported database)")
    return connection.vendor


def _quote(table: str) -> str:
    return connection.ops.quote_name(table)


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump / pg_restore from Django's settings (no password on the
    command line: it goes in PGPASSWORD)."""
    db = connection.settings_dict
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {name: db.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0] for name in names}


def _counts(cursor: Any) -> dict[str, int]:
    """Rows in every table, read through `cursor` (and so in its transaction's snapshot)."""
    counts = {}
    for table in connection.introspection.table_names(cursor):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _database_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _counts(cursor)


def _dump_sqlite(target: Path) -> dict[str, int]:
    connection.ensure_connection()
    raw = connection.connection
    with sqlite3.connect(target) as copy:
        raw.backup(copy)
    copy.close()
    return _sqlite_counts(target)


def _dump_postgres(target: Path) -> dict[str, int]:
    args, env = _pg_environment()
    # One snapshot for the counts and the dump: what the manifest says is what the dump holds.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _counts(cursor)
        result = subprocess.run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={target}",
            ],
            env=env,
            capture_output=True,
            text=True,
        )
    if result.returncode != 0:
        raise BackupError(f"pg_dump ล้มเหลว (pg_dump failed): {result.stderr.strip()}")
    return counts


def _media_files(root: Path) -> Iterator[tuple[Path, str]]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, path.relative_to(root).as_posix()


def _add(archive: tarfile.TarFile, source: Path, name: str) -> None:
    info = archive.gettarinfo(str(source), arcname=name)
    info.mode = 0o600
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    with source.open("rb") as handle:
        archive.addfile(info, handle)


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = 0o600
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    archive.addfile(info, io.BytesIO(content))


def _latest_migrations() -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        latest: dict[str, str] = {}
        for app, name in cursor.fetchall():
            latest[app] = max(latest.get(app, ""), name)
        return latest


def create_backup(destination: Path) -> Summary:
    """Write the archive to `destination` (a new .tar.gz, created 0600)."""
    vendor = _vendor()
    media_root = Path(settings.MEDIA_ROOT)
    key_file = Path(settings.CREDENTIAL_SIGNING_KEY_FILE)
    if destination.exists():
        raise BackupError(f"มีไฟล์ {destination} อยู่แล้ว (the archive already exists)")
    with tempfile.TemporaryDirectory(prefix="mchch-backup-") as work:
        work_dir = Path(work)
        if vendor == "sqlite":
            database_member, dump = SQLITE_MEMBER, work_dir / "mchch.sqlite3"
            counts = _dump_sqlite(dump)
        else:
            database_member, dump = POSTGRES_MEMBER, work_dir / "mchch.pgdump"
            counts = _dump_postgres(dump)
        # Read after the dump's snapshot: only a key rotation running meanwhile could differ,
        # and a restore would then name the extra key it needs.
        national_id_keys = {"encryption": sorted(key_ids_in_use()), "hash": hash_key_id()}
        keys = []
        if key_file.is_file():
            keys.append({"path": KEY_MEMBER, "sha256": sha256_file(key_file)})
        files: list[dict[str, Any]] = []
        fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add(archive, dump, database_member)
            if keys:
                _add(archive, key_file, KEY_MEMBER)
            # Uploaded files are never changed once written, so a hash taken now holds.
            for path, name in _media_files(media_root):
                files.append(
                    {
                        "path": MEDIA_PREFIX + name,
                        "sha256": sha256_file(path),
                        "size": path.stat().st_size,
                    }
                )
                _add(archive, path, MEDIA_PREFIX + name)
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": dt.datetime.now(dt.UTC).isoformat(),
                "database": {
                    "vendor": vendor,
                    "path": database_member,
                    "sha256": sha256_file(dump),
                },
                "migrations": _latest_migrations(),
                "tables": counts,
                "files": files,
                "keys": keys,
                "national_id_keys": national_id_keys,
            }
            _add_bytes(
                archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            )
    return Summary(destination, len(counts), sum(counts.values()), len(files))


# --- restore -----------------------------------------------------------------------------


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile(MANIFEST)
        manifest = json.loads(member.read()) if member else None
    except (KeyError, ValueError) as exc:
        raise BackupError("ไม่ใช่ไฟล์สำรองของระบบ (no manifest: not a backup archive)") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("ไม่ใช่ไฟล์สำรองของระบบ (not a backup archive)")
    if manifest.get("version") != VERSION:
        raise BackupError(f"ไม่รองรับไฟล์สำรองรุ่น {manifest.get('version')} (unsupported version)")
    return manifest


def _safe_member_path(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(f"ชื่อไฟล์ในไฟล์สำรองไม่ถูกต้อง (unsafe path in archive): {name}")
    return path


@contextmanager
def _open(path: Path) -> Iterator[tarfile.TarFile]:
    try:
        with tarfile.open(path, mode="r:gz") as archive:
            yield archive
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"อ่านไฟล์สำรองไม่ได้ (cannot read the archive): {exc}") from exc


def _extract(archive: tarfile.TarFile, name: str, target: Path, expected_sha256: str) -> None:
    """Copy one member to `target` (0600), checking its SHA-256 against the manifest."""
    _safe_member_path(name)
    source = archive.extractfile(name)
    if source is None:
        raise BackupError(f"ไม่พบ {name} ในไฟล์สำรอง (missing from the archive)")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
            out.write(block)
    if digest.hexdigest() != expected_sha256:
        raise BackupError(f"ไฟล์ {name} ไม่ตรงกับบัญชีไฟล์ (SHA-256 mismatch)")


def _require_empty_database() -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"ฐานข้อมูลปลายทางต้องว่าง ยังมีตาราง {len(tables)} ตาราง (the target database must be empty)"
        )


def _require_empty_folder(path: Path) -> None:
    if path.exists() and any(path.iterdir()):
        raise BackupError(f"โฟลเดอร์ไฟล์แนบ {path} ต้องว่าง (the media folder must be empty)")


def _require_national_id_keys(manifest: dict[str, Any]) -> None:
    """The keys the archive's national IDs need are configured here (fingerprints only)."""
    needed = manifest.get("national_id_keys")
    if not needed:
        return  # an archive from before encryption: its IDs are in clear, migrate encrypts them
    missing = missing_keys(list(needed.get("encryption", [])), needed.get("hash"))
    if missing:
        raise BackupError(
            "ยังไม่ได้ตั้งกุญแจเข้ารหัสเลขประจำตัวประชาชนของไฟล์สำรองนี้ "
            f"(the national ID keys of this archive are not configured: {', '.join(missing)})"
        )


def _restore_sqlite(dump: Path) -> None:
    target = Path(connection.settings_dict["NAME"])
    connection.close()
    with sqlite3.connect(dump) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    os.chmod(target, 0o600)


def _restore_postgres(dump: Path) -> None:
    args, env = _pg_environment()
    connection.close()
    result = subprocess.run(
        ["pg_restore", *args, "--no-owner", "--no-privileges", "--exit-on-error", str(dump)],
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore ล้มเหลว (pg_restore failed): {result.stderr.strip()}")


def restore_backup(source: Path) -> Summary:
    """Bring the archive back into an empty database, an empty media folder and the key path;
    then check every row count against the manifest."""
    media_root = Path(settings.MEDIA_ROOT)
    key_file = Path(settings.CREDENTIAL_SIGNING_KEY_FILE)
    with _open(source) as archive:
        manifest = read_manifest(archive)
        database = manifest["database"]
        if database["vendor"] != _vendor():
            raise BackupError(
                f"ไฟล์สำรองมาจากฐานข้อมูล {database['vendor']} "
                f"แต่ปลายทางเป็น {connection.vendor} (database vendor differs)"
            )
        _require_national_id_keys(manifest)
        _require_empty_database()
        _require_empty_folder(media_root)
        key_entries = manifest.get("keys", [])
        if key_entries and key_file.exists():
            if sha256_file(key_file) != key_entries[0]["sha256"]:
                raise BackupError(
                    f"มีกุญแจลงนามอื่นอยู่ที่ {key_file} แล้ว (a different signing key is in place)"
                )
            key_entries = []
        with tempfile.TemporaryDirectory(prefix="mchch-restore-") as work:
            dump = Path(work) / PurePosixPath(database["path"]).name
            _extract(archive, database["path"], dump, database["sha256"])
            # Files first: a half-restored folder is easier to clear than a half-restored
            # database, and the checks above already refused a non-empty target.
            media_root.mkdir(parents=True, exist_ok=True, mode=0o700)
            for entry in manifest["files"]:
                relative = _safe_member_path(entry["path"]).relative_to(MEDIA_PREFIX.rstrip("/"))
                _extract(archive, entry["path"], media_root / relative, entry["sha256"])
            for entry in key_entries:
                _extract(archive, entry["path"], key_file, entry["sha256"])
            if database["vendor"] == "sqlite":
                _restore_sqlite(dump)
            else:
                _restore_postgres(dump)
    counts = _database_counts()
    expected = manifest["tables"]
    wrong = sorted(t for t in set(expected) | set(counts) if expected.get(t) != counts.get(t))
    if wrong:
        raise BackupError(
            "จำนวนแถวหลังกู้คืนไม่ตรงกับบัญชีไฟล์ (row counts differ after restore): "
            + ", ".join(f"{t} {expected.get(t)} → {counts.get(t)}" for t in wrong[:10])
        )
    return Summary(source, len(counts), sum(counts.values()), len(manifest["files"]))


def copy_tree_hashes(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under `root` (for checks and tests)."""
    return {name: sha256_file(path) for path, name in _media_files(root)}
