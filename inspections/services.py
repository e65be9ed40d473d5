"""Creating and updating events: the one path every writer (demo loader, publishing, bulk import) uses."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import models, transaction
from simple_history.utils import bulk_create_with_history

from authorities.models import Authority

from .frameworks import Grade, framework_for
from .models import (
    Document,
    Event,
    EventInspector,
    EventKind,
    Inspector,
    Judgement,
    Provenance,
    Recommendation,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecommendationData:
    text: str
    timescale: str = ""
    for_lscb: bool = False


@dataclass(frozen=True)
class EventData:
    """Everything known about one event, independent of where it was read."""

    authority: Authority
    kind: EventKind
    start_date: dt.date
    end_date: dt.date | None = None
    published_date: dt.date | None = None
    framework: str = ""
    inspection_type: str = ""
    sequence_number: int | None = None
    triggered_by: Event | None = None
    lead_inspector: str | None = None
    inspectors: tuple[str, ...] = ()
    judgements: Mapping[str, str] = field(default_factory=dict)  # area key → Grade value
    recommendations: tuple[RecommendationData, ...] = ()
    title: str = ""
    summary: str = ""
    focus: str = ""
    themes: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    priority_actions: bool | None = None
    provenance: Provenance = Provenance.MANUAL
    source_document: Document | None = None


@transaction.atomic
def upsert_event(data: EventData) -> tuple[Event, bool]:
    """Create the event, or update the one of the same authority, kind and start date.

    Judgements, inspectors and recommendations are replaced by the given ones, so
    storing the same data twice never duplicates anything.
    """
    event, created = Event.objects.update_or_create(
        authority=data.authority,
        kind=data.kind,
        start_date=data.start_date,
        defaults={
            "end_date": data.end_date,
            "published_date": data.published_date,
            "framework": data.framework,
            "inspection_type": data.inspection_type,
            "sequence_number": data.sequence_number,
            "triggered_by": data.triggered_by,
            "title": data.title,
            "summary": data.summary,
            "focus": data.focus,
            "themes": list(data.themes),
            "findings": list(data.findings),
            "priority_actions": data.priority_actions,
            "provenance": data.provenance,
            "source_document": data.source_document,
        },
    )
    _replace_judgements(event, data.judgements)
    _replace_inspectors(event, data.lead_inspector, data.inspectors)
    _replace_recommendations(event, data.recommendations)
    return event, created


def create_new_events(items: Sequence[tuple[EventData, dict[str, object]]], reason: str) -> list[Event]:
    """Store many events known to be new, with their judgements and history, a few queries in all: what
    `upsert_event` would store for each (an import of a national record would otherwise take a minute).
    Each item: the event's data and any further Event fields (such as `dated_by_publication`)."""
    events = []
    for data, extra in items:
        if data.inspectors or data.lead_inspector or data.recommendations:
            raise ValueError("create_new_events stores no inspectors or recommendations: use upsert_event")
        events.append(
            Event(
                authority=data.authority,
                kind=data.kind,
                start_date=data.start_date,
                end_date=data.end_date,
                published_date=data.published_date,
                framework=data.framework,
                inspection_type=data.inspection_type,
                sequence_number=data.sequence_number,
                triggered_by=data.triggered_by,
                title=data.title,
                summary=data.summary,
                focus=data.focus,
                themes=list(data.themes),
                findings=list(data.findings),
                priority_actions=data.priority_actions,
                provenance=data.provenance,
                source_document=data.source_document,
                **extra,
            )
        )
    events = bulk_create_with_history(events, Event, default_change_reason=reason)
    judgements = [
        Judgement(event=event, area=area, **fields)
        for event, (data, _) in zip(events, items, strict=True)
        for area, fields in judgement_fields(event, data.judgements).items()
    ]
    bulk_create_with_history(judgements, Judgement, default_change_reason=reason)
    return events


def _replace_judgements(event: Event, judgements: Mapping[str, str]) -> None:
    """Update judgements in place by area, so a changed grade is one change in the audit trail
    (before and after), not a deletion and an unrelated new row."""
    existing = {j.area: j for j in event.judgements.all()}
    if not judgements:
        for judgement in existing.values():
            judgement.delete()
        return
    for area, wanted in judgement_fields(event, judgements).items():
        row = existing.pop(area, None) or Judgement(event=event, area=area)
        if row.pk is None or any(getattr(row, k) != v for k, v in wanted.items()):
            for key, value in wanted.items():
                setattr(row, key, value)
            row.save()
    for judgement in existing.values():  # areas the new data no longer grades
        judgement.delete()


def judgement_fields(event: Event, judgements: Mapping[str, str]) -> dict[str, dict[str, object]]:
    """Each graded area's strand, grade and whether it is its strand's primary area, in the framework's order
    (which decides the primary one); a grade for an area the framework does not judge is refused."""
    if not judgements:
        return {}
    framework = framework_for(event.framework)
    if framework is None:
        raise ValueError(f"{event}: judgements given for an event with no framework")
    unknown = set(judgements) - {a.key for a in framework.areas}
    if unknown:
        raise ValueError(f"{framework.short_name} does not judge {', '.join(sorted(unknown))}")
    seen_strands: set[str] = set()
    fields = {}
    for area in framework.areas:
        if area.key in judgements:
            fields[area.key] = {
                "strand": area.strand,
                "grade": Grade(judgements[area.key]),
                "is_primary": area.strand not in seen_strands,
            }
            seen_strands.add(area.strand)
    return fields


def _replace_inspectors(event: Event, lead: str | None, team: Iterable[str]) -> None:
    """Keep the inspectors who stay (their role and place updated), delete those gone, add the new: each change
    goes into the history, and a re-publish that names the same people records nothing."""
    names = [n for n in dict.fromkeys([*([lead] if lead else []), *team]) if n]
    existing = {role.inspector.name: role for role in event.inspector_roles.select_related("inspector")}
    for name, gone in existing.items():
        if name not in names:
            gone.delete()
    # The lead's row first, so the one-lead constraint never sees two leads at once.
    for name, kept in existing.items():
        if name in names and kept.role == EventInspector.Role.LEAD and name != lead:
            kept.role = EventInspector.Role.TEAM
            kept.save(update_fields=["role"])
    for order, name in enumerate(names):
        role = EventInspector.Role.LEAD if lead and name == lead else EventInspector.Role.TEAM
        current = existing.get(name)
        if current is None:
            inspector, _ = Inspector.objects.get_or_create(name=name)
            EventInspector.objects.create(event=event, inspector=inspector, role=role, order=order)
        elif (current.role, current.order) != (role, order):
            current.role, current.order = role, order
            current.save(update_fields=["role", "order"])


def _replace_recommendations(event: Event, recommendations: Iterable[RecommendationData]) -> None:
    """Update recommendations in place by position, so improvement actions and theme tags that point
    at them survive publishing the same inspection again."""
    existing = {(r.for_lscb, r.order): r for r in event.recommendations.all()}
    counters = {False: 0, True: 0}
    keep: set[int] = set()
    for item in recommendations:
        counters[item.for_lscb] += 1
        key = (item.for_lscb, counters[item.for_lscb])
        row = existing.get(key) or Recommendation(event=event, for_lscb=item.for_lscb, order=key[1])
        if row.pk is None or (row.text, row.timescale) != (item.text, item.timescale):
            row.text, row.timescale = item.text, item.timescale
            row.save()
        keep.add(row.pk)
    _delete_keeping_history(event.recommendations.exclude(pk__in=keep))


def _delete_keeping_history(rows: models.QuerySet) -> None:
    """Delete `rows` (each deletion is in its history). Records with a history that point at them and are set
    to NULL by the deletion (an improvement action answering a recommendation) are unlinked one by one first:
    the deletion's own SET_NULL is a bare UPDATE that their history would never see."""
    for relation in rows.model._meta.related_objects:
        if relation.on_delete is not models.SET_NULL or not hasattr(relation.related_model, "history"):
            continue
        name = relation.field.name
        for linked in relation.related_model._default_manager.filter(**{f"{name}__in": rows}):
            setattr(linked, name, None)
            linked.save(update_fields=[name])
    rows.delete()
