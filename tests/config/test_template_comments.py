"""Django's {# … #} comments end at the line's end: one left open spills its words onto the page."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

OPEN_COMMENT = re.compile(r"\{#(?!.*#\})")


def test_no_template_has_a_one_line_comment_left_open() -> None:
    templates = sorted(Path(settings.BASE_DIR, "templates").rglob("*.html"))
    assert templates
    open_comments = [
        f"{path.relative_to(settings.BASE_DIR)}:{number}"
        for path in templates
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if OPEN_COMMENT.search(line)
    ]
    assert not open_comments, f"use {{% comment %}} for comments over several lines: {open_comments}"
