"""Reading a published report again un-publishes nothing: its events stay, and so does the report itself.

Re-parsing moves the document back through QUEUED and PARSING to NEEDS_REVIEW (or FAILED, when a newer parser
cannot read it), so the source file must not depend on the document's current status: it was published, its
events still point at it, and the bytes have not changed."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from inspections.ingest import requeue, store_upload
from inspections.models import Document, DocumentStatus, Event
from inspections.publishing import events_from_extraction, publish
from inspections.tasks import parse_document_upload
from tests.samples import ILACS_2025_HEAD

pytestmark = pytest.mark.django_db

REPORT = (
    ILACS_2025_HEAD
    + """◼ How plans are reviewed
◼ Supervision that makes a difference
"""
)


@pytest.fixture
def published(authorities: None, editor: Any) -> tuple[Document, Event]:
    document, _ = store_upload(io.BytesIO(REPORT.encode()), "bury-2025.txt")
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.NEEDS_REVIEW, document.error_detail
    [event] = publish(document, events_from_extraction(document), editor)
    document.refresh_from_db()
    return document, event


def _file_status(client: Client, document: Document) -> int:
    response = client.get(reverse("inspections:document-file", args=[document.pk]))
    if response.streaming:  # read to the end, which closes the file the download holds open
        b"".join(response.streaming_content)
    return response.status_code


def _source_link_shown(client: Client, event: Event) -> bool:
    page = client.get(event.get_absolute_url()).content.decode()
    return reverse("inspections:document-file", args=[event.source_document_id]) in page


def test_a_published_report_read_again_stays_public_with_its_events(published: Any, client: Client) -> None:
    document, event = published
    assert _file_status(client, document) == 200
    assert _source_link_shown(client, event)

    requeue([document])
    document.refresh_from_db()
    assert document.status == DocumentStatus.QUEUED
    assert _file_status(client, document) == 200  # while it waits to be read again
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert _file_status(client, document) == 200
    assert _source_link_shown(client, event)
    assert Event.objects.get(pk=event.pk).source_document_id == document.pk


def test_a_published_report_a_newer_parser_cannot_read_stays_public(
    published: Any, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    document, event = published
    requeue([document])

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a parser bug")

    monkeypatch.setattr("inspections.ingest.parse_text", broken)
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert _file_status(client, document) == 200
    assert _source_link_shown(client, event)
    assert event.judgements.count() == 5  # nothing of what was published went


def test_a_report_never_published_stays_for_editors_only(authorities: None, client: Client, editor: Any) -> None:
    document, _ = store_upload(io.BytesIO(REPORT.encode()), "bury-2025.txt")
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert _file_status(client, document) == 404
    requeue([document])
    parse_document_upload(document.pk)
    assert _file_status(client, document) == 404
    client.force_login(editor)
    assert _file_status(client, document) == 200


def _found_by_search(client: Client, words: str) -> bool:
    page = client.get(reverse("inspections:search"), {"q": words}).content.decode()
    return "bury-2025.txt" in page


def test_a_published_report_read_again_stays_in_everyones_search(published: Any, client: Client) -> None:
    document, _ = published
    assert _found_by_search(client, "supervision")
    requeue([document])
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.NEEDS_REVIEW
    assert _found_by_search(client, "supervision")
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.SUPERSEDED)
    assert not _found_by_search(client, "supervision")  # a newer upload replaced it


def test_a_report_waiting_for_its_first_review_is_not_in_public_search(authorities: None, client: Client) -> None:
    document, _ = store_upload(io.BytesIO(REPORT.encode()), "bury-2025.txt")
    parse_document_upload(document.pk)
    assert not _found_by_search(client, "supervision")
