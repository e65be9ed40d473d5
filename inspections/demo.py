"""Demonstration history: hand-checked facts of real inspections, so a fresh install has something to show.

Parsed and published reports replace these events: both go through `upsert_event`,
keyed on authority, kind and start date.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.db import transaction

from authorities.models import Authority

from .models import Event, EventKind, Provenance
from .services import EventData, upsert_event

DEMO_HISTORY = Path(__file__).resolve().parent / "data" / "demo_history.json"

FOCUS_LABELS = {
    "front_door": "The front door: contacts and referrals",
    "children_in_need_and_protection": "Children in need and subject to child protection plans",
    "extra_familial_risk": "Children at risk from outside the family, including exploitation",
    "children_in_care": "Children in care",
    "permanence": "Planning for permanence",
    "care_leavers": "Care leavers",
    "disabled_children": "Disabled children",
    "covid_arrangements": "Arrangements during the COVID-19 pandemic",
}


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@transaction.atomic
def load_demo_history(path: Path = DEMO_HISTORY) -> int:
    """Store every demo event (idempotent); return how many there are."""
    rows: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["events"]
    authorities = {a.urn: a for a in Authority.objects.exclude(urn=None)}
    # Inspections first, so monitoring visits can point at the inspection that triggered them.
    rows.sort(key=lambda r: (r["kind"] != "inspection", r["start_date"]))
    for row in rows:
        authority = authorities[row["urn"]]
        triggered_by = None
        if row.get("triggered_by"):
            triggered_by = Event.objects.get(
                authority=authority, kind=EventKind.INSPECTION, start_date=dt.date.fromisoformat(row["triggered_by"])
            )
        upsert_event(
            EventData(
                authority=authority,
                kind=EventKind(row["kind"]),
                start_date=dt.date.fromisoformat(row["start_date"]),
                end_date=_date(row.get("end_date")),
                published_date=_date(row.get("published_date")),
                framework=row.get("framework", ""),
                inspection_type=row.get("inspection_type", ""),
                sequence_number=row.get("sequence_number"),
                triggered_by=triggered_by,
                lead_inspector=row.get("lead_inspector"),
                inspectors=tuple(row.get("inspectors", ())),
                judgements=row.get("judgements", {}),
                focus=FOCUS_LABELS.get(row.get("focus_theme") or "", ""),
                themes=tuple(row.get("themes", ())),
                priority_actions=row.get("priority_actions"),
                provenance=Provenance.DEMO,
            )
        )
    return len(rows)
