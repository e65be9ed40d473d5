"""The database unreachable for a whole request, not just one save: the session and the signed-in user are read
from it before any view runs, so the view's own handling (tests/inspections/test_enqueue.py) never gets a say.
The answer is a clear 503 page, never a bare "Server Error (500)", and an upload leaves nothing half-stored."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connections
from django.test import Client
from django.urls import reverse

from inspections.models import Document

pytestmark = pytest.mark.django_db

MESSAGE = "cannot reach its database"


@contextmanager
def database_down() -> Iterator[None]:
    """Every query fails as it does when the server is down or refuses connections."""
    refused = OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
    with mock.patch.object(type(connections["default"]), "ensure_connection", side_effect=refused):
        yield


@pytest.fixture
def signed_in_editor(editor: Any) -> Client:
    client = Client(raise_request_exception=False)  # a server's view: the exception becomes the error page
    client.force_login(editor)
    return client


def _assert_clear_503(response: Any) -> None:
    assert response.status_code == 503
    page = response.content.decode()
    assert "The service is not available just now" in page
    assert MESSAGE in page
    assert "it was not saved" in page
    assert "Try again in a few minutes" in page
    assert response["Retry-After"] == "60"
    assert "Traceback" not in page
    assert "Server Error (500)" not in page
    assert "style-src 'self'" in response["Content-Security-Policy"]  # the middleware still runs


def test_an_upload_with_the_database_down_says_so_and_stores_nothing(
    signed_in_editor: Client, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    upload = {"files": [SimpleUploadedFile("report.txt", b"Some text " * 20)]}
    with database_down():
        response = signed_in_editor.post(reverse("inspections:upload"), upload)
    _assert_clear_503(response)
    assert not Document.objects.exists()
    assert not [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]  # no file without its row

    # Once it is back, the same upload goes through.
    upload = {"files": [SimpleUploadedFile("report.txt", b"Some text " * 20)]}
    with mock.patch("config.jobs.enqueue", return_value=True):
        assert signed_in_editor.post(reverse("inspections:upload"), upload).status_code == 302
    assert Document.objects.count() == 1


@pytest.mark.parametrize("public", [True, False])
def test_reading_with_the_database_down_gets_the_same_clear_page(
    viewer: Any, authorities: None, settings: Any, public: bool
) -> None:
    settings.TRAJECTORY_PUBLIC_READ = public
    client = Client(raise_request_exception=False)
    client.force_login(viewer)
    with database_down():
        for url in (reverse("authorities:list"), reverse("authorities:detail", args=["bury"])):
            _assert_clear_503(client.get(url))
        # Without a session nothing reads the database before the view; the public page then needs it.
        if public:
            _assert_clear_503(Client(raise_request_exception=False).get(reverse("authorities:detail", args=["bury"])))


def test_the_admin_with_the_database_down_gets_the_same_clear_page(db: None) -> None:
    from tests.factories import UserFactory

    client = Client(raise_request_exception=False)
    client.force_login(UserFactory(username="carol", is_staff=True, is_superuser=True))
    with database_down():
        _assert_clear_503(client.get(reverse("admin:index")))


def test_other_server_errors_keep_the_plain_500(client: Client, db: None) -> None:
    """Only an unreachable database gets the 503: a bug (here an IntegrityError) is still a 500."""
    client.raise_request_exception = False
    with mock.patch("inspections.authority_views.render", side_effect=IntegrityError("UNIQUE constraint failed")):
        response = client.get(reverse("authorities:list"))
    assert response.status_code == 500
    assert MESSAGE not in response.content.decode()


@pytest.mark.parametrize("name", ["data:latest-csv", "data:history-csv", "data:latest-xlsx"])
def test_a_data_download_with_the_database_down_is_the_503_not_a_file_of_headers(db: None, name: str) -> None:
    """The CSV files are streamed: their rows' queries ran only once the 200 and the header row had gone, so an
    outage gave a file that looked complete with nothing in it."""
    client = Client(raise_request_exception=False)
    with database_down():
        response = client.get(reverse(name))
        assert not response.streaming, "a file was started"
    _assert_clear_503(response)
