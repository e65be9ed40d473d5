"""`make loadtest` (issue #6): the production setup under load, on loopback, bounded in time.

A scratch PostgreSQL database gets the 153 authorities and the synthetic national sample; gunicorn
(config/gunicorn.conf.py, DEBUG off) and a Celery worker on Redis serve it while locust runs 50 readers
and one editor uploading reports. Readers who are not signed in get their pages from the page cache
(config/page_cache.py) in Redis once rendered; `--page-cache off` renders every page. `--sign-in` signs every
reader in (with the Viewer role), so no page comes from the page cache: only the parts that are the same for
everyone come from the fragment cache (config/fragment_cache.py), kept in the same Redis (or, with
`--page-cache memory`, in each process). Prints requests/s, p50/p95/p99 and errors, overall and per page, and how
readers' pages were served, then stops both servers and drops the database. Exits non-zero when any request failed.
`--matrix` runs the four combinations (signed in or not, page cache in Redis or off) one after another and ends
with one table of the four.

    .venv/bin/python tests/load/run_loadtest.py [--duration 60] [--readers 50] [--page-cache redis|memory|off]
        [--sign-in] [--matrix]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
TARGET_P95_MS = 300
EDITOR = "loadtest-editor"
READER = "loadtest-reader"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--readers", type=int, default=50, help="concurrent readers (default 50)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="readers started per second")
    parser.add_argument("--events-per-authority", type=int, default=10)
    parser.add_argument("--uploads", type=int, default=20, help="distinct files the editor cycles through")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432", help="server, no database")
    parser.add_argument("--database", default="trajectory_load")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/13", help="broker; this database is flushed")
    parser.add_argument(
        "--page-cache",
        choices=("redis", "memory", "off"),
        default="redis",
        help="pages for readers kept in Redis (shared by the web processes; the default), in each process's memory,"
        " or not kept (every page rendered)",
    )
    parser.add_argument(
        "--page-cache-redis",
        default="redis://127.0.0.1:6379/12",
        help="the page cache's Redis database (also the fragments', with --page-cache off); flushed before and after",
    )
    parser.add_argument(
        "--sign-in", action="store_true", help="readers are signed in (Viewer role): no page cache for them"
    )
    parser.add_argument(
        "--matrix",
        action="store_true",
        help="run the four combinations of --sign-in and --page-cache redis|off one after another, then one table",
    )
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)  # where --matrix reads each run's figures
    parser.add_argument("--shared", type=Path, default=BASE_DIR.parent / "shared", help="for corpus PDFs")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder (logs, CSV) afterwards")
    return parser.parse_args()


def production_env(args: argparse.Namespace, var_dir: Path) -> dict[str, str]:
    """Production settings, except plain HTTP on loopback (no TLS here to redirect to)."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"{args.postgres}/{args.database}",
        "DATABASE_CONN_MAX_AGE": "60",
        "CELERY_BROKER_URL": args.redis,
        "TRAJECTORY_VAR_DIR": str(var_dir),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_MANIFEST": "true",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{args.port}",
        "PYTHONPATH": str(BASE_DIR),
        "TRAJECTORY_PAGE_CACHE": "false" if args.page_cache == "off" else "true",
        # With the page cache off its Redis still holds the fragments (config/fragment_cache.py), shared by the
        # web processes as in production.
        "TRAJECTORY_PAGE_CACHE_URL": "" if args.page_cache == "memory" else args.page_cache_redis,
    }


def recreate_database(args: argparse.Namespace) -> None:
    import psycopg

    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{args.database}"')


def drop_database(args: argparse.Namespace) -> None:
    import psycopg

    with psycopg.connect(f"{args.postgres}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.database}" WITH (FORCE)')


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def upload_files(args: argparse.Namespace, folder: Path) -> list[Path]:
    """Corpus reports when ../shared is here, otherwise small generated PDFs of the sample's documents."""
    corpus = sorted((args.shared / "corpus").glob("*/*/*.pdf"))
    if corpus:
        step = max(1, len(corpus) // args.uploads)
        return corpus[::step][: args.uploads]
    from fpdf import FPDF

    from inspections.models import Document

    folder.mkdir()
    files = []
    for document in Document.objects.order_by("pk")[: args.uploads]:
        pdf = FPDF()
        pdf.add_page()
        pdf.set_font("helvetica", size=11)
        pdf.multi_cell(0, 6, document.text.encode("latin-1", "replace").decode("latin-1"))
        path = folder / f"sample-{document.pk}.pdf"
        pdf.output(str(path))
        files.append(path)
    return files


def prepare(args: argparse.Namespace, var_dir: Path) -> Path:
    """Load the database and static files in this process; write the locust plan; return its path."""
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connections

    from config.roles import EDITOR as EDITOR_ROLE
    from tests.benchmarks import load_national_sample as sample_command
    from tests.load.plan import build_plan

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_authorities", verbosity=0)
    call_command(sample_command.Command(), events_per_authority=args.events_per_authority, seed=1)
    call_command("load_boundaries", "--if-exists", verbosity=0)  # the map's shapes, when ../shared has them
    call_command("collectstatic", interactive=False, verbosity=0)
    password = secrets.token_urlsafe(16)
    User.objects.create_user(EDITOR, password=password).groups.add(Group.objects.get(name=EDITOR_ROLE))
    plan = build_plan(upload_files=upload_files(args, var_dir / "uploads"))
    plan["editor"] = {"username": EDITOR, "password": password}
    if args.sign_in:
        plan["reader_sessions"] = reader_sessions(args.readers)
    path = var_dir / "plan.json"
    path.write_text(json.dumps(plan))
    connections.close_all()
    pages = ", ".join(p["name"] for p in plan["pages"])
    print(f"Prepared in {time.perf_counter() - started:.0f} s. Pages: {pages}.")
    if plan["skipped"]:
        print(f"Skipped (no such URL yet): {', '.join(plan['skipped'])}.")
    print(f"Uploads: {len(plan['upload_files'])} files.")
    return path


def reader_sessions(count: int) -> dict[str, Any]:
    """A signed-in session for each reader, made as signing in makes one (a session row for a Viewer), without 50
    password hashes at the start of the run, whose CPU time would be counted against the first pages."""
    from django.conf import settings
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from config.roles import VIEWER

    reader = User.objects.create_user(READER, password=secrets.token_urlsafe(16))
    reader.groups.add(Group.objects.get(name=VIEWER))
    keys = []
    for _ in range(count):
        client = Client()
        client.force_login(reader)
        keys.append(client.cookies[settings.SESSION_COOKIE_NAME].value)
    return {"cookie": settings.SESSION_COOKIE_NAME, "keys": keys}


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    # Own process group, so stopping it stops gunicorn's or Celery's children too.
    handle = log.open("wb")
    return subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer {url} within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def warm_up(base: str, plan: dict[str, Any]) -> None:
    """One request per page first, so the figures are of a running service, not of its first requests."""
    for page in plan["pages"]:
        for path in page["paths"][:2]:
            try:
                urllib.request.urlopen(base + path, timeout=30).read()
            except OSError as error:
                print(f"Warm-up: {page['name']} {path}: {error}")


def _ms(value: str) -> str:
    return "-" if value in ("", "N/A") else f"{float(value):.0f}"


def report(csv_prefix: Path, summary_path: Path, duration: int) -> int:
    """Print the figures; return the number of failed requests."""
    with (csv_prefix.parent / f"{csv_prefix.name}_stats.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    header = f"{'page':<28}{'requests':>9}{'errors':>8}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'max ms':>8}"
    print("\n" + header)
    print("-" * len(header))
    for row in rows:
        name = "all requests" if row["Name"] == "Aggregated" else row["Name"]
        print(
            f"{name:<28}{row['Request Count']:>9}{row['Failure Count']:>8}{float(row['Requests/s']):>8.1f}"
            f"{_ms(row['50%']):>8}{_ms(row['95%']):>8}{_ms(row['99%']):>8}{_ms(row['Max Response Time']):>8}"
        )
    readers = json.loads(summary_path.read_text()) if summary_path.exists() else None
    if readers:
        print(
            f"{'readers (no uploads)':<28}{readers['requests']:>9}{readers['failures']:>8}{readers['rps']:>8.1f}"
            f"{readers['p50']:>8.0f}{readers['p95']:>8.0f}{readers['p99']:>8.0f}"
        )
    total = next(row for row in rows if row["Name"] == "Aggregated")
    failures = int(total["Failure Count"])
    failures_csv = csv_prefix.parent / f"{csv_prefix.name}_failures.csv"
    if failures and failures_csv.exists():
        print("\nErrors:")
        with failures_csv.open() as handle:
            for row in csv.DictReader(handle):
                print(f"  {row['Occurrences']}× {row['Method']} {row['Name']}: {row['Error']}")
    print(f"\n{duration} s, {float(total['Requests/s']):.1f} requests/s, {failures} errors.")
    if readers and readers.get("page_cache"):
        counts = readers["page_cache"]
        shown = ", ".join(f"{counts[k]} {k}" for k in ("hit", "miss", "none") if k in counts)
        print(f"Readers' pages from the page cache: {shown}.")
    if readers:
        verdict = "met" if readers["p95"] < TARGET_P95_MS else "NOT met"
        print(f"Readers' p95 {readers['p95']:.0f} ms: target under {TARGET_P95_MS} ms {verdict}.")
    return failures


def upload_outcome() -> None:
    from django.db.models import Count

    from inspections.models import Document

    counts = dict(Document.objects.filter(uploaded_by__username=EDITOR).values_list("status").annotate(n=Count("pk")))
    print(f"Uploaded documents by status: {counts or 'none'}.")


MATRIX = [(False, "redis"), (False, "off"), (True, "redis"), (True, "off")]


def run_matrix(args: argparse.Namespace, argv: list[str]) -> int:
    """Each combination in a process of its own (its own settings and secret key), then one table of the four."""
    passed = [a for a in argv if a not in ("--matrix", "--sign-in") and not a.startswith("--page-cache=")]
    if "--page-cache" in passed:  # "--page-cache off" given as two words
        at = passed.index("--page-cache")
        del passed[at : at + 2]
    rows = []
    with tempfile.TemporaryDirectory(prefix="trajectory-matrix-") as folder:
        for sign_in, page_cache in MATRIX:
            result_path = Path(folder) / f"{sign_in}-{page_cache}.json"
            command = [sys.executable, __file__, *passed, "--page-cache", page_cache, "--result", str(result_path)]
            if sign_in:
                command.append("--sign-in")
            print(
                f"\n=== Readers {'signed in' if sign_in else 'not signed in'}, page cache {page_cache} ===", flush=True
            )
            code = subprocess.run(command, cwd=BASE_DIR).returncode
            result = json.loads(result_path.read_text()) if result_path.exists() else {}
            rows.append((sign_in, page_cache, code, result))
    print(f"\nReaders' figures, {args.readers} readers and 1 uploading editor, {args.duration} s each:")
    header = (
        f"{'readers':<15}{'page cache':<12}{'requests':>9}{'errors':>8}{'req/s':>8}"
        f"{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}  {'load average (1 min) before, after':<}"
    )
    print(header)
    print("-" * len(header))
    for sign_in, page_cache, code, result in rows:
        who = "signed in" if sign_in else "not signed in"
        readers = result.get("readers")
        if not readers:
            print(f"{who:<15}{page_cache:<12}  no figures (exit {code})")
            continue
        load = result.get("load", [0, 0])
        print(
            f"{who:<15}{page_cache:<12}{readers['requests']:>9}{readers['failures']:>8}{readers['rps']:>8.1f}"
            f"{readers['p50']:>8.0f}{readers['p95']:>8.0f}{readers['p99']:>8.0f}  {load[0]:.2f}, {load[1]:.2f}"
        )
    met = all(r.get("readers") and r["readers"]["p95"] < TARGET_P95_MS and not r.get("failures") for *_, r in rows)
    print(f"Every combination's readers' p95 under {TARGET_P95_MS} ms with no errors: {'met' if met else 'NOT met'}.")
    return 0 if all(code == 0 for _, _, code, _ in rows) else 1


def main() -> int:
    args = parse_args()
    if args.matrix:
        return run_matrix(args, sys.argv[1:])
    var_dir = Path(tempfile.mkdtemp(prefix="trajectory-load-"))
    env = production_env(args, var_dir)
    os.environ.update(env)  # the preparation in this process uses the same settings as the servers
    sys.path.insert(0, str(BASE_DIR))
    processes: list[subprocess.Popen[bytes]] = []
    failures = 1
    try:
        recreate_database(args)
        flush_redis(args.redis)
        if args.page_cache != "memory":
            flush_redis(args.page_cache_redis)
        plan_path = prepare(args, var_dir)
        worker_log, web_log, locust_log = var_dir / "worker.log", var_dir / "gunicorn.log", var_dir / "locust.log"
        celery = [str(VENV_BIN / "celery"), "-A", "config", "worker", "-Q", "celery,exports"]
        processes.append(start([*celery, "--concurrency", "1", "--loglevel", "WARNING"], env, worker_log))
        processes.append(start([str(VENV_BIN / "gunicorn"), "-c", "config/gunicorn.conf.py"], env, web_log))
        base = f"http://127.0.0.1:{args.port}"
        wait_until_serving(base + "/", processes[-1], web_log)
        warm_up(base, json.loads(plan_path.read_text()))

        csv_prefix, summary = var_dir / "locust", var_dir / "readers.json"
        locust = [
            str(VENV_BIN / "locust"),
            *("-f", "tests/load/locustfile.py", "--headless", "--only-summary", "--host", base),
            *("--users", str(args.readers + 1), "--spawn-rate", str(args.spawn_rate)),
            *("--run-time", f"{args.duration}s", "--stop-timeout", "10", "--csv", str(csv_prefix)),
        ]
        print(
            f"Load: {args.readers} readers and 1 uploading editor for {args.duration} s against {base}"
            f" (page cache: {args.page_cache}; readers {'signed in' if args.sign_in else 'not signed in'}) …"
        )
        locust_env = {**env, "TRAJECTORY_LOAD_PLAN": str(plan_path), "TRAJECTORY_LOAD_SUMMARY": str(summary)}
        load_before = os.getloadavg()[0]
        with locust_log.open("wb") as log:
            result = subprocess.run(locust, cwd=BASE_DIR, env=locust_env, stdout=log, stderr=subprocess.STDOUT)
        load_after = os.getloadavg()[0]
        if not (var_dir / "locust_stats.csv").exists():
            print(locust_log.read_text()[-3000:])
            return 1
        failures = report(csv_prefix, summary, args.duration)
        # The machine may be shared: its load beside the figures says how far they are this service's own.
        print(f"Load average (1 min): {load_before:.2f} before the load, {load_after:.2f} at its end.")
        upload_outcome()
        if result.returncode and not failures:
            print(f"locust exited {result.returncode}; see {locust_log}")
            failures = 1
        if args.result:
            readers = json.loads(summary.read_text()) if summary.exists() else None
            outcome = {"readers": readers, "failures": failures, "load": [load_before, load_after]}
            args.result.write_text(json.dumps(outcome))
    finally:
        for process in reversed(processes):
            stop(process)
        from django.db import connections

        connections.close_all()
        drop_database(args)
        flush_redis(args.redis)
        if args.page_cache != "memory":
            flush_redis(args.page_cache_redis)
        if args.keep:
            print(f"Logs and CSV kept in {var_dir}")
        else:
            shutil.rmtree(var_dir, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
