"""Uploads named as something other than the kinds of file offered are refused, whatever their bytes.

The bytes are sniffed too (tests/security/test_hostile_input.py), but text is text: without this a plain-text
file named .exe, .js, .svg or .php would be stored and, once published, handed out again under that name."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from inspections.models import Document

pytestmark = pytest.mark.django_db

TEXT = b"Minutes of a meeting about nothing in particular. " * 20


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("setup.exe", TEXT),
        ("report.pdf.exe", b"%PDF-1.4\n" + TEXT),
        ("payload.js", b"alert(document.cookie);\n" * 20),
        (
            "drawing.svg",
            b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        ),
        ("shell.php", b"<?php system($_GET['c']); ?>\n" * 20),
        ("report", TEXT),
        ("../../report.sh", TEXT),
    ],
)
def test_a_name_that_is_not_a_document_kind_is_refused(editor_client: Client, settings, name: str, data: bytes) -> None:
    response = editor_client.post(reverse("inspections:upload"), {"files": [SimpleUploadedFile(name, data)]})
    assert response.status_code == 400
    assert "must be a PDF, Word (.docx), HTML or plain text file" in response.content.decode()
    assert not Document.objects.exists()
    assert not Path(settings.MEDIA_ROOT).exists() or not any(p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*"))


def test_one_refused_name_refuses_the_whole_upload(editor_client: Client) -> None:
    files = [SimpleUploadedFile("report.txt", TEXT), SimpleUploadedFile("setup.exe", TEXT + b"x")]
    response = editor_client.post(reverse("inspections:upload"), {"files": files})
    assert response.status_code == 400
    assert "setup.exe must be a PDF" in response.content.decode()
    assert not Document.objects.exists()


@pytest.mark.parametrize("name", ["REPORT.PDF", "report.docx", "report.HTM", "report.html", "notes.md", "letter.txt"])
def test_the_kinds_offered_are_accepted_in_any_case(editor_client: Client, name: str) -> None:
    response = editor_client.post(reverse("inspections:upload"), {"files": [SimpleUploadedFile(name, TEXT)]})
    assert response.status_code == 302, response.content.decode()[:500]
    assert Document.objects.get().original_name == name


@pytest.mark.parametrize("extension", [".txt", ".pdf"])
def test_a_very_long_name_keeps_its_extension_and_is_accepted(editor_client: Client, settings, extension: str) -> None:
    """A 300-character name was cut to 200 before its extension was checked, and refused as the wrong kind."""
    from tests import samples

    data = samples.text_pdf(["Some words that are not a report. " * 20]) if extension == ".pdf" else TEXT
    name = ("Ofsted inspection of local authority children's services " * 6)[:296] + extension
    assert len(name) == 300
    response = editor_client.post(reverse("inspections:upload"), {"files": [SimpleUploadedFile(name, data)]})
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    assert document.original_name.endswith(extension)
    assert document.original_name.startswith("Ofsted inspection of local authority")
    assert len(document.original_name) <= 200
    assert Path(document.file.name).suffix == extension


def test_a_very_long_name_of_the_wrong_kind_is_still_refused(editor_client: Client) -> None:
    name = "a" * 300 + ".exe"
    response = editor_client.post(reverse("inspections:upload"), {"files": [SimpleUploadedFile(name, TEXT)]})
    assert response.status_code == 400
    assert "must be a PDF, Word (.docx), HTML or plain text file" in response.content.decode()
