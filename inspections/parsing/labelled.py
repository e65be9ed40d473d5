"""Values written just after a label: "Inspection dates: 3 to 14 October 2022", "Report published: 1 May 2015"."""

from __future__ import annotations

import re

from .dates import DateRange, find_dates, find_ranges
from .sources import STATED, found_at, source_at
from .text import DocumentText
from .types import Field, Source

# A value must start right after its label: at most this many characters (spacing, a colon, a weekday) between.
LABEL_GAP = 12
# How far after its label a date range may run: a two-part inspection's dates take two lines.
RANGE_WINDOW = 160
# How far after its label a single date may run.
DATE_WINDOW = 60


def labelled_range(
    text: DocumentText,
    label_pattern: str,
    default_year: int | None = None,
    window: int = RANGE_WINDOW,
    pages: int | None = None,
) -> tuple[DateRange, Source] | None:
    """The date range written just after a label (e.g. r"Inspection dates?:?"), with its source.

    Only the first `pages` pages are searched when given.
    """
    head = text.first_pages(pages)
    for label in re.finditer(label_pattern, head, re.IGNORECASE):
        tail = head[label.end() : label.end() + window]
        ranges = find_ranges(tail, default_year)
        if ranges and ranges[0].begin <= LABEL_GAP:
            first = ranges[0]
            return first, source_at(text, label.start(), label.end() + first.finish)
    return None


def labelled_date(text: DocumentText, label_pattern: str, window: int = DATE_WINDOW, pages: int | None = None) -> Field:
    """The single date written just after a label, as a Field (missing if none)."""
    head = text.first_pages(pages)
    for label in re.finditer(label_pattern, head, re.IGNORECASE):
        tail = head[label.end() : label.end() + window]
        found = find_dates(tail)
        if found and found[0].start <= LABEL_GAP:
            return found_at(found[0].date, text, label.start(), label.end() + found[0].end, STATED)
    return Field.missing()
