"""Real parts for end-to-end tests: a Celery worker process and headless Chromium (Debian's)."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# A committee briefing's cover as an editor fills it in, asking for the PDF.
BRIEFING_COVER = {
    "report_to": "Children's Scrutiny Committee",
    "report_of": "Director of Children's Services",
    "classification": "Open",
    "wards": "All wards",
    "key_decision": "No",
    "action": "pdf",
}


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    user = db.get("USER") or ""
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{host}:{port}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def process_env(media_root: Path, **extra: str) -> dict[str, str]:
    """The environment of a worker or web process on the test database, the test broker and `media_root`."""
    return (
        os.environ
        | {
            "DATABASE_URL": _database_url(),
            "MEDIA_ROOT": str(media_root),
            "TRAJECTORY_VAR_DIR": str(django_settings.VAR_DIR),
            "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
        }
        | extra
    )


@contextlib.contextmanager
def celery_worker(env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen]:
    """A real `celery worker` (both queues) in its own process, started with `env`; stopped on leaving."""
    if (
        connection.settings_dict["ENGINE"].endswith("sqlite3") and ":memory:" in str(connection.settings_dict["NAME"])
    ) or "mode=memory" in str(connection.settings_dict["NAME"]):
        pytest.fail("The SQLite test database must be a file for a worker process to share it")
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool",
                "solo",
                "-Q",
                "celery,exports",
                "--loglevel",
                "INFO",
                "--without-heartbeat",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while "ready" not in log_path.read_text() and time.monotonic() < deadline:
                if worker.poll() is not None:
                    pytest.fail("The Celery worker stopped: " + log_path.read_text()[-2000:])
                time.sleep(0.2)
            if "ready" not in log_path.read_text():
                pytest.fail("The Celery worker was not ready within 30 s: " + log_path.read_text()[-2000:])
            yield worker
        finally:
            stop_process(worker)


def stop_process(process: subprocess.Popen) -> None:
    """Ask a process to stop; kill it if it has not within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture
def celery_worker_process(transactional_db: None, settings: Any, tmp_path: Path) -> Iterator[subprocess.Popen]:
    """A real `celery worker` in its own process, on the test database, the broker and the media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    with celery_worker(process_env(settings.MEDIA_ROOT), tmp_path / "worker.log") as worker:
        yield worker


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium package")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop on this thread; the test's own ORM calls are still
    # synchronous, so Django's guard against ORM use inside a running loop does not apply here.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    # A session's first page load (Chromium's first paint, the live server's first request) takes some 20 s on a
    # busy machine; waiting longer costs a passing test nothing.
    page.set_default_navigation_timeout(60_000)
    yield page
    context.close()


def sign_in(page: Any, username: str, password: str = "correct horse battery staple") -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/")


AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.2 A and AA rules; "serious" and "critical" violations fail the test.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (installed by `npm ci`) on the page as it is now; return its serious and critical violations."""
    if not AXE_SCRIPT.exists():
        pytest.fail("axe-core is missing: `npm ci` (run by `make test`) installs it into node_modules")
    # Evaluated through the DevTools protocol rather than added as a <script>, so the page's
    # Content-Security-Policy (no inline script) stays in force for the page's own code.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    described = [
        f"{v['id']} ({v['impact']}): {v['help']} at " + ", ".join(" ".join(n["target"]) for n in v["nodes"][:3])
        for v in violations
    ]
    assert not violations, f"axe-core on {page.url}:\n" + "\n".join(described)
