"""Files in an S3-compatible bucket (TRAJECTORY_STORAGE=s3), against moto's in-process S3: documents and exports are
stored, read, served through the permission-checked views and deleted there, and never touch MEDIA_ROOT."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from moto import mock_aws

from authorities.models import Authority
from config.env import file_storage
from improvement.briefings.build import Header
from improvement.briefings.tasks import build_briefing_export
from improvement.models import BriefingExport, ExportStatus
from inspections.ingest import store_upload
from inspections.models import Document, DocumentStatus
from inspections.tasks import parse_document_upload
from tests.samples import SIF_FORMER_COUNCIL, text_pdf

BUCKET = "trajectory-files"
PREFIX = "deployment-a"
REGION = "eu-west-2"

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Any]:
    """An empty private bucket, and the default storage configured for it from the environment as settings.py does.
    MEDIA_ROOT points at a folder that must stay empty."""
    settings.MEDIA_ROOT = tmp_path / "media"
    for name, value in {
        "S3_BUCKET": BUCKET,
        "S3_PREFIX": f"/{PREFIX}/",
        "S3_REGION": REGION,
        "S3_ACCESS_KEY_ID": "test-key",
        "S3_SECRET_ACCESS_KEY": "test-secret",
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        s3 = boto3.client("s3", region_name=REGION, aws_access_key_id="test-key", aws_secret_access_key="test-secret")
        s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        settings.STORAGES = {**settings.STORAGES, "default": file_storage("s3")}
        yield s3
    assert not any(p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*"))


def _keys(s3: Any) -> list[str]:
    return sorted(item["Key"] for item in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def _object(s3: Any, key: str) -> bytes:
    return s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()


def test_an_uploaded_document_is_stored_read_served_and_deleted_in_the_bucket(
    bucket: Any, editor_client: Client, authorities: None
) -> None:
    # Made here, so the test needs no corpus: a PDF the parser reads as a report on Dorset County Council.
    text = SIF_FORMER_COUNCIL.translate(str.maketrans("–‘’“”", "-''\"\""))  # Helvetica's characters only
    data = text_pdf([text])
    upload = SimpleUploadedFile("dorset-2016.pdf", data, content_type="application/pdf")
    response = editor_client.post(reverse("inspections:upload"), {"files": [upload]})
    document = Document.objects.get()
    assert response.status_code == 302
    key = f"{PREFIX}/{document.file.name}"
    assert document.file.name.startswith("documents/")
    assert _keys(bucket) == [key]
    assert _object(bucket, key) == data

    # The worker's side: the parser reads the bytes back from the bucket.
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.NEEDS_REVIEW, document.error_detail
    assert document.authority.la_code == "835"

    served = editor_client.get(reverse("inspections:document-file", args=[document.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert int(served["Content-Length"]) == len(data)
    assert b"".join(served.streaming_content) == data
    # Never published: not for a reader who is not signed in, whatever the storage.
    assert Client().get(reverse("inspections:document-file", args=[document.pk])).status_code == 404

    # A page picture is drawn from the stored PDF and kept in the bucket too.
    picture = editor_client.get(reverse("inspections:document-page", args=[document.pk, 1]))
    assert picture.status_code == 200
    png = b"".join(picture.streaming_content)
    assert png.startswith(b"\x89PNG")
    pictures = [k for k in _keys(bucket) if k.startswith(f"{PREFIX}/page-pictures/")]
    assert len(pictures) == 1
    assert _object(bucket, pictures[0]) == png

    document.file.delete(save=False)
    assert key not in _keys(bucket)
    Document.objects.filter(pk=document.pk).update(file=key.removeprefix(f"{PREFIX}/"))
    assert editor_client.get(reverse("inspections:document-file", args=[document.pk])).status_code == 404


def test_the_admin_links_a_document_through_the_app_never_to_the_bucket(bucket: Any, admin_client: Client) -> None:
    document, _ = store_upload(io.BytesIO(b"Ofsted report text"), "report.txt")
    page = admin_client.get(reverse("admin:inspections_document_change", args=[document.pk])).content.decode()
    assert f'<a href="{reverse("inspections:document-file", args=[document.pk])}">report.txt</a>' in page
    assert BUCKET not in page
    assert "Signature" not in page


def test_an_upload_whose_row_failed_reuses_the_stored_object_on_a_retry(bucket: Any) -> None:
    with (
        mock.patch.object(Document, "save", side_effect=OperationalError("server closed the connection")),
        pytest.raises(OperationalError),
    ):
        store_upload(io.BytesIO(b"Ofsted report text"), "report.txt")
    stored = _keys(bucket)
    assert len(stored) == 1  # the object went to the bucket before the row
    document, created = store_upload(io.BytesIO(b"Ofsted report text"), "report.txt")
    assert created
    assert _keys(bucket) == stored == [f"{PREFIX}/{document.file.name}"]  # found there, not written twice


def _export(authority: Authority, user: Any) -> BriefingExport:
    return BriefingExport.objects.create(
        authority=authority, as_of=dt.date(2026, 1, 15), header=Header().to_json(), format="docx", requested_by=user
    )


def test_a_built_export_is_stored_served_and_deleted_in_the_bucket(
    bucket: Any, demo_history: None, viewer: Any, editor: Any
) -> None:
    bury = Authority.objects.get(slug="bury")
    first, second = _export(bury, viewer), _export(bury, editor)
    assert build_briefing_export(first.pk) == ExportStatus.DONE
    assert build_briefing_export(second.pk) == ExportStatus.DONE
    first.refresh_from_db()
    second.refresh_from_db()
    # Same authority, date and format: the second file got a name of its own rather than replacing the first.
    assert first.file.name != second.file.name
    assert _keys(bucket) == sorted(f"{PREFIX}/{e.file.name}" for e in (first, second))
    stored = _object(bucket, f"{PREFIX}/{first.file.name}")
    assert stored.startswith(b"PK")  # a Word document is a zip

    owner = Client()
    owner.force_login(viewer)
    download = owner.get(reverse("briefings:download", args=[first.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="briefing-bury-2026-01-15.docx"')
    assert b"".join(download.streaming_content) == stored
    # Someone else's export is not theirs to download.
    assert owner.get(reverse("briefings:download", args=[second.pk])).status_code == 404

    first.file.delete(save=False)
    assert _keys(bucket) == [f"{PREFIX}/{second.file.name}"]


def test_the_storage_setting_fails_loudly_when_incomplete(monkeypatch: pytest.MonkeyPatch) -> None:
    assert file_storage("local") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    monkeypatch.delenv("S3_BUCKET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="needs S3_BUCKET"):
        file_storage("s3")
    with pytest.raises(ImproperlyConfigured, match="local or s3"):
        file_storage("ftp")
    monkeypatch.setenv("S3_BUCKET", "files")
    options = file_storage("s3")["OPTIONS"]
    assert options["bucket_name"] == "files"
    assert options["default_acl"] is None  # private: the bucket's own default, no public-read
    assert options["file_overwrite"] is False
