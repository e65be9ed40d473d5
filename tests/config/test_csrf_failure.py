"""A form refused by the CSRF check (a page left open past the session, cookies blocked, a forged request) says
that nothing was saved and what to do, on a page the Content-Security-Policy does not have to block parts of."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inspections.models import Document
from tests.config.test_security import _InlineCode

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_form_without_its_token_is_refused_clearly_and_saves_nothing(
    editor: Any, settings: Any, tmp_path: Path, signed_in: bool
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    client = Client(enforce_csrf_checks=True)
    if signed_in:
        client.force_login(editor)
        url, data = reverse("inspections:upload"), {"files": [SimpleUploadedFile("a.txt", b"Some text " * 20)]}
    else:
        url, data = reverse("login"), {"username": "alice", "password": "correct horse battery staple"}
    response = client.post(url, data)
    assert response.status_code == 403
    page = response.content.decode()
    assert "Your form could not be sent" in page
    assert "nothing was saved" in page
    assert "Go back, reload the page and try again" in page
    assert "CSRF verification failed" not in page
    parser = _InlineCode()
    parser.feed(page)
    assert not parser.problems
    assert not Document.objects.exists()
    assert "_auth_user_id" not in client.session or signed_in


def test_a_form_with_its_token_still_goes_through(editor: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("login")).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        reverse("login"),
        {"username": "alice", "password": "correct horse battery staple", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
