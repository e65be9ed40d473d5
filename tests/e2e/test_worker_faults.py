"""A worker killed mid-parse, with real worker processes: the document ends read or failed, never stuck
in PARSING. On both brokers CI uses (filesystem with SQLite, Redis with PostgreSQL).

A worker started with a delay loads tests/e2e/slow_parsing.py, which holds the claimed document in PARSING long
enough to kill the worker at a known step.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from config import jobs
from config.celery import app
from inspections import ingest
from inspections.models import Document, DocumentStatus
from tests.e2e.conftest import ROOT, _database_url

pytestmark = [pytest.mark.slow, pytest.mark.worker]

BURY_2021 = Path("ofsted") / "80443_bury" / "children's services inspection - 17 december 2021.pdf"
FINAL = {DocumentStatus.NEEDS_REVIEW, DocumentStatus.FAILED}


@pytest.fixture
def start_worker(transactional_db: None, settings: Any, tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start `celery worker` processes on the test database, broker and media folder; each in its own
    process group, so a test can kill a worker with its pool children."""
    settings.MEDIA_ROOT = tmp_path / "media"
    workers: list[subprocess.Popen] = []

    def start(name: str, *, delay: float = 0, pool: str = "solo") -> subprocess.Popen:
        env = os.environ | {
            "DATABASE_URL": _database_url(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "TRAJECTORY_VAR_DIR": str(django_settings.VAR_DIR),
            "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
            "SLOW_PARSING_SECONDS": str(delay),
        }
        log_path = tmp_path / f"{name}.log"
        with log_path.open("w") as log:
            worker = subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "config", "worker", "-n", f"{name}@%h", "-Q", "celery"),
                    *("--pool", pool, "--concurrency", "1", "--loglevel", "INFO"),
                    *("--without-heartbeat", "--without-mingle", "--without-gossip"),
                    *(("--include", "tests.e2e.slow_parsing") if delay else ()),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker.log_path = log_path  # type: ignore[attr-defined]
        workers.append(worker)
        deadline = time.monotonic() + 60
        while "ready" not in log_path.read_text():
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Worker {name} did not start: " + log_path.read_text()[-2000:])
            time.sleep(0.2)
        return worker

    yield start
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait()
    if django_settings.CELERY_BROKER_URL.startswith("redis"):
        # A killed worker's message waits in Redis's unacknowledged set for visibility_timeout; drop it
        # so it is not delivered to a later test's worker.
        with app.connection_for_write() as connection:
            connection.default_channel.client.delete("unacked", "unacked_index")


def _logs(*workers: subprocess.Popen) -> str:
    return "\n".join(w.log_path.read_text()[-1500:] for w in workers)  # type: ignore[attr-defined]


def _wait_for(document: Document, statuses: set[str], timeout: float, *workers: subprocess.Popen) -> Document:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status in statuses:
            return document
        time.sleep(0.1)
    pytest.fail(f"Document still {document.status} after {timeout:.0f} s; worker logs:\n{_logs(*workers)}")


def _children(pid: int) -> list[int]:
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            children.append(int(stat.parent.name))
    return children


def _queued_report(corpus_dir: Path) -> Document:
    report = corpus_dir / BURY_2021
    document, created = ingest.store_upload(io.BytesIO(report.read_bytes()), report.name)
    assert created
    assert jobs.enqueue(document), "the broker should be up in this test"
    return document


def test_a_worker_killed_mid_parse_is_recovered_by_the_sweep(
    start_worker: Callable[..., subprocess.Popen], corpus_dir: Path, authorities: None
) -> None:
    """The whole worker dies (SIGKILL, no chance to reject the message): the filesystem broker has
    already removed the message, Redis keeps it invisible until visibility_timeout; the sweep, once
    the claim is older than the hard time limit, queues the document again for a new worker."""
    first = start_worker("first", delay=120)
    document = _queued_report(corpus_dir)
    document = _wait_for(document, {DocumentStatus.PARSING}, 60, first)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)

    second = start_worker("second")
    time.sleep(2)
    document.refresh_from_db()
    assert document.status == DocumentStatus.PARSING  # nothing recovers it by itself before the deadline

    deadline = timezone.now() + dt.timedelta(
        seconds=django_settings.CELERY_TASK_TIME_LIMIT + django_settings.TRAJECTORY_SWEEP_GRACE + 1
    )
    assert jobs.sweep(Document, now=deadline)["requeued"] == 1
    document = _wait_for(document, FINAL, 60, second)
    assert document.status == DocumentStatus.NEEDS_REVIEW, document.error_detail
    assert document.attempts == 2
    assert document.authority.name == "Bury"


def test_a_pool_process_killed_mid_parse_is_redelivered_to_a_new_one(
    start_worker: Callable[..., subprocess.Popen], corpus_dir: Path, authorities: None
) -> None:
    """The pool child running the task dies: acks_late with reject_on_worker_lost puts the message back,
    the same task is delivered again, reclaims its document and reads it to the end; no sweep needed."""
    worker = start_worker("prefork", delay=6, pool="prefork")
    document = _queued_report(corpus_dir)
    document = _wait_for(document, {DocumentStatus.PARSING}, 60, worker)
    [child] = _children(worker.pid)
    os.kill(child, signal.SIGKILL)

    document = _wait_for(document, FINAL, 90, worker)
    assert document.status == DocumentStatus.NEEDS_REVIEW, document.error_detail
    assert document.attempts == 2
    assert "WorkerLostError" in _logs(worker)
