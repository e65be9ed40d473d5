"""What the review screen asks about each kind of document, and what the parser said about each value.

Which fields a kind of document has is decided here, once, by family: the parser marks a field it did not look
for as NOT_APPLICABLE, but a kind that has the field must never be shown "Not in this kind of report" for it
(a SIF report names its team even when a parser version did not read it). So a field this table gives a kind
is asked, and is "could not be read" unless the parser found it; a field it does not give is not shown at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from .models import Document

# The main event's form fields by family of document (the authority is always asked).
_INSPECTION = frozenset({"start_date", "end_date", "published_date", "lead_inspector", "judgements", "recommendations"})
# Letters name their inspectors without a lead, and a monitoring letter makes no recommendations.
_VISIT = frozenset({"start_date", "end_date", "published_date", "inspectors"})

FIELDS_BY_KIND: dict[str, frozenset[str]] = {
    "sif_inspection": _INSPECTION | {"inspectors"},  # the deputy lead and team are named near the end
    "ilacs_inspection": _INSPECTION | {"inspection_type"},
    "ilacs_2026_inspection": _INSPECTION | {"inspection_type"},
    "looked_after_inspection": _INSPECTION,
    "safeguarding_lac_inspection": _INSPECTION,
    "lscb_review": _INSPECTION,
    "monitoring_visit": _VISIT | {"sequence_number", "themes"},
    "focused_visit": _VISIT | {"focus", "recommendations"},
    "jtai": _VISIT | {"focus", "recommendations"},
    # A committee report is a meeting: its date is the event's, and it has no inspectors or publication.
    "committee_report": frozenset({"start_date"}),
}

# Judgement areas a kind grades, where it is not every area of its framework.
AREAS_BY_KIND: dict[str, frozenset[str]] = {"lscb_review": frozenset({"lscb"})}

_VISITS = {"monitoring_visit", "focused_visit", "jtai"}


def fields_for(doc_kind: str) -> frozenset[str]:
    return FIELDS_BY_KIND.get(doc_kind, _INSPECTION)


def source_key(doc_kind: str, field: str) -> str | None:
    """The parser's name for the value behind a review form field."""
    visit = doc_kind in _VISITS
    if field == "start_date":
        return "meeting_date" if doc_kind == "committee_report" else "visit_start" if visit else "inspection_start"
    return {
        "authority": "la_name",
        "end_date": "visit_end" if visit else "inspection_end",
        "published_date": "letter_date" if visit else "publication_date",
        "lead_inspector": "lead_inspector",
        "inspectors": "inspectors",
        "inspection_type": "ilacs_type",
        "sequence_number": "visit_number",
        "focus": "focus_text",
        "themes": "areas",
    }.get(field)


def sources(document: Document, field_names: list[str]) -> dict[str, dict[str, Any]]:
    """Form field name → what the parser said about it: state ("found" or "missing"), confidence, page, passage.

    A field the form asks is never "not_applicable" here: the form asks only what the kind has.
    """
    extracted = document.extracted
    result: dict[str, dict[str, Any]] = {}
    for name in field_names:
        if name.startswith("judgement_"):
            item = extracted.get("judgements", {}).get(name.removeprefix("judgement_")) or {}
        elif name == "recommendations":
            recs = extracted.get("recommendations", [])
            item = {
                "state": "found" if recs else "missing",
                "page": recs[0].get("page") if recs else None,
                "passage": f"{len(recs)} item{'s' if len(recs) != 1 else ''} read" if recs else None,
                "counted": True,
            }
        else:
            key = source_key(document.doc_kind, name)
            if key is None:
                continue
            item = extracted.get(key) or {}
        item = dict(item)
        if item.get("state") != "found":
            item["state"] = "missing"
        result[name] = item
    return result


def found_fields(document: Document) -> set[str]:
    """The review form fields whose value the parser read."""
    names = [
        "authority",
        "start_date",
        "end_date",
        "published_date",
        "lead_inspector",
        "inspectors",
        "inspection_type",
        "sequence_number",
        "focus",
        "themes",
        "recommendations",
        *(f"judgement_{area}" for area in document.extracted.get("judgements", {})),
    ]
    return {name for name, item in sources(document, names).items() if item["state"] == "found"}


def snapshot(events: list[Any]) -> list[dict[str, Any]]:
    """Events as plain data (models by primary key), to tell whether publishing again would change anything."""
    return [_plain(event) for event in events]


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return {f.name: _plain(getattr(value, f.name)) for f in fields if f.name != "source_document"}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if k != "source_document"}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value
