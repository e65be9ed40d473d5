"""Benchmark: parsing speed and memory over a folder of reports, against pdfplumber's text extraction.

Prints figures; asserts nothing. `make bench` runs it over ../shared/corpus.
"""

from __future__ import annotations

import resource
import statistics
import time
import tracemalloc
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from inspections.parsing import ParseContext, ParseError, parse_document
from inspections.parsing.cli import iter_files


class Command(BaseCommand):
    help = "Print reports and pages per second, median and p95 per report, peak memory, and the ratio to pdfplumber."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--skip-pdfplumber", action="store_true", help="do not time pdfplumber (slow)")

    def handle(self, *args: Any, paths: list[Path], skip_pdfplumber: bool, **options: Any) -> None:
        files = [file for file, _ in iter_files(paths)]
        context = ParseContext()
        context.authorities.resolve("warm up")  # build the name index outside the timings
        timings: list[float] = []
        pages = refused = 0
        pdfs: list[Path] = []
        tracemalloc.start()
        started = time.perf_counter()
        for file in files:
            data = file.read_bytes()
            if data[:1024].find(b"%PDF-") >= 0:
                pdfs.append(file)
            t0 = time.perf_counter()
            try:
                parsed = parse_document(data, ParseContext(authorities=context.authorities, filename=file.name))
                pages += parsed.page_count
            except ParseError:
                refused += 1
            timings.append(time.perf_counter() - t0)
        total = time.perf_counter() - started
        _, python_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        write = self.stdout.write
        write(f"Files: {len(files)} ({refused} refused), pages parsed: {pages}")
        write(f"Parse total: {total:.2f} s · {len(files) / total:.1f} reports/s · {pages / total:.0f} pages/s")
        write(
            f"Per report: median {statistics.median(timings) * 1000:.1f} ms · "
            f"p95 {_percentile(timings, 95) * 1000:.1f} ms · max {max(timings) * 1000:.1f} ms"
        )
        write(f"Peak memory: Python allocations {python_peak / 1_048_576:.1f} MB · process RSS {rss_peak_mb:.0f} MB")
        if skip_pdfplumber:
            return
        import pdfplumber

        t0 = time.perf_counter()
        for file in pdfs:
            with pdfplumber.open(file) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.flush_cache()
        plumber = time.perf_counter() - t0
        pdf_set = set(pdfs)
        parse_pdfs = sum(t for f, t in zip(files, timings, strict=True) if f in pdf_set)
        write(f"pdfplumber extract_text over the same {len(pdfs)} PDFs: {plumber:.2f} s")
        write(
            f"Full parse is {plumber / parse_pdfs:.1f}× faster than pdfplumber's text extraction alone (target ≥ 10×)"
        )


def _percentile(values: list[float], percent: int) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(percent / 100 * len(ordered)) - 1))
    return ordered[index]
