"""Hostile input: disguised files, crafted file names, markup in parsed and typed text, oversized forms,
SQL-like searches and PDFs with active content. Nothing runs, nothing escapes its place, every refusal
is clear. (Plain bad files — HTML named .pdf, empty, encrypted, corrupt — are in tests/inspections.)"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, reverse

from inspections.ingest import store_upload
from inspections.models import Document, DocumentStatus, Event
from inspections.tasks import parse_document_upload
from tests import samples
from tests.inspections.test_upload_and_review import _form_values

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG = "<img src=x onerror=alert(2)>"
# An ILACS report as text, with markup where the recommendations are.
HOSTILE_REPORT = (
    samples.ILACS_2025_HEAD
    + f"""◼ {SCRIPT} How plans are reviewed
◼ Supervision that makes a difference {IMG}
The experiences and progress of children who need help and
protection: requires improvement to be good
1. A numbered paragraph of findings.
"""
)


def _upload(client: Client, *files: SimpleUploadedFile):
    return client.post(reverse("inspections:upload"), {"files": list(files)})


def _assert_no_live_markup(page: str) -> None:
    assert SCRIPT not in page
    assert IMG not in page
    assert "onerror=alert" not in page.replace("onerror=alert(2)&gt;", "")


# Disguised files


@pytest.mark.parametrize(
    ("name", "content_type", "data"),
    [
        ("report.pdf", "application/pdf", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff" + bytes(range(256)) * 8),
        ("report.docx", "application/vnd.openxmlformats", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8),
        ("report.txt", "text/plain", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8),
    ],
)
def test_a_program_or_image_with_a_document_name_and_type_is_refused_at_upload(
    editor_client: Client, authorities: None, name: str, content_type: str, data: bytes
) -> None:
    response = _upload(editor_client, SimpleUploadedFile(name, data, content_type=content_type))
    assert response.status_code == 400
    assert f"{name} must be a PDF, Word (.docx), HTML or plain text file" in response.content.decode()
    assert not Document.objects.exists()


def test_a_pdf_named_docx_is_read_as_the_pdf_it_is(editor_client: Client, authorities: None) -> None:
    pdf = samples.text_pdf(["Some words that are not a report. " * 20])
    _upload(editor_client, SimpleUploadedFile("report.docx", pdf, content_type="application/msword"))
    document = Document.objects.get()
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error_code == "unrecognised"  # read as a PDF, then not recognised as a report


def test_an_uploaded_html_page_is_only_ever_downloaded(editor_client: Client, authorities: None) -> None:
    page = f"<html><body>{SCRIPT}<p>Hello</p></body></html>".encode()
    _upload(editor_client, SimpleUploadedFile("page.html", page, content_type="text/html"))
    document = Document.objects.get()
    try:
        url = reverse("inspections:document-file", args=[document.pk])
    except NoReverseMatch:
        pytest.skip("no download view")
    response = editor_client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    response.close()


# Crafted file names


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("../../etc/passwd.txt", "passwd.txt"),
        ("..\\..\\windows\\win.ini.txt", "win.ini.txt"),
        ("/var/www/.htaccess.txt", "htaccess.txt"),
        ("report\x00.exe.txt", "report.exe.txt"),
        ("\x1b[31mred\x07.txt", "[31mred.txt"),
        ("invoice\u202etxt.exe", "invoicetxt.exe"),  # a right-to-left override hiding the real extension
    ],
)
def test_a_crafted_file_name_is_made_safe(authorities: None, settings, name: str, kept: str) -> None:
    document, _ = store_upload(io.BytesIO(b"Some text " * 20 + name.encode()), name)
    document.refresh_from_db()
    assert document.original_name == kept
    stored = Path(document.file.path).resolve()
    assert stored.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert stored.name.startswith(document.sha256[:16])  # the stored name is the digest, not the upload's


def test_markup_in_a_file_name_is_shown_as_text(editor_client: Client, authorities: None) -> None:
    name = f"{IMG}.txt"
    _upload(editor_client, SimpleUploadedFile(name, b"Some text " * 20))
    document = Document.objects.get()
    assert document.original_name == name
    for url in (reverse("inspections:documents"), document.get_absolute_url()):
        page = editor_client.get(url).content.decode()
        _assert_no_live_markup(page)
        assert "&lt;img src=x onerror=alert(2)&gt;.txt" in page


# Markup in parsed text and in what people type


def test_markup_read_from_a_report_and_typed_by_a_reviewer_is_escaped_everywhere(
    editor_client: Client, authorities: None
) -> None:
    _upload(editor_client, SimpleUploadedFile("report.txt", HOSTILE_REPORT.encode()))
    document = Document.objects.get()
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.NEEDS_REVIEW, document.error_detail

    review = editor_client.get(document.get_absolute_url()).content.decode()
    _assert_no_live_markup(review)
    form = _form_values(review)
    form["lead_inspector"] = 'Pat "><svg onload=alert(3)> Example'
    response = editor_client.post(document.get_absolute_url(), form)
    assert response.status_code == 302, response.content.decode()[:2000]

    event = Event.objects.get(source_document=document)
    assert event.recommendations.order_by("order").first().text.startswith(SCRIPT)
    event_page = editor_client.get(reverse("inspections:event", args=[event.pk])).content.decode()
    _assert_no_live_markup(event_page)
    assert ESCAPED_SCRIPT in event_page
    assert "<svg onload" not in event_page
    assert "&lt;svg onload=alert(3)&gt;" in event_page
    authority_page = editor_client.get(event.authority.get_absolute_url()).content.decode()
    _assert_no_live_markup(authority_page)
    assert "<svg onload" not in authority_page


def test_markup_typed_into_plans_and_actions_is_escaped(editor_client: Client, demo_history: None) -> None:
    from improvement.models import Action, ImprovementPlan

    event = Event.objects.filter(authority__name="Bury").order_by("-start_date").first()
    plan = ImprovementPlan.objects.create(authority=event.authority, responds_to=event, title=f"Plan {SCRIPT}")
    action = Action.objects.create(plan=plan, description=f"Do {IMG}", owner=f"Owner {SCRIPT}")
    for url in (reverse("improvement:plan", args=[plan.pk]), reverse("improvement:action", args=[action.pk])):
        response = editor_client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        _assert_no_live_markup(page)
        assert ESCAPED_SCRIPT in page


# Oversized forms


def test_a_form_with_too_many_fields_is_refused_with_a_clear_400(
    editor_client: Client, authorities: None, settings
) -> None:
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = editor_client.post(reverse("inspections:upload"), fields)
    assert response.status_code == 400
    assert "too many fields or files" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Document.objects.exists()


def test_too_many_files_at_once_is_refused_with_a_clear_400(editor_client: Client, authorities: None, settings) -> None:
    count = settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1
    files = [SimpleUploadedFile(f"f{n}.txt", b"Some text " * 3) for n in range(count)]
    response = _upload(editor_client, *files)
    assert response.status_code == 400
    assert "too many fields or files" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()
    assert not Document.objects.exists()


# SQL-like search


@pytest.mark.parametrize(
    "query",
    [
        "' OR 1=1 --",
        "'; DROP TABLE inspections_document; --",
        '" OR ""="',
        "%' AND 1=1 AND '%'='",
        "\\",
        ")))(((",
        "a & | ! <-> :* b",
        SCRIPT,
    ],
)
def test_sql_like_search_strings_are_plain_text(editor_client: Client, authorities: None, query: str) -> None:
    document, _ = store_upload(io.BytesIO(HOSTILE_REPORT.encode()), "report.txt")
    Document.objects.filter(pk=document.pk).update(status=DocumentStatus.NEEDS_REVIEW, text=HOSTILE_REPORT)
    count = Document.objects.count()
    response = editor_client.get(reverse("inspections:search"), {"q": query})
    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()
    assert "inspections_document" in connection.introspection.table_names()
    assert Document.objects.count() == count


# PDFs with active content


@pytest.mark.parametrize(
    "make", [samples.pdf_with_javascript, samples.pdf_with_embedded_file], ids=["javascript", "embedded-file"]
)
def test_a_pdf_with_active_content_is_read_as_text_and_the_payload_is_not_surfaced(
    editor_client: Client, authorities: None, make
) -> None:
    lines = ["Minutes of a meeting about nothing in particular."] * 12
    _upload(editor_client, SimpleUploadedFile("active.pdf", make(lines), content_type="application/pdf"))
    document = Document.objects.get()
    parse_document_upload(document.pk)
    document.refresh_from_db()
    # Read for its text only (pdfium here has no JavaScript engine and opens no attachment).
    assert document.status == DocumentStatus.FAILED
    assert document.error_code == "unrecognised"
    page = editor_client.get(document.get_absolute_url()).content.decode()
    for payload in ("app.alert", "evil.example", "submitForm", "invoice.exe", "javascript:"):
        assert payload not in document.text
        assert payload not in document.error_detail
        assert payload not in page
