"""Parsing of Ofsted children's services documents and council committee reports.

A pure package: bytes in, frozen dataclasses out, one error type. Nothing here
imports Django, so it is fast to test and can run from the command line.

    parsed = parse_document(data, ParseContext(filename="report.pdf"))
"""

from __future__ import annotations

from .context import ParseContext
from .errors import ParseError, ParseErrorCode
from .pipeline import parse_document, parse_text
from .records import to_record
from .text import DocumentText, SourceFormat, extract_text
from .types import (
    DocKind,
    Field,
    FieldState,
    Grade,
    Intervention,
    JudgementKey,
    ParsedDocument,
    Recommendation,
    ReportedEvent,
    Source,
)
from .version import PARSER_VERSION

__all__ = [
    "PARSER_VERSION",
    "DocKind",
    "DocumentText",
    "Field",
    "FieldState",
    "Grade",
    "Intervention",
    "JudgementKey",
    "ParseContext",
    "ParseError",
    "ParseErrorCode",
    "ParsedDocument",
    "Recommendation",
    "ReportedEvent",
    "Source",
    "SourceFormat",
    "extract_text",
    "parse_document",
    "parse_text",
    "to_record",
]
