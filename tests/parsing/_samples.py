"""Small report texts written for the tests (never copied from real reports)."""

from __future__ import annotations

from inspections.parsing.pipeline import parse_text
from inspections.parsing.text import DocumentText, SourceFormat
from inspections.parsing.types import ParsedDocument


def parse(*pages: str) -> ParsedDocument:
    """Parse sample pages as a PDF's text would arrive."""
    return parse_text(DocumentText(SourceFormat.PDF, pages))


def parse_plain(text: str) -> ParsedDocument:
    return parse_text(DocumentText(SourceFormat.TEXT, (text,)))


def judgements(parsed: ParsedDocument) -> dict[str, str | None]:
    return {key: field.value for key, field in parsed.judgements.items() if field.is_found}
