"""From a reviewed extraction to published events: the one path the review screen and bulk import share."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from authorities.models import Authority
from config.audit import attributed

from .extraction import as_date, value
from .frameworks import FrameworkCode, Grade, framework_for
from .models import Document, DocumentStatus, Event, EventKind, Provenance
from .official import merge_target, reconcile
from .review import snapshot
from .services import EventData, RecommendationData, upsert_event
from .signals import events_published

logger = logging.getLogger(__name__)

# Parser document kinds → (event kind, framework).
KIND_MAP: dict[str, tuple[EventKind, str]] = {
    "sif_inspection": (EventKind.INSPECTION, FrameworkCode.SIF),
    "ilacs_inspection": (EventKind.INSPECTION, FrameworkCode.ILACS),
    "ilacs_2026_inspection": (EventKind.INSPECTION, FrameworkCode.ILACS_2026),
    "looked_after_inspection": (EventKind.INSPECTION, FrameworkCode.LOOKED_AFTER),
    "safeguarding_lac_inspection": (EventKind.INSPECTION, FrameworkCode.SAFEGUARDING_LAC),
    "lscb_review": (EventKind.LSCB_REVIEW, FrameworkCode.SIF),
    "monitoring_visit": (EventKind.MONITORING_VISIT, ""),
    "focused_visit": (EventKind.FOCUSED_VISIT, ""),
    "jtai": (EventKind.JTAI, ""),
    "committee_report": (EventKind.COMMITTEE_REPORT, ""),
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


def judgements_for(framework: str, raw: dict[str, Any]) -> dict[str, str]:
    """The framework's areas that were read, as area → grade; areas the framework lacks are dropped."""
    known = framework_for(framework)
    result = {}
    for key, field in raw.items():
        grade = grade_value(field.get("value") if isinstance(field, dict) else field)
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
    extracted = document.extracted
    authority = authority or document.authority
    if authority is None and strict:
        raise PublishError("Choose the authority this document is about.")
    kind, framework = KIND_MAP[document.doc_kind]
    visit = kind in {EventKind.MONITORING_VISIT, EventKind.FOCUSED_VISIT, EventKind.JTAI}
    start = as_date(value(extracted, "visit_start" if visit else "inspection_start"))
    if kind is EventKind.COMMITTEE_REPORT:
        start = as_date(value(extracted, "meeting_date"))
    if start is None and strict:
        raise PublishError("The start date could not be read: enter it before publishing.")
    published = (
        as_date(value(extracted, "publication_date"))
        or as_date(value(extracted, "letter_date"))
        or document.publication_date_given
    )
    recommendations = tuple(
        RecommendationData(text=r["text"], timescale=r.get("timescale") or "")
        for r in extracted.get("recommendations", [])
    ) + tuple(
        RecommendationData(text=r["text"], timescale=r.get("timescale") or "", for_lscb=True)
        for r in extracted.get("lscb_recommendations", [])
    )
    number = value(extracted, "visit_number")
    main = EventData(
        authority=authority,  # type: ignore[arg-type]  # None only when not strict
        kind=kind,
        start_date=start,  # type: ignore[arg-type]
        end_date=as_date(value(extracted, "visit_end" if visit else "inspection_end")),
        published_date=published,
        framework=framework,
        inspection_type=value(extracted, "ilacs_type") or "" if kind is EventKind.INSPECTION else "",
        sequence_number=number,
        triggered_by=triggering_inspection(authority, start)
        if kind is EventKind.MONITORING_VISIT and authority and start
        else None,
        lead_inspector=value(extracted, "lead_inspector"),
        inspectors=tuple(value(extracted, "inspectors") or ()),
        judgements=judgements_for(framework, extracted.get("judgements", {})) if framework else {},
        recommendations=recommendations,
        title=value(extracted, "committee") or "",
        focus=value(extracted, "focus_text") or "",
        themes=tuple(value(extracted, "areas") or ()),
        findings=tuple(extracted.get("findings", ())),
        priority_actions=value(extracted, "priority_actions"),
        provenance=Provenance.PARSED,
        source_document=document,
    )
    if authority is None:
        return [main, *_reported_events(document)]
    return [main, *_reported_events(document), *_interventions(document, authority)]


def _reported_events(document: Document) -> list[EventData]:
    """Ofsted events a committee report describes, for the authorities it names and we know."""
    events = []
    for reported in document.extracted.get("reported_events", []):
        authority = Authority.objects.named_by(reported.get("la_code"), reported.get("urn"))
        start = as_date(reported.get("inspection_start"))
        if authority is None or start is None or reported.get("doc_kind") not in KIND_MAP:
            continue
        kind, framework = KIND_MAP[reported["doc_kind"]]
        events.append(
            EventData(
                authority=authority,
                kind=kind,
                framework=framework,
                start_date=start,
                end_date=as_date(reported.get("inspection_end")),
                published_date=as_date(reported.get("publication_date")),
                sequence_number=reported.get("visit_number"),
                judgements=judgements_for(framework, reported.get("judgements", {})) if framework else {},
                provenance=Provenance.PARSED,
                source_document=document,
            )
        )
    return events


def _interventions(document: Document, authority: Authority) -> list[EventData]:
    events = []
    for item in document.extracted.get("interventions", []):
        kind = INTERVENTION_KINDS.get(item.get("kind", ""))
        date = as_date(item.get("date"))
        if kind and date:
            events.append(
                EventData(
                    authority=authority,
                    kind=kind,
                    start_date=date,
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
