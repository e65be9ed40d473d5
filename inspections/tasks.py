"""Background work on uploaded documents."""

from __future__ import annotations

import logging

from celery import Task, shared_task

from config import jobs

from . import ofsted_sync
from .ingest import parse_stored
from .models import Document, DocumentStatus

logger = logging.getLogger(__name__)


@shared_task(**jobs.TASK_OPTIONS)
def parse_document_upload(self: Task, document_pk: int) -> str:
    """Parse the stored file of Document `document_pk` (a tracked job: config.jobs.run).

    Reads the stored file; writes the extraction, text, kind and authority to the row.
    QUEUED → PARSING → NEEDS_REVIEW, or → FAILED with error_code and error_detail.
    A document that is not QUEUED (already claimed, or gone) is left alone, unless this is the same
    task delivered again after its worker was killed. Returns the final status.
    """
    document = jobs.run(Document, document_pk, parse_stored, task_id=self.request.id)
    if document is None:
        return "skipped"
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
    documents left PARSING by a worker that died (config.jobs.sweep)."""
    return jobs.sweep(Document)


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
