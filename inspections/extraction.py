"""Store a ParsedDocument as JSON on the Document row, and read it back for review.

The JSON keeps every field's value, state, confidence and source (page and
passage), so the review screen can show where each value came from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from .parsing import Field, ParsedDocument


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, Field):
        return field_to_json(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "value") and not isinstance(value, str | int | float | bool):  # enums
        return value.value
    return value


def field_to_json(field: Field[Any]) -> dict[str, Any]:
    return {
        "value": _plain(field.value),
        "state": str(field.state),
        "confidence": round(field.confidence, 3),
        "page": field.source.page if field.source else None,
        "passage": field.source.passage if field.source else None,
    }


def parsed_to_json(parsed: ParsedDocument) -> dict[str, Any]:
    """Every attribute of the parse, JSON-ready."""
    return {f.name: _plain(getattr(parsed, f.name)) for f in dataclasses.fields(parsed)}


def value(extracted: dict[str, Any], name: str) -> Any:
    """The value of a stored field when it was found, else None."""
    field = extracted.get(name) or {}
    return field.get("value") if field.get("state") == "found" else None


def as_date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def changes(before: dict[str, Any], after: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, old value, new value) for every found value that differs between two extractions."""

    def flat(extracted: dict[str, Any]) -> dict[str, Any]:
        result = {}
        for name, item in extracted.items():
            if isinstance(item, dict) and "state" in item:
                result[name] = item.get("value") if item.get("state") == "found" else None
            elif name == "judgements":
                for area, field in item.items():
                    result[f"judgement: {area}"] = field.get("value") if field.get("state") == "found" else None
            elif name in {"recommendations", "lscb_recommendations"}:
                result[f"{name} (count)"] = len(item)
        return result

    old, new = flat(before), flat(after)
    return [
        (key, old.get(key), new.get(key)) for key in sorted(old.keys() | new.keys()) if old.get(key) != new.get(key)
    ]
