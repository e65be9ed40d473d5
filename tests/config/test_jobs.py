"""The tracked-job base (config.jobs) and the modules built on it: each kind of job is declared consistently, and
the job modules import without circles (no module reaches itself again through its imports, even those made
inside a function, which Python tolerates but which tie the modules into one)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps

from config import jobs
from config.celery import app

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("config", "authorities", "inspections", "improvement")
APPS = ("authorities", "inspections", "improvement")
JOB_MODULES = (
    "config.jobs",
    "inspections.ingest",
    "inspections.tasks",
    "inspections.ofsted_sync",
    "inspections.views",
    "inspections.management.commands.sweep_documents",
    "inspections.management.commands.import_reports",
    "improvement.briefings.exports",
    "improvement.briefings.tasks",
    "improvement.briefings.views",
    "improvement.management.commands.sweep_exports",
)


def _tracked_models() -> list[type[jobs.TrackedJob]]:
    return [model for model in apps.get_models() if issubclass(model, jobs.TrackedJob)]


def test_documents_and_briefing_exports_are_the_tracked_jobs() -> None:
    assert {model._meta.label for model in _tracked_models()} == {"inspections.Document", "improvement.BriefingExport"}


@pytest.mark.parametrize("model", _tracked_models(), ids=lambda model: model._meta.label)
def test_each_lifecycle_names_its_own_statuses_task_and_steps(model: type[jobs.TrackedJob]) -> None:
    lifecycle = model.lifecycle
    statuses = {value for value, _ in model._meta.get_field("status").choices}
    assert {jobs.QUEUED, jobs.FAILED, lifecycle.running, lifecycle.done} <= statuses
    assert len({jobs.QUEUED, jobs.FAILED, lifecycle.running, lifecycle.done}) == 4
    assert model._meta.get_field("status").default == jobs.QUEUED
    assert jobs.task_of(model).name == lifecycle.task
    assert lifecycle.task in app.tasks
    assert len(lifecycle.steps) >= 2
    assert model._meta.get_field(lifecycle.requested_at).get_internal_type() == "DateTimeField"


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _project_modules() -> dict[str, Path]:
    return {
        _module_of(path): path
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def _imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `module` imports anywhere in its file (top level or inside functions)."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            base = ".".join(part for part in (base if node.level else "", node.module or "") if part)
            names = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        found |= {name for name in names if name in known and name != module}
    return found


def _reaches_itself(start: str, graph: dict[str, set[str]]) -> list[str] | None:
    """A path of imports from `start` back to itself, if there is one."""
    seen: set[str] = set()
    stack = [(start, [start])]
    while stack:
        module, path = stack.pop()
        for imported in graph[module]:
            if imported == start:
                return [*path, start]
            if imported not in seen:
                seen.add(imported)
                stack.append((imported, [*path, imported]))
    return None


def test_the_job_modules_are_on_no_import_circle() -> None:
    modules = _project_modules()
    graph = {module: _imports(module, path, set(modules)) for module, path in modules.items()}
    assert set(JOB_MODULES) <= set(graph)
    circles = {module: _reaches_itself(module, graph) for module in JOB_MODULES}
    assert {module: circle for module, circle in circles.items() if circle} == {}


def test_the_circle_finder_finds_a_circle_made_inside_a_function(tmp_path: Path) -> None:
    """The check above, on modules that import each other the way ingest and tasks once did."""
    (tmp_path / "ingest.py").write_text("def enqueue():\n    from .tasks import parse  # the tasks import this\n")
    (tmp_path / "tasks.py").write_text("from .ingest import enqueue\n")
    known = {"pkg.ingest", "pkg.tasks"}
    graph = {name: _imports(name, tmp_path / f"{name.split('.')[1]}.py", known) for name in known}
    assert _reaches_itself("pkg.ingest", graph) == ["pkg.ingest", "pkg.tasks", "pkg.ingest"]


def test_config_jobs_imports_no_app() -> None:
    modules = _project_modules()
    imported = _imports("config.jobs", modules["config.jobs"], set(modules))
    assert not {name for name in imported if name.split(".")[0] in APPS}


@pytest.mark.slow  # an interpreter each: some 3 s of CPU apiece
@pytest.mark.parametrize(
    "module",
    # The task modules, and the modules that once imported them back.
    [
        "config.jobs",
        "inspections.ingest",
        "inspections.tasks",
        "improvement.briefings.exports",
        "improvement.briefings.tasks",
    ],
)
def test_the_job_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    """The module loaded before any other of the project's own (after Django's setup, which loads the models): a
    circle between modules that import names from each other at the top fails here."""
    env = os.environ | {"DJANGO_SETTINGS_MODULE": "config.settings"}
    code = "import django, importlib, sys; django.setup(); importlib.import_module(sys.argv[1])"
    run = subprocess.run(
        [sys.executable, "-c", code, module], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]


@pytest.mark.slow  # migrates two apps back and forth
@pytest.mark.django_db(transaction=True)
def test_the_migration_to_tracked_jobs_keeps_each_rows_attempts_and_claim_time() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor
    from django.utils import timezone

    before = [
        ("inspections", "0010_official_statistics"),
        ("improvement", "0005_action_plan_versions_and_export_queueing"),
    ]
    after = [("inspections", "0011_document_tracked_job"), ("improvement", "0006_briefingexport_tracked_job")]
    claimed = timezone.now().replace(microsecond=0)
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    region = old.get_model("authorities", "Region").objects.create(code="NW", name="North West")
    authority = old.get_model("authorities", "Authority").objects.create(
        la_code="351", gss_code="E08000002", name="Bury", slug="bury", region=region, authority_type="metropolitan"
    )
    old.get_model("inspections", "Document").objects.create(
        sha256="a" * 64, original_name="report.pdf", size=1, status="parsing", parse_attempts=2, started_at=claimed
    )
    old.get_model("improvement", "BriefingExport").objects.create(
        authority=authority, as_of=claimed.date(), format="pdf", status="building", build_attempts=3, started_at=claimed
    )

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    document = new.get_model("inspections", "Document").objects.get()
    export = new.get_model("improvement", "BriefingExport").objects.get()
    assert (document.status, document.attempts, document.claimed_at) == ("parsing", 2, claimed)
    assert (export.status, export.attempts, export.claimed_at, export.task_id) == ("building", 3, claimed, "")
