"""Small pieces of the authorities' pages: ``{% load authority_pages %}``. The rows of their tables and the events
of an authority's timeline are template includes (templates/authorities/_*.html): the fragment cache
(config/fragment_cache.py) renders them once per content version, so they need not be made in Python for speed.
Every value is escaped by format_html, as the template escapes it."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from django import template
from django.template.defaultfilters import date
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from inspections.charts import WITH_CHILDREN_IN_CARE
from inspections.summaries import NO_RECORD
from inspections.templatetags.trajectory import grade_badge

if TYPE_CHECKING:
    from authorities.models import Authority
    from inspections.position import InadequatePeriod
    from inspections.summaries import StrandGrade

register = template.Library()


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


@register.simple_tag
def no_record() -> str:
    """The words for an authority with no inspection on record (templates/authorities/_authority_row.html)."""
    return NO_RECORD


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
