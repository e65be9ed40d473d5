"""Layout: sections between headings, and the running headers and footers that recur on a document's pages."""

from __future__ import annotations

import re

from .text import DocumentText

# A line is page furniture when it recurs at a page's edge on this many pages (on every page of a shorter document).
FURNITURE_PAGES = 3


def running_lines(text: DocumentText, edge: int = 3) -> list[tuple[int, int]]:
    """(start, end) offsets into `text.full` of the running headers and footers: lines among
    the first or last `edge` lines of a page that recur there on three or more pages (on both
    pages of a two-page document), whatever their digits (page numbers, dates). A list that
    runs over a page break has them between its items; they belong to neither item."""
    if len(text.pages) < 2:
        return []
    spans: dict[str, list[tuple[int, int]]] = {}
    pages: dict[str, int] = {}
    page_start = 0
    for page in text.pages:
        lines = []
        position = page_start
        for line in page.split("\n"):
            if line.strip():
                lines.append((position, position + len(line), line))
            position += len(line) + 1
        edges = lines if len(lines) <= 2 * edge else lines[:edge] + lines[-edge:]
        keys = set()
        for start, end, line in edges:
            key = re.sub(r"\d+", "#", " ".join(line.lower().split()))
            # "12." on a line of its own is a list number, not furniture.
            if not re.fullmatch(r"#[.)]", key):
                keys.add(key)
                spans.setdefault(key, []).append((start, end))
        for key in keys:
            pages[key] = pages.get(key, 0) + 1
        page_start += len(page) + 1
    needed = min(FURNITURE_PAGES, len(text.pages))
    return sorted(span for key, found in spans.items() if pages[key] >= needed for span in found)


def blank_spans(full: str, spans: list[tuple[int, int]]) -> str:
    """`full` with the spans overwritten by spaces, so offsets into it stay valid."""
    parts = []
    position = 0
    for start, end in spans:
        parts.append(full[position:start])
        parts.append(" " * (end - start))
        position = end
    parts.append(full[position:])
    return "".join(parts)
