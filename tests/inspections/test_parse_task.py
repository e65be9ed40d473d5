"""The worker's task, called directly: every path ends in a recorded status, never a stuck row."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from inspections.ingest import requeue, store_upload
from inspections.models import Document, DocumentStatus
from inspections.tasks import parse_document_upload
from tests import samples

pytestmark = pytest.mark.django_db


def _stored(data: bytes, name: str = "report.pdf") -> Document:
    document, created = store_upload(io.BytesIO(data), name)
    assert created
    return document


def _parse(document: Document) -> Document:
    parse_document_upload(document.pk)
    document.refresh_from_db()
    return document


def test_the_file_is_stored_with_its_digest_before_parsing(authorities: None) -> None:
    document = _stored(samples.HTML_ERROR_PAGE)
    assert document.status == DocumentStatus.QUEUED
    assert len(document.sha256) == 64
    assert Path(document.file.path).read_bytes() == samples.HTML_ERROR_PAGE


def test_the_same_file_twice_links_to_the_first(authorities: None) -> None:
    first = _stored(samples.HTML_ERROR_PAGE)
    again, created = store_upload(io.BytesIO(samples.HTML_ERROR_PAGE), "copy.pdf")
    assert (created, again.pk) == (False, first.pk)
    assert Document.objects.count() == 1


def test_a_crafted_file_name_cannot_leave_the_upload_folder(authorities: None, settings) -> None:
    document = _stored(samples.HTML_ERROR_PAGE, name="../../etc/passwd.pdf")
    assert document.original_name == "passwd.pdf"
    assert Path(document.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())


@pytest.mark.parametrize(
    ("data", "name", "code", "words"),
    [
        (samples.HTML_ERROR_PAGE, "report.pdf", "not_a_document", "not a PDF"),
        (b"", "empty.pdf", "empty", "empty"),
        (samples.encrypted_pdf(), "report.pdf", "encrypted", "password"),
        (samples.image_only_pdf(), "scan.pdf", "no_text", "no text layer"),
        (samples.truncated(samples.text_pdf(["Some words " * 200] * 3)), "cut.pdf", "corrupt", "damaged"),
        (samples.many_pages_pdf(30), "long.pdf", "too_many_pages", "30 pages"),
        (samples.SCHOOL_REPORT_TEXT.encode(), "school.txt", "out_of_scope", "school"),
        (b"\x00\x01\x02 not a document at all \xff\xfe" * 50, "junk.pdf", "not_a_document", "not a PDF"),
    ],
)
def test_bad_input_ends_failed_with_a_clear_reason(
    authorities: None,
    settings,
    data: bytes,
    name: str,
    code: str,
    words: str,
) -> None:
    settings.UPLOAD_MAX_PAGES = 20
    document = _parse(_stored(data, name))
    assert document.status == DocumentStatus.FAILED
    assert document.error_code == code
    assert words.lower() in document.error_detail.lower()
    assert document.finished_at is not None
    assert Path(document.file.path).read_bytes() == data  # nothing stored is lost


def test_an_oversized_stored_file_fails_without_being_read(authorities: None, settings) -> None:
    document = _stored(samples.text_pdf(["x" * 2000]))
    settings.UPLOAD_MAX_BYTES = 100
    assert _parse(document).error_code == "too_large"


def test_a_parser_bug_is_recorded_not_left_parsing(authorities: None, monkeypatch: pytest.MonkeyPatch) -> None:
    document = _stored(samples.HTML_ERROR_PAGE, "page.html")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("inspections.ingest.parse_text", broken)
    document = _parse(document)
    assert document.status == DocumentStatus.FAILED
    assert document.error_code == "internal_error"
    assert "RuntimeError: boom" in document.error_detail


def test_a_document_already_claimed_is_not_parsed_twice(authorities: None) -> None:
    document = _stored(samples.HTML_ERROR_PAGE)
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.PARSING)
    assert parse_document_upload(document.pk) == "skipped"
    document.refresh_from_db()
    assert document.status == DocumentStatus.PARSING


def test_a_failed_document_can_be_queued_again(authorities: None) -> None:
    document = _parse(_stored(samples.HTML_ERROR_PAGE))
    assert requeue([document]) == [document]
    document.refresh_from_db()
    assert (document.status, document.error_code) == (DocumentStatus.QUEUED, "")
    assert _parse(document).status == DocumentStatus.FAILED


@pytest.mark.slow
def test_a_real_ilacs_report_is_read_ready_for_review(authorities: None, corpus_dir: Path) -> None:
    report = corpus_dir / "ofsted" / "80443_bury" / "children's services inspection - 17 december 2021.pdf"
    document = _parse(_stored(report.read_bytes(), report.name))
    assert document.status == DocumentStatus.NEEDS_REVIEW, document.error_detail
    assert document.doc_kind == "ilacs_inspection"
    assert document.authority.name == "Bury"
    assert document.extracted["judgements"]["overall"]["value"] == "inadequate"
    assert document.extracted["judgements"]["overall"]["page"] >= 1
    assert document.progress_code == "done"
    assert "Bury" in document.text
