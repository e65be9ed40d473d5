from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from inspections.official import OFFICIAL_FACTS, read_facts, report, store_facts


class Command(BaseCommand):
    help = "Load the facts derived from Ofsted's official statistics that the project ships (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", type=Path, default=OFFICIAL_FACTS)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        result = store_facts(read_facts(options["path"]))
        self.stdout.write(report(result))
        self.stdout.write(f"{time.perf_counter() - started:.1f} s.")
