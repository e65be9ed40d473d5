"""Draw the map's authority boundaries from ONS district boundaries (GeoJSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from authorities.boundaries import BoundaryError, load_boundaries


class Command(BaseCommand):
    help = (
        "Join 2023 district boundaries into the 153 upper-tier authorities and store them for the map. "
        "Reads PATH, or the TRAJECTORY_BOUNDARIES setting (settings.BOUNDARIES_PATH)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="a GeoJSON file of local authority district boundaries")
        parser.add_argument(
            "--if-exists",
            action="store_true",
            help="do nothing (successfully) when the file is absent, as `make run` does",
        )

    def handle(self, *args: Any, path: str | None = None, if_exists: bool = False, **options: Any) -> None:
        path = path or settings.BOUNDARIES_PATH
        if if_exists and not Path(path).is_file():
            self.stdout.write(
                f"No boundary file at {path}: the map stays empty (set TRAJECTORY_BOUNDARIES to draw it)."
            )
            return
        try:
            result = load_boundaries(path)
        except BoundaryError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Drew {result.authorities} authorities from {result.districts} districts in {path}"
            f" ({len(result.unmatched)} areas outside England's authorities left out)."
        )
        if result.missing:
            self.stderr.write("No boundary for: " + ", ".join(result.missing))
