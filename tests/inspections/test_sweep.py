"""Recovering from faults: a redelivered task after its worker was killed, and the periodic sweep for
documents whose task was never sent or whose worker died."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from config import jobs
from config.celery import app
from inspections import ingest
from inspections.models import Document, DocumentStatus
from inspections.tasks import parse_document_upload
from tests import samples

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sweep_settings(settings) -> None:
    settings.CELERY_TASK_TIME_LIMIT = 300
    settings.TRAJECTORY_SWEEP_GRACE = 60
    settings.TRAJECTORY_SWEEP_QUEUED_AFTER = 600
    settings.TRAJECTORY_PARSE_MAX_ATTEMPTS = 3


@pytest.fixture
def sent() -> mock.MagicMock:
    with mock.patch.object(parse_document_upload, "apply_async") as apply_async:
        yield apply_async


def _stored(**fields: object) -> Document:
    document, _ = ingest.store_upload(io.BytesIO(samples.HTML_ERROR_PAGE + str(fields).encode()), "report.pdf")
    if fields:
        Document.objects.filter(pk=document.pk).update(**fields)
        document.refresh_from_db()
    return document


def _ago(**delta: float) -> dt.datetime:
    return timezone.now() - dt.timedelta(**delta)


def _run(document: Document, task_id: str | None) -> str:
    """The task as a worker runs it, with its delivery's task id."""
    return parse_document_upload.apply(args=(document.pk,), task_id=task_id).get()


# Redelivery (acks_late): the same task again after its worker was killed


def test_the_same_task_redelivered_reclaims_the_document_its_dead_worker_left_parsing() -> None:
    document = _stored()
    assert jobs.claim(Document, document.pk, task_id="task-1")
    # The worker is killed here; the broker hands the same message (same task id) to a new worker.
    assert _run(document, "task-1") == DocumentStatus.FAILED  # read to the end: an HTML error page
    document.refresh_from_db()
    assert (document.error_code, document.attempts) == ("not_a_document", 2)


def test_another_task_for_a_document_being_parsed_is_skipped() -> None:
    document = _stored()
    assert jobs.claim(Document, document.pk, task_id="task-1")
    assert _run(document, "task-2") == "skipped"
    document.refresh_from_db()
    assert (document.status, document.task_id) == (DocumentStatus.PARSING, "task-1")


def test_a_file_that_kills_the_worker_every_time_ends_failed_not_redelivered_forever() -> None:
    document = _stored()
    for _ in range(3):  # three deliveries, each killed mid-parse
        assert jobs.claim(Document, document.pk, task_id="task-1")
    assert _run(document, "task-1") == DocumentStatus.FAILED
    document.refresh_from_db()
    assert document.error_code == "worker_lost"
    assert document.error_detail == "The worker stopped while reading this file 3 times."


def test_reading_again_by_hand_resets_the_attempts() -> None:
    document = _stored()
    for _ in range(3):
        jobs.claim(Document, document.pk, task_id="task-1")
    _run(document, "task-1")
    document.refresh_from_db()
    [document] = ingest.requeue([document])
    assert document.attempts == 0
    assert _run(document, "task-2") == DocumentStatus.FAILED
    document.refresh_from_db()
    assert document.error_code == "not_a_document"


# The sweep


def test_a_document_waiting_for_the_queue_is_sent_on_the_next_sweep(sent: mock.MagicMock) -> None:
    document = _stored(progress_code=jobs.WAITING_FOR_QUEUE, queued_at=_ago(seconds=30))
    assert jobs.sweep(Document) == {"resent": 1, "requeued": 0, "failed": 0}
    sent.assert_called_once()
    assert sent.call_args.args == ((document.pk,),)
    document.refresh_from_db()
    assert (document.status, document.progress_code) == (DocumentStatus.QUEUED, "")


def test_a_document_queued_long_ago_is_sent_again_and_a_recent_one_is_left(sent: mock.MagicMock) -> None:
    old = _stored(queued_at=_ago(minutes=11))
    never_sent = _stored(queued_at=None)
    Document.objects.filter(pk=never_sent.pk).update(uploaded_at=_ago(hours=1))
    _stored(queued_at=_ago(minutes=2))
    assert jobs.sweep(Document)["resent"] == 2
    assert sorted(call.args[0][0] for call in sent.call_args_list) == sorted([old.pk, never_sent.pk])


def test_a_document_left_parsing_past_the_time_limit_is_queued_again(sent: mock.MagicMock) -> None:
    stale = _stored(status=DocumentStatus.PARSING, claimed_at=_ago(seconds=361), attempts=1, task_id="t")
    running = _stored(status=DocumentStatus.PARSING, claimed_at=_ago(seconds=200), attempts=1)
    assert jobs.sweep(Document) == {"resent": 0, "requeued": 1, "failed": 0}
    stale.refresh_from_db()
    running.refresh_from_db()
    assert (stale.status, stale.task_id) == (DocumentStatus.QUEUED, "")
    assert running.status == DocumentStatus.PARSING
    assert sent.call_args.args == ((stale.pk,),)
    # Then a worker reads it to the end.
    assert _run(stale, "new-task") == DocumentStatus.FAILED
    stale.refresh_from_db()
    assert stale.error_code == "not_a_document"


def test_after_the_last_attempt_the_sweep_marks_it_failed_with_the_reason(sent: mock.MagicMock) -> None:
    document = _stored(status=DocumentStatus.PARSING, claimed_at=_ago(minutes=30), attempts=3)
    assert jobs.sweep(Document) == {"resent": 0, "requeued": 0, "failed": 1}
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error_detail == "The worker stopped while reading this file 3 times."
    assert document.finished_at is not None
    assert not sent.called


def test_the_sweep_is_idempotent(sent: mock.MagicMock) -> None:
    _stored(progress_code=jobs.WAITING_FOR_QUEUE, queued_at=_ago(minutes=20))
    _stored(status=DocumentStatus.PARSING, claimed_at=_ago(minutes=30), attempts=1)
    first = jobs.sweep(Document)
    assert first == {"resent": 1, "requeued": 1, "failed": 0}
    assert jobs.sweep(Document) == {"resent": 0, "requeued": 0, "failed": 0}
    assert sent.call_count == 2


def test_two_sweeps_at_once_send_each_task_once(sent: mock.MagicMock) -> None:
    _stored(queued_at=_ago(minutes=20))
    _stored(status=DocumentStatus.PARSING, claimed_at=_ago(minutes=30), attempts=1)
    inner: list[dict[str, int]] = []
    real_enqueue = jobs.enqueue

    def enqueue_while_another_sweep_runs(document: Document) -> bool:
        if not inner:  # a second sweep starts between this one's read and its send
            inner.append({})
            inner[0] = jobs.sweep(Document)
        return real_enqueue(document)

    with mock.patch.object(jobs, "enqueue", side_effect=enqueue_while_another_sweep_runs):
        outer = jobs.sweep(Document)
    assert outer["resent"] + inner[0]["resent"] == 1
    assert outer["requeued"] + inner[0]["requeued"] == 1
    assert sent.call_count == 2


def test_the_command_runs_the_sweep(sent: mock.MagicMock, capsys: pytest.CaptureFixture[str]) -> None:
    _stored(status=DocumentStatus.PARSING, claimed_at=_ago(minutes=30), attempts=3)
    call_command("sweep_documents")
    assert "0 task(s) sent again, 0 document(s) queued again, 1 marked failed." in capsys.readouterr().out


def test_beat_runs_the_sweep_every_few_minutes(settings) -> None:
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("sweep_stale_documents")]
    assert entry["task"] in app.tasks
    assert entry["schedule"] <= 300
    assert Path(settings.CELERY_BEAT_SCHEDULE_FILENAME).parent == Path(settings.VAR_DIR)
