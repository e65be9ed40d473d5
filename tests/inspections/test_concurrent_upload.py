"""The same file uploaded by two editors at the same moment: both pass the "seen before?" check, both store the file,
and PostgreSQL holds the second insert until the first commits, then refuses it on the SHA-256 key. That refusal is
not an outage: the second upload links to the first, as a later duplicate does, and leaves no second file behind.

Real transactions in two threads, so PostgreSQL only (SQLite, for one person working locally, lets one writer at a
time start and the other waits or fails as locked): run with DATABASE_URL=postgres://…"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from config import jobs
from config.roles import EDITOR
from inspections import ingest
from inspections.models import Document
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions: PostgreSQL's behaviour"),
]

REPORT = b"An Ofsted report, uploaded twice at once.\n" * 50


def test_the_same_file_uploaded_twice_at_the_same_moment_links_the_second_to_the_first(media_root: Path) -> None:
    editors = [UserFactory(username="alice", role=EDITOR), UserFactory(username="dora", role=EDITOR)]
    # Both uploads have worked out the digest, and neither has stored anything, before either goes on.
    both_hashed = threading.Barrier(2, timeout=20)
    real_sha256_of = ingest.sha256_of

    def sha256_then_wait(handle: Any) -> str:
        digest = real_sha256_of(handle)
        both_hashed.wait()
        return digest

    answers: dict[str, Any] = {}

    def upload(editor: Any) -> None:
        try:
            client = Client()
            client.force_login(editor)
            file = SimpleUploadedFile("report.txt", REPORT)
            answers[editor.username] = client.post(reverse("inspections:upload"), {"files": [file]})
        finally:
            connections.close_all()

    with (
        mock.patch.object(ingest, "sha256_of", sha256_then_wait),
        mock.patch.object(jobs, "enqueue", return_value=True),
    ):
        threads = [threading.Thread(target=upload, args=(editor,)) for editor in editors]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert {name: response.status_code for name, response in answers.items()} == {"alice": 302, "dora": 302}
    document = Document.objects.get()
    said = sorted(str(m) for response in answers.values() for m in get_messages(response.wsgi_request))
    assert said == [
        "1 file uploaded and queued for reading.",
        "report.txt was uploaded before; showing the earlier upload.",
    ]
    for response in answers.values():
        assert response["Location"].endswith(f"?ids={document.pk}")
    stored = [p for p in Path(media_root).rglob("*") if p.is_file()]
    assert stored == [Path(document.file.path)]
    assert stored[0].read_bytes() == REPORT
