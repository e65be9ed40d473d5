"""Store a ParsedDocument as JSON on the Document row, and read it back for review.

The JSON keeps every field's value, state, confidence and source (page and
passage), so the review screen can show where each value came from.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .parsing import ParsedDocument


def parsed_to_json(parsed: ParsedDocument) -> dict[str, Any]:
    """Every attribute of the parse, JSON-ready."""
    return parsed.to_json()


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
