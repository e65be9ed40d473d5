"""Files over the size limit are refused as they arrive (config/uploads.py): on the request's declared length before
any of it is read, and otherwise at the limit, storing no more of the file than that."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse

from inspections.models import Document

pytestmark = pytest.mark.django_db

MB = 1_048_576
TEXT = b"Minutes of a meeting about nothing in particular.\n" * 20


class CountingHandler(FileUploadHandler):
    """Stands where Django's own handlers are, counting the bytes that reach them (and so may be stored)."""

    stored = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        CountingHandler.stored += len(raw_data)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


@pytest.fixture
def counted(settings: Any) -> type[CountingHandler]:
    """Django's own handlers (the last two) store the file: count what reaches them."""
    handlers = list(settings.FILE_UPLOAD_HANDLERS)
    handlers.insert(len(handlers) - 2, f"{__name__}.CountingHandler")
    settings.FILE_UPLOAD_HANDLERS = handlers
    CountingHandler.stored = 0
    return CountingHandler


def test_a_file_over_the_limit_is_stored_no_further_than_the_limit_and_refused(
    editor_client: Client, settings: Any, counted: type[CountingHandler]
) -> None:
    settings.UPLOAD_MAX_BYTES = 1 * MB
    big = SimpleUploadedFile("huge.txt", TEXT * (3 * MB // len(TEXT)))  # 3 MB
    response = editor_client.post(reverse("inspections:upload"), {"files": [big]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "huge.txt must be smaller than 1 MB" in page
    assert "Select one or more files" not in page
    assert counted.stored <= 1 * MB  # the other 2 MB were read past, not stored
    assert not Document.objects.exists()


def test_with_other_files_the_one_over_the_limit_is_named_and_nothing_is_saved(
    editor_client: Client, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 1 * MB
    files = [
        SimpleUploadedFile("small.txt", TEXT),
        SimpleUploadedFile("huge.txt", TEXT * (2 * MB // len(TEXT))),
        SimpleUploadedFile("other.txt", TEXT + b"more"),
    ]
    response = editor_client.post(reverse("inspections:upload"), {"files": files, "publication_date": "2025-01-02"})
    assert response.status_code == 400
    assert "huge.txt must be smaller than 1 MB" in response.content.decode()
    assert not Document.objects.exists()
    # Within the limit, the same form goes through.
    files = [SimpleUploadedFile("small.txt", TEXT), SimpleUploadedFile("other.txt", TEXT + b"more")]
    assert editor_client.post(reverse("inspections:upload"), {"files": files}).status_code == 302
    assert Document.objects.count() == 2


def test_an_upload_declared_larger_than_any_batch_is_refused_before_it_is_read(
    editor_client: Client, settings: Any, counted: type[CountingHandler]
) -> None:
    settings.UPLOAD_MAX_BYTES = 1 * MB
    settings.UPLOAD_MAX_FILES = 2
    declared = 40 * MB
    response = editor_client.post(
        reverse("inspections:upload"), {"files": [SimpleUploadedFile("a.txt", TEXT)]}, CONTENT_LENGTH=str(declared)
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "The files were too large" in page
    assert "What was sent was 40 MB" in page
    assert "at most 2 files of up to 1 MB each" in page
    assert counted.stored == 0
    assert not Document.objects.exists()
