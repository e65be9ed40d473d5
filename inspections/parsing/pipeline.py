"""The entry point: bytes → text → document kind → the kind's parser."""

from __future__ import annotations

from .classify import classify
from .context import ParseContext
from .errors import ParseError, ParseErrorCode
from .kinds import PARSERS
from .text import DocumentText, extract_text
from .types import ParsedDocument


def parse_document(data: bytes, context: ParseContext | None = None) -> ParsedDocument:
    """Parse one uploaded document. Raises ParseError (only) when it cannot or should not."""
    context = context or ParseContext()
    check_size(data, context)
    text = extract_text(data, filename=context.filename, max_pages=context.max_pages)
    return parse_text(text, context)


def check_size(data: bytes, context: ParseContext) -> None:
    """Refuse a file over the size limit before any work is spent on it."""
    if len(data) > context.max_bytes:
        raise ParseError(
            ParseErrorCode.TOO_LARGE,
            f"The file is {len(data) / 1_048_576:.1f} MB; the limit is {context.max_bytes / 1_048_576:.0f} MB.",
        )


def parse_text(text: DocumentText, context: ParseContext | None = None) -> ParsedDocument:
    """Parse already-extracted text (used for text seeds and by tests)."""
    context = context or ParseContext()
    kind = classify(text)
    return PARSERS[kind](text, context)
