"""The task queue down while many files wait to be sent: the queue is tried once, not once a file.

Each try waits for the broker (a connection timeout and a few retries: seconds), so trying every file of a
fifty-file upload would outlast the web server's timeout and the editor would get no answer at all; a sweep by
hand would hang the same way. The files are all stored and marked waiting; the next sweep sends them."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from config import jobs
from inspections import ingest
from inspections.models import Document, DocumentStatus
from inspections.tasks import parse_document_upload

pytestmark = pytest.mark.django_db(transaction=True)  # tasks are sent when the upload's transaction commits

FILES = 6


@pytest.fixture
def broker_down() -> mock.MagicMock:
    refused = BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with mock.patch.object(parse_document_upload, "apply_async", side_effect=refused) as apply_async:
        yield apply_async


def _files() -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(f"report-{n}.txt", f"Report {n}. ".encode() * 20) for n in range(FILES)]


def test_an_upload_of_many_files_tries_the_queue_once_and_keeps_them_all(editor, broker_down: mock.MagicMock) -> None:
    client = Client()
    client.force_login(editor)
    response = client.post(reverse("inspections:upload"), {"files": _files()}, follow=True)
    assert response.status_code == 200
    assert broker_down.call_count == 1
    page = response.content.decode()
    assert f"The task queue is not available just now: {FILES} files are stored" in page
    documents = Document.objects.order_by("pk")
    waiting = (DocumentStatus.QUEUED, jobs.WAITING_FOR_QUEUE)
    assert [(d.status, d.progress_code) for d in documents] == [waiting] * FILES
    assert all(Path(d.file.path).is_file() for d in documents)

    # The queue is back: the next sweep sends every one of them.
    with mock.patch.object(parse_document_upload, "apply_async") as sent:
        assert jobs.sweep(Document)["resent"] == FILES
    assert sorted(call.args[0][0] for call in sent.call_args_list) == [d.pk for d in documents]
    assert not Document.objects.filter(progress_code=jobs.WAITING_FOR_QUEUE).exists()


def test_a_sweep_with_the_queue_down_tries_it_once_and_leaves_the_rest_for_the_next(
    broker_down: mock.MagicMock,
) -> None:
    long_ago = timezone.now() - dt.timedelta(hours=1)
    waiting = []
    for n in range(FILES):
        document, _ = ingest.store_upload(io.BytesIO(f"Waiting {n}. ".encode() * 20), f"w{n}.txt")
        waiting.append(document)
    Document.objects.update(queued_at=long_ago, progress_code=jobs.WAITING_FOR_QUEUE)
    stale, _ = ingest.store_upload(io.BytesIO(b"Stale. " * 20), "stale.txt")
    Document.objects.filter(pk=stale.pk).update(
        status=DocumentStatus.PARSING, claimed_at=long_ago, attempts=1, task_id="dead-worker"
    )

    assert jobs.sweep(Document) == {"resent": 0, "requeued": 1, "failed": 0}
    assert broker_down.call_count == 1
    # Nothing lost or stuck: every document is queued and marked waiting for the queue.
    assert set(Document.objects.values_list("status", "progress_code")) == {
        (DocumentStatus.QUEUED, jobs.WAITING_FOR_QUEUE)
    }

    with mock.patch.object(parse_document_upload, "apply_async") as sent:
        assert jobs.sweep(Document)["resent"] == FILES + 1
    assert sent.call_count == FILES + 1
