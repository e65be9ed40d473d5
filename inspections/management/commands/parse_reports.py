"""Parse documents to JSON lines without touching the database (what the corpus scorer reads)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from inspections.parsing.cli import run


class Command(BaseCommand):
    help = "Parse report files (or folders of them) and write one JSON line per file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--jsonl", type=Path, help="output file (default: standard output)")

    def handle(self, *args: Any, paths: list[Path], jsonl: Path | None, **options: Any) -> None:
        missing = [p for p in paths if not p.exists()]
        if missing:
            self.stderr.write(f"No such file or folder: {', '.join(map(str, missing))}")
            sys.exit(2)
        if jsonl:
            with jsonl.open("w", encoding="utf-8") as out:
                count = run(paths, out)
            self.stderr.write(f"Parsed {count} files into {jsonl}")
        else:
            run(paths, self.stdout)
