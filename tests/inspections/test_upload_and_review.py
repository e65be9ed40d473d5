"""Upload, status polling, review and publish, through the views."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from authorities.models import Authority
from inspections.models import Document, DocumentStatus, Event
from inspections.tasks import parse_document_upload
from tests import samples
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

BURY_2021 = Path("ofsted") / "80443_bury" / "children's services inspection - 17 december 2021.pdf"


def _upload(client: Client, *files: SimpleUploadedFile, **extra: str):
    return client.post(reverse("inspections:upload"), {"files": list(files), **extra})


def test_signed_out_people_are_sent_to_sign_in(client: Client, authorities: None) -> None:
    response = client.get(reverse("inspections:upload"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_viewer_cannot_upload_or_publish(client: Client, viewer, authorities: None) -> None:
    client.force_login(viewer)
    assert client.get(reverse("inspections:upload")).status_code == 403
    pdf = SimpleUploadedFile("r.pdf", samples.HTML_ERROR_PAGE)
    assert _upload(client, pdf).status_code == 403
    assert Document.objects.count() == 0


def test_uploading_stores_each_file_and_queues_it_after_commit(
    editor_client: Client, authorities: None, django_capture_on_commit_callbacks
) -> None:
    files = [
        SimpleUploadedFile("a.pdf", samples.HTML_ERROR_PAGE),
        SimpleUploadedFile("b.txt", b"Some text " * 20),
    ]
    with django_capture_on_commit_callbacks() as callbacks:
        response = _upload(editor_client, *files)
    assert response.status_code == 302
    assert Document.objects.filter(status=DocumentStatus.QUEUED).count() == 2
    assert len(callbacks) == 2  # one parse task each, sent only once the rows are committed


def test_a_file_that_is_no_document_is_refused_at_upload(editor_client: Client, authorities: None) -> None:
    response = _upload(editor_client, SimpleUploadedFile("photo.pdf", bytes(range(256)) * 40))
    assert response.status_code == 400
    body = response.content.decode()
    assert "<title>Error:" in body
    assert "photo.pdf must be a PDF, Word (.docx), HTML or plain text file" in body
    assert Document.objects.count() == 0


def test_an_oversized_file_is_refused_at_upload(editor_client: Client, authorities: None, settings) -> None:
    settings.UPLOAD_MAX_BYTES = 1000
    response = _upload(editor_client, SimpleUploadedFile("big.txt", b"a" * 2000))
    assert response.status_code == 400
    assert "big.txt must be smaller than" in response.content.decode()


def test_the_status_fragment_polls_until_the_status_is_final(editor_client: Client, authorities: None) -> None:
    _upload(editor_client, SimpleUploadedFile("a.pdf", samples.HTML_ERROR_PAGE))
    document = Document.objects.get()
    url = reverse("inspections:document-status", args=[document.pk])
    queued = editor_client.get(url, headers={"HX-Request": "true"})
    assert queued.status_code == 200
    assert 'hx-trigger="every 2s"' in queued.content.decode()
    parse_document_upload(document.pk)
    final = editor_client.get(url, headers={"HX-Request": "true"})
    assert final.status_code == 286  # htmx stops polling
    assert "Failed" in final.content.decode()
    assert "not a PDF" in final.content.decode()


@pytest.mark.slow
def test_review_shows_each_field_with_its_source_and_publishing_creates_the_event(
    editor_client: Client, authorities: None, corpus_dir: Path
) -> None:
    report = corpus_dir / BURY_2021
    _upload(editor_client, SimpleUploadedFile(report.name, report.read_bytes()))
    document = Document.objects.get()
    parse_document_upload(document.pk)
    page = editor_client.get(document.get_absolute_url()).content.decode()
    assert "Check what was read" in page
    assert "Read from the document" in page
    assert "page " in page
    # Publish with the reviewer's correction of the lead inspector's name.
    form = _form_values(page)
    form["lead_inspector"] = "Lorna Schlechte"
    response = editor_client.post(document.get_absolute_url(), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    event = Event.objects.get(authority__name="Bury", start_date="2021-10-25")
    assert event.overall_grade() == "inadequate"
    assert event.source_document == document
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED
    assert document.reviewed_by.username == "alice"
    # Publishing again (after a re-read) updates the same event: nothing duplicated.
    editor_client.post(document.get_absolute_url(), form)
    assert Event.objects.filter(authority__name="Bury", start_date="2021-10-25").count() == 1
    assert event.judgements.count() == Event.objects.get(pk=event.pk).judgements.count()


def test_an_authority_page_shows_a_published_event(editor_client: Client, demo_history: None) -> None:
    bury = Authority.objects.get(name="Bury")
    assert "ILACS standard inspection" in editor_client.get(bury.get_absolute_url()).content.decode()


def _form_values(page: str) -> dict[str, str]:
    """The values a browser would submit from the review form (inputs, selected options, textareas)."""
    import html
    import re

    form = page[page.index('<form method="post" novalidate>') :]
    values: dict[str, str] = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form):
        values[name] = html.unescape(value)
    for name, body in re.findall(r'<select[^>]*\sname="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        values[name] = selected.group(1) if selected else ""
    for name, body in re.findall(r'<textarea[^>]*\sname="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        values[name] = html.unescape(body).strip()
    return values


def test_documents_are_listed_by_the_name_of_their_kind(
    editor_client: Client, authorities: None, media_root: Path
) -> None:
    DocumentFactory(doc_kind="safeguarding_lac_inspection", status=DocumentStatus.NEEDS_REVIEW)
    DocumentFactory(doc_kind="monitoring_visit", status=DocumentStatus.NEEDS_REVIEW)
    unread = DocumentFactory(doc_kind="", status=DocumentStatus.FAILED)
    listing = editor_client.get(reverse("inspections:documents")).content.decode()
    assert "Safeguarding and LAC inspection" in listing
    assert "Monitoring visit" in listing
    assert "safeguarding_lac_inspection" not in listing
    assert "monitoring_visit" not in listing
    assert "Uploaded document" in editor_client.get(unread.get_absolute_url()).content.decode()
