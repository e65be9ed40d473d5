"""Template helpers for grades and strands."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from config import govuk
from inspections.frameworks import Grade, Strand

if TYPE_CHECKING:
    from authorities.overview import Record
    from authorities.summaries import AuthoritySummary

register = template.Library()


@register.simple_tag
@functools.lru_cache(maxsize=64)
def grade_badge(grade: str | None, empty: str = "Not judged") -> str:
    """A coloured grade label; colour is never the only cue, the grade is always written.
    Kept once made: the authority list shows some 750 of the same few."""
    if not grade:
        return format_html('<span class="app-grade app-grade--none">{}</span>', empty)
    return format_html('<span class="app-grade app-grade--{}">{}</span>', grade, Grade(grade).label)


@functools.lru_cache(maxsize=64)
def _grade_cell(grade: str | None) -> SafeString:
    return format_html('<td class="govuk-table__cell">{}</td>', grade_badge(grade))


_EMPTY_CELL = mark_safe('<td class="govuk-table__cell"></td>')


def _grade_cells(summary: AuthoritySummary) -> SafeString:
    """An authority's grade cells, one per strand (empty when no inspection is recorded): some 750 on the
    authority list, of a few kinds."""
    shown = summary.latest_inspection is not None
    # Every part is a cell made by format_html, so the joined row is safe.
    return mark_safe("".join(_grade_cell(s.grade) if shown else _EMPTY_CELL for s in summary.grades))


@register.filter
def authority_row(summary: AuthoritySummary) -> SafeString:
    """One row of the authority list: the authority, its region, when it was last inspected and its grades.
    Made here rather than in the template: with 153 rows, the template's lookups and filters took a third of
    the page's time."""
    authority, latest = summary.authority, summary.latest_inspection
    if latest is None:
        when = mark_safe('<span class="app-demo-note">None recorded</span>')
    else:
        when = date(latest.end_date or latest.start_date, "M Y")
    return format_html(
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        '<a class="govuk-link" href="{}">{}</a></th><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td>{}</tr>',
        authority.get_absolute_url(),
        authority.name,
        authority.region.name,
        when,
        _grade_cells(summary),
    )


@register.filter
def map_row(record: Record) -> SafeString:
    """One row of the map's table: the authority, its region, its latest graded inspection and that grade.
    Made here rather than in the template, as the authority list's rows are: the map's table has 153."""
    authority, current = record.authority, record.current
    return format_html(
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        '<a class="govuk-link" href="{}">{}</a></th><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}</td></tr>',
        authority.get_absolute_url(),
        authority.name,
        authority.region.name,
        date(current.date, "j M Y") if current else "–",
        grade_badge(current.headline if current else None, "None recorded"),
    )


@register.filter
def strand_label(strand: str) -> str:
    return str(Strand(strand).label)


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
