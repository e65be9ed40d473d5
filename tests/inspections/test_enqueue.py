"""Sending the parse task when the broker or the database is down: the upload never turns into a traceback,
and a stored file is never lost."""

from __future__ import annotations

import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError as BrokerError

from config import jobs
from inspections import ingest
from inspections.models import Document, DocumentStatus
from inspections.tasks import parse_document_upload
from tests import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent() -> mock.MagicMock:
    with mock.patch.object(parse_document_upload, "apply_async") as apply_async:
        yield apply_async


@pytest.fixture
def broker_down() -> mock.MagicMock:
    refused = BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with mock.patch.object(parse_document_upload, "apply_async", side_effect=refused) as apply_async:
        yield apply_async


def _stored(data: bytes = samples.HTML_ERROR_PAGE, name: str = "report.pdf") -> Document:
    document, created = ingest.store_upload(io.BytesIO(data), name)
    assert created
    return document


def test_enqueue_sends_the_task_with_a_short_retry_policy(sent: mock.MagicMock, settings) -> None:
    document = _stored()
    assert jobs.enqueue(document) is True
    args, kwargs = sent.call_args
    assert args == ((document.pk,),)
    # A bounded retry: an upload must not hang on a broker that is down.
    assert kwargs["retry"] is True
    assert kwargs["retry_policy"]["max_retries"] <= 3
    document.refresh_from_db()
    assert document.queued_at is not None
    assert document.progress_code == ""


def test_with_the_broker_down_the_document_waits_queued_and_its_file_is_kept(broker_down: mock.MagicMock) -> None:
    document = _stored()
    assert jobs.enqueue(document) is False
    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED
    assert document.progress_code == jobs.WAITING_FOR_QUEUE
    assert Path(document.file.path).read_bytes() == samples.HTML_ERROR_PAGE


def test_a_filesystem_broker_folder_that_is_gone_counts_as_the_broker_down() -> None:
    document = _stored()
    gone = OSError("Cannot add file to directory")
    with mock.patch.object(parse_document_upload, "apply_async", side_effect=gone):
        assert jobs.enqueue(document) is False
    document.refresh_from_db()
    assert document.progress_code == jobs.WAITING_FOR_QUEUE


def test_sending_again_once_the_broker_is_back_clears_the_note(broker_down: mock.MagicMock) -> None:
    document = _stored()
    jobs.enqueue(document)
    broker_down.side_effect = None
    assert jobs.enqueue(document) is True
    document.refresh_from_db()
    assert document.progress_code == ""


@pytest.mark.django_db(transaction=True)  # the task is sent when the view's own transaction commits
def test_an_upload_while_the_broker_is_down_says_so_and_keeps_the_file(
    editor_client: Client, broker_down: mock.MagicMock
) -> None:
    response = editor_client.post(
        reverse("inspections:upload"), {"files": [SimpleUploadedFile("a.txt", b"Some text " * 20)]}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The task queue is not available just now: 1 file is stored and will be read automatically" in page
    document = Document.objects.get()
    assert (document.status, document.progress_code) == (DocumentStatus.QUEUED, jobs.WAITING_FOR_QUEUE)
    assert Path(document.file.path).read_bytes() == b"Some text " * 20
    assert broker_down.called


def test_an_upload_with_the_broker_up_gives_no_warning(
    editor_client: Client, sent: mock.MagicMock, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("inspections:upload"), {"files": [SimpleUploadedFile("a.txt", b"Some text " * 20)]}, follow=True
        )
    assert "task queue is not available" not in response.content.decode()
    assert sent.call_count == 1


def test_an_upload_while_the_database_is_down_is_a_clear_503_and_a_retry_reuses_the_stored_file(
    editor_client: Client, sent: mock.MagicMock, settings
) -> None:
    upload = {"files": [SimpleUploadedFile("a.txt", b"Some text " * 20)]}
    with mock.patch.object(Document, "save", side_effect=OperationalError("server closed the connection")):
        response = editor_client.post(reverse("inspections:upload"), upload)
    assert response.status_code == 503
    page = response.content.decode()
    assert "The database is not available just now, so nothing was saved" in page
    assert "Traceback" not in page
    assert not Document.objects.exists()
    stored = [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]
    assert len(stored) == 1  # the file went to disk before the row

    response = editor_client.post(
        reverse("inspections:upload"), {"files": [SimpleUploadedFile("a.txt", b"Some text " * 20)]}
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert Path(document.file.path) == stored[0]
    assert [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()] == stored  # no second copy
