"""The audit trail: who changed a published record, when, why, and each field before and after.

Models keep their history with `history = AuditedHistory()` (django-simple-history). In a request the user
comes from HistoryRequestMiddleware; code that changes things outside a request (publishing from the review
screen, bulk import, the worker) says who and why with `attributed(user, reason)`.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import ForeignObjectRel
from simple_history.models import HistoricalRecords

_attribution: contextvars.ContextVar[tuple[Any, str] | None] = contextvars.ContextVar("audit_attribution", default=None)

# Bookkeeping fields that change on every save and say nothing to a reader.
IGNORED_FIELDS = frozenset({"id", "created_at", "updated_at", "created"})
# What a created or deleted record said, shown as its "after" or "before": the first of these fields it has.
HEADLINE_FIELDS = ("grade", "text", "description", "note")
KIND_LABELS = {"+": "Created", "~": "Changed", "-": "Deleted"}
# Rows an entry's subject names, fetched with the history in the same query.
SUBJECT_RELATIONS = {"inspections.eventinspector": ("inspector",)}


@contextmanager
def attributed(user: Any, reason: str) -> Iterator[None]:
    """Record `user` (None for no one) and `reason` on every history entry written inside the block."""
    token = _attribution.set((user if user is not None and user.is_authenticated else None, reason))
    try:
        yield
    finally:
        _attribution.reset(token)


class AuditedHistory(HistoricalRecords):
    """HistoricalRecords that also takes the user and reason from `attributed`, with a reason of any length."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("history_change_reason_field", models.TextField(null=True))
        super().__init__(**kwargs)

    def get_history_user(self, instance: models.Model) -> Any:
        attribution = _attribution.get()
        if attribution is not None and not hasattr(instance, "_history_user"):
            return attribution[0]
        return super().get_history_user(instance)

    def get_change_reason_for_object(self, instance: models.Model, history_type: str, using: Any) -> str | None:
        reason = super().get_change_reason_for_object(instance, history_type, using)
        attribution = _attribution.get()
        return reason if reason or attribution is None else attribution[1]


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Entry:
    when: Any
    user: Any
    kind: str
    subject: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(model_field: models.Field, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _subject(record: Any) -> str:
    """What a record is about, without touching related rows (no query per entry)."""
    model = record.instance_type
    if model._meta.label_lower == "inspections.judgement":
        return f"Judgement: {record.area.replace('_', ' ').capitalize()}"
    if model._meta.label_lower == "inspections.recommendation":
        return f"Recommendation {record.order}{' (safeguarding board)' if record.for_lscb else ''}"
    if model._meta.label_lower == "inspections.eventinspector":
        return f"{record.get_role_display()}: {record.inspector.name}"
    name = str(model._meta.verbose_name)
    return name[:1].upper() + name[1:]


def _entries(records: list[Any]) -> list[Entry]:
    """Entries for records of one model, newest first, each compared with the same object's previous record."""
    previous: dict[Any, Any] = {}
    entries = []
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        changes = []
        tracked = {f.name: f for f in record.instance_type._meta.fields}
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before, excluded_fields=IGNORED_FIELDS)
            changes = [
                Change(
                    str(tracked[c.field].verbose_name).capitalize(),
                    _display(tracked[c.field], c.old),
                    _display(tracked[c.field], c.new),
                )
                for c in delta.changes
                if c.field in tracked
            ]
            if not changes and not record.history_change_reason:
                previous[record.id] = record
                continue  # a save that changed nothing a reader sees
        elif record.history_type in {"+", "-"} and (headline := next((f for f in HEADLINE_FIELDS if f in tracked), "")):
            label = str(tracked[headline].verbose_name).capitalize()
            said = _display(tracked[headline], getattr(record, headline))
            changes = [Change(label, "—", said) if record.history_type == "+" else Change(label, said, "—")]
        previous[record.id] = record
        entries.append(
            Entry(
                when=record.history_date,
                user=record.history_user,
                kind=KIND_LABELS.get(record.history_type, record.history_type),
                subject=_subject(record),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    return entries


def history_of(obj: models.Model, related: tuple[str, ...] = (), limit: int = 50) -> list[Entry]:
    """The newest `limit` history entries of `obj` and of its related records named in `related` (reverse
    foreign keys such as "judgements"), including deleted ones. One query per model, whatever the length."""
    sources: list[tuple[type[models.Model], dict[str, Any]]] = [(type(obj), {"id": obj.pk})]
    for name in related:
        relation = obj._meta.get_field(name)
        assert isinstance(relation, ForeignObjectRel), f"{name} is not a reverse relation"
        sources.append((relation.related_model, {relation.field.attname: obj.pk}))
    entries: list[Entry] = []
    for model, lookup in sources:
        history = getattr(model, "history", None)
        if history is None:
            continue
        # One record beyond the limit gives the oldest shown change something to compare with, usually.
        joined = ("history_user", *SUBJECT_RELATIONS.get(model._meta.label_lower, ()))
        records = list(history.filter(**lookup).select_related(*joined).order_by("-history_date")[: limit + 1])
        entries.extend(_entries(records))
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
