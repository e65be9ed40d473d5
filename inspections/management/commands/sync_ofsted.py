"""Fetch new reports from Ofsted's site into the upload pipeline (inspections.ofsted_sync)."""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from authorities.models import Authority
from inspections.ofsted_sync import SyncError, sync


class Command(BaseCommand):
    help = (
        "Read each authority's page on Ofsted's reports site and fetch the inspection and visit reports not yet held; "
        "each is stored and its parsing queued, as for an upload. No worker needs to be running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--authority",
            metavar="SLUG",
            action="append",
            help="only this authority (its slug, e.g. bury); may be given more than once",
        )
        parser.add_argument(
            "--since",
            type=dt.date.fromisoformat,
            metavar="YYYY-MM-DD",
            help="only documents Ofsted published on or after this date",
        )

    def handle(self, *args: Any, authority: list[str] | None, since: dt.date | None, **options: Any) -> None:
        authorities = None
        if authority:
            found = {a.slug: a for a in Authority.objects.filter(slug__in=authority)}
            unknown = [slug for slug in authority if slug not in found]
            if unknown:
                raise CommandError(f"No authority “{'”, “'.join(unknown)}”: give its slug, as in its page's address.")
            authorities = [found[slug] for slug in dict.fromkeys(authority)]
            for each in authorities:
                if not each.urn:
                    raise CommandError(
                        f"{each.name} has no Ofsted URN of its own: Ofsted lists it under its successor."
                    )
        started = time.perf_counter()
        try:
            result = sync(authorities, since=since, progress=self._progress)
        except SyncError as exc:
            raise CommandError(f"Nothing was fetched: {exc}") from exc
        seconds = time.perf_counter() - started
        run = result.run
        for line in run.problems:
            self.stderr.write(line)
        skipped = Counter(p.title for p in result.out_of_scope)
        if skipped:
            listed = "; ".join(f"{title} ({count})" for title, count in sorted(skipped.items()))
            self.stdout.write(f"Not read by this service: {listed}.")
        self.stdout.write(
            f"{run.authorities_checked} authorities checked, {run.documents_listed} documents of the kinds read here "
            f"listed, {run.documents_fetched} new fetched and queued for reading, {len(run.problems)} problems "
            f"({result.requests} requests, {seconds:.1f} s)."
        )

    def _progress(self, items: Iterable[Any], desc: str) -> Iterator[Any]:
        yield from tqdm(list(items), desc=desc, unit="", file=sys.stderr, disable=not sys.stderr.isatty())
