"""Files made to exhaust a worker: a "zip bomb" named .docx, a PDF whose content stream inflates to gigabytes.
Each is refused with a reason, within bounds, instead of taking the worker (or the machine) down."""

from __future__ import annotations

import io
import resource
import struct
import time
import zipfile
import zlib
from typing import Any
from unittest import mock

import pytest

from inspections.parsing import ParseError, extract_text
from inspections.parsing import text as text_module
from inspections.parsing.bounded import ExtractionCrashed, extract_text_within

MB = 1_048_576
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
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        with archive.open("word/document.xml", "w", force_zip64=True) as part:  # level 1: quick to make
            part.write(f'<w:document xmlns:w="{WORD}"><w:body><w:p><w:r><w:t>'.encode())
            for _ in range(unpacked_mb):
                part.write(b" " * (1 << 20))
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return buffer.getvalue()


def test_a_word_documents_paragraphs_are_read() -> None:
    text = extract_text(_docx(_document_xml("The first paragraph.", "The second one, with more words.")))
    assert text.full == "The first paragraph.\nThe second one, with more words."


def test_a_zip_bomb_named_docx_is_refused_before_any_part_is_unpacked() -> None:
    bomb = _zip_bomb(120)
    assert len(bomb) < 1_000_000  # some hundreds of KB on disk, 120 MB inside
    unpacking = mock.patch.object(zipfile.ZipFile, "open", side_effect=AssertionError("a part was read"))
    with unpacking, pytest.raises(ParseError) as refused:
        extract_text(bomb, filename="report.docx")
    assert refused.value.code == "too_large"
    assert "unpacks to 120 MB" in refused.value.detail
    assert "It was not read" in refused.value.detail


def test_a_part_that_unpacks_far_beyond_its_size_is_refused_under_the_total_limit() -> None:
    bomb = _zip_bomb(20)  # 20 MB is within the total limit, but a ratio of some hundreds
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

    document, _ = store_upload(io.BytesIO(_zip_bomb(120)), "report.docx")
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error_code == "too_large"
    assert "unpacks to 120 MB" in document.error_detail


def _inflating_pdf(unpacked_mb: int, *, text: bytes = b"") -> bytes:
    """A one-page PDF whose content stream is `unpacked_mb` MB (whitespace, or `text` shown many times) compressed
    to some KB: built from one repeated deflate block, so even gigabytes take no time to make."""
    # Each showing of `text` after the last (drawn again in one place, text is read once).
    unit = (b"(" + text + b") Tj\n") if text else b"\x00"
    chunk = unit * ((1 << 20) // len(unit))
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflate.compress(chunk)
    deflate.flush(zlib.Z_FULL_FLUSH)  # the first block; after a full flush each block is the same as the next
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    head = b"BT /F1 12 Tf 72 720 Td (Hello, a page of a report with a few words on it.) Tj\n"
    head += b"" if text else b"ET\n"
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = first.compress(head) + first.flush(zlib.Z_FULL_FLUSH)
    checksum = zlib.adler32(head)
    for _ in range(unpacked_mb):
        checksum = zlib.adler32(chunk, checksum)
    stream = b"\x78\xda" + start + block * unpacked_mb + b"\x03\x00" + struct.pack(">I", checksum)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_the_hostile_pdf_is_a_real_pdf_that_reads_when_small() -> None:
    text = extract_text_within(_inflating_pdf(1), memory_bytes=512 * MB, cpu_seconds=30)
    assert text.pages[0].startswith("Hello")


def test_a_pdf_whose_stream_inflates_beyond_the_allowance_fails_with_the_reason_and_the_process_lives() -> None:
    bomb = _inflating_pdf(2048)  # 2 GB of content stream
    assert len(bomb) < 4_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(ParseError) as refused:
        extract_text_within(bomb, filename="report.pdf", memory_bytes=256 * MB, cpu_seconds=60)
    assert refused.value.code == "too_large"
    assert "needed more than 256 MB of memory" in refused.value.detail
    assert time.monotonic() - started < 30
    # The work was the child's: this process grew by no more than the file it holds.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 64 * 1024  # KB


def test_a_page_with_an_absurd_amount_of_text_is_refused() -> None:
    shouting = _inflating_pdf(4, text=b"A" * 200)  # 4 MB of text-showing operators: millions of characters
    with pytest.raises(ParseError) as refused:
        extract_text_within(shouting, memory_bytes=1024 * MB, cpu_seconds=60)
    assert refused.value.code == "too_large"
    assert "Page 1 of the PDF holds" in refused.value.detail


@pytest.mark.django_db
def test_an_uploaded_pdf_bomb_ends_failed_with_the_reason(media_root: object, settings: Any) -> None:
    from inspections.ingest import store_upload
    from inspections.models import DocumentStatus
    from inspections.tasks import parse_document_upload

    settings.TRAJECTORY_PARSE_MAX_MEMORY_MB = 256
    document, _ = store_upload(io.BytesIO(_inflating_pdf(1024)), "report.pdf")
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.error_code == "too_large"
    assert "needed more than 256 MB of memory" in document.error_detail


def test_a_bug_in_the_child_is_an_error_with_its_traceback_not_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr("inspections.parsing.bounded.extract_text", broken)
    with pytest.raises(ExtractionCrashed, match="KeyError: 'a bug'"):
        extract_text_within(b"Some text", memory_bytes=256 * MB, cpu_seconds=10)
