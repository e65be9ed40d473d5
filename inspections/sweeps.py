"""Recovering documents that faults left behind: a task never sent (broker down) or a worker that
died mid-parse. Run by Celery beat (`inspections.tasks.sweep_stale_documents`) and by
`manage.py sweep_documents`.

Safe to run concurrently and repeatedly: each document moves only through a conditional UPDATE on the
values this sweep read, so of two sweeps seeing the same stale row only one acts on it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .ingest import WAITING_FOR_QUEUE, fail, queue_sender
from .models import Document, DocumentStatus

logger = logging.getLogger(__name__)

BATCH = 500


def worker_lost(document: Document, times: int) -> Document:
    """FAILED: the worker stopped (killed, out of memory, hard time limit) each time it read this file."""
    said = "once" if times == 1 else f"{times} times"
    return fail(document, "worker_lost", f"The worker stopped while reading this file {said}.")


def sweep_stale_documents(now: dt.datetime | None = None) -> dict[str, int]:
    """Send again the tasks of documents QUEUED too long, and re-queue (or, after
    TRAJECTORY_PARSE_MAX_ATTEMPTS, fail) documents PARSING for longer than the task's hard time limit."""
    now = now or timezone.now()
    counts = {"resent": 0, "requeued": 0, "failed": 0}

    queued_before = now - dt.timedelta(seconds=settings.TRAJECTORY_SWEEP_QUEUED_AFTER)
    waiting = Document.objects.filter(status=DocumentStatus.QUEUED).filter(
        Q(progress_code=WAITING_FOR_QUEUE)
        | Q(queued_at__lt=queued_before)
        | Q(queued_at__isnull=True, uploaded_at__lt=queued_before)
    )
    # Once the task queue refuses one task, this sweep tries it no more: what is left waits for the next sweep.
    send = queue_sender()
    for document in waiting.order_by("pk")[:BATCH]:
        # Whoever moves queued_at on first sends the task; a concurrent sweep finds nothing to update.
        if Document.objects.filter(pk=document.pk, status=DocumentStatus.QUEUED, queued_at=document.queued_at).update(
            queued_at=now
        ):
            if not send(document):
                break
            counts["resent"] += 1

    # A live task is killed at CELERY_TASK_TIME_LIMIT, so a claim older than that (plus a grace for
    # clocks and saving) belongs to a worker that is gone.
    parsing_before = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + settings.TRAJECTORY_SWEEP_GRACE)
    stale = Document.objects.filter(status=DocumentStatus.PARSING, started_at__lt=parsing_before)
    for document in stale.order_by("pk")[:BATCH]:
        still_stale = Document.objects.filter(
            pk=document.pk, status=DocumentStatus.PARSING, started_at=document.started_at
        )
        if document.parse_attempts >= settings.TRAJECTORY_PARSE_MAX_ATTEMPTS:
            if still_stale.update(status=DocumentStatus.FAILED):
                worker_lost(document, document.parse_attempts)
                counts["failed"] += 1
        elif still_stale.update(status=DocumentStatus.QUEUED, task_id="", progress_step=0, progress_code=""):
            logger.warning("Document %s was left parsing by a worker that stopped; queued again", document.pk)
            send(document)
            counts["requeued"] += 1
    if any(counts.values()):
        logger.info("Stale document sweep: %s", counts)
    return counts
