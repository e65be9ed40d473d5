"""Time every export: the briefing's content, its HTML, PDF and Word renderings, and the national CSV and Excel."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from authorities.models import Authority
from improvement.briefings.build import build_briefing
from improvement.briefings.render import render_docx, render_html, render_pdf
from inspections import data_export


def _timed(work: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return times, result


class Command(BaseCommand):
    help = "Time the committee briefing (content, HTML, PDF, Word) and the national CSV/Excel exports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--authority", default="bury", help="The authority's slug (default: bury).")
        parser.add_argument("--repeat", type=int, default=5, help="Runs of each step (default: 5).")

    def handle(self, *args: Any, authority: str, repeat: int, **options: Any) -> None:
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        subject = Authority.objects.select_related("region").filter(slug=authority).first()
        if subject is None:
            raise CommandError(f"No authority with the slug “{authority}”; run load_authorities first.")
        briefing = build_briefing(subject)
        render_pdf(briefing)  # the first run loads fonts and imports; time the steady state

        steps: list[tuple[str, Callable[[], Any]]] = [
            ("briefing content", lambda: build_briefing(subject)),
            ("briefing HTML", lambda: render_html(briefing)),
            ("briefing PDF", lambda: render_pdf(briefing)),
            ("briefing Word", lambda: render_docx(briefing)),
            (
                "latest CSV",
                lambda: "".join(data_export.csv_lines(data_export.LATEST_COLUMNS, data_export.latest_rows())),
            ),
            (
                "latest Excel",
                lambda: data_export.xlsx_bytes(data_export.LATEST_COLUMNS, data_export.latest_rows(), "x"),
            ),
            (
                "history CSV",
                lambda: "".join(data_export.csv_lines(data_export.HISTORY_COLUMNS, data_export.history_rows())),
            ),
            (
                "history Excel",
                lambda: data_export.xlsx_bytes(data_export.HISTORY_COLUMNS, data_export.history_rows(), "x"),
            ),
        ]
        self.stdout.write(f"{subject.name}, {repeat} run{'s' if repeat != 1 else ''} of each step")
        self.stdout.write(f"{'step':<18}{'median':>10}{'max':>10}{'size':>12}")
        for name, work in steps:
            times, result = _timed(work, repeat)
            size = len(result) if isinstance(result, str | bytes) else None
            self.stdout.write(
                f"{name:<18}{statistics.median(times) * 1000:>8.0f}ms{max(times) * 1000:>8.0f}ms"
                f"{(f'{size / 1024:.0f} KB' if size is not None else ''):>12}"
            )
        pdf = statistics.median(_timed(lambda: render_pdf(build_briefing(subject)), repeat)[0])
        docx = statistics.median(_timed(lambda: render_docx(build_briefing(subject)), repeat)[0])
        self.stdout.write(f"A PDF from scratch takes {pdf:.2f} s (median); a Word document {docx:.2f} s.")
