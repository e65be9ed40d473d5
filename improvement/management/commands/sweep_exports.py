"""Run the stale-export sweep once, by hand (Celery beat runs it every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from config import jobs
from improvement.models import BriefingExport


class Command(BaseCommand):
    help = "Send briefing exports left waiting for the task queue, and re-queue or fail those left building."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = jobs.sweep(BriefingExport)
        self.stdout.write(
            f"{counts['resent']} task(s) sent again, {counts['requeued']} export(s) queued again, "
            f"{counts['failed']} failed."
        )
