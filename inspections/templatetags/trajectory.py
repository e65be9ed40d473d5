"""Template helpers for grades and strands."""

from __future__ import annotations

import functools

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from config import govuk
from inspections.frameworks import Grade, framework_for
from inspections.publishing import KIND_MAP, doc_kind_label
from inspections.services import EventData

register = template.Library()


@register.simple_tag
@functools.lru_cache(maxsize=64)
def grade_badge(grade: str | None, empty: str = "No record held") -> SafeString:
    """A coloured grade label; colour is never the only cue, the grade is always written.
    Kept once made: the authority list shows some 750 of the same few."""
    if not grade:
        return format_html('<span class="app-grade app-grade--none">{}</span>', empty)
    return format_html('<span class="app-grade app-grade--{}">{}</span>', grade, Grade(grade).label)


_STATUS_COLOURS = {
    "queued": "grey",
    "parsing": "blue",
    "needs_review": "yellow",
    "published": "green",
    "failed": "red",
    "superseded": "grey",
}
_PROGRESS_WORDS = {
    "reading_file": "Reading the stored file",
    "extracting_text": "Extracting the text",
    "reading_content": "Reading dates, grades and recommendations",
    "saving": "Saving what was read",
    "done": "Done",
}


@register.simple_tag
def document_status_tag(document: object) -> str:
    status = getattr(document, "status", "")
    label = getattr(document, "get_status_display", lambda: status)()
    return govuk.tag(str(label), f"govuk-tag--{_STATUS_COLOURS.get(status, 'grey')}")


@register.simple_tag
def progress_words(code: str) -> str:
    return _PROGRESS_WORDS.get(code, "Working")


_STATE_WORDS = {
    "found": "Read from the document",
    "missing": "Could not be read: check the document",
    "not_applicable": "Not in this kind of report",
}


@register.simple_tag
def field_state(state: str | None) -> str:
    return _STATE_WORDS.get(state or "missing", "Could not be read")


@register.filter
def get_item(mapping: dict | None, key: str) -> object:
    return (mapping or {}).get(key)


@register.filter
def kind_label(doc_kind: str) -> str:
    """A document kind's name; blank when the parser has not named one."""
    return doc_kind_label(doc_kind) if doc_kind in KIND_MAP else doc_kind


@register.filter
def judgement_summary(event: EventData) -> str:
    """An event's judgements in words, e.g. "overall effectiveness inadequate, leadership good"."""
    framework = framework_for(event.framework)
    parts = []
    for key, grade in event.judgements.items():
        area = framework.area(key) if framework else None
        label = area.label if area else key.replace("_", " ")
        parts.append(f"{label.lower()} {Grade(grade).label.lower() if grade in Grade else grade}")
    return ", ".join(parts)
