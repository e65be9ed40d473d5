"""Ofsted's official statistics in the database: one event per real inspection, whatever told us of it.

A release's facts (`official_reading`) are grouped into inspections (the same inspection appears in several
releases and sheets), each matched to the event already held for it (from the demo history, a published report
or an earlier import) or stored as a new one through `services.upsert_event`, the path every writer shares.
Each fact is kept as an `OfficialRecord` (release, sheet, row) on its event. An event a person reviewed (a
published report, the hand-checked history, an entry by hand) is never overwritten by a release: where they
differ a `Disagreement` is recorded for an editor to settle. Publishing a report reconciles the same way
(`merge_target`, `reconcile`), after parsing: the parser never looks these records up.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from authorities.models import Authority
from config.audit import attributed

from .demo import FOCUS_LABELS
from .frameworks import Grade
from .models import ADEQUATE_ERA, Disagreement, Event, EventKind, OfficialRecord, Provenance
from .official_reading import Fact, Release
from .services import EventData, create_new_events, upsert_event

logger = logging.getLogger(__name__)

OFFICIAL_FACTS = Path(__file__).resolve().parent / "data" / "official_statistics.json"
IMPORT_REASON = "Imported from Ofsted official statistics"

# How far apart two sources' dates of one inspection may be and still be the same inspection.
# - Start dates: a release's "inspection date" is the first day on site, as a report's is; a week allows for
#   a source counting from the notification day. Visits of one kind are months apart, full inspections years.
SAME_START = dt.timedelta(days=7)
# - Publication dates: releases copy the report's date; two weeks allows for a report re-issued with a fix.
SAME_PUBLICATION = dt.timedelta(days=14)
# - Only a publication date against only a start date (releases before 2024 give no inspection dates): the
#   report came out after the inspection began, within 200 days (SIF reports took up to five months; the same
#   framework never inspected an authority twice within that time).
REPORT_DELAY = dt.timedelta(days=200)

# A focused visit's theme as the releases word it → the demo history's theme key, to compare like with like.
THEME_KEYS = {
    "front door": "front_door",
    "children in need/subject to a plan": "children_in_need_and_protection",
    "children in care": "children_in_care",
    "achieving permanence": "permanence",
    "care leavers": "care_leavers",
}
FOCUS_KEYS = {label: key for key, label in FOCUS_LABELS.items()}


def same_inspection(
    start: dt.date | None, published: dt.date | None, other_start: dt.date | None, other_published: dt.date | None
) -> bool:
    """Whether two accounts of one kind of inspection at one authority describe the same inspection."""
    if start and other_start:
        return abs(start - other_start) <= SAME_START
    if published and other_published:
        return abs(published - other_published) <= SAME_PUBLICATION
    if published and other_start:
        return dt.timedelta(0) <= published - other_start <= REPORT_DELAY
    if start and other_published:
        return dt.timedelta(0) <= other_published - start <= REPORT_DELAY
    return False


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@dataclass
class OfficialView:
    """What the official statistics say of one inspection, each value from the newest release that gives it."""

    start: dt.date | None = None
    published: dt.date | None = None
    inspection_type: str = ""
    theme: str = ""
    judgements: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # value name → citation

    @classmethod
    def of(cls, facts: Iterable[dict[str, Any]]) -> OfficialView:
        """From facts as stored (`Fact.as_json` plus "citation"), newest release first."""
        view = cls()
        for fact in sorted(facts, key=lambda f: f["as_at"], reverse=True):
            cite = fact["citation"]
            if fact.get("start_date") and view.start is None:
                view.start, view.sources["start_date"] = _date(fact["start_date"]), cite
            if fact.get("published_date") and view.published is None:
                view.published, view.sources["published_date"] = _date(fact["published_date"]), cite
            if fact.get("inspection_type") and not view.inspection_type:
                view.inspection_type, view.sources["inspection_type"] = fact["inspection_type"], cite
            if fact.get("theme") and not view.theme:
                view.theme, view.sources["focus"] = fact["theme"], cite
            for area, grade in (fact.get("judgements") or {}).items():
                if area not in view.judgements:
                    view.judgements[area] = grade
                    view.sources[f"judgement:{area}"] = cite
        return view


def stored_facts(fact: Fact) -> dict[str, Any]:
    return {**fact.as_json(), "citation": fact.citation}


@dataclass
class Inspection:
    """The facts of several releases that describe one real inspection or visit."""

    authority: Authority
    kind: str
    framework: str
    facts: list[Fact]
    _view: OfficialView | None = None

    def view(self) -> OfficialView:
        if self._view is None:
            self._view = OfficialView.of(stored_facts(f) for f in self.facts)
        return self._view

    def add(self, fact: Fact) -> None:
        self.facts.append(fact)
        self._view = None

    def accepts(self, fact: Fact) -> bool:
        view = self.view()
        return same_inspection(_date(fact.start_date), _date(fact.published_date), view.start, view.published)


def group_facts(facts: Sequence[Fact], authorities: dict[str, Authority]) -> list[Inspection]:
    """Facts grouped into inspections: same authority, kind and framework, and dates that match."""
    # Newest release first and dated rows first, so an inspection's dates come from the best-informed row.
    ordered = sorted(facts, key=lambda f: (f.as_at, f.start_date is not None), reverse=True)
    found: dict[tuple[str, str, str], list[Inspection]] = defaultdict(list)
    for fact in ordered:
        bucket = found[(fact.la_code, fact.kind, fact.framework)]
        match = next((i for i in bucket if i.accepts(fact)), None)
        if match is None:
            bucket.append(Inspection(authorities[fact.la_code], fact.kind, fact.framework, [fact]))
        else:
            match.add(fact)
    return [i for bucket in found.values() for i in bucket]


def _event_data(inspection: Inspection, view: OfficialView) -> EventData:
    visit_theme = view.theme
    return EventData(
        authority=inspection.authority,
        kind=EventKind(inspection.kind),
        start_date=view.start or view.published,  # type: ignore[arg-type]  # every fact has one or the other
        published_date=view.published,
        framework=inspection.framework,
        inspection_type=view.inspection_type if inspection.kind == EventKind.INSPECTION else "",
        judgements=view.judgements,
        focus=visit_theme if inspection.kind == EventKind.FOCUSED_VISIT else "",
        themes=(visit_theme,) if visit_theme and inspection.kind == EventKind.MONITORING_VISIT else (),
        provenance=Provenance.OFFICIAL,
    )


def _differs(event: Event, data: EventData, dated_by_publication: bool) -> bool:
    held = (
        event.start_date,
        event.published_date,
        event.framework,
        event.inspection_type,
        event.focus,
        list(event.themes),
        event.dated_by_publication,
        {j.area: j.grade for j in event.judgements.all()},
    )
    wanted = (
        data.start_date,
        data.published_date,
        data.framework,
        data.inspection_type,
        data.focus,
        list(data.themes),
        dated_by_publication,
        dict(data.judgements),
    )
    return held != wanted


def _move(event: Event, start: dt.date, dated_by_publication: bool) -> None:
    """Give an event its better-known start date (its key for `upsert_event`)."""
    if (event.start_date, event.dated_by_publication) != (start, dated_by_publication):
        event.start_date, event.dated_by_publication = start, dated_by_publication
        event.save(update_fields=["start_date", "dated_by_publication", "updated_at"])


def _describe_source(event: Event) -> str:
    if event.source_document is not None:  # no query when there is no source_document_id
        return f"Published report “{event.source_document.original_name}”"
    return str(event.get_provenance_display())


def _values(facts: dict[str, Any]) -> Iterable[tuple[str, Any]]:
    """The comparable values one official record gives."""
    for name in ("start_date", "published_date"):
        if facts.get(name):
            yield name, _date(facts[name])
    if facts.get("inspection_type"):
        yield "inspection_type", facts["inspection_type"]
    for area, grade in (facts.get("judgements") or {}).items():
        yield f"judgement:{area}", grade


def _raw(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def reconcile(event: Event, records: Sequence[OfficialRecord] | None = None) -> list[Disagreement]:
    """Record (once each) where sources of one inspection give different values: an earlier release against the
    newest one that gives the value (Ofsted revises its releases; the event takes the newest), and a value a
    person reviewed (a published report, the hand-checked history) against the official statistics, which never
    overwrite it."""
    records = list(event.official_records.all()) if records is None else records
    if not records:
        return []
    view = OfficialView.of(r.facts for r in records)
    newest = {
        "start_date": view.start,
        "published_date": view.published,
        "inspection_type": view.inspection_type,
        **{f"judgement:{area}": grade for area, grade in view.judgements.items()},
    }
    pairs: list[tuple[str, Any, Any, str]] = []  # value name, official (newest), other, the other's source
    for record in records:
        for name, value in _values(record.facts):
            if not _same(event, name, newest[name], value):
                pairs.append((name, newest[name], value, record.citation))
    if event.provenance != Provenance.OFFICIAL:
        recorded = _describe_source(event)
        grades = {j.area: j.grade for j in event.judgements.all()}
        held = {"published_date": event.published_date, "inspection_type": event.inspection_type}
        if not event.dated_by_publication:
            held["start_date"] = event.start_date
        held |= {f"judgement:{area}": grade for area, grade in grades.items()}
        for name, value in held.items():
            if value and newest.get(name) and not _same(event, name, newest[name], value):
                pairs.append((name, newest[name], value, recorded))
        official_theme = THEME_KEYS.get(view.theme.lower())
        recorded_theme = FOCUS_KEYS.get(event.focus)
        # Themes are compared only where both wordings are known ones, which differ ("Front door" and "The front
        # door: contacts and referrals" are one theme).
        known = event.kind == EventKind.FOCUSED_VISIT and official_theme and recorded_theme
        if known and official_theme != recorded_theme:
            pairs.append(("focus", view.theme, event.focus, recorded))
    found = []
    for name, official, other, source in pairs:
        disagreement, created = Disagreement.objects.get_or_create(
            event=event,
            field=name,
            official_value=_raw(official),
            recorded_value=_raw(other),
            defaults={"official_source": view.sources[name], "recorded_source": source},
        )
        if created:
            logger.info("Disagreement on %s: %s", event, name)
        found.append(disagreement)
    return found


def _same(event: Event | str, name: str, official: Any, other: Any) -> bool:
    """Whether two values agree; for 2009–13 frameworks "adequate" and the releases' "requires improvement"
    are one grade in two wordings."""
    if official == other:
        return True
    framework = event if isinstance(event, str) else event.framework
    later_words = {Grade.ADEQUATE, Grade.REQUIRES_IMPROVEMENT}
    return name.startswith("judgement:") and framework in ADEQUATE_ERA and {official, other} <= later_words


def _releases_differ(inspection: Inspection) -> bool:
    """Whether an earlier release gave this inspection a value a newer one changed (checked without queries)."""
    if len(inspection.facts) < 2:
        return False
    view = inspection.view()
    newest = {"start_date": view.start, "published_date": view.published, "inspection_type": view.inspection_type}
    newest |= {f"judgement:{area}": grade for area, grade in view.judgements.items()}
    return any(
        not _same(inspection.framework, name, newest[name], value)
        for fact in inspection.facts
        for name, value in _values(stored_facts(fact))
    )


def merge_target(data: EventData) -> Event | None:
    """The event already held for the inspection `data` describes, when its key (start date) differs: a report
    published after a release said the same inspection began on another day, or a release knew only its
    publication date. Publishing moves that event to the report's start date, so one inspection stays one event."""
    if data.kind not in {EventKind.INSPECTION, EventKind.FOCUSED_VISIT, EventKind.MONITORING_VISIT}:
        return None
    if Event.objects.filter(authority=data.authority, kind=data.kind, start_date=data.start_date).exists():
        return None
    candidates = Event.objects.filter(
        authority=data.authority, kind=data.kind, framework=data.framework, official_records__isnull=False
    ).distinct()
    for event in candidates:
        start = None if event.dated_by_publication else event.start_date
        if same_inspection(data.start_date, data.published_date, start, event.published_date):
            _move(event, data.start_date, False)
            return event
    return None


@dataclass
class ImportResult:
    facts: int = 0
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    matched: Counter[str] = field(default_factory=Counter)  # found already held from another source
    disagreements: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def kind_label(inspection: Inspection) -> str:
    from .frameworks import framework_for

    framework = framework_for(inspection.framework)
    if inspection.kind == EventKind.INSPECTION and framework:
        again = inspection.view().inspection_type == "re_inspection"
        return f"{framework.short_name} {'re-inspection' if again else 'inspection'}"
    return str(EventKind(inspection.kind).label)


@transaction.atomic
def store_facts(facts: Sequence[Fact]) -> ImportResult:
    """Store the facts of one or more releases (idempotent: a second run changes nothing)."""
    result = ImportResult(facts=len(facts))
    authorities = {a.la_code: a for a in Authority.objects.all()}
    inspections = group_facts(facts, authorities)
    held = defaultdict(list)
    for known in (
        Event.objects.filter(kind__in=[EventKind.INSPECTION, EventKind.FOCUSED_VISIT, EventKind.MONITORING_VISIT])
        .select_related("source_document")
        .prefetch_related("judgements")
    ):
        held[(known.authority_id, known.kind, known.framework)].append(known)
    by_id = {event.pk: event for events in held.values() for event in events}
    records = {(r.as_at, r.sheet, r.row, r.group): r for r in OfficialRecord.objects.all()}
    claimed: set[int] = set()
    new: list[tuple[Inspection, EventData, bool]] = []
    fresh: list[OfficialRecord] = []  # records to create, all at once
    to_reconcile: list[Event] = []
    with attributed(None, IMPORT_REASON):
        for inspection in inspections:
            event = _find(inspection, held, by_id, records, claimed)
            view = inspection.view()
            data = _event_data(inspection, view)
            by_publication = view.start is None
            label = kind_label(inspection)
            if event is None:
                new.append((inspection, data, by_publication))
                result.created[label] += 1
                continue
            if event.provenance == Provenance.OFFICIAL:
                if _differs(event, data, by_publication):
                    _move(event, data.start_date, by_publication)
                    event, _ = upsert_event(data)
                    result.updated[label] += 1
            else:
                result.matched[label] += 1
                if event.published_date is None and view.published:  # adds what the record lacked
                    event.published_date = view.published
                    event.save(update_fields=["published_date", "updated_at"])
                    result.updated[label] += 1
            claimed.add(event.pk)
            _keep_records(event, inspection.facts, records, fresh)
            if event.provenance != Provenance.OFFICIAL or _releases_differ(inspection):
                to_reconcile.append(event)
        created = create_new_events([(d, {"dated_by_publication": p}) for _, d, p in new], IMPORT_REASON)
        for event, (inspection, _, _) in zip(created, new, strict=True):
            _keep_records(event, inspection.facts, records, fresh)
            if _releases_differ(inspection):
                to_reconcile.append(event)
        OfficialRecord.objects.bulk_create(fresh)
        by_event = defaultdict(list)
        for record in records.values():
            by_event[record.event_id].append(record)
        found = {d.pk for event in to_reconcile for d in reconcile(event, by_event[event.pk])}
        result.disagreements = len(found)
    return result


def _find(
    inspection: Inspection,
    held: dict[tuple[Any, ...], list[Event]],
    by_id: dict[int, Event],
    records: dict[tuple[Any, ...], OfficialRecord],
    claimed: set[int],
) -> Event | None:
    for fact in inspection.facts:  # stored before: the event its records point at
        record = records.get((_date(fact.as_at), fact.sheet, fact.row, fact.group))
        if record is not None:
            return by_id.get(record.event_id) or record.event
    view = inspection.view()
    for event in held[(inspection.authority.pk, inspection.kind, inspection.framework)]:
        if event.pk in claimed:
            continue
        start = None if event.dated_by_publication else event.start_date
        if same_inspection(view.start, view.published, start, event.published_date):
            return event
    return None


def _keep_records(
    event: Event,
    facts: Iterable[Fact],
    records: dict[tuple[Any, ...], OfficialRecord],
    fresh: list[OfficialRecord],
) -> None:
    for fact in facts:
        key = (dt.date.fromisoformat(fact.as_at), fact.sheet, fact.row, fact.group)
        wanted = stored_facts(fact)
        record = records.get(key)
        if record is None:
            records[key] = OfficialRecord(
                event=event, as_at=key[0], sheet=fact.sheet, row=fact.row, group=fact.group, facts=wanted
            )
            fresh.append(records[key])
        elif record.event_id != event.pk or record.facts != wanted:
            record.event, record.facts = event, wanted
            record.save(update_fields=["event", "facts"])


def settle(disagreement: Disagreement, chosen: str, user: Any, note: str = "") -> None:
    """An editor's choice, applied to the event when it differs from what the event holds. An event the
    statistics alone described becomes one entered by hand, so a later import keeps the editor's value."""
    choice = Disagreement.Choice(chosen)
    reason = f"Settled the disagreement on {disagreement.field_label().lower()}: kept {choice.label.lower()}"
    value = disagreement.official_value if choice == Disagreement.Choice.OFFICIAL else disagreement.recorded_value
    with transaction.atomic(), attributed(user, reason):
        event = disagreement.event
        changed = _apply(event, disagreement.field, value)
        # A monitoring visit entered by hand needs its number, which the statistics never give: such a visit
        # stays the statistics' own (a later import would bring the newest release's value back).
        numbered = event.kind != EventKind.MONITORING_VISIT or event.sequence_number
        if changed and numbered and event.provenance == Provenance.OFFICIAL:
            event.provenance = Provenance.MANUAL
            event.save(update_fields=["provenance", "updated_at"])
        disagreement.status = Disagreement.Status.SETTLED
        disagreement.chosen = choice
        disagreement.note = note
        disagreement.settled_by = user
        disagreement.settled_at = timezone.now()
        disagreement.save()


def _apply(event: Event, name: str, value: str) -> bool:
    """Give the event `value` for `name`; say whether that changed anything."""
    if name.startswith("judgement:"):
        judgement = event.judgements.filter(area=name.split(":", 1)[1]).first()
        if judgement is None or judgement.grade == value:
            return False
        judgement.grade = value
        judgement.save(update_fields=["grade"])
        return True
    new: Any = _date(value) if name in {"start_date", "published_date"} else value
    if getattr(event, name) == new:
        return False
    setattr(event, name, new)
    event.save(update_fields=[name, "updated_at"])
    return True


# The shipped facts file: dates, grades, kinds, themes, each with its release, sheet and row; no prose.
def write_facts(releases: Sequence[Release], path: Path = OFFICIAL_FACTS) -> None:
    payload = {
        "about": "Facts derived from Ofsted's official statistics on local authority children's services "
        "inspections (Open Government Licence v3.0): one item per row, with its release, sheet and row.",
        "releases": [
            {
                "as_at": release.as_at,
                "summaries": [{"sheet": s.sheet, "overall_counts": s.counts} for s in release.summaries],
            }
            for release in releases
        ],
        "facts": [fact.as_json() for release in releases for fact in release.facts],
    }
    # One fact a line: small, and a new release shows in a diff as the lines it adds or changes.
    facts = payload.pop("facts")
    head = json.dumps(payload, ensure_ascii=False, indent=1)[:-2]
    lines = ",\n".join(json.dumps(fact, ensure_ascii=False, sort_keys=True) for fact in facts)
    path.write_text(f'{head},\n "facts": [\n{lines}\n ]\n}}\n', encoding="utf-8")


def read_facts(path: Path = OFFICIAL_FACTS) -> list[Fact]:
    return [Fact(**item) for item in json.loads(path.read_text(encoding="utf-8"))["facts"]]


def report(result: ImportResult) -> str:
    """What an import did, kind by kind, for the command's output."""
    lines = [f"{result.facts} rows read from the official statistics."]
    for label in sorted(set(result.created) | set(result.matched) | set(result.updated)):
        lines.append(
            f"  {label}: {result.created[label]} new, {result.matched[label]} already held from another source, "
            f"{result.updated[label]} updated"
        )
    if not result.changed:
        lines.append("Nothing changed.")
    lines.append(f"Disagreements between sources: {result.disagreements} (listed for editors under Disagreements).")
    return "\n".join(lines)
