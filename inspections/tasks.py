"""Background work on uploaded documents."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError
from django.db.models import F

from . import ofsted_sync
from .ingest import claim, fail, parse_stored
from .models import Document, DocumentStatus
from .sweeps import sweep_stale_documents as sweep
from .sweeps import worker_lost

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),  # database briefly unavailable: worth another go
    retry_backoff=5,
    retry_jitter=True,
    max_retries=5,
)
def parse_document_upload(self, document_pk: int) -> str:
    """Parse the stored file of Document `document_pk`.

    Reads the stored file; writes the extraction, text, kind and authority to the row.
    QUEUED → PARSING → NEEDS_REVIEW, or → FAILED with error_code and error_detail.
    A document that is not QUEUED (already claimed, or gone) is left alone, unless this is the same
    task delivered again after its worker was killed. Returns the final status.
    """
    if not claim(document_pk, task_id=self.request.id):
        logger.info("Document %s is not queued; nothing to do", document_pk)
        return "skipped"
    document = Document.objects.get(pk=document_pk)
    if document.parse_attempts > settings.TRAJECTORY_PARSE_MAX_ATTEMPTS:
        # Redelivered after the worker died on it every time: likely this file kills the worker.
        return worker_lost(document, document.parse_attempts - 1).status
    try:
        document = parse_stored(document)
    except OperationalError:
        # Let the retry claim it again, without counting this as a worker lost.
        Document.objects.filter(pk=document_pk).update(
            status=DocumentStatus.QUEUED, parse_attempts=F("parse_attempts") - 1
        )
        raise
    except SoftTimeLimitExceeded as exc:
        document = fail(document, "timeout", "Reading this document took longer than the time limit.", exc)
    except Exception as exc:  # a parser bug must not leave the row stuck in PARSING or crash-loop the worker
        document = fail(document, "internal_error", "Something went wrong while reading this document.", exc)
    if document.ofsted_file_id and document.status == DocumentStatus.NEEDS_REVIEW:
        _publish_from_ofsted(document)
        document.refresh_from_db(fields=["status"])
    return document.status


def _publish_from_ofsted(document: Document) -> None:
    """OFSTED_AUTO_PUBLISH: a document fetched from Ofsted and read with high confidence throughout is published
    without review. It was read well, so whatever goes wrong here leaves it waiting for review, not failed."""
    try:
        ofsted_sync.publish_if_confident(document)
    except Exception:
        logger.exception("Publishing document %s automatically went wrong; it waits for review", document.pk)


@shared_task(expires=240)
def sweep_stale_documents() -> dict[str, int]:
    """Every few minutes (Celery beat): send tasks lost while the broker was down, and recover
    documents left PARSING by a worker that died. See inspections.sweeps."""
    return sweep()


@shared_task(expires=12 * 3600, time_limit=8 * 3600, soft_time_limit=8 * 3600 - 60)
def sync_ofsted() -> dict[str, int]:
    """Daily (Celery beat): fetch the documents Ofsted has published since they were last fetched, for every
    current authority, and queue their parsing (inspections.ofsted_sync). Writes an OfstedSync row for the run.
    The first run fetches every report Ofsted lists, at one request a second: hours, hence its own time limit."""
    try:
        result = ofsted_sync.sync()
    except ofsted_sync.SyncError as exc:
        logger.error("Ofsted sync failed: %s", exc)
        return {"fetched": 0, "problems": 1}
    return {"fetched": len(result.arrivals), "problems": len(result.run.problems)}
