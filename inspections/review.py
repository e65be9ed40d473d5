"""What the review screen asks about each kind of document, and what the parser said about each value.

Which fields a kind of document has is its family's table (inspections/parsing/families.py), which publishing
reads too. The parser marks a field it did not look for as NOT_APPLICABLE, but a kind that has the field must
never be shown "Not in this kind of report" for it (a SIF report names its team even when a parser version did
not read it). So a field the table gives a kind is asked, and is "could not be read" unless the parser found it;
a field it does not give is not shown at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from .models import Document
from .parsing import DocKind, FieldState, families
from .parsing.families import Family


def family_for(doc_kind: str) -> Family:
    """The family whose table the review of a kind of document reads (an unknown kind is asked as an inspection)."""
    try:
        family = DocKind(doc_kind).family
    except ValueError:
        family = None
    return family or families.INSPECTION_2009


@dataclass(frozen=True)
class Reading:
    """What the parser said about the value behind one review form field."""

    state: FieldState  # FOUND or MISSING: a field the form asks is never "not applicable"
    confidence: float = 0.0
    page: int | None = None
    passage: str | None = None
    counted: bool = False  # a list (recommendations): the passage says how many items were read


def sources(document: Document, field_names: list[str]) -> dict[str, Reading]:
    """Form field name → what the parser said about it, from the family's table of where each field is read."""
    parsed = document.parsed
    if parsed is None:
        return {}
    family = parsed.family
    result: dict[str, Reading] = {}
    for name in field_names:
        if name.startswith("judgement_"):
            field = parsed.judgements.get(name.removeprefix("judgement_"))
        elif name == "recommendations":
            recs = parsed.recommendations
            result[name] = Reading(
                state=FieldState.FOUND if recs else FieldState.MISSING,
                page=recs[0].page if recs else None,
                passage=f"{len(recs)} item{'s' if len(recs) != 1 else ''} read" if recs else None,
                counted=True,
            )
            continue
        else:
            source = family.source(name)
            if source is None:
                continue
            field = parsed.field_named(source)
        if field is None or not field.is_found:
            result[name] = Reading(FieldState.MISSING)
        else:
            page, passage = (field.source.page, field.source.passage) if field.source else (None, None)
            result[name] = Reading(FieldState.FOUND, field.confidence, page, passage)
    return result


def found_fields(document: Document) -> set[str]:
    """The review form fields whose value the parser read."""
    parsed = document.parsed
    if parsed is None:
        return set()
    asked = [name for name in family_for(document.doc_kind).fields if name != "judgements"]
    names = ["authority", *asked, *(f"judgement_{area}" for area in parsed.judgements)]
    return {name for name, item in sources(document, names).items() if item.state is FieldState.FOUND}


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
