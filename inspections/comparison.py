"""Comparing a chosen set of authorities: their latest grades side by side and one chart.

The set lives in the URL (?a=bury&a=bolton, the first in focus) so a comparison can be shared.
Queries are fixed in number: the authorities, then their events with judgements.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Prefetch, Q
from django.urls import reverse

from authorities.models import Authority

from .charts import Chart, comparator, trajectory_chart
from .frameworks import Grade
from .models import Event, EventKind, Judgement
from .summaries import AuthoritySummary, summary_of

MAX_AUTHORITIES = 20


@dataclass(frozen=True)
class Selection:
    authorities: tuple[Authority, ...]  # in the order asked for, the first in focus; at most MAX_AUTHORITIES
    dropped: int  # how many beyond the cap were left out
    unknown: tuple[str, ...]  # slugs that name no authority

    @property
    def focus(self) -> Authority | None:
        return self.authorities[0] if self.authorities else None

    @property
    def slugs(self) -> list[str]:
        return [a.slug for a in self.authorities]


def select(slugs: Sequence[str]) -> Selection:
    """The authorities named by `slugs`, once each, in order, capped at MAX_AUTHORITIES (one query)."""
    wanted = list(dict.fromkeys(s.strip().lower() for s in slugs if s.strip()))
    # Only as many as could ever be shown are looked up, however long the URL.
    found = {a.slug: a for a in Authority.objects.select_related("region").filter(slug__in=wanted[:200])}
    known = [found[s] for s in wanted if s in found]
    return Selection(
        authorities=tuple(known[:MAX_AUTHORITIES]),
        dropped=max(len(known) - MAX_AUTHORITIES, 0),
        unknown=tuple(s for s in wanted if s not in found)[:10],
    )


def neighbours_of(authority: Authority) -> list[Authority]:
    """The authority and its statistical neighbours, closest first."""
    return [authority, *authority.ordered_neighbours()]


def compare_url(slugs: Sequence[str]) -> str:
    return reverse("authorities:compare") + "?" + urlencode([("a", s) for s in slugs])


@dataclass(frozen=True)
class HistoryRow:
    """The chart's lines in words: an authority's headline grade at each full inspection."""

    authority: Authority
    grades: tuple[tuple[dt.date, str], ...]  # (inspection start, grade label), oldest first


@dataclass(frozen=True)
class Comparison:
    selection: Selection
    summaries: tuple[AuthoritySummary, ...]
    chart: Chart
    history: tuple[HistoryRow, ...] = ()


def compare(selection: Selection, *, today: dt.date) -> Comparison:
    """Latest grades of every chosen authority, and the focus's chart with the others as faint lines."""
    focus = selection.focus
    if focus is None:
        return Comparison(selection, (), trajectory_chart([], today=today))
    others = [a.pk for a in selection.authorities[1:]]
    # The focus's every event (its visits mark the lane); the others' full inspections only. Only what the chart
    # and the table show of an event is read: its findings, themes and summary are the most of a row.
    events = list(
        Event.objects.filter(Q(authority=focus) | Q(authority_id__in=others, kind=EventKind.INSPECTION))
        .only(
            "authority_id",
            "kind",
            "framework",
            "inspection_type",
            "sequence_number",
            "start_date",
            "end_date",
            "published_date",
        )
        .prefetch_related(Prefetch("judgements", queryset=Judgement.objects.filter(is_primary=True).order_by("pk")))
        .order_by("start_date", "pk")
    )
    by_authority: dict[int, list[Event]] = {a.pk: [] for a in selection.authorities}
    chosen = {a.pk: a for a in selection.authorities}
    for event in events:
        event.authority = chosen[event.authority_id]  # already read: not joined and built again for each event
        by_authority[event.authority_id].append(event)
    summaries = []
    for authority in selection.authorities:
        inspections = [
            e for e in by_authority[authority.pk] if e.kind == EventKind.INSPECTION and e.start_date <= today
        ]
        summaries.append(summary_of(authority, inspections[-1] if inspections else None))
    lines = [comparator(a, [e for e in by_authority[a.pk] if e.start_date <= today]) for a in selection.authorities]
    chart = trajectory_chart(
        by_authority[focus.pk], authority=focus, today=today, comparators=lines[1:], full_size=True
    )
    history = tuple(
        HistoryRow(line.authority, tuple((e.start_date, str(Grade(g).label)) for e, g in line.points)) for line in lines
    )
    return Comparison(selection, tuple(summaries), chart, history)
