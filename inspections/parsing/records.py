"""Flatten a ParsedDocument into the one-line JSON record the corpus scorer reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .types import Field, Grade, ParsedDocument, ReportedEvent


def _value(field: Field[Any]) -> Any:
    value = field.value if field.is_found else None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _words(grade: str) -> str:
    """A grade as the scoring files write it ("requires improvement")."""
    try:
        return Grade(grade).words
    except ValueError:
        return grade


def _reported(event: ReportedEvent) -> dict[str, Any]:
    return {
        "urn": event.urn,
        "la_name": event.la_name,
        "doc_kind": event.doc_kind,
        "inspection_start": _date(event.inspection_start),
        "inspection_end": _date(event.inspection_end),
        "publication_date": _date(event.publication_date),
        "judgements": {k: _words(v) for k, v in event.judgements.items()},
        "visit_number": event.visit_number,
    }


# Record keys that are not one Field's found value.
_COMPUTED: dict[str, Callable[[ParsedDocument], Any]] = {
    "judgements": lambda parsed: {k: _words(str(f.value)) for k, f in parsed.judgements.items() if f.is_found},
    "recommendations_count": lambda parsed: len(parsed.recommendations),
    "inspectors": lambda parsed: _value(parsed.inspectors) or [],
    "areas": lambda parsed: _value(parsed.areas) or [],
    "authorities": lambda parsed: [_reported(event) for event in parsed.reported_events],
}


def to_record(parsed: ParsedDocument, file: str) -> dict[str, Any]:
    """The keys defined in the corpus README for this document's kind (its family's `record`)."""
    record: dict[str, Any] = {
        "file": file,
        "doc_kind": str(parsed.doc_kind),
        "urn": _value(parsed.urn),
        "la_name": _value(parsed.la_name),
    }
    for key in parsed.family.record:
        compute = _COMPUTED.get(key)
        record[key] = compute(parsed) if compute else _value(parsed.field_named(key))
    return record
