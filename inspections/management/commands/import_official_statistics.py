from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspections.official import OFFICIAL_FACTS, report, store_facts, write_facts
from inspections.official_reading import OfficialStatisticsError, read_release


class Command(BaseCommand):
    help = (
        "Import Ofsted's official statistics on local authority inspections (.ods releases): every table found "
        "by its header row, all in one transaction. --write-fixture also writes the facts file the project ships."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE.ods")
        parser.add_argument(
            "--write-fixture",
            nargs="?",
            const=OFFICIAL_FACTS,
            type=Path,
            metavar="PATH",
            help="write the derived facts (default: the file the project ships)",
        )
        parser.add_argument("--no-store", action="store_true", help="only read (and write the facts file)")

    def handle(self, *args: Any, **options: Any) -> None:
        started, cpu = time.perf_counter(), time.process_time()
        try:
            releases = [read_release(path) for path in options["files"]]
        except OfficialStatisticsError as exc:
            raise CommandError(f"Nothing imported: {exc}") from exc
        read = time.perf_counter() - started
        if options["write_fixture"]:
            write_facts(releases, options["write_fixture"])
            self.stdout.write(f"Wrote {options['write_fixture']}")
        if options["no_store"]:
            return
        result = store_facts([fact for release in releases for fact in release.facts])
        self.stdout.write(report(result))
        # CPU time beside the wall clock: on a busy machine the second says more about the import than the first.
        self.stdout.write(
            f"Read in {read:.1f} s, {time.perf_counter() - started:.1f} s in all "
            f"({time.process_time() - cpu:.1f} s of CPU time)."
        )
