"""Where a value was read: a `Source` (page and passage) for an offset into a document's text."""

from __future__ import annotations

from .text import DocumentText
from .types import Field, Source

# A passage long enough for a reviewer to find the value on the page, short enough to show beside it.
PASSAGE_WIDTH = 200
# How sure a value is, by how it was read. Stated: printed where such a value belongs, after its label
# or in the document's title. Read in place: in the sentence or list that gives it, with no label to vouch.
STATED = 0.95
READ_IN_PLACE = 0.9


def source_at(text: DocumentText, start: int, end: int | None = None) -> Source:
    """Source for `text.full[start:end]` (at most PASSAGE_WIDTH characters, whitespace collapsed)."""
    full = text.full
    start = max(0, min(start, len(full)))
    stop = min(len(full), end if end is not None and end > start else start + PASSAGE_WIDTH)
    stop = min(stop, start + PASSAGE_WIDTH)
    passage = " ".join(full[start:stop].split())
    return Source(page=text.page_of(start), passage=passage)


def found_at(
    value: object, text: DocumentText, start: int, end: int | None = None, confidence: float = READ_IN_PLACE
) -> Field:
    """A found Field whose source is the passage at `start`."""
    return Field.found(value, source_at(text, start, end), confidence)
