"""Catches a broken load test in CI without running the load: the plan's URLs answer, and the locustfile
imports (in a subprocess: importing locust monkey-patches the standard library with gevent)."""

import json
import runpy
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from tests.benchmarks.sample_data import load_national_sample
from tests.load.plan import STATUS_PK, build_plan

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def plan(authorities: None, settings: Any, tmp_path: Path) -> dict[str, Any]:
    settings.MEDIA_ROOT = tmp_path
    load_national_sample(events_per_authority=2, seed=1)
    return build_plan(upload_files=[tmp_path / "report.pdf"])


@pytest.mark.django_db
def test_every_planned_page_answers(plan: dict[str, Any], client: Any) -> None:
    names = {page["name"] for page in plan["pages"]}
    assert {"authority list", "authority list search", "authority", "event"} <= names
    for page in plan["pages"]:
        assert page["paths"], page["name"]
        assert page["weight"] > 0
        for path in page["paths"]:
            resolve(urlsplit(path).path)  # raises Resolver404 for a URL the project does not have
        response = client.get(page["paths"][-1])
        assert response.status_code == 200, (page["name"], page["paths"][-1])
    for name in ("login", "upload", "documents", "status"):
        resolve(plan[name])
    assert str(STATUS_PK) in plan["status"]


def test_gunicorn_config_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("GUNICORN_BIND", "127.0.0.1:9001")
    monkeypatch.delenv("GUNICORN_ACCESS_LOG", raising=False)
    config = runpy.run_path(str(BASE_DIR / "config" / "gunicorn.conf.py"))
    assert config["wsgi_app"] == "config.wsgi:application"
    assert config["workers"] == 3
    assert config["bind"] == ["127.0.0.1:9001"]
    assert config["worker_class"] == "gthread"
    assert config["accesslog"] is None


LOCUST_CHECK = """
import json, sys
sys.path.insert(0, "tests/load")
import locustfile
from locust.stats import RequestStats

assert locustfile.PLAN["pages"], "the plan was not read"
stats = RequestStats()
stats.log_request("GET", "authority", 120, 1000)
stats.log_request("GET", "event", 80, 1000)
stats.log_request("POST", locustfile.UPLOAD_PREFIX + "send", 900, 1000)
readers = locustfile.readers_summary(stats)
print(json.dumps({
    "users": sorted(u.__name__ for u in (locustfile.Reader, locustfile.Editor)),
    "editor_fixed": locustfile.Editor.fixed_count,
    "reader_tasks": len(locustfile.Reader.tasks),
    "editor_tasks": len(locustfile.Editor.tasks),
    "readers_requests": readers.num_requests,
    "readers_max": readers.max_response_time,
}))
"""


@pytest.mark.django_db
def test_locustfile_imports_and_separates_readers_from_uploads(plan: dict[str, Any], tmp_path: Path) -> None:
    plan_path = tmp_path / "plan.json"
    plan_path.write_text(json.dumps({**plan, "editor": {"username": "e", "password": "p"}}))
    result = subprocess.run(
        [sys.executable, "-c", LOCUST_CHECK],
        cwd=BASE_DIR,
        env={"TRAJECTORY_LOAD_PLAN": str(plan_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {
        "users": ["Editor", "Reader"],
        "editor_fixed": 1,
        "reader_tasks": 1,
        "editor_tasks": 1,
        "readers_requests": 2,
        "readers_max": 120,
    }
