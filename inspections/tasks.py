"""Background work on uploaded documents."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from .ingest import claim, fail, parse_stored
from .models import Document

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError,),  # database briefly unavailable: worth another go
    retry_backoff=5,
    retry_jitter=True,
    max_retries=5,
)
def parse_document_upload(document_pk: int) -> str:
    """Parse the stored file of Document `document_pk`.

    Reads the stored file; writes the extraction, text, kind and authority to the row.
    QUEUED → PARSING → NEEDS_REVIEW, or → FAILED with error_code and error_detail.
    A document that is not QUEUED (already claimed, or gone) is left alone. Returns the final status.
    """
    if not claim(document_pk):
        logger.info("Document %s is not queued; nothing to do", document_pk)
        return "skipped"
    document = Document.objects.get(pk=document_pk)
    try:
        document = parse_stored(document)
    except OperationalError:
        Document.objects.filter(pk=document_pk).update(status="queued")  # let the retry claim it again
        raise
    except SoftTimeLimitExceeded as exc:
        document = fail(document, "timeout", "Reading this document took longer than the time limit.", exc)
    except Exception as exc:  # a parser bug must not leave the row stuck in PARSING or crash-loop the worker
        document = fail(document, "internal_error", "Something went wrong while reading this document.", exc)
    return document.status
