"""Background work of the improvement app: building briefing files (routed to the `exports` queue)."""

from __future__ import annotations

from celery import Task, shared_task

from config import jobs

from ..models import BriefingExport
from .exports import build


@shared_task(**jobs.TASK_OPTIONS)
def build_briefing_export(self: Task, export_pk: int) -> str:
    """Build the file of BriefingExport `export_pk` (a tracked job: config.jobs.run).

    Reads the authority's events, plan and peers; writes the PDF or Word file and the status to the row.
    QUEUED → BUILDING → DONE, or → FAILED with error_code and error_detail. An export that is not QUEUED
    (already claimed, or gone) is left alone, unless this is the same task delivered again after its worker was
    killed. Returns the final status.
    """
    export = jobs.run(BriefingExport, export_pk, build, task_id=self.request.id)
    return export.status if export is not None else "skipped"


@shared_task(expires=240)
def sweep_stale_exports() -> dict[str, int]:
    """Every few minutes (Celery beat): send export tasks lost while the broker was down, and recover exports
    left BUILDING by a worker that died (config.jobs.sweep)."""
    return jobs.sweep(BriefingExport)
