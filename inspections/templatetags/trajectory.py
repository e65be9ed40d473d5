"""Template helpers for grades and strands."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from inspections.frameworks import Grade, Strand

register = template.Library()


@register.simple_tag
def grade_badge(grade: str | None, empty: str = "Not judged") -> str:
    """A coloured grade label; colour is never the only cue, the grade is always written."""
    if not grade:
        return format_html('<span class="app-grade app-grade--none">{}</span>', empty)
    return format_html('<span class="app-grade app-grade--{}">{}</span>', grade, Grade(grade).label)


@register.filter
def strand_label(strand: str) -> str:
    return str(Strand(strand).label)
