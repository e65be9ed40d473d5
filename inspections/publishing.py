"""From a reviewed extraction to published events: the one path the review screen and bulk import share."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from authorities.models import Authority
from config.audit import attributed

from .frameworks import Grade, framework_for
from .models import Document, DocumentStatus, Event, EventKind, Provenance
from .official import merge_target, reconcile
from .parsing import DocKind, Field, ParsedDocument
from .review import snapshot
from .services import EventData, RecommendationData, upsert_event
from .signals import events_published

logger = logging.getLogger(__name__)

# Parser document kinds → (event kind, framework), from each kind's registration in DocKind.
KIND_MAP: dict[str, tuple[EventKind, str]] = {
    str(kind): (EventKind(kind.family.event_kind), kind.framework)
    for kind in DocKind.published()
    if kind.family is not None  # always, for a published kind; says so to the type checker
}


def doc_kind_label(doc_kind: str) -> str:
    """What a parser document kind is called on pages ("SIF inspection", "Monitoring visit")."""
    kind, framework_code = KIND_MAP[doc_kind]
    framework = framework_for(framework_code) if kind == EventKind.INSPECTION else None
    return f"{framework.short_name} inspection" if framework else str(EventKind(kind).label)


INTERVENTION_KINDS = {
    "improvement_notice": EventKind.IMPROVEMENT_NOTICE,
    "statutory_direction": EventKind.STATUTORY_DIRECTION,
    "commissioner": EventKind.COMMISSIONER,
    "improvement_board": EventKind.IMPROVEMENT_BOARD,
    "dfe_adviser": EventKind.DFE_ADVISER,
}


class PublishError(Exception):
    """The reviewed data cannot be published as it stands; the message says what to fix."""


class AlreadyPublished(PublishError):
    """The document is published with exactly these events: publishing again would record nothing new."""


def grade_value(text: str | None) -> str | None:
    """A grade in either spelling ('requires improvement', as stored extractions have it) as the model stores it."""
    if not text:
        return None
    try:
        return Grade(text).value
    except ValueError:
        return None


def judgements_for(framework: str, raw: Mapping[str, Field[Grade] | Grade | str]) -> dict[str, str]:
    """The framework's areas that were read, as area → grade; areas the framework lacks are dropped."""
    known = framework_for(framework)
    result = {}
    for key, read in raw.items():
        grade = grade_value(read.found_value if isinstance(read, Field) else read)
        if grade and known and known.area(key):
            result[key] = grade
    return result


def triggering_inspection(authority: Authority, before: dt.date) -> Event | None:
    """The latest inspection before a monitoring visit: the one that judged the authority inadequate."""
    return (
        Event.objects.filter(authority=authority, kind=EventKind.INSPECTION, start_date__lt=before)
        .order_by("-start_date")
        .first()
    )


def events_from_extraction(
    document: Document, authority: Authority | None = None, *, strict: bool = True
) -> list[EventData]:
    """What publishing this document as extracted would store (the review form starts from this).

    With strict=False a missing authority or start date is left empty for the reviewer to fill in,
    instead of raising PublishError.
    """
    parsed = document.parsed
    if parsed is None:
        raise PublishError("This document has not been read.")
    authority = authority or document.authority
    if authority is None and strict:
        raise PublishError("Choose the authority this document is about.")
    kind, framework = KIND_MAP[document.doc_kind]
    family = parsed.family

    def read(form_field: str) -> Any:
        # The family's table says which of the parse's values is the event's start, end and publication date.
        source = family.source(form_field)
        return parsed.value(source) if source else None

    start: dt.date | None = read("start_date")
    if start is None and strict:
        raise PublishError("The start date could not be read: enter it before publishing.")
    recommendations = tuple(
        RecommendationData(text=r.text, timescale=r.timescale or "") for r in parsed.recommendations
    ) + tuple(
        RecommendationData(text=r.text, timescale=r.timescale or "", for_lscb=True) for r in parsed.lscb_recommendations
    )
    main = EventData(
        authority=authority,  # type: ignore[arg-type]  # None only when not strict
        kind=kind,
        start_date=start,  # type: ignore[arg-type]  # None only when not strict
        end_date=read("end_date"),
        published_date=read("published_date") or document.publication_date_given,
        framework=framework,
        inspection_type=parsed.ilacs_type.found_value or "" if kind is EventKind.INSPECTION else "",
        sequence_number=parsed.visit_number.found_value,
        triggered_by=triggering_inspection(authority, start)
        if kind is EventKind.MONITORING_VISIT and authority and start
        else None,
        lead_inspector=parsed.lead_inspector.found_value,
        inspectors=tuple(parsed.inspectors.found_value or ()),
        judgements=judgements_for(framework, parsed.judgements) if framework else {},
        recommendations=recommendations,
        title=parsed.committee.found_value or "",
        focus=parsed.focus_text.found_value or "",
        themes=tuple(parsed.areas.found_value or ()),
        findings=tuple(parsed.findings),
        priority_actions=parsed.priority_actions.found_value,
        provenance=Provenance.PARSED,
        source_document=document,
    )
    if authority is None:
        return [main, *_reported_events(document, parsed)]
    return [main, *_reported_events(document, parsed), *_interventions(document, parsed, authority)]


def _reported_events(document: Document, parsed: ParsedDocument) -> list[EventData]:
    """Ofsted events a committee report describes, for the authorities it names and we know."""
    events = []
    for reported in parsed.reported_events:
        authority = Authority.objects.named_by(reported.la_code, reported.urn)
        start = reported.inspection_start
        if authority is None or start is None or reported.doc_kind not in KIND_MAP:
            continue
        kind, framework = KIND_MAP[reported.doc_kind]
        events.append(
            EventData(
                authority=authority,
                kind=kind,
                framework=framework,
                start_date=start,
                end_date=reported.inspection_end,
                published_date=reported.publication_date,
                sequence_number=reported.visit_number,
                judgements=judgements_for(framework, reported.judgements) if framework else {},
                provenance=Provenance.PARSED,
                source_document=document,
            )
        )
    return events


def _interventions(document: Document, parsed: ParsedDocument, authority: Authority) -> list[EventData]:
    events = []
    for item in parsed.interventions:
        kind = INTERVENTION_KINDS.get(item.kind)
        if kind and item.date:
            events.append(
                EventData(
                    authority=authority,
                    kind=kind,
                    start_date=item.date,
                    provenance=Provenance.PARSED,
                    source_document=document,
                )
            )
    return events


def _supersede_earlier_source(document: Document, data: EventData) -> None:
    """An event re-published from another document: that document's version is superseded, kept with history."""
    Document.objects.filter(
        status=DocumentStatus.PUBLISHED,
        events__authority=data.authority,
        events__kind=data.kind,
        events__start_date=data.start_date,
    ).exclude(pk=document.pk).update(status=DocumentStatus.SUPERSEDED)


def publication_reason(document: Document, reviewer: Any) -> str:
    """The audit trail's reason for changes made by publishing `document`."""
    by = f"reviewed by {reviewer.get_username()}" if reviewer is not None else "without review (bulk import)"
    return f"Published from document {document.pk} ({document.original_name}) {by}"


@transaction.atomic
def publish(document: Document, events: list[EventData], reviewer: Any = None) -> list[Event]:
    """Store the reviewed events and mark the document published, recording who reviewed it."""
    if document.status not in {DocumentStatus.NEEDS_REVIEW, DocumentStatus.PUBLISHED}:
        raise PublishError(f"A document that is “{document.get_status_display()}” cannot be published.")
    # Review screen (issue 15.12): publishing what is already published writes no history and keeps the reviewer.
    values = {"events": snapshot(events)}
    if document.status == DocumentStatus.PUBLISHED and document.published_values == values:
        raise AlreadyPublished("This document is already published with these values: nothing was changed.")
    stored = []
    reviewer = reviewer if reviewer is not None and reviewer.is_authenticated else None
    # Every change this makes is attributed to the reviewer (none for an unreviewed bulk import), with why.
    with attributed(reviewer, publication_reason(document, reviewer)):
        for data in events:
            _supersede_earlier_source(document, data)
            # The same inspection held from the official statistics under another start date: one event, not two.
            merge_target(data)
            event, _ = upsert_event(data)
            reconcile(event)
            stored.append(event)
        document.status = DocumentStatus.PUBLISHED
        document.published_at = timezone.now()
        document.reviewed_by = reviewer
        document.authority = events[0].authority if events else document.authority
        document.published_values = values
        document.save(update_fields=["status", "published_at", "reviewed_by", "authority", "published_values"])
        events_published.send(sender=Document, events=stored)  # theme tags it adds share the attribution
    logger.info("Published document %s as %d events", document.pk, len(stored))
    return stored
