"""Files made to exhaust a worker: a "zip bomb" named .docx, a PDF whose content stream inflates to gigabytes.
Each is refused with a reason, within bounds, instead of taking the worker (or the machine) down."""

from __future__ import annotations

import io
import zipfile
from unittest import mock

import pytest

from inspections.parsing import ParseError, extract_text
from inspections.parsing import text as text_module

WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(document_xml: bytes, *, level: int = 6) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def _document_xml(*paragraphs: str, padding: bytes = b"") -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return f'<w:document xmlns:w="{WORD}"><w:body>{body}'.encode() + padding + b"</w:body></w:document>"


def _zip_bomb(unpacked_mb: int) -> bytes:
    """A .docx whose document.xml is `unpacked_mb` MB of spaces: some KB on disk."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<w:document xmlns:w="{WORD}"><w:body><w:p><w:r><w:t>'.encode())
            for _ in range(unpacked_mb):
                part.write(b" " * (1 << 20))
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


def test_a_word_documents_paragraphs_are_read() -> None:
    text = extract_text(_docx(_document_xml("The first paragraph.", "The second one, with more words.")))
    assert text.full == "The first paragraph.\nThe second one, with more words."


def test_a_zip_bomb_named_docx_is_refused_before_any_part_is_unpacked() -> None:
    bomb = _zip_bomb(300)
    assert len(bomb) < 1_000_000  # some hundreds of KB on disk, 300 MB inside
    unpacking = mock.patch.object(zipfile.ZipFile, "open", side_effect=AssertionError("a part was read"))
    with unpacking, pytest.raises(ParseError) as refused:
        extract_text(bomb, filename="report.docx")
    assert refused.value.code == "too_large"
    assert "unpacks to 300 MB" in refused.value.detail
    assert "It was not read" in refused.value.detail


def test_a_part_that_unpacks_far_beyond_its_size_is_refused_under_the_total_limit() -> None:
    bomb = _zip_bomb(20)  # 20 MB is within the total limit, but a ratio of some 1000
    with pytest.raises(ParseError) as refused:
        extract_text(bomb, filename="report.docx")
    assert refused.value.code == "too_large"
    assert "word/document.xml unpacks to 20 MB from" in refused.value.detail
    assert "zip bomb" in refused.value.detail


def test_a_large_word_document_of_ordinary_text_is_still_read(monkeypatch: pytest.MonkeyPatch) -> None:
    words = [f"Paragraph {n} says what the inspectors found about practice in this area." for n in range(30_000)]
    data = _docx(_document_xml(*words))
    text = extract_text(data, filename="report.docx")
    assert text.full.count("\n") == 29_999
    # The same file over a lower limit is refused for its unpacked size.
    monkeypatch.setattr(text_module, "DOCX_MAX_UNPACKED_BYTES", 1024 * 1024)
    with pytest.raises(ParseError, match="unpacks to 3 MB; the limit is 1 MB"):
        extract_text(data, filename="report.docx")


@pytest.mark.django_db
def test_an_uploaded_zip_bomb_ends_failed_with_the_reason(media_root: object) -> None:
    from inspections.ingest import store_upload
    from inspections.models import DocumentStatus
    from inspections.tasks import parse_document_upload

    document, _ = store_upload(io.BytesIO(_zip_bomb(200)), "report.docx")
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error_code == "too_large"
    assert "unpacks to 200 MB" in document.error_detail
