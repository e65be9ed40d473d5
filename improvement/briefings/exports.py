"""Briefing files built in the background, a tracked job (config.jobs): what a request stores, and the build the
worker runs (`improvement.briefings.tasks.build_briefing_export`).

Views call `queue_export` and `requeue`. Queueing with the broker down, the claim, failures, and the sweep of
exports never sent or left building by a worker that died are config.jobs', as for an uploaded document.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from authorities.models import Authority
from config import jobs

from ..models import READ_PLANS, BriefingExport, BuildStep, ExportFormat, ExportStatus
from .build import Header, build_briefing
from .render import filename_for, render_docx, render_pdf

logger = logging.getLogger(__name__)

RENDERERS = {ExportFormat.PDF: render_pdf, ExportFormat.DOCX: render_docx}
# A person may try again a failed export, or one still waiting for the task queue (to send it now).
RETRYABLE = Q(status=ExportStatus.FAILED) | Q(status=ExportStatus.QUEUED, progress_code=jobs.WAITING_FOR_QUEUE)


def queue_export(authority: Authority, as_of: dt.date, header: Header, fmt: str, user: Any) -> BriefingExport:
    """Store the request, then queue the build once the row is committed (a worker never misses it). With the task
    queue down the request is kept, waiting for the sweep (`config.jobs.enqueue`)."""
    export = BriefingExport.objects.create(
        authority=authority,
        as_of=as_of,
        header=header.to_json(),
        format=ExportFormat(fmt),
        requested_by=user if user.is_authenticated else None,
    )
    transaction.on_commit(lambda: jobs.enqueue(export))
    return export


def build(export: BriefingExport) -> BriefingExport:
    """Build and store a claimed export's file. BUILDING → DONE."""
    jobs.progress(export, BuildStep.GATHERING)
    authority = Authority.objects.select_related("region").get(pk=export.authority_id)
    # The file is its requester's: it holds the plan only if they may read plans (checked now, at build time).
    requester = export.requested_by
    include_plan = requester is not None and requester.is_active and requester.has_perm(READ_PLANS)
    briefing = build_briefing(authority, export.as_of, Header.from_json(export.header), include_plan=include_plan)
    jobs.progress(export, BuildStep.RENDERING)
    data = RENDERERS[ExportFormat(export.format)](briefing)
    jobs.progress(export, BuildStep.SAVING)
    export.file.save(filename_for(briefing, export.format), ContentFile(data), save=False)
    export.save(update_fields=["file", *jobs.finish(export)])
    logger.info("Built %s export %s for %s", export.format, export.pk, authority.slug)
    return export


def requeue(export: BriefingExport) -> bool:
    """FAILED → QUEUED, or a QUEUED export still waiting for the task queue, and queue the build again once
    committed (a fresh count of attempts); anything else is left alone."""
    if not jobs.retry(export, RETRYABLE):
        return False
    transaction.on_commit(lambda: jobs.enqueue(export))
    return True
