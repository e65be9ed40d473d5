"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _require_shared(path: Path) -> Path:
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must run with ../shared beside the checkout")
        pytest.skip(f"{path} is absent: these tests read the shared corpus, which is not part of the repo")
    return path


def _next_redis_db(url: str, slot: int) -> str:
    """The Redis URL `slot` databases on from the one given (redis://host:6379/5, slot 1 → redis://host:6379/6)."""
    parts = urlsplit(url)
    db = int(parts.path.strip("/") or 0) + slot
    return urlunsplit(parts._replace(path=f"/{db}"))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config: pytest.Config, specs: list[Any]) -> None:
    """Under pytest-xdist (`make test` runs `pytest -n 2`) each test process gets a var/ folder of its own (the
    SQLite test database, the filesystem broker's folders, media) and a Redis database of its own for the broker (db,
    db+1, …) and for the page cache (past every process's broker database, since each test empties its page cache
    database), set in its environment before it reads the settings. The Celery workers a process
    starts inherit them, so they never take another process's tasks or read another's database."""
    from django.conf import settings

    base = Path(settings.VAR_DIR) / "xdist"
    for slot, spec in enumerate(specs):
        spec.env["TRAJECTORY_VAR_DIR"] = str(base / f"gw{slot}")
        for name, skip in (("CELERY_BROKER_URL", 0), ("TRAJECTORY_PAGE_CACHE_URL", len(specs))):
            url = os.environ.get(name, "")
            if url.startswith(("redis://", "rediss://")):
                spec.env[name] = _next_redis_db(url, skip + slot)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return _require_shared(SHARED)


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    return _require_shared(shared_dir / "corpus")


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return _require_shared(shared_dir / "seeds")


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The test client speaks plain HTTP; production redirects to HTTPS.
    settings.SECURE_SSL_REDIRECT = False


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> None:
    """On PostgreSQL a test's transaction is never committed, and the content version's triggers wait for the commit
    (config/content_version.py): make them fire at each statement instead, as if each were committed, so a test
    that changes data and reads a page again sees what a reader would. Transactional tests commit for real."""
    from django.db import connection

    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    from config.content_version import trigger_names, watched_tables

    names = [name for table in watched_tables() for name in trigger_names(connection, table)]
    with connection.cursor() as cursor:
        cursor.execute(f"SET CONSTRAINTS {', '.join(names)} IMMEDIATE")


@pytest.fixture(autouse=True)
def _empty_page_cache() -> None:
    """Each test starts with no kept pages: the page cache lives in this process's memory across tests."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    """Uploaded and built files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor_client(client: Any, editor: Any) -> Any:
    client.force_login(editor)
    return client


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """After the test database is migrated, load the reference data once and keep a copy (tests/reference_data.py)."""
    from django.apps import apps
    from django.db.models.signals import post_migrate

    from tests import reference_data

    with django_db_blocker.unblock():
        reference_data.build()
    # A flush (after each transactional test) sends post_migrate for every app: after the last one, put the
    # migrations' rows back as they were, so no test depends on whether a transactional test ran before it.
    last_app = [app for app in apps.get_app_configs() if app.models_module][-1]
    post_migrate.connect(_restore_seeded, sender=last_app, weak=False, dispatch_uid="tests.restore_seeded")


def _restore_seeded(**kwargs: Any) -> None:
    from tests import reference_data

    reference_data.restore_seeded()


@pytest.fixture
def authorities(db: None) -> None:
    """Every authority, neighbour and reorganisation, as `load_authorities` makes them: copied from the session's
    load (a few queries), or loaded again if the test has made authorities of its own first."""
    from authorities.models import Authority
    from tests import reference_data

    if not reference_data.AUTHORITIES.copied or Authority.objects.exists():
        from authorities.services import load_authorities

        load_authorities()
    else:
        reference_data.insert(reference_data.AUTHORITIES)


@pytest.fixture
def demo_history(authorities: None) -> None:
    """The demonstration history (inspections/data/demo_history.json), copied from the session's load like the
    authorities, or loaded again if the test has made events of its own first."""
    from inspections.models import Event
    from tests import reference_data

    if not reference_data.DEMO_HISTORY.copied or Event.objects.exists():
        from inspections.demo import load_demo_history

        load_demo_history()
    else:
        reference_data.insert(reference_data.DEMO_HISTORY)


@pytest.fixture
def editor(db: None) -> Any:
    from config.roles import EDITOR
    from tests.factories import UserFactory

    return UserFactory(username="alice", role=EDITOR)


@pytest.fixture
def viewer(db: None) -> Any:
    from config.roles import VIEWER
    from tests.factories import UserFactory

    return UserFactory(username="bob", role=VIEWER)
