"""The one error type the parsing package raises."""

from __future__ import annotations

from enum import StrEnum


class ParseErrorCode(StrEnum):
    """Why a document was refused. Templates turn codes into sentences for people."""

    EMPTY = "empty"
    TOO_LARGE = "too_large"
    TOO_MANY_PAGES = "too_many_pages"
    NOT_A_DOCUMENT = "not_a_document"  # e.g. an HTML error page saved with a .pdf name
    UNSUPPORTED_FORMAT = "unsupported_format"
    CORRUPT = "corrupt"
    ENCRYPTED = "encrypted"
    NO_TEXT = "no_text"  # image-only scan with no text layer
    OUT_OF_SCOPE = "out_of_scope"  # SEND area, school, children's home ... reports
    UNRECOGNISED = "unrecognised"  # a readable document that is not a report we know


class ParseError(Exception):
    """A document could not be parsed; `code` says why, `detail` says it in words."""

    def __init__(self, code: ParseErrorCode, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail
