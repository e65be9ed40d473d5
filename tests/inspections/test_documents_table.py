"""The Documents table: rows that update themselves whole, and failed uploads an editor removes (kept, restorable)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from authorities.models import Authority
from inspections.models import Document, DocumentStatus
from tests import samples
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_a_rows_live_update_brings_its_kind_and_authority(editor_client: Client, authorities: None) -> None:
    document = DocumentFactory(status=DocumentStatus.PARSING, doc_kind="")
    listing = editor_client.get(reverse("inspections:documents")).content.decode()
    row_url = f"{reverse('inspections:document-status', args=[document.pk])}?row=1"
    assert f'hx-get="{row_url}"' in listing  # the row polls, not only its status cell

    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.NEEDS_REVIEW, doc_kind="ilacs_inspection", authority=Authority.objects.get(slug="bury")
    )
    update = editor_client.get(row_url, headers={"HX-Request": "true"})
    assert update.status_code == 286  # final: polling stops
    row = update.content.decode()
    assert row.lstrip().startswith("<tr") or row.split(">", 1)[1].lstrip().startswith("<tr")
    assert "ILACS inspection" in row
    assert "Bury" in row
    assert "–" not in row


def test_an_editor_removes_a_failed_upload_which_is_kept_with_its_file(editor_client: Client, media_root: Path) -> None:
    failed = DocumentFactory(status=DocumentStatus.FAILED, doc_kind="", original_name="broken.pdf")
    assert "Remove" in editor_client.get(reverse("inspections:documents")).content.decode()
    response = editor_client.post(reverse("inspections:document-remove", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.removed_at is not None
    assert failed.removed_by.username == "alice"
    assert failed.file.storage.exists(failed.file.name)  # soft removal: the stored file stays
    assert ">broken.pdf</a>" not in editor_client.get(reverse("inspections:documents")).content.decode()
    removed = editor_client.get(reverse("inspections:documents") + "?status=removed").content.decode()
    assert ">broken.pdf</a>" in removed
    assert "Removed " in removed


def test_only_a_failed_upload_can_be_removed(editor_client: Client, media_root: Path) -> None:
    waiting = DocumentFactory(status=DocumentStatus.NEEDS_REVIEW)
    editor_client.post(reverse("inspections:document-remove", args=[waiting.pk]))
    waiting.refresh_from_db()
    assert waiting.removed_at is None


def test_a_viewer_cannot_remove_an_upload(client: Client, viewer, media_root: Path) -> None:
    failed = DocumentFactory(status=DocumentStatus.FAILED)
    client.force_login(viewer)
    assert client.post(reverse("inspections:document-remove", args=[failed.pk])).status_code == 403
    failed.refresh_from_db()
    assert failed.removed_at is None


def test_uploading_a_removed_file_again_brings_it_back_to_be_read(
    editor_client: Client, authorities: None, media_root: Path, django_capture_on_commit_callbacks
) -> None:
    upload = SimpleUploadedFile("a.pdf", samples.HTML_ERROR_PAGE)
    editor_client.post(reverse("inspections:upload"), {"files": [upload]})
    document = Document.objects.get()
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.FAILED)
    editor_client.post(reverse("inspections:document-remove", args=[document.pk]))
    with django_capture_on_commit_callbacks() as callbacks:
        again = SimpleUploadedFile("a.pdf", samples.HTML_ERROR_PAGE)
        editor_client.post(reverse("inspections:upload"), {"files": [again]})
    document.refresh_from_db()
    assert document.removed_at is None
    assert document.status == DocumentStatus.QUEUED
    assert len(callbacks) == 1  # queued to be read again
    assert Document.objects.count() == 1


def test_the_upload_forms_publication_date_is_day_month_and_year(
    editor_client: Client, authorities: None, media_root: Path
) -> None:
    form = editor_client.get(reverse("inspections:upload")).content.decode()
    assert 'type="date"' not in form
    assert 'name="publication_date_2"' in form
    upload = SimpleUploadedFile("a.pdf", samples.HTML_ERROR_PAGE)
    dated = {"publication_date_0": "5", "publication_date_1": "3", "publication_date_2": "2024"}
    editor_client.post(reverse("inspections:upload"), {"files": [upload], **dated})
    assert str(Document.objects.get().publication_date_given) == "2024-03-05"
    wrong = SimpleUploadedFile("b.pdf", samples.HTML_ERROR_PAGE + b" ")
    response = editor_client.post(reverse("inspections:upload"), {"files": [wrong], **dated, "publication_date_1": ""})
    assert "The publication date must include a day, month and year" in response.content.decode()
