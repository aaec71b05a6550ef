import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


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
