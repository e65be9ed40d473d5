"""Fixtures shared by every test package."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def _require_shared(path: Path) -> Path:
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} is missing: CI must run with ../shared beside the checkout")
        pytest.skip(f"{path} is absent: these tests read the shared corpus, which is not part of the repo")
    return path


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


@pytest.fixture
def authorities(db: None) -> None:
    """Every authority, neighbour and reorganisation, loaded from the project's data files."""
    from authorities.services import load_authorities

    load_authorities()


@pytest.fixture
def demo_history(authorities: None) -> None:
    from inspections.demo import load_demo_history

    load_demo_history()


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
