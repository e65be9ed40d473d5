"""Building briefing files in the background: queue, claim, build, store, fail, try again.

Views call `queue_export`; the Celery task in `improvement.tasks` calls `claim` and `build`.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from enum import StrEnum
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from authorities.models import Authority

from .briefing import Header, build_briefing
from .briefing_render import filename_for, render_docx, render_pdf
from .models import BriefingExport, ExportFormat, ExportStatus

logger = logging.getLogger(__name__)

TRACEBACK_LIMIT = 5000  # characters of traceback kept for staff on an unexpected failure


class Progress(StrEnum):
    GATHERING = "gathering"
    RENDERING = "rendering"
    SAVING = "saving"
    DONE = "done"


PROGRESS_STEPS = len(Progress) - 1
RENDERERS = {ExportFormat.PDF: render_pdf, ExportFormat.DOCX: render_docx}


def queue_export(authority: Authority, as_of: dt.date, header: Header, fmt: str, user: Any) -> BriefingExport:
    """Store the request, then queue the build once the row is committed (a worker never misses it)."""
    from .tasks import build_briefing_export

    export = BriefingExport.objects.create(
        authority=authority,
        as_of=as_of,
        header=header.to_json(),
        format=ExportFormat(fmt),
        requested_by=user if user.is_authenticated else None,
        progress_of=PROGRESS_STEPS,
    )
    transaction.on_commit(lambda: build_briefing_export.delay(export.pk))
    return export


def claim(export_pk: int) -> bool:
    """QUEUED → BUILDING, only if still queued: a duplicate delivery of the task finds nothing to do."""
    return bool(
        BriefingExport.objects.filter(pk=export_pk, status=ExportStatus.QUEUED).update(
            status=ExportStatus.BUILDING,
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
    briefing = build_briefing(authority, export.as_of, Header.from_json(export.header))
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
    """FAILED → QUEUED and queue the build again; anything else is left alone."""
    from .tasks import build_briefing_export

    changed = BriefingExport.objects.filter(pk=export.pk, status=ExportStatus.FAILED).update(
        status=ExportStatus.QUEUED, error_code="", error_detail="", progress_step=0, progress_code=""
    )
    if changed:
        transaction.on_commit(lambda: build_briefing_export.delay(export.pk))
    return bool(changed)
