"""Reading a document's stored extraction back: what changed between two readings.

What is stored on a Document row is ParsedDocument.to_json(); `Document.parsed` reads it back with from_json, so
every reader works on the typed result, whatever parser version stored it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from .parsing import Field, Grade, ParsedDocument


def _shown(value: Any) -> Any:
    """A value as the changes table shows it: as stored (dates ISO, lists, grades in words)."""
    if isinstance(value, Grade):
        return value.words
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _flat(parsed: ParsedDocument) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for item in dataclasses.fields(ParsedDocument):
        found = getattr(parsed, item.name)
        if isinstance(found, Field):
            result[item.name] = _shown(found.found_value)
    for area, field in parsed.judgements.items():
        result[f"judgement: {area}"] = _shown(field.found_value)
    result["recommendations (count)"] = len(parsed.recommendations)
    result["lscb_recommendations (count)"] = len(parsed.lscb_recommendations)
    return result


def changes(before: ParsedDocument, after: ParsedDocument) -> list[tuple[str, Any, Any]]:
    """(field, old value, new value) for every found value that differs between two extractions."""
    old, new = _flat(before), _flat(after)
    return [
        (key, old.get(key), new.get(key)) for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)
    ]
