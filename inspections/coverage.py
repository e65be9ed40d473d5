"""What the record covers, said beside "No record held": the sources its events come from (one query)."""

from __future__ import annotations

from django.db.models import Count

from .models import Event, Provenance


def record_coverage() -> str:
    """E.g. "This record holds 52 events: 40 demonstration data (hand-checked facts); 12 parsed from a document
    and reviewed." A source without events is not named, so the sentence stays true as sources are added."""
    counts = Event.objects.order_by().values_list("provenance").annotate(n=Count("pk"))
    held = sorted(((n, provenance) for provenance, n in counts if n), reverse=True)
    if not held:
        return "This record holds no inspections or visits yet: it covers what is published or imported here."
    labels = dict(Provenance.choices)
    total = sum(n for n, _ in held)
    parts = "; ".join(f"{n} {str(labels.get(p, p)).lower()}" for n, p in held)
    return (
        f"This record holds {total} event{'s' if total != 1 else ''} from these sources: {parts}. "
        "An authority or judgement they do not cover has no record held, which does not mean it was not inspected."
    )
