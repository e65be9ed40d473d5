"""Import a folder of reports through the same pipeline as the upload page."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from config import jobs
from inspections.ingest import parse_stored, requeue, store_upload
from inspections.models import Document, DocumentStatus
from inspections.parsing.cli import iter_files
from inspections.publishing import PublishError, events_from_extraction, publish


class Command(BaseCommand):
    help = (
        "Store, parse and (with --publish) publish report files or folders. Files already imported "
        "are recognised by their SHA-256 and not duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish what the parser read without review (for trusted bulk loads)",
        )
        parser.add_argument("--reparse", action="store_true", help="parse files already imported again")
        parser.add_argument(
            "--publication-date",
            type=dt.date.fromisoformat,
            default=None,
            help="publication date for reports that do not print one (YYYY-MM-DD)",
        )

    def handle(
        self,
        *args: Any,
        paths: list[Path],
        publish: bool,
        reparse: bool,
        publication_date: dt.date | None,
        **options: Any,
    ) -> None:
        missing = [p for p in paths if not p.exists()]
        if missing:
            self.stderr.write(f"No such file or folder: {', '.join(map(str, missing))}")
            sys.exit(2)
        files = list(iter_files(paths))
        outcomes: Counter[str] = Counter()
        problems: list[str] = []
        for file, name in tqdm(files, desc="Importing", unit="file", file=sys.stderr, disable=not sys.stderr.isatty()):
            with file.open("rb") as handle:
                document, created = store_upload(handle, file.name, publication_date=publication_date)
            if not created and reparse:
                requeue([document])
            # As the worker would: claimed, read, and any unexpected error recorded on the row.
            document = jobs.run(Document, document.pk, parse_stored) or document
            if document.status == DocumentStatus.FAILED:
                problems.append(f"{name}: {document.error_detail.splitlines()[0]}")
            elif publish and document.status == DocumentStatus.NEEDS_REVIEW:
                try:
                    publish_document(document)
                except PublishError as exc:
                    problems.append(f"{name}: not published: {exc}")
            outcomes[Document.objects.get(pk=document.pk).get_status_display()] += 1
        for line in problems:
            self.stderr.write(line)
        summary = ", ".join(f"{count} {status.lower()}" for status, count in sorted(outcomes.items()))
        self.stdout.write(f"{len(files)} files: {summary or 'nothing to do'}.")


def publish_document(document: Document) -> None:
    publish(document, events_from_extraction(document))
