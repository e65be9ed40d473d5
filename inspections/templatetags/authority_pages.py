"""Repeated markup of the authorities' pages, made in Python where the template's loops took much of a page's
time: ``{% load authority_pages %}``. Every value is escaped by format_html, as the template escaped it."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from config import govuk
from inspections.models import Event, Provenance
from inspections.summaries import NO_RECORD
from inspections.templatetags.trajectory import grade_badge

if TYPE_CHECKING:
    from authorities.models import Authority
    from inspections.charts import TableRow
    from inspections.geo import MapRow
    from inspections.position import InadequatePeriod
    from inspections.summaries import AuthoritySummary, StrandGrade

register = template.Library()


WITH_CHILDREN_IN_CARE = "with children in care"


@functools.lru_cache(maxsize=64)
def _strand_grade(grade: str | None, note: str, with_children_in_care: bool) -> SafeString:
    if with_children_in_care:
        # ILACS before 2023: one judgement of children in care and care leavers, shown under both strands.
        return format_html(
            '{}<br><span class="govuk-body-s">{}</span>', grade_badge(grade, note), WITH_CHILDREN_IN_CARE
        )
    return grade_badge(grade, note)


@register.simple_tag
def strand_grade(summary_grade: StrandGrade) -> SafeString:
    """A strand's grade at the latest inspection, or the words for its absence (no record, or a framework that
    gives no such judgement)."""
    return _strand_grade(summary_grade.grade, summary_grade.note, summary_grade.with_children_in_care)


@functools.lru_cache(maxsize=64)
def _grade_cell(grade: str | None, note: str, with_children_in_care: bool) -> SafeString:
    return format_html('<td class="govuk-table__cell">{}</td>', _strand_grade(grade, note, with_children_in_care))


_EMPTY_CELL = mark_safe('<td class="govuk-table__cell"></td>')


def _grade_cells(summary: AuthoritySummary) -> SafeString:
    """An authority's grade cells, one per strand (empty when no inspection is recorded): some 750 on the
    authority list, of a few kinds."""
    shown = summary.latest_inspection is not None
    # Every part is a cell made by format_html, so the joined row is safe.
    return mark_safe(
        "".join(_grade_cell(s.grade, s.note, s.with_children_in_care) if shown else _EMPTY_CELL for s in summary.grades)
    )


@register.filter
def authority_row(summary: AuthoritySummary) -> SafeString:
    """One row of the authority list: the authority, its region, when it was last inspected and its grades.
    Made here rather than in the template: with 153 rows, the template's lookups and filters took a third of
    the page's time."""
    authority, latest = summary.authority, summary.latest_inspection
    when: str
    if latest is None:
        when = mark_safe(f'<span class="app-demo-note">{NO_RECORD}</span>')
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
def map_row(row: MapRow) -> SafeString:
    """One row of the map's table: the authority, its region, the inspection its grade is from and that grade (or
    why there is none, with the last overall judgement dated where ILACS 2026 gave none).
    Made here rather than in the template, as the authority list's rows are: the map's table has 153."""
    authority = row.authority
    note = format_html('<br><span class="govuk-body-s">{}</span>', row.note) if row.note else ""
    return format_html(
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        '<a class="govuk-link" href="{}">{}</a></th><td class="govuk-table__cell">{}</td>'
        '<td class="govuk-table__cell">{}</td><td class="govuk-table__cell">{}{}</td></tr>',
        authority.get_absolute_url(),
        authority.name,
        authority.region.name,
        date(row.date, "j M Y") if row.date else "–",
        grade_badge(row.grade, row.words),
        note,
    )


@register.filter
def chart_row(row: TableRow) -> SafeString:
    """One row of the chart's table alternative on an authority's page: date, event and a grade per strand."""
    predecessor = format_html(" ({}, predecessor)", row.authority_name) if row.is_predecessor else ""
    return format_html(
        '<tr class="govuk-table__row"><td class="govuk-table__cell">{}</td>'
        '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="{}">{}</a>{}</th>{}</tr>',
        date(row.date, "j M Y"),
        row.url,
        row.label,
        predecessor,
        format_html_join("", '<td class="govuk-table__cell">{}</td>', ((grade or "–",) for grade in row.grades)),
    )


@register.filter
def timeline_item(event: Event, authority: Authority) -> SafeString:
    """One event in the list of an authority's inspections and visits (its judgements, focus, areas covered and
    inspectors), with the link that loads the event's details in place (static/js/event-details.js).
    Made here rather than in the template: for the 10 to 20 events of a page, the template's loops, lookups and
    filters took a quarter of the page's time. `event` has its judgements and inspector roles prefetched."""
    pk, url, label = event.pk, event.get_absolute_url(), event.label()
    dates = date(event.start_date, "j F Y")
    if event.end_date and event.end_date != event.start_date:
        dates = f"{dates} to {date(event.end_date, 'j F Y')}"
    notes = []
    if event.authority_id != authority.pk:
        tag = format_html("{} (predecessor)", event.authority.name)
        notes.append(govuk.render_component("tag", {"html": tag, "classes": "govuk-tag--grey"}))
    if event.provenance == Provenance.DEMO:
        notes.append(mark_safe('<span class="app-demo-note">· demonstration data</span>'))
    summary = []
    judgements = event.judgements.all()
    if judgements:
        rows = format_html_join(
            "",
            '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">{}</th>'
            '<td class="govuk-table__cell">{}</td></tr>',
            ((j.area_label(), grade_badge(j.grade)) for j in judgements),
        )
        summary.append(
            format_html(
                '<table class="govuk-table govuk-!-margin-bottom-2">'
                '<caption class="govuk-table__caption govuk-visually-hidden">Judgements</caption>'
                '<tbody class="govuk-table__body">{}</tbody></table>',
                rows,
            )
        )
    if event.focus:
        summary.append(format_html('<p class="govuk-body">Focus: {}</p>', event.focus))
    if event.themes:
        themes = format_html_join("; ", "{}", ((theme,) for theme in event.themes))
        summary.append(format_html('<p class="govuk-body">Areas covered: {}</p>', themes))
    roles = event.inspector_roles.all()
    inspectors = ""
    if roles:
        names = format_html_join(
            ", ", "{}{}", ((r.inspector.name, " (lead)" if r.role == "lead" else "") for r in roles)
        )
        inspectors = format_html('<p class="govuk-body-s">Inspectors: {}</p>', names)
    # Without JavaScript the toggle is a link to the event's page; with it, htmx loads the page's details into
    # the item.
    return format_html(
        '<li class="govuk-!-margin-bottom-6" id="event-{pk}">'
        '<h3 class="govuk-heading-m govuk-!-margin-bottom-1"><a class="govuk-link" href="{url}">{label}</a></h3>'
        '<p class="govuk-body govuk-!-margin-bottom-2">{dates}{notes}</p>'
        '<div id="summary-of-event-{pk}">{summary}</div>{inspectors}'
        '<p class="govuk-body govuk-!-margin-bottom-2"><a class="govuk-link app-event-toggle" href="{url}"'
        ' hx-get="{url}" hx-target="#details-of-event-{pk}" hx-swap="innerHTML" data-event-toggle'
        ' data-summary="summary-of-event-{pk}" data-details="details-of-event-{pk}">'
        '<span data-toggle-label data-show="Show details" data-hide="Hide details">Show details</span>'
        '<span class="govuk-visually-hidden"> of the {label}, {month}</span></a></p>'
        '<div id="details-of-event-{pk}" class="app-event-details-slot" hidden></div></li>',
        pk=pk,
        url=url,
        label=label,
        dates=dates,
        notes=format_html_join("", " {}", ((note,) for note in notes)),
        summary=format_html_join("", "{}", ((part,) for part in summary)),
        inspectors=inspectors,
        month=date(event.start_date, "F Y"),
    )


@register.simple_tag
def focus_options(authorities: Iterable[Authority], focus: Authority | None) -> SafeString:
    """The comparison's focus select: an option for every authority (153), the focus selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((a.slug, " selected" if a == focus else "", a.name) for a in authorities),
    )


@register.simple_tag
def authority_checkboxes(members: Iterable[Authority], chosen: Collection[str], focus: Authority | None) -> SafeString:
    """A region's checkboxes on the comparison page, ticked for the chosen authorities other than the focus."""
    return format_html_join(
        "",
        '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="a-{0}" name="a"'
        ' type="checkbox" value="{0}"{1}><label class="govuk-label govuk-checkboxes__label" for="a-{0}">{2}</label>'
        "</div>",
        ((m.slug, " checked" if m.slug in chosen and m != focus else "", m.name) for m in members),
    )


@register.filter
def dated_grades(grades: Sequence[tuple[dt.date, str]]) -> str:
    """(date, grade label) pairs as "Good (Mar 2019); Inadequate (Jun 2022)", or "No record held"."""
    if not grades:
        return NO_RECORD
    return format_html_join("; ", "{} ({})", ((grade, date(day, "M Y")) for day, grade in grades))


@register.simple_tag
def inadequate_periods_text(periods: Sequence[InadequatePeriod]) -> str:
    """A strand's spells judged inadequate in words: the days counted, then each spell, saying where its end is not
    known because an inspection is missing from the record."""
    from inspections.position import describe_days

    counted = sum(p.days for p in periods)
    spells = []
    for period in periods:
        since = f"{date(period.start, 'F Y')} ({'published' if period.basis == 'published' else period.basis})"
        if not period.known:
            spells.append(
                f"from {since}, until a date not known: an inspection is missing from the record before "
                f"{date(period.end, 'F Y') if not period.ongoing else 'today'}"
            )
        elif period.ongoing:
            spells.append(f"{since} to today")
        elif period.replaced:
            spells.append(f"{since} to {date(period.end, 'F Y')}, when an inspection under a later framework gave none")
        else:
            spells.append(f"{since} to {date(period.end, 'F Y')}")
    if counted:
        still = ", and still inadequate" if periods[-1].ongoing else ""
        head = f"{counted} day{'s' if counted != 1 else ''} (about {describe_days(counted)}){still}"
    else:
        head = "no time that can be counted"
    return f"{head}: {'; '.join(spells)}"
