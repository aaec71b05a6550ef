import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Production refuses to start without the keys that encrypt national IDs (docs/encryption.md).
NATIONAL_ID_KEYS = {
    "NATIONAL_ID_KEY": "a2tra2tra2tra2tra2tra2tra2tra2tra2tra2tra2s=",
    "NATIONAL_ID_HASH_KEY": "aGhoaGhoaGhoaGhoaGhoaGhoaGhoaGhoaGhoaGhoaGg=",
}


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    # Start-up only needs the signing key file to exist; nothing is signed here.
    (tmp_path / "credential-signing-key.pem").write_bytes(b"placeholder")
    env = {
        "SITE_URL": "https://mchch.example.go.th",
        "CREDENTIAL_SIGNING_KEY_FILE": str(tmp_path / "credential-signing-key.pem"),
        **os.environ,
        "MCHCH_PRODUCTION": "true",
        "SECRET_KEY": "x" * 60 + "-production-like-secret",
        "ALLOWED_HOSTS": "mchch.example.go.th",
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
        "MCHCH_MEDIA_ROOT": str(tmp_path / "media"),
        "MCHCH_VAR_DIR": str(tmp_path),
        "TRUSTED_PROXY_HEADER": "X-Forwarded-For",
        **NATIONAL_ID_KEYS,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"MCHCH_PRODUCTION": "true", "ALLOWED_HOSTS": "x", "MCHCH_VAR_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_the_sqlite_database_and_uploaded_files_are_private(tmp_path, db, alice, leader):
    """The database file is created 0600 before SQLite opens it, and stored uploads are 0600
    in 0700 folders (docs/security.md §3)."""
    from django.conf import settings

    from registration import services
    from tests.conftest import pdf_upload

    env = {**os.environ, "MCHCH_VAR_DIR": str(tmp_path), "DATABASE_URL": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0", "contenttypes"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    database = tmp_path / "mchch.sqlite3"
    assert database.stat().st_mode & 0o777 == 0o600
    assert all(
        p.stat().st_mode & 0o077 == 0 for p in tmp_path.glob("mchch.sqlite3*") if p.is_file()
    )

    document = services.document_upload(
        actor=alice, unit=leader, kind="ID_CARD", upload=pdf_upload()
    )
    assert document.file.name is not None
    stored = Path(settings.MEDIA_ROOT) / document.file.name
    assert stored.stat().st_mode & 0o777 == 0o600
    assert stored.parent.stat().st_mode & 0o777 == 0o700


def test_django_admin_is_off_unless_a_setting_turns_it_on(client, settings):
    from importlib import reload

    from django.urls import clear_url_caches

    import config.urls

    assert client.get("/django-admin/").status_code == 404
    settings.DJANGO_ADMIN_ENABLED = True
    try:
        reload(config.urls)
        clear_url_caches()
        assert client.get("/django-admin/").status_code == 302  # to the admin's login
    finally:
        settings.DJANGO_ADMIN_ENABLED = False
        reload(config.urls)
        clear_url_caches()
    assert client.get("/django-admin/").status_code == 404


def test_check_deploy_asks_where_the_client_address_comes_from(tmp_path):
    (tmp_path / "credential-signing-key.pem").write_bytes(b"placeholder")
    env = {k: v for k, v in os.environ.items() if k != "TRUSTED_PROXY_HEADER"}
    env.update(
        {
            "SITE_URL": "https://mchch.example.go.th",
            "CREDENTIAL_SIGNING_KEY_FILE": str(tmp_path / "credential-signing-key.pem"),
            "MCHCH_PRODUCTION": "true",
            "SECRET_KEY": "x" * 60 + "-production-like-secret",
            "ALLOWED_HOSTS": "mchch.example.go.th",
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            "MCHCH_MEDIA_ROOT": str(tmp_path / "media"),
            "MCHCH_VAR_DIR": str(tmp_path),
            **NATIONAL_ID_KEYS,
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert "mchch.W001" in result.stdout + result.stderr
