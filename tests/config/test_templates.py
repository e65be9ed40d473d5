"""Checks over every template: mistakes that no single page's test would notice."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

OPEN_COMMENT = re.compile(r"\{#(?!.*#\})")
SCROLLER = re.compile(r'<div class="app-table-scroll"[^>]*>')


def _lines() -> list[tuple[str, str]]:
    templates = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
    assert templates
    return [
        (f"{path.relative_to(settings.BASE_DIR)}:{number}", line)
        for path in templates
        for number, line in enumerate(path.read_text().splitlines(), start=1)
    ]


def test_no_template_has_a_one_line_comment_left_open() -> None:
    """Django's {# … #} comments end at the line's end: one left open spills its words onto the page."""
    open_comments = [place for place, line in _lines() if OPEN_COMMENT.search(line)]
    assert not open_comments, f"use {{% comment %}} for comments over several lines: {open_comments}"


def test_every_table_that_scrolls_sideways_takes_focus_and_has_a_name() -> None:
    """A keyboard can only scroll a region it can focus (WCAG 2.1.1), and a focused region must say what it is."""
    scrollers = [(place, match.group(0)) for place, line in _lines() for match in SCROLLER.finditer(line)]
    assert scrollers
    wrong = [
        place
        for place, tag in scrollers
        if not ('role="region"' in tag and 'tabindex="0"' in tag and re.search(r'aria-label="[^"]+"', tag))
    ]
    assert not wrong, f'give these role="region" tabindex="0" and an aria-label: {wrong}'
