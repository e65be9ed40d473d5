"""A synthetic national history for benchmarks and load tests: every current authority gets a plausible
run of inspections and visits across the frameworks, deterministic for a seed and an end date.

Nothing here is real. Every event is stored with `Provenance.SYNTHETIC`, and loading refuses to run beside
real events (parsed, entered or demo) unless forced, so benchmark data never mixes with facts.
Events are written in bulk (not through `upsert_event`, one event at a time) so 153 × 10 events load in seconds;
judgement rows follow the same rules as `services._replace_judgements` (framework order picks the primary area).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from authorities.models import Authority
from inspections.demo import FOCUS_LABELS
from inspections.frameworks import FRAMEWORKS, GRADE_LEVEL, FrameworkCode, Grade
from inspections.models import (
    Document,
    DocumentStatus,
    Event,
    EventInspector,
    EventKind,
    InspectionType,
    Inspector,
    Judgement,
    Provenance,
    Recommendation,
)

SUMMARY = "Synthetic sample for benchmarks: not a real inspection."
DOCUMENT_FOLDER = "documents/synthetic"

# Invented inspector names (first name × surname), so no real inspector is credited with made-up work.
_FIRST = "Ada Bram Cora Dev Edie Finn Gail Hugo Isla Jude Kit Lena"
_LAST = "Ashdown Birchall Calloway Denholm Everley Fairbank Gorton Halloway Ibbotson Jessop Kettering Lowther"
INSPECTOR_NAMES = tuple(f"{first} {last}" for last in _LAST.split(" ") for first in _FIRST.split(" "))

RECOMMENDATIONS = (
    "The quality and timeliness of assessments for children in need of help and protection.",
    "Management oversight and supervision of social work practice, so that plans progress without drift.",
    "The response to children who go missing from home or care, including return home interviews.",
    "The consistency of strategy discussions and the involvement of partner agencies in them.",
    "Sufficiency of local placements that meet children's needs, so fewer children live far from home.",
    "The quality of pathway plans, so that care leavers know their entitlements and are helped to use them.",
    "Timely permanence planning for children in care, including early consideration of adoption.",
    "The use of performance information by senior leaders to understand the quality of practice.",
    "The stability of the social work workforce and the size of caseloads.",
    "The response to children at risk of exploitation outside the family home.",
    "Recording of the child's voice and lived experience in assessments and plans.",
    "Arrangements for children aged 16 and 17 who present as homeless.",
    "The effectiveness of the front door in applying thresholds consistently.",
    "Support for care leavers' emotional and mental health.",
    "The quality of the local authority designated officer arrangements.",
    "Oversight of children subject to pre-proceedings of the public law outline.",
)
LSCB_RECOMMENDATIONS = (
    "The board should evaluate the effectiveness of multi-agency early help.",
    "The board should assure itself that learning from case reviews changes practice.",
    "The board should monitor the quality of multi-agency training.",
)
VISIT_FINDINGS = (
    "Most children receive a timely response when concerns are first raised.",
    "Social workers know their children well and visit them regularly.",
    "Managers' oversight is evident on case records but does not always lead to action.",
    "Caseloads have reduced and the workforce is more stable than at the last inspection.",
    "Plans are not always specific enough to measure children's progress.",
    "Senior leaders have an accurate understanding of the quality of practice.",
    "Partner agencies are not consistently involved in strategy discussions.",
    "Children's wishes and feelings are recorded and inform decisions.",
    "Progress since the inspection has been slower than leaders planned.",
    "Quality assurance activity identifies weaknesses but improvement is not yet consistent.",
)
VISIT_THEMES = (
    "Contacts and referrals",
    "Strategy discussions and child protection enquiries",
    "Children in need and child protection plans",
    "Children missing from home or care",
    "Children at risk of exploitation",
    "Permanence planning",
    "Care leavers",
    "Management oversight",
)
# The Ofsted areas a focused visit can look at (not the 2020 pandemic visits, which were a separate programme).
VISIT_FOCUS = tuple(label for key, label in FOCUS_LABELS.items() if key != "covid_arrangements")

# Inspections paused from March to September 2020.
_PAUSE = (dt.date(2020, 3, 16), dt.date(2020, 9, 30))
_FIRST_INSPECTION = (dt.date(2009, 7, 1), dt.date(2011, 9, 30))
_CARE_LEAVERS_JUDGED_FROM = dt.date(2023, 1, 1)
_DURATION = {  # days from the first to the last day on site
    FrameworkCode.SAFEGUARDING_LAC: 11,
    FrameworkCode.LOOKED_AFTER: 9,
    FrameworkCode.SIF: 25,
    FrameworkCode.ILACS: 11,
    FrameworkCode.ILACS_2026: 11,
}


_DOC_KINDS = {  # the parser's DocKind values, so the documents list reads like parsed ones
    FrameworkCode.SAFEGUARDING_LAC: "safeguarding_lac_inspection",
    FrameworkCode.LOOKED_AFTER: "looked_after_inspection",
    FrameworkCode.SIF: "sif_inspection",
    FrameworkCode.ILACS: "ilacs_inspection",
    FrameworkCode.ILACS_2026: "ilacs_2026_inspection",
}


class RealDataPresent(Exception):
    """Raised instead of mixing synthetic events with real ones."""


@dataclass
class PlannedEvent:
    kind: EventKind
    start_date: dt.date
    end_date: dt.date
    published_date: dt.date | None
    framework: str = ""
    inspection_type: str = ""
    sequence_number: int | None = None
    trigger: dt.date | None = None  # monitoring visits: start date of the inspection they follow
    judgements: dict[str, str] = field(default_factory=dict)
    recommendations: list[tuple[str, bool]] = field(default_factory=list)  # (text, for the board)
    lead: str = ""
    team: tuple[str, ...] = ()
    focus: str = ""
    themes: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    priority_actions: bool | None = None


@dataclass(frozen=True)
class SampleStats:
    authorities: int
    events: int
    judgements: int
    recommendations: int
    documents: int


def _framework_on(day: dt.date, rng: random.Random) -> FrameworkCode:
    if day < FRAMEWORKS[FrameworkCode.SIF].start:
        looked_after = FRAMEWORKS[FrameworkCode.LOOKED_AFTER]
        if day >= looked_after.start and rng.random() < 0.3:
            return FrameworkCode.LOOKED_AFTER
        return FrameworkCode.SAFEGUARDING_LAC
    if day < FRAMEWORKS[FrameworkCode.ILACS].start:
        return FrameworkCode.SIF
    if day < FRAMEWORKS[FrameworkCode.ILACS_2026].start:
        return FrameworkCode.ILACS
    return FrameworkCode.ILACS_2026


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _weekday(day: dt.date) -> dt.date:
    """Move to the next Monday–Wednesday: inspections and visits start early in the week."""
    while day.weekday() > 2:
        day += dt.timedelta(days=1)
    return day


def _outside_pause(day: dt.date, rng: random.Random) -> dt.date:
    if _PAUSE[0] <= day <= _PAUSE[1]:
        return _PAUSE[1] + dt.timedelta(days=rng.randint(7, 90))
    return day


def _level(rng: random.Random, quality: float) -> int:
    """A grade on the common 1–4 scale (1 best) drawn around the authority's current quality."""
    return min(4, max(1, round(quality + rng.gauss(0, 0.45))))


class _Planner:
    """One authority's history, built forwards in time from its first inspection."""

    def __init__(self, rng: random.Random, until: dt.date, minimum: int) -> None:
        self.rng, self.until, self.minimum = rng, until, minimum
        self.quality = rng.uniform(1.7, 3.4)  # lower is better, as on the grade scale
        self.events: list[PlannedEvent] = []

    def plan(self) -> list[PlannedEvent]:
        rng = self.rng
        day = _weekday(_between(rng, *_FIRST_INSPECTION))
        sif_pending = True
        while day <= self.until:
            framework = _framework_on(day, rng)
            level = self._inspection(day, framework)
            last = self.events[-1]
            if level == 4:
                next_day = day + dt.timedelta(days=rng.randint(540, 820))
                self._monitoring_visits(last, next_day)
                self.quality = max(1.5, self.quality - rng.uniform(0.4, 1.2))
            else:
                gap = (900, 1250) if level == 3 else (1000, 1500)
                next_day = day + dt.timedelta(days=rng.randint(*gap))
                self.quality = min(3.6, max(1.3, self.quality + rng.gauss(0.05, 0.35)))
                if framework == FrameworkCode.SIF:  # the next full inspection after a SIF one came under ILACS
                    next_day = max(next_day, _between(rng, dt.date(2018, 1, 15), dt.date(2019, 12, 15)))
                if day >= FRAMEWORKS[FrameworkCode.ILACS].start:
                    self._focused_visit(_between(rng, day + dt.timedelta(days=300), next_day - dt.timedelta(days=200)))
            # Every authority had a single inspection framework (SIF) inspection between late 2013 and 2017.
            sif = FRAMEWORKS[FrameworkCode.SIF]
            if sif_pending and framework != FrameworkCode.SIF and next_day > sif.end:
                next_day = _between(rng, max(day + dt.timedelta(days=400), sif.start), dt.date(2017, 9, 30))
            sif_pending = sif_pending and framework != FrameworkCode.SIF
            day = _weekday(_outside_pause(next_day, rng))
        if rng.random() < 0.4:
            self._jtai(_between(rng, dt.date(2016, 2, 1), min(self.until, dt.date(2025, 12, 1))))
        self._fill()
        return self.events

    def _team(self, size: int) -> tuple[str, tuple[str, ...]]:
        names = self.rng.sample(INSPECTOR_NAMES, size + 1)
        return names[0], tuple(names[1:])

    def _published(self, end: dt.date) -> dt.date | None:
        published = end + dt.timedelta(days=self.rng.randint(28, 56))
        return published if published <= self.until else None

    def _inspection(self, day: dt.date, code: FrameworkCode) -> int:
        rng, framework = self.rng, FRAMEWORKS[code]
        overall = _level(rng, self.quality)
        judgements = {}
        for area in framework.areas:
            if area.key == "care_leavers" and code == FrameworkCode.ILACS and day < _CARE_LEAVERS_JUDGED_FROM:
                continue  # ILACS judged care leavers separately only from January 2023
            level = overall if area.key == "overall" else min(4, max(1, overall + rng.choice((-1, 0, 0, 0, 1))))
            judgements[area.key] = framework.grades[level - 1].value
        previous = next((e for e in reversed(self.events) if e.kind == EventKind.INSPECTION), None)
        short = (
            code in {FrameworkCode.ILACS, FrameworkCode.ILACS_2026}
            and previous is not None
            and previous.judgements.get("overall") in {Grade.GOOD, Grade.OUTSTANDING}
        )
        end = day + dt.timedelta(days=4 if short else _DURATION[code])
        lead, team = self._team(rng.randint(2, 5))
        recommendations = [(text, False) for text in rng.sample(RECOMMENDATIONS, rng.randint(2, 6))]
        if "lscb" in judgements:
            recommendations += [(text, True) for text in rng.sample(LSCB_RECOMMENDATIONS, rng.randint(1, 2))]
        if code in {FrameworkCode.ILACS, FrameworkCode.ILACS_2026}:
            inspection_type = InspectionType.SHORT if short else InspectionType.STANDARD
        else:
            inspection_type = ""
        self.events.append(
            PlannedEvent(
                kind=EventKind.INSPECTION,
                start_date=day,
                end_date=end,
                published_date=self._published(end),
                framework=code,
                inspection_type=inspection_type,
                judgements=judgements,
                recommendations=recommendations,
                lead=lead,
                team=team,
            )
        )
        # ILACS 2026 gives no overall grade: follow-up is decided by the worst one.
        return overall if "overall" in judgements else max(GRADE_LEVEL[Grade(g)] for g in judgements.values())

    def _visit(self, kind: EventKind, day: dt.date, **extra: object) -> None:
        day = _weekday(_outside_pause(day, self.rng))
        if day > self.until or any(e.kind == kind and e.start_date == day for e in self.events):
            return
        lead, team = self._team(1)
        end = day + dt.timedelta(days=1)
        findings = tuple(self.rng.sample(VISIT_FINDINGS, self.rng.randint(2, 4)))
        themes = tuple(self.rng.sample(VISIT_THEMES, self.rng.randint(1, 3)))
        self.events.append(
            PlannedEvent(
                kind=kind,
                start_date=day,
                end_date=end,
                published_date=self._published(end),
                lead=lead,
                team=team,
                findings=findings,
                themes=themes,
                **extra,  # type: ignore[arg-type]
            )
        )

    def _monitoring_visits(self, inspection: PlannedEvent, reinspection: dt.date) -> None:
        day, number = inspection.end_date + dt.timedelta(days=self.rng.randint(120, 180)), 1
        while day < reinspection - dt.timedelta(days=60):
            self._visit(EventKind.MONITORING_VISIT, day, sequence_number=number, trigger=inspection.start_date)
            day, number = day + dt.timedelta(days=self.rng.randint(95, 140)), number + 1

    def _focused_visit(self, day: dt.date) -> None:
        priority = self.quality > 3.2 and self.rng.random() < 0.5
        self._visit(EventKind.FOCUSED_VISIT, day, focus=self.rng.choice(VISIT_FOCUS), priority_actions=priority)

    def _jtai(self, day: dt.date) -> None:
        self._visit(EventKind.JTAI, day, focus="Multi-agency response to children at risk of exploitation")

    def _fill(self) -> None:
        """Top up with focused visits in the ILACS years until the authority has at least `minimum` events."""
        first, last = dt.date(2018, 6, 1), min(self.until, dt.date(2026, 3, 1))
        for _ in range(self.minimum * 20):
            if len(self.events) >= self.minimum:
                break
            self._focused_visit(_between(self.rng, first, last))
        self.events.sort(key=lambda e: e.start_date)


def plan_authority(seed: int, code: str, minimum: int, until: dt.date) -> list[PlannedEvent]:
    """The synthetic history of the authority with DfE code `code`: the same for the same arguments."""
    return _Planner(random.Random(f"{seed}:{code}"), until, minimum).plan()


def _document_text(authority: Authority, event: PlannedEvent) -> str:
    framework = FRAMEWORKS[FrameworkCode(event.framework)]
    lines = [
        f"{authority.name}: inspection of local authority children's services ({framework.short_name})",
        f"Inspection dates: {event.start_date:%-d %B %Y} to {event.end_date:%-d %B %Y}",
        f"Lead inspector: {event.lead}",
        SUMMARY,
        "",
        "Judgements",
    ]
    lines += [f"{framework.area(key).label}: {Grade(grade).label}" for key, grade in event.judgements.items()]  # type: ignore[union-attr]
    lines += ["", "What needs to improve"]
    lines += [f"{n}. {text}" for n, (text, _) in enumerate(event.recommendations, 1)]
    return "\n".join(lines) + "\n"


def clear_sample() -> int:
    """Delete every synthetic event, its documents (and their files) and the invented inspectors."""
    events = Event.objects.filter(provenance=Provenance.SYNTHETIC)
    documents = list(Document.objects.filter(file__startswith=DOCUMENT_FOLDER + "/", events__in=events).distinct())
    count, _ = events.delete()
    for document in documents:
        document.file.delete(save=False)
        document.delete()
    Inspector.objects.filter(name__in=INSPECTOR_NAMES, roles__isnull=True).delete()
    return count


@transaction.atomic
def load_national_sample(
    events_per_authority: int = 10,
    seed: int = 1,
    until: dt.date | None = None,
    force: bool = False,
    documents: bool = True,
) -> SampleStats:
    """Replace the synthetic sample with a fresh one for every current authority.

    Refuses (RealDataPresent) when real events exist, unless `force`; then real events win any clash
    of authority, kind and start date. `documents` also stores a short published text document per
    inspection, for pages that search document text.
    """
    real = Event.objects.exclude(provenance=Provenance.SYNTHETIC)
    if not force and real.exists():
        raise RealDataPresent(f"{real.count()} real events are stored; the synthetic sample would mix with them")
    authorities = list(Authority.objects.current().order_by("la_code"))
    if not authorities:
        raise ValueError("No authorities are loaded: run load_authorities first")
    clear_sample()
    until = until or dt.date.today()
    taken = set(real.values_list("authority_id", "kind", "start_date")) if force else set()

    Inspector.objects.bulk_create([Inspector(name=n) for n in INSPECTOR_NAMES], ignore_conflicts=True)
    inspectors = dict(Inspector.objects.filter(name__in=INSPECTOR_NAMES).values_list("name", "pk"))

    plans: list[tuple[Authority, PlannedEvent]] = []
    for authority in authorities:
        for planned in plan_authority(seed, authority.la_code, events_per_authority, until):
            if (authority.pk, planned.kind, planned.start_date) not in taken:
                plans.append((authority, planned))

    sources: dict[int, Document] = {}
    if documents:
        sources = _store_documents(plans)

    def event_row(index: int, authority: Authority, planned: PlannedEvent) -> Event:
        return Event(
            authority=authority,
            kind=planned.kind,
            start_date=planned.start_date,
            end_date=planned.end_date,
            published_date=planned.published_date,
            framework=planned.framework,
            inspection_type=planned.inspection_type,
            sequence_number=planned.sequence_number,
            summary=SUMMARY,
            focus=planned.focus,
            themes=list(planned.themes),
            findings=list(planned.findings),
            priority_actions=planned.priority_actions,
            provenance=Provenance.SYNTHETIC,
            source_document=sources.get(index),
        )

    # Inspections and other visits first, so monitoring visits can point at the stored inspection.
    rows: dict[int, Event] = {}
    for later in (False, True):
        batch = {
            i: event_row(i, authority, planned)
            for i, (authority, planned) in enumerate(plans)
            if (planned.kind == EventKind.MONITORING_VISIT) == later
        }
        if later:
            inspections = {
                (row.authority_id, row.start_date): row for row in rows.values() if row.kind == EventKind.INSPECTION
            }
            for i, row in batch.items():
                row.triggered_by = inspections.get((row.authority_id, plans[i][1].trigger))
        Event.objects.bulk_create(batch.values(), batch_size=500)
        rows.update(batch)

    judgements, roles, recommendations = [], [], []
    for i, (_, planned) in enumerate(plans):
        event = rows[i]
        judgements += _judgement_rows(event, planned.judgements)
        names = [planned.lead, *planned.team]
        roles += [
            EventInspector(
                event=event,
                inspector_id=inspectors[name],
                role=EventInspector.Role.LEAD if order == 0 else EventInspector.Role.TEAM,
                order=order,
            )
            for order, name in enumerate(names)
        ]
        counters = {False: 0, True: 0}
        for text, for_lscb in planned.recommendations:
            counters[for_lscb] += 1
            recommendations.append(Recommendation(event=event, order=counters[for_lscb], text=text, for_lscb=for_lscb))
    Judgement.objects.bulk_create(judgements, batch_size=1000)
    EventInspector.objects.bulk_create(roles, batch_size=1000)
    Recommendation.objects.bulk_create(recommendations, batch_size=1000)
    return SampleStats(
        authorities=len(authorities),
        events=len(rows),
        judgements=len(judgements),
        recommendations=len(recommendations),
        documents=len(sources),
    )


def _judgement_rows(event: Event, judgements: dict[str, str]) -> Iterable[Judgement]:
    framework = FRAMEWORKS[FrameworkCode(event.framework)] if judgements else None
    seen: set[str] = set()
    for area in framework.areas if framework else ():
        if area.key in judgements:
            yield Judgement(
                event=event,
                area=area.key,
                strand=area.strand,
                grade=judgements[area.key],
                is_primary=area.strand not in seen,
            )
            seen.add(area.strand)


def _store_documents(plans: list[tuple[Authority, PlannedEvent]]) -> dict[int, Document]:
    """One small published text document per inspection, written to storage so it can be opened and re-read."""
    documents: dict[int, Document] = {}
    for i, (authority, planned) in enumerate(plans):
        if planned.kind != EventKind.INSPECTION:
            continue
        text = _document_text(authority, planned)
        data = text.encode()
        digest = hashlib.sha256(data).hexdigest()
        name = default_storage.save(f"{DOCUMENT_FOLDER}/{digest[:16]}.txt", ContentFile(data))
        documents[i] = Document(
            file=name,
            sha256=digest,
            original_name=f"{authority.slug}-{planned.start_date:%Y-%m-%d}.txt",
            size=len(data),
            status=DocumentStatus.PUBLISHED,
            doc_kind=_DOC_KINDS[FrameworkCode(planned.framework)],
            authority=authority,
            text=text,
            parser_version="synthetic",
        )
    Document.objects.bulk_create(documents.values(), batch_size=500)
    return documents
