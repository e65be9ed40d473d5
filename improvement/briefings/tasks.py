"""Background work of the improvement app: building briefing files (routed to the `exports` queue)."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError

from ..models import BriefingExport, ExportStatus
from .jobs import build, claim, fail
from .jobs import sweep_stale_exports as sweep

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(OperationalError,),  # database briefly unavailable: worth another go
    retry_backoff=5,
    retry_jitter=True,
    max_retries=5,
)
def build_briefing_export(export_pk: int) -> str:
    """Build the file of BriefingExport `export_pk`.

    Reads the authority's events, plan and peers; writes the PDF or Word file and the status to the row.
    QUEUED → BUILDING → DONE, or → FAILED with error_code and error_detail. An export that is not QUEUED
    (already claimed, or gone) is left alone. Returns the final status.
    """
    if not claim(export_pk):
        logger.info("Export %s is not queued; nothing to do", export_pk)
        return "skipped"
    export = BriefingExport.objects.get(pk=export_pk)
    try:
        export = build(export)
    except OperationalError:
        BriefingExport.objects.filter(pk=export_pk).update(status=ExportStatus.QUEUED)  # the retry claims it again
        raise
    except SoftTimeLimitExceeded as exc:
        export = fail(export, "timeout", "Building this file took longer than the time limit.", exc)
    except Exception as exc:  # a rendering bug must not leave the row stuck in BUILDING or crash-loop the worker
        export = fail(export, "internal_error", "Something went wrong while building this file.", exc)
    return export.status


@shared_task(expires=240)
def sweep_stale_exports() -> dict[str, int]:
    """Every few minutes (Celery beat): send export tasks lost while the broker was down, and recover exports
    left BUILDING by a worker that died. See improvement.briefings.jobs.sweep_stale_exports."""
    return sweep()
