from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from authorities.services import load_authorities


class Command(BaseCommand):
    help = "Load every children's services authority, its statistical neighbours and reorganisations."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_authorities()
        self.stdout.write(
            f"Authorities: {result.created} created, {result.updated} updated; "
            f"{result.neighbours} neighbour links; {result.reorganisations} reorganisations."
        )
