"""Building briefing files in the background: queue, claim, build, store, fail, try again, sweep.

Views call `queue_export`; the Celery task in `improvement.briefings.tasks` calls `claim` and `build`. Like an uploaded
document (inspections.ingest), a request made while the task queue is down is kept, marked waiting for the queue,
and sent by `sweep_stale_exports` (Celery beat, and `manage.py sweep_documents`' export twin) once it is back; the
sweep also re-queues an export whose worker died mid-build, and fails it after TRAJECTORY_PARSE_MAX_ATTEMPTS.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from authorities.models import Authority

from ..models import BriefingExport, ExportFormat, ExportStatus
from .build import Header, build_briefing
from .render import filename_for, render_docx, render_pdf

logger = logging.getLogger(__name__)

TRACEBACK_LIMIT = 5000  # characters of traceback kept for staff on an unexpected failure


class Progress(StrEnum):
    GATHERING = "gathering"
    RENDERING = "rendering"
    SAVING = "saving"
    DONE = "done"


PROGRESS_STEPS = len(Progress) - 1
RENDERERS = {ExportFormat.PDF: render_pdf, ExportFormat.DOCX: render_docx}
# progress_code of a QUEUED export whose task the broker refused: the sweep sends it.
WAITING_FOR_QUEUE = "waiting_for_queue"
READ_PLANS = "improvement.view_improvementplan"
SWEEP_BATCH = 200


def queue_export(authority: Authority, as_of: dt.date, header: Header, fmt: str, user: Any) -> BriefingExport:
    """Store the request, then queue the build once the row is committed (a worker never misses it). With the task
    queue down the request is kept, waiting for the sweep: see `enqueue`."""
    export = BriefingExport.objects.create(
        authority=authority,
        as_of=as_of,
        header=header.to_json(),
        format=ExportFormat(fmt),
        requested_by=user if user.is_authenticated else None,
        progress_of=PROGRESS_STEPS,
    )
    transaction.on_commit(lambda: enqueue(export))
    return export


def enqueue(export: BriefingExport) -> bool:
    """Send the build task of a QUEUED export; call it once the row is committed. If the broker cannot be reached
    after a few quick tries, the export stays QUEUED, marked waiting for the queue, and this returns False."""
    from .tasks import build_briefing_export  # the task module imports this one

    BriefingExport.objects.filter(pk=export.pk).update(queued_at=timezone.now())
    try:
        build_briefing_export.apply_async((export.pk,), retry=True, retry_policy=settings.TRAJECTORY_ENQUEUE_RETRY)
    except (BrokerError, OSError) as exc:  # OSError: the filesystem broker's folders, or a refused socket
        logger.warning("Could not queue export %s; the sweep will send it later: %s", export.pk, exc)
        BriefingExport.objects.filter(pk=export.pk, status=ExportStatus.QUEUED).update(progress_code=WAITING_FOR_QUEUE)
        export.progress_code = WAITING_FOR_QUEUE
        return False
    BriefingExport.objects.filter(pk=export.pk, progress_code=WAITING_FOR_QUEUE).update(progress_code="")
    return True


def claim(export_pk: int) -> bool:
    """QUEUED → BUILDING, only if still queued: a duplicate delivery of the task finds nothing to do."""
    return bool(
        BriefingExport.objects.filter(pk=export_pk, status=ExportStatus.QUEUED).update(
            status=ExportStatus.BUILDING,
            build_attempts=F("build_attempts") + 1,
            started_at=timezone.now(),
            finished_at=None,
            progress_step=0,
            progress_of=PROGRESS_STEPS,
            progress_code=Progress.GATHERING,
            error_code="",
            error_detail="",
        )
    )


def _progress(export: BriefingExport, step: Progress) -> None:
    export.progress_step = list(Progress).index(step)
    export.progress_code = step
    export.save(update_fields=["progress_step", "progress_code"])


def build(export: BriefingExport) -> BriefingExport:
    """Build and store a claimed export's file. BUILDING → DONE, or → FAILED with a reason (returns normally)."""
    _progress(export, Progress.GATHERING)
    authority = Authority.objects.select_related("region").get(pk=export.authority_id)
    # The file is its requester's: it holds the plan only if they may read plans (checked now, at build time).
    requester = export.requested_by
    include_plan = requester is not None and requester.is_active and requester.has_perm(READ_PLANS)
    briefing = build_briefing(authority, export.as_of, Header.from_json(export.header), include_plan=include_plan)
    _progress(export, Progress.RENDERING)
    data = RENDERERS[ExportFormat(export.format)](briefing)
    _progress(export, Progress.SAVING)
    export.file.save(filename_for(briefing, export.format), ContentFile(data), save=False)
    export.status = ExportStatus.DONE
    export.progress_step = PROGRESS_STEPS
    export.progress_code = Progress.DONE
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "progress_step", "progress_code", "finished_at"])
    logger.info("Built %s export %s for %s", export.format, export.pk, authority.slug)
    return export


def fail(export: BriefingExport, code: str, detail: str, exc: BaseException | None = None) -> BriefingExport:
    """Record a failure with its reason; unexpected ones keep a truncated traceback for staff."""
    if exc is not None:
        logger.error("Export %s failed: %s", export.pk, code, exc_info=exc)
        detail = f"{detail}\n\n{''.join(traceback.format_exception(exc))[-TRACEBACK_LIMIT:]}"
    BriefingExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.FAILED, error_code=code, error_detail=detail, finished_at=timezone.now()
    )
    export.refresh_from_db()
    return export


def requeue(export: BriefingExport) -> bool:
    """FAILED → QUEUED, or a QUEUED export still waiting for the task queue, and queue the build again (a fresh
    count of attempts); anything else is left alone."""
    retryable = Q(status=ExportStatus.FAILED) | Q(status=ExportStatus.QUEUED, progress_code=WAITING_FOR_QUEUE)
    changed = BriefingExport.objects.filter(retryable, pk=export.pk).update(
        status=ExportStatus.QUEUED,
        error_code="",
        error_detail="",
        progress_step=0,
        progress_code="",
        build_attempts=0,
        finished_at=None,
    )
    if changed:
        export.status, export.progress_code = ExportStatus.QUEUED, ""
        transaction.on_commit(lambda: enqueue(export))
    return bool(changed)


def worker_lost(export: BriefingExport) -> BriefingExport:
    said = "once" if export.build_attempts == 1 else f"{export.build_attempts} times"
    return fail(export, "worker_lost", f"The worker stopped while building this file {said}.")


def sweep_stale_exports(now: dt.datetime | None = None) -> dict[str, int]:
    """Send again the tasks of exports QUEUED too long (the broker was down, or the message was lost), and
    re-queue (or, after TRAJECTORY_PARSE_MAX_ATTEMPTS, fail) exports BUILDING longer than the task's hard time
    limit. Each row moves through a conditional UPDATE on what this sweep read, so concurrent sweeps act once."""
    now = now or timezone.now()
    counts = {"resent": 0, "requeued": 0, "failed": 0}
    queued_before = now - dt.timedelta(seconds=settings.TRAJECTORY_SWEEP_QUEUED_AFTER)
    waiting = BriefingExport.objects.filter(status=ExportStatus.QUEUED).filter(
        Q(progress_code=WAITING_FOR_QUEUE)
        | Q(queued_at__lt=queued_before)
        | Q(queued_at__isnull=True, created_at__lt=queued_before)
    )
    refused = False  # once the queue refuses one task, the rest wait for the next sweep (each try takes seconds)
    for export in waiting.order_by("pk")[:SWEEP_BATCH]:
        if refused:
            break
        if BriefingExport.objects.filter(pk=export.pk, status=ExportStatus.QUEUED, queued_at=export.queued_at).update(
            queued_at=now
        ):
            if not enqueue(export):
                refused = True
                continue
            counts["resent"] += 1

    building_before = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + settings.TRAJECTORY_SWEEP_GRACE)
    stale = BriefingExport.objects.filter(status=ExportStatus.BUILDING, started_at__lt=building_before)
    for export in stale.order_by("pk")[:SWEEP_BATCH]:
        still_stale = BriefingExport.objects.filter(
            pk=export.pk, status=ExportStatus.BUILDING, started_at=export.started_at
        )
        if export.build_attempts >= settings.TRAJECTORY_PARSE_MAX_ATTEMPTS:
            if still_stale.update(status=ExportStatus.FAILED):
                worker_lost(export)
                counts["failed"] += 1
        elif still_stale.update(status=ExportStatus.QUEUED, progress_step=0, progress_code=""):
            logger.warning("Export %s was left building by a worker that stopped; queued again", export.pk)
            if refused or not enqueue(export):
                refused = True
                BriefingExport.objects.filter(pk=export.pk, status=ExportStatus.QUEUED).update(
                    progress_code=WAITING_FOR_QUEUE
                )
            counts["requeued"] += 1
    if any(counts.values()):
        logger.info("Stale export sweep: %s", counts)
    return counts
