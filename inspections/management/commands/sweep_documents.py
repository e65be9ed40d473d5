"""Run the stale-document sweep once, by hand (Celery beat runs it every few minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from config import jobs
from inspections.models import Document


class Command(BaseCommand):
    help = (
        "Send again the parse tasks of documents queued while the task queue was down, and queue again "
        "(or mark failed, after repeated attempts) documents left parsing by a worker that stopped."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = jobs.sweep(Document)
        self.stdout.write(
            f"{counts['resent']} task(s) sent again, {counts['requeued']} document(s) queued again, "
            f"{counts['failed']} marked failed."
        )
