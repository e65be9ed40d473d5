from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tests.benchmarks.sample_data import RealDataPresent, load_national_sample


class Command(BaseCommand):
    help = (
        "Load a synthetic inspection history for every current authority, for benchmarks and load tests "
        "(refuses when real events are stored, unless --force). Replaces any earlier synthetic sample."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--events-per-authority", type=int, default=10, help="at least this many each")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--until", type=dt.date.fromisoformat, help="last date (YYYY-MM-DD); default today")
        parser.add_argument("--no-documents", action="store_true", help="skip the text document per inspection")
        parser.add_argument("--force", action="store_true", help="load even beside real events (they win clashes)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        try:
            stats = load_national_sample(
                events_per_authority=options["events_per_authority"],
                seed=options["seed"],
                until=options["until"],
                force=options["force"],
                documents=not options["no_documents"],
            )
        except RealDataPresent as error:
            raise CommandError(f"{error}. Use a scratch database, or --force.") from error
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Synthetic sample: {stats.events} events for {stats.authorities} authorities "
            f"({stats.judgements} judgements, {stats.recommendations} recommendations, {stats.documents} documents) "
            f"in {time.perf_counter() - started:.1f} s."
        )
