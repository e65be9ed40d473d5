"""Server time and SQL queries of each main page, rendered through Django's test client.

Runs against the current database (`make bench-pages` gives it a scratch one with a national dataset).
It signs in a throwaway viewer inside a transaction that is rolled back, so nothing is left behind. Signed-in
people get every page rendered, so those are the figures the target is about; the last column is what a reader
who is not signed in waits for once the page is in the page cache (config/page_cache.py).
"""

from __future__ import annotations

import contextlib
import statistics
import time
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from authorities.models import Authority
from config.roles import VIEWER
from inspections.models import Event

TARGET_MEDIAN_MS = 50


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Render each main page N times and print its median and p95 server time and its SQL query count."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--repeat", type=int, default=30, help="timed renders per page (default 30)")
        parser.add_argument("--authority", help="slug of the authority whose pages are timed (default: most events)")

    def handle(self, *args: Any, repeat: int = 30, authority: str | None = None, **options: Any) -> None:
        if repeat < 1:
            raise CommandError("--repeat must be at least 1")
        # The test client calls itself "testserver", over HTTPS so production settings do not redirect it.
        with override_settings(ALLOWED_HOSTS=["testserver"]), transaction.atomic():
            client, reader = Client(), Client()
            client.force_login(self._viewer())
            rows = [
                (*self._time(client, name, url, repeat), self._time(reader, name, url, repeat)[2])
                for name, url in self._pages(authority)
            ]
            transaction.set_rollback(True)
        events = Event.objects.count()
        authorities = Authority.objects.current().count()
        self.stdout.write(f"{authorities} authorities, {events} events; {repeat} renders per page after one warm-up")
        # CPU time is this process's own: on a busy machine it shows what the page costs, where wall time
        # also counts waiting for a core.
        self.stdout.write(
            f"{'page':<22}{'median ms':>10}{'p95 ms':>10}{'CPU ms':>9}{'queries':>9}{'KB':>7}{'cached ms':>11}  url"
        )
        for name, url, median, p95, cpu, queries, size, cached in rows:
            self.stdout.write(
                f"{name:<22}{median:>10.1f}{p95:>10.1f}{cpu:>9.1f}{queries:>9}{size / 1024:>7.0f}{cached:>11.1f}  {url}"
            )
        medians = [row[2] for row in rows]
        verdict = "met" if max(medians) < TARGET_MEDIAN_MS else "NOT met"
        self.stdout.write(f"Target (every page's median under {TARGET_MEDIAN_MS} ms): {verdict}")

    def _viewer(self) -> Any:
        user = get_user_model().objects.create_user(username="bench-pages-viewer")
        group = Group.objects.filter(name=VIEWER).first()
        if group is not None:
            user.groups.add(group)
        return user

    def _pages(self, slug: str | None) -> list[tuple[str, str]]:
        authorities = Authority.objects.current().annotate(n=Count("events"))
        authority = authorities.filter(slug=slug).first() if slug else authorities.order_by("-n", "name").first()
        if authority is None:
            raise CommandError(f"No current authority {slug!r}" if slug else "No authorities: run load_authorities")
        event = Event.objects.filter(authority=authority).order_by("-start_date").first()
        pages = [
            ("authority list", reverse("authorities:list")),
            ("authority page", authority.get_absolute_url()),
            ("comparison", reverse("authorities:authority-compare", kwargs={"slug": authority.slug})),
            ("overview", reverse("authorities:overview")),
            ("overview, filtered", reverse("authorities:overview") + f"?region={authority.region_id}&grade=inadequate"),
            ("map", reverse("authorities:map")),
        ]
        if event is not None:
            pages.append(("event page", event.get_absolute_url()))
        with contextlib.suppress(NoReverseMatch):  # a version without the search page
            pages.append(("search", reverse("inspections:search") + "?q=inadequate"))
        return pages

    def _time(self, client: Client, name: str, url: str, repeat: int) -> tuple[str, str, float, float, float, int, int]:
        response = client.get(url, secure=True)  # warm-up: templates compiled, caches filled
        if response.status_code != 200:
            raise CommandError(f"{name} ({url}) answered {response.status_code}")
        timings, cpu = [], []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url, secure=True)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
        return (
            name,
            url,
            statistics.median(timings),
            _percentile(timings, 0.95),
            statistics.median(cpu),
            len(queries),
            len(response.content),
        )
