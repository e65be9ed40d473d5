"""Current position of authorities, computed with a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from authorities.models import Authority

from .frameworks import (
    Strand,
    framework_for,
    grades_by_strand,
    judges_care_leavers_with_children_in_care,
    judges_strand,
)
from .models import Event, EventKind, Judgement

LIST_STRANDS = (
    Strand.OVERALL,
    Strand.LEADERSHIP,
    Strand.HELP_AND_PROTECTION,
    Strand.CHILDREN_IN_CARE,
    Strand.CARE_LEAVERS,
)


NO_RECORD = "No record held"


def no_grade_words(framework: str, strand: str) -> str:
    """What to say of a strand an inspection has no grade for: that its framework gives no such judgement (as
    ILACS from April 2026 gives no overall one) where the framework says so, else that no record is held."""
    if judges_strand(framework, strand) is False:
        found = framework_for(framework)
        name = found.short_name if found else framework
        return f"No {Strand(strand).label.lower()} judgement under {name}"
    return NO_RECORD


@dataclass(frozen=True)
class StrandGrade:
    strand: Strand
    grade: str | None  # None: no grade for this strand at the latest inspection
    event: Event | None
    note: str = NO_RECORD  # what to say when there is no grade
    with_children_in_care: bool = False  # a care leavers grade given with children in care (ILACS before 2023)


@dataclass(frozen=True)
class AuthoritySummary:
    authority: Authority
    latest_inspection: Event | None
    grades: tuple[StrandGrade, ...]


def latest_inspections(authorities: Iterable[Authority]) -> dict[int, tuple[Event, dict[str, str]]]:
    """The most recent full inspection of each authority, with its primary grades by strand (two queries in all).

    A correlated subquery picks one event per authority in the database, so only those events are built as
    objects, not every inspection in each authority's history. Their grades are read as plain values: the
    list shows some 750, and judgement objects, with a prefetched queryset per event, cost more than the page.
    """
    ids = [a.pk for a in authorities]
    latest_of_authority = (
        Event.objects.filter(authority_id=OuterRef("authority_id"), kind=EventKind.INSPECTION)
        .order_by("-start_date", "-pk")
        .values("pk")[:1]
    )
    events = (
        Event.objects.filter(authority_id__in=ids, kind=EventKind.INSPECTION)
        .filter(pk=Subquery(latest_of_authority))
        # What the list shows of an event: its dates and kind; not its findings, themes or focus.
        .only("authority_id", "kind", "framework", "start_date", "end_date")
    )
    latest: dict[int, tuple[Event, dict[str, str]]] = {event.pk: (event, {}) for event in events}
    grades = Judgement.objects.filter(event_id__in=list(latest), is_primary=True).order_by("pk")
    judged: dict[int, list[tuple[str, str, str]]] = {pk: [] for pk in latest}
    for event_id, area, strand, grade in grades.values_list("event_id", "area", "strand", "grade"):
        judged[event_id].append((area, strand, grade))
    for event_id, (event, by_strand) in latest.items():
        by_strand.update(grades_by_strand(event.framework, event.start_date, judged[event_id]))
    return {event.authority_id: (event, by_strand) for event, by_strand in latest.values()}


def summarise(authorities: Iterable[Authority]) -> list[AuthoritySummary]:
    authorities = list(authorities)
    latest = latest_inspections(authorities)
    return [_summary(authority, *latest.get(authority.pk, (None, {}))) for authority in authorities]


def summary_of(authority: Authority, latest: Event | None) -> AuthoritySummary:
    """The grades of `latest` (the authority's latest full inspection, judgements prefetched) by strand."""
    by_strand = (
        grades_by_strand(
            latest.framework,
            latest.start_date,
            ((j.area, j.strand, j.grade) for j in latest.judgements.all() if j.is_primary),
        )
        if latest
        else {}
    )
    return _summary(authority, latest, by_strand)


def _summary(authority: Authority, latest: Event | None, by_strand: dict[str, str]) -> AuthoritySummary:
    if latest is None:
        return AuthoritySummary(authority, None, tuple(StrandGrade(s, None, None) for s in LIST_STRANDS))
    shared = judges_care_leavers_with_children_in_care(latest.framework, latest.start_date)
    grades = tuple(
        StrandGrade(
            s,
            by_strand.get(s),
            latest,
            no_grade_words(latest.framework, s),
            with_children_in_care=shared and s == Strand.CARE_LEAVERS and s in by_strand,
        )
        for s in LIST_STRANDS
    )
    return AuthoritySummary(authority, latest, grades)
