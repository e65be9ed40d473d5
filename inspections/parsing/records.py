"""Flatten a ParsedDocument into the one-line JSON record the corpus scorer reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .types import DocKind, Field, ParsedDocument

_INSPECTION_KINDS = {
    DocKind.SIF_INSPECTION,
    DocKind.ILACS_INSPECTION,
    DocKind.ILACS_2026_INSPECTION,
    DocKind.LOOKED_AFTER_INSPECTION,
    DocKind.SAFEGUARDING_LAC_INSPECTION,
    DocKind.LSCB_REVIEW,
}


def _value(field: Field[Any]) -> Any:
    value = field.value if field.is_found else None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def to_record(parsed: ParsedDocument, file: str) -> dict[str, Any]:
    """The keys defined in the corpus README for this document's kind."""
    record: dict[str, Any] = {
        "file": file,
        "doc_kind": str(parsed.doc_kind),
        "urn": _value(parsed.urn),
        "la_name": _value(parsed.la_name),
    }
    kind = parsed.doc_kind
    if kind in _INSPECTION_KINDS:
        record |= {
            "ilacs_type": _value(parsed.ilacs_type),
            "inspection_start": _value(parsed.inspection_start),
            "inspection_end": _value(parsed.inspection_end),
            "publication_date": _value(parsed.publication_date),
            "lead_inspector": _value(parsed.lead_inspector),
            "judgements": {k: f.value for k, f in parsed.judgements.items() if f.is_found},
            "recommendations_count": len(parsed.recommendations),
        }
    elif kind in {DocKind.MONITORING_VISIT, DocKind.FOCUSED_VISIT, DocKind.JTAI}:
        record |= {
            "visit_start": _value(parsed.visit_start),
            "visit_end": _value(parsed.visit_end),
            "letter_date": _value(parsed.letter_date),
            "inspectors": _value(parsed.inspectors) or [],
        }
        if kind is DocKind.MONITORING_VISIT:
            record |= {"visit_number": _value(parsed.visit_number), "areas": _value(parsed.areas) or []}
        elif kind is DocKind.FOCUSED_VISIT:
            record |= {
                "focus_theme": _value(parsed.focus_theme),
                "focus_text": _value(parsed.focus_text),
                "priority_actions": _value(parsed.priority_actions),
                "improvement_count": _value(parsed.improvement_count),
            }
        else:
            record["focus_text"] = _value(parsed.focus_text)
    elif kind is DocKind.COMMITTEE_REPORT:
        record |= {
            "meeting_date": _value(parsed.meeting_date),
            "committee": _value(parsed.committee),
            "authorities": [
                {
                    "urn": event.urn,
                    "la_name": event.la_name,
                    "doc_kind": event.doc_kind,
                    "inspection_start": _date(event.inspection_start),
                    "inspection_end": _date(event.inspection_end),
                    "publication_date": _date(event.publication_date),
                    "judgements": dict(event.judgements),
                    "visit_number": event.visit_number,
                }
                for event in parsed.reported_events
            ],
        }
    return record
