"""Turn uploaded bytes into page-by-page plain text.

The format is sniffed from the bytes, never taken from the file name. PDF text
comes from pypdfium2: on these reports it is 35–46 times faster than
pdfplumber's `extract_text` for the same words (see `make bench`). List bullets
that a PDF draws as shapes are written into the text as bullet characters.
"""

from __future__ import annotations

import ctypes
import io
import re
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from html.parser import HTMLParser
from typing import IO, TYPE_CHECKING
from xml.etree import ElementTree

from .errors import ParseError, ParseErrorCode

if TYPE_CHECKING:
    from pypdfium2 import PdfPage, PdfTextPage


class SourceFormat(StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"
    TEXT = "text"


@dataclass(frozen=True)
class DocumentText:
    """Plain text of a document, one string per page (a single page for non-paged formats)."""

    format: SourceFormat
    pages: tuple[str, ...]

    @property
    def full(self) -> str:
        return "\n".join(self.pages)

    def page_of(self, offset: int) -> int:
        """1-based page number of a character offset into `full`."""
        position = 0
        for number, page in enumerate(self.pages, start=1):
            position += len(page) + 1
            if offset < position:
                return number
        return len(self.pages)

    def first_pages(self, pages: int | None) -> str:
        """The first `pages` pages as one string (offsets match `full`); all of it when `pages` is None."""
        return self.full if pages is None else "\n".join(self.pages[:pages])


def one_line(text: str) -> str:
    """`text` as one line: a word hyphenated across a line end ("Stockton-on-" / "Tees", "Smith-" / "Jones")
    closes up, keeping its hyphen; any other spacing becomes one space."""
    return " ".join(re.sub(r"-[ \t]*\n\s*", "-", text).split())


def sniff_format(data: bytes) -> SourceFormat | None:
    head = data[:1024]
    if b"%PDF-" in head:
        return SourceFormat.PDF
    if data[:4] == b"PK\x03\x04":
        return SourceFormat.DOCX
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in lowered:
        return SourceFormat.HTML
    try:
        sample = data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        try:
            sample = data[:4096].decode("cp1252")
        except UnicodeDecodeError:
            return None
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in sample)
    if sample and printable / len(sample) > 0.97:
        return SourceFormat.TEXT
    return None


def extract_text(data: bytes, *, filename: str = "", max_pages: int = 2000) -> DocumentText:
    """Extract text from PDF, DOCX, HTML or plain text bytes; raise ParseError for anything else."""
    if not data or not data.strip():
        raise ParseError(ParseErrorCode.EMPTY, "The file is empty.")
    fmt = sniff_format(data)
    named_pdf = filename.lower().endswith(".pdf")
    if named_pdf and fmt is not SourceFormat.PDF:
        what = "an HTML page" if fmt is SourceFormat.HTML else "something else"
        raise ParseError(
            ParseErrorCode.NOT_A_DOCUMENT,
            f"The file is named .pdf but is not a PDF: it contains {what} (perhaps a failed download).",
        )
    if fmt is SourceFormat.PDF:
        return _pdf_text(data, max_pages)
    if fmt is SourceFormat.DOCX:
        return _docx_text(data)
    if fmt is SourceFormat.HTML:
        return DocumentText(SourceFormat.HTML, (_html_text(data),))
    if fmt is SourceFormat.TEXT:
        return DocumentText(SourceFormat.TEXT, (_decode(data),))
    raise ParseError(
        ParseErrorCode.UNSUPPORTED_FORMAT,
        "The file is not a PDF, Word (.docx), HTML or plain text document.",
    )


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


# A full page of small print is some 6,000 characters: a page with vastly more was made to exhaust the reader.
PAGE_MAX_CHARS = 100_000


def _pdf_text(data: bytes, max_pages: int) -> DocumentText:
    import pypdfium2 as pdfium  # imported here: only PDFs need the native library

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise ParseError(
                ParseErrorCode.ENCRYPTED, "The PDF is password-protected, so its text cannot be read."
            ) from exc
        raise ParseError(ParseErrorCode.CORRUPT, "The PDF is damaged or incomplete and could not be opened.") from exc
    try:
        count = len(pdf)
        if count == 0:
            raise ParseError(ParseErrorCode.CORRUPT, "The PDF has no pages.")
        if count > max_pages:
            raise ParseError(
                ParseErrorCode.TOO_MANY_PAGES,
                f"The PDF has {count} pages; the limit is {max_pages}.",
            )
        raw_pages: list[tuple[str, list[tuple[int, float]]]] = []
        for index in range(count):
            try:
                page = pdf[index]
                textpage = page.get_textpage()
                raw = textpage.get_text_range()
                if len(raw) > PAGE_MAX_CHARS:
                    raise ParseError(
                        ParseErrorCode.TOO_LARGE,
                        f"Page {index + 1} of the PDF holds {len(raw):,} characters of text; a page of a report "
                        f"holds some thousands, and the limit is {PAGE_MAX_CHARS:,}. It was not read.",
                    )
                raw_pages.append((raw, _drawn_bullets(page, textpage, raw)))
            except pdfium.PdfiumError as exc:  # the file opens, but a damaged page object does not load
                raise ParseError(
                    ParseErrorCode.CORRUPT, f"The PDF is damaged: page {index + 1} could not be read."
                ) from exc
            textpage.close()
            page.close()
    finally:
        pdf.close()
    # Sub-points are indented further than the items they belong to, across the whole document.
    indent = min((x for _, bullets in raw_pages for _, x in bullets), default=0.0)
    pages = [_normalise(_with_bullets(raw, bullets, indent)) for raw, bullets in raw_pages]
    if sum(len(p.strip()) for p in pages) < 20 * max(1, min(count, 5)):
        raise ParseError(
            ParseErrorCode.NO_TEXT,
            "The PDF has no text layer (it looks like a scanned image). "
            "Upload the version published by Ofsted, which has selectable text.",
        )
    return DocumentText(SourceFormat.PDF, tuple(pages))


# A drawn bullet: a small, roughly square path or image (points; text is 9–12 pt).
_BULLET_SIZE = (1.5, 10.0)
# How far right of its bullet an item's text may start (a hanging indent is about 18 pt).
_BULLET_GAP = 36.0
# What an item's text may open with ("16- and 17-year-olds"); any other mark is a bullet already.
_TEXT_START = re.compile(r"[^\W_]|[‘“'\"(\[]")


def _drawn_bullets(page: PdfPage, textpage: PdfTextPage, text: str) -> list[tuple[int, float]]:
    """(offset in `text`, bullet's left edge) for each line that a bullet drawn as a shape opens.

    Such bullets are graphics, absent from the text layer, so without them a list's items
    run together. Only top-level objects are looked at: bounds inside a form XObject are in
    the form's own coordinates.
    """
    import pypdfium2.raw as pdfium_c

    shapes = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for index in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, index)
        if pdfium_c.FPDFPageObj_GetType(obj) not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE):
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        width, height = right.value - left.value, top.value - bottom.value
        low, high = _BULLET_SIZE
        if low <= min(width, height) and max(width, height) <= min(high, 2 * min(width, height)):
            shapes.append((left.value, right.value, (bottom.value + top.value) / 2))
    # Offsets index characters only while every character is one code unit (no surrogate pairs).
    if not shapes or len(text) != textpage.count_chars():
        return []
    lines = []
    for match in re.finditer(r"^[ \t]*(?=\S)", text, re.MULTILINE):
        offset = match.end()
        if _TEXT_START.match(text, offset):  # a line a glyph bullet or other mark opens is left alone
            # The loose box spans the font's height, whatever the glyph, so it holds the bullet's middle.
            x0, y0, _, y1 = textpage.get_charbox(offset, loose=True)
            lines.append((offset, x0, y0, y1))
    found: dict[int, float] = {}
    for shape_left, shape_right, middle in shapes:
        beside = [
            (x0 - shape_right, offset)
            for offset, x0, y0, y1 in lines
            if 0 <= x0 - shape_right + 0.5 <= _BULLET_GAP and y0 <= middle <= y1
        ]
        if beside:
            found.setdefault(min(beside)[1], shape_left)
    return sorted(found.items())


def _with_bullets(text: str, bullets: list[tuple[int, float]], indent: float) -> str:
    """`text` with a bullet glyph written where a drawn bullet opens a line: "•" at the document's
    outermost bullet indent, "◦" for sub-points indented further."""
    for offset, x in reversed(bullets):
        glyph = "•" if x <= indent + 2 else "◦"
        text = f"{text[:offset]}{glyph} {text[offset:]}"
    return text


_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# A .docx is a ZIP of XML: a report's parts unpack to a few MB. A "zip bomb" declares hundreds of MB in a small
# file, so the declared sizes are checked before any part is read (Python's zipfile never unpacks more than a
# part declares), and the text is read as a stream rather than as one parsed tree.
DOCX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024
# XML compresses some 5–20 times; only a part made to unpack far beyond its size reaches this.
DOCX_MAX_RATIO = 100
_RATIO_CHECKED_FROM = 1024 * 1024  # a small part may compress well without mattering


def _check_docx_sizes(archive: zipfile.ZipFile) -> None:
    parts = archive.infolist()
    unpacked = sum(part.file_size for part in parts)
    if unpacked > DOCX_MAX_UNPACKED_BYTES:
        raise ParseError(
            ParseErrorCode.TOO_LARGE,
            f"The Word document unpacks to {unpacked / 1_048_576:.0f} MB; the limit is "
            f"{DOCX_MAX_UNPACKED_BYTES / 1_048_576:.0f} MB. It was not read.",
        )
    for part in parts:
        if part.file_size > _RATIO_CHECKED_FROM and part.file_size > DOCX_MAX_RATIO * max(part.compress_size, 1):
            raise ParseError(
                ParseErrorCode.TOO_LARGE,
                f"The Word document's part {part.filename[:100]} unpacks to {part.file_size / 1_048_576:.0f} MB "
                f'from {part.compress_size / 1024:.0f} KB, more than any real document does (a "zip bomb"). '
                "It was not read.",
            )


def _docx_text(data: bytes) -> DocumentText:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_docx_sizes(archive)
            with archive.open("word/document.xml") as xml:
                paragraphs = _docx_paragraphs(xml)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise ParseError(
            ParseErrorCode.UNSUPPORTED_FORMAT,
            "The file is a ZIP archive but not a Word (.docx) document.",
        ) from exc
    except ElementTree.ParseError as exc:
        raise ParseError(ParseErrorCode.CORRUPT, "The Word document is damaged.") from exc
    return DocumentText(SourceFormat.DOCX, (_normalise("\n".join(paragraphs)),))


def _docx_paragraphs(xml: IO[bytes]) -> list[str]:
    """Each paragraph's text, read as the XML streams in: every finished paragraph is dropped from the tree."""
    paragraphs = []
    for _, element in ElementTree.iterparse(xml, events=("end",)):
        if element.tag == f"{_WORD_NS}p":
            paragraphs.append("".join(node.text or "" for node in element.iter(f"{_WORD_NS}t")))
            element.clear()
    return paragraphs


class _TextCollector(HTMLParser):
    _BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "table"}
    _SKIP = {"script", "style", "head", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def _html_text(data: bytes) -> str:
    collector = _TextCollector()
    collector.feed(_decode(data))
    collector.close()
    return _normalise("".join(collector.parts))


_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_LINE_END_HYPHEN = re.compile(r"[\ufffe\x02](?=\s*[A-Z])")


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # pdfium writes a hyphen that ends a line as U+FFFE (or 0x02). Before a capital it joins the parts of a name
    # ("Thomson-" / "Jones"), so it stays a hyphen; elsewhere it is taken for word-break hyphenation.
    if "\ufffe" in text or "\x02" in text:
        text = _LINE_END_HYPHEN.sub("-", text).replace("\ufffe", "").replace("\x02", "")
    # Word processors keep names together with non-breaking hyphens ("Stockton‑on‑Tees"), and may leave soft
    # hyphens inside words: read as a hyphen and as nothing (str.replace: str.translate is ten times slower here).
    text = text.replace("\u2011", "-").replace("\u00ad", "")
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n\n", text).strip()
