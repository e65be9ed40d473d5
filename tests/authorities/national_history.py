"""Small, known inspection histories for the comparison, overview and map tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from authorities.models import Authority
from inspections.frameworks import FrameworkCode
from inspections.models import Event, EventKind, Judgement
from inspections.services import EventData, upsert_event


def inspect(
    authority: Authority, date: dt.date, overall: str, framework: str = FrameworkCode.ILACS, **strands: str
) -> Event:
    """A full inspection of `authority` with an overall grade (ILACS area keys for any other strands)."""
    judgements = {"overall": overall, **strands} if overall else dict(strands)
    event, _ = upsert_event(
        EventData(
            authority=authority, kind=EventKind.INSPECTION, framework=framework, start_date=date, judgements=judgements
        )
    )
    return event


def bulk_history(authorities: Iterable[Authority], grades: Sequence[str]) -> None:
    """One ILACS inspection a year from 2010 per authority, graded `grades` in turn (fast: bulk inserts)."""
    events = [
        Event(authority=a, kind=EventKind.INSPECTION, framework=FrameworkCode.ILACS, start_date=dt.date(2010 + i, 3, 1))
        for a in authorities
        for i in range(len(grades))
    ]
    Event.objects.bulk_create(events)
    Judgement.objects.bulk_create(
        Judgement(event=e, area=area, strand=strand, grade=grades[e.start_date.year - 2010])
        for e in events
        for area, strand in (("overall", "overall"), ("leadership", "leadership"), ("in_care", "children_in_care"))
    )
