"""The load test (issue #6): readers browsing the main pages while an editor uploads reports.

Run by `make loadtest` (tests/load/run_loadtest.py), which loads a national sample, starts gunicorn and a
Celery worker, and writes the plan this file reads from TRAJECTORY_LOAD_PLAN: page URLs (tests/load/plan.py),
the editor's sign-in and the files to upload. Request names group URLs by page, for per-page figures;
every upload request is named "upload: …" so readers' figures can be told apart.
"""

from __future__ import annotations

import json
import os
import random
import re
from collections import Counter
from itertools import cycle
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task
from locust.exception import StopUser
from locust.stats import StatsEntry

PLAN_PATH = os.environ.get("TRAJECTORY_LOAD_PLAN", "")
PLAN: dict[str, Any] = json.loads(Path(PLAN_PATH).read_text()) if PLAN_PATH else {"pages": [], "upload_files": []}
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
UPLOAD_PREFIX = "upload: "
SIGNED_IN_MARK = b"Sign out"  # in the header of every page for someone signed in (templates/base.html)
STATUS_PK = "999999999"  # stands for the document's id in PLAN["status"] (tests/load/plan.py)


def _plain_http_cookies(user: HttpUser) -> None:
    """Production cookies are marked Secure; the test speaks HTTP on loopback, so send them anyway."""
    for cookie in user.client.cookies:
        cookie.secure = False


class Reader(HttpUser):
    """Someone browsing: picks a page the way readers do (authority pages most) and pauses between pages."""

    weight = 50
    wait_time = between(0.5, 1.5)
    sessions = iter(PLAN.get("reader_sessions", {}).get("keys", ()))

    def on_start(self) -> None:
        """With `--sign-in`, each reader holds a signed-in session of its own (run_loadtest.py made them)."""
        key = next(Reader.sessions, None)
        self.signed_in = key is not None
        if self.signed_in:
            self.client.cookies.set(PLAN["reader_sessions"]["cookie"], key)

    @task
    def browse(self) -> None:
        pages = PLAN["pages"]
        page = random.choices(pages, weights=[p["weight"] for p in pages])[0]
        with self.client.get(random.choice(page["paths"]), name=page["name"], catch_response=True) as response:
            # A session the server no longer knows would quietly measure a reader who is not signed in.
            if self.signed_in and response.ok and SIGNED_IN_MARK not in response.content:
                response.failure("the reader is not signed in")


class Editor(HttpUser):
    """One signed-in editor uploading a report every few seconds and watching it being read."""

    fixed_count = 1
    wait_time = between(4, 8)

    def on_start(self) -> None:
        if not PLAN["upload_files"]:
            raise StopUser()
        self.files = cycle(PLAN["upload_files"])
        token = self._csrf_token(PLAN["login"], "sign in form")
        credentials = PLAN["editor"]
        with self.client.post(
            PLAN["login"],
            data={
                "username": credentials["username"],
                "password": credentials["password"],
                "csrfmiddlewaretoken": token,
            },
            name=UPLOAD_PREFIX + "sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused ({response.status_code})")
                raise StopUser()
        _plain_http_cookies(self)

    def _csrf_token(self, path: str, name: str) -> str:
        response = self.client.get(path, name=UPLOAD_PREFIX + name)
        _plain_http_cookies(self)
        match = CSRF_FIELD.search(response.text)
        return match.group(1) if match else ""

    @task
    def upload(self) -> None:
        token = self._csrf_token(PLAN["upload"], "form")
        path = Path(next(self.files))
        with path.open("rb") as handle:
            response = self.client.post(
                PLAN["upload"],
                data={"csrfmiddlewaretoken": token},
                files={"files": (path.name, handle, "application/pdf")},
                name=UPLOAD_PREFIX + "send",
            )
        # The upload redirects to the documents list showing the new ids; poll each one's status once.
        ids = re.search(r"ids=([\d,]+)", response.url or "")
        for pk in ids.group(1).split(",") if ids else ():
            self.client.get(PLAN["status"].replace(STATUS_PK, pk), name=UPLOAD_PREFIX + "status")


# How readers' pages were served (config/page_cache.py's X-Page-Cache: hit, miss, or none when not used).
PAGE_CACHE_COUNTS: Counter[str] = Counter()


@events.request.add_listener
def _count_page_cache(name: str, response: Any = None, exception: Any = None, **kwargs: Any) -> None:
    if exception is None and response is not None and not name.startswith(UPLOAD_PREFIX):
        PAGE_CACHE_COUNTS[response.headers.get("X-Page-Cache", "none")] += 1


def readers_summary(stats: Any) -> StatsEntry:
    """Every reader request merged into one entry (uploads left out): the figure the p95 target is about."""
    total = StatsEntry(stats, "readers", "")
    for entry in stats.entries.values():
        if not entry.name.startswith(UPLOAD_PREFIX):
            total.extend(entry)
    return total


@events.quitting.add_listener
def _write_summary(environment: Any, **kwargs: Any) -> None:
    """Write the readers' merged figures beside locust's CSV files (TRAJECTORY_LOAD_SUMMARY)."""
    target = os.environ.get("TRAJECTORY_LOAD_SUMMARY")
    if not target or environment.stats is None:
        return
    entry = readers_summary(environment.stats)
    summary = {
        "requests": entry.num_requests,
        "failures": entry.num_failures,
        "rps": entry.total_rps,
        **{f"p{int(q * 100)}": entry.get_response_time_percentile(q) for q in (0.5, 0.95, 0.99)},
        "page_cache": dict(PAGE_CACHE_COUNTS),
    }
    Path(target).write_text(json.dumps(summary))
