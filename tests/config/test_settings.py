from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, local_secret_key

ROOT = Path(__file__).resolve().parents[2]


def test_a_bad_boolean_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        env_bool("DEBUG", False)


def test_a_bad_number_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPLOAD_MAX_BYTES", "fifty")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env_int("UPLOAD_MAX_BYTES", 1)


def test_the_local_secret_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    path = tmp_path / "secret_key"
    key = local_secret_key(path)
    assert len(key) > 40
    assert local_secret_key(path) == key
    assert path.stat().st_mode & 0o077 == 0


def test_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    } | {
        "SECRET_KEY": "a-production-secret-" + "x" * 50,
        "ALLOWED_HOSTS": "trajectory.example",
        "TRAJECTORY_VAR_DIR": str(tmp_path),
        "DEBUG": "false",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
