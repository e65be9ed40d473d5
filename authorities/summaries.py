"""Current position of authorities, computed with a fixed number of queries whatever the data size."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch

from inspections.frameworks import Strand
from inspections.models import Event, EventKind, Judgement

from .models import Authority

LIST_STRANDS = (
    Strand.OVERALL,
    Strand.LEADERSHIP,
    Strand.HELP_AND_PROTECTION,
    Strand.CHILDREN_IN_CARE,
    Strand.CARE_LEAVERS,
)


@dataclass(frozen=True)
class StrandGrade:
    strand: Strand
    grade: str | None  # None: not judged at the latest inspection
    event: Event | None


@dataclass(frozen=True)
class AuthoritySummary:
    authority: Authority
    latest_inspection: Event | None
    grades: tuple[StrandGrade, ...]


def latest_inspections(authorities: Iterable[Authority]) -> dict[int, Event]:
    """The most recent full inspection of each authority (two queries in all)."""
    ids = [a.pk for a in authorities]
    events = (
        Event.objects.filter(authority_id__in=ids, kind=EventKind.INSPECTION)
        .order_by("authority_id", "-start_date")
        .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.filter(is_primary=True)))
    )
    latest: dict[int, Event] = {}
    for event in events:
        latest.setdefault(event.authority_id, event)
    return latest


def summarise(authorities: Iterable[Authority]) -> list[AuthoritySummary]:
    authorities = list(authorities)
    latest = latest_inspections(authorities)
    return [summary_of(authority, latest.get(authority.pk)) for authority in authorities]


def summary_of(authority: Authority, latest: Event | None) -> AuthoritySummary:
    """The grades of `latest` (the authority's latest full inspection, judgements prefetched) by strand."""
    by_strand = {j.strand: j.grade for j in latest.judgements.all() if j.is_primary} if latest else {}
    grades = tuple(StrandGrade(s, by_strand.get(s), latest) for s in LIST_STRANDS)
    return AuthoritySummary(authority, latest, grades)
