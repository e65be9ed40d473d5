from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from inspections.demo import load_demo_history


class Command(BaseCommand):
    help = "Load demonstration history (hand-checked facts of real inspections) for a fresh install."

    def handle(self, *args: Any, **options: Any) -> None:
        count = load_demo_history()
        self.stdout.write(f"Demo history: {count} events stored.")
