"""Typed readers for environment variables that fail loudly on bad values."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def local_secret_key(path: Path) -> str:
    """A random key stored at `path` (created on first use, readable by the owner only)."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def file_storage(kind: str) -> dict:
    """STORAGES["default"] for TRAJECTORY_STORAGE: `local` (the MEDIA_ROOT folder) or `s3` (a bucket, read from
    the S3_* variables). A bucket lets web processes and workers on different machines see the same files."""
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"TRAJECTORY_STORAGE must be local or s3, not {kind!r}")
    bucket = env_str("S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("TRAJECTORY_STORAGE=s3 needs S3_BUCKET")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            # Keys under this folder, so one bucket can serve several deployments.
            "location": env_str("S3_PREFIX", "").strip("/"),
            # None: AWS itself; set for MinIO, Ceph, Garage or another provider.
            "endpoint_url": env_str("S3_ENDPOINT_URL", "").strip() or None,
            "region_name": env_str("S3_REGION", "").strip() or None,
            # None: boto3's own chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role).
            "access_key": env_str("S3_ACCESS_KEY_ID", "").strip() or None,
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", "").strip() or None,
            "addressing_style": env_str("S3_ADDRESSING_STYLE", "").strip() or None,
            # Private objects: no ACL is sent, so the bucket's own (private) default holds. The app sends files
            # through its permission-checked views; a URL, if anything ever asks for one, is signed and short-lived.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            # Two exports of one authority and date get the same file name: the second must not replace the first
            # (one may hold the plan, the other not), so a taken name gets a suffix, as in a local folder.
            "file_overwrite": False,
            # A file read back (to parse, to draw a page, to send) is held in memory up to this size, on disk beyond.
            "max_memory_size": 5 * 1024 * 1024,
        },
    }
