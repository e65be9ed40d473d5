"""A committee briefing on one authority's children's services: the content, built once for every format.

`build_briefing` reads the database with a fixed number of queries (however many authorities the region
or England holds) and returns plain dataclasses; the HTML, PDF and Word renderers in `briefing_render`
only lay them out. The sections follow the shape of a council committee report: purpose, summary,
recommendations to the committee, background, latest findings, improvement plan, recurring concerns,
comparison, and an appendix with a précis of recent inspections elsewhere in the region.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from authorities.models import Authority
from inspections.charts import Chart, trajectory_chart
from inspections.frameworks import (
    Grade,
    Strand,
    framework_for,
    grades_by_strand,
    judges_care_leavers_with_children_in_care,
    judges_strand,
)
from inspections.models import OFSTED_KINDS, Event, EventKind
from inspections.position import Position, StrandPosition, current_position, describe_days, headline_grade
from inspections.summaries import LIST_STRANDS, NO_RECORD, no_grade_words

from ..models import Action, ImprovementPlan, Rag
from ..services import recurring_concerns

logger = logging.getLogger(__name__)

# The appendix covers the region's full inspections that began within this many years of the briefing date.
APPENDIX_YEARS = 3
# A précis quotes at most this many headline findings and recommendations of each inspection.
PRECIS_ITEMS = 3
# Grades in the order a comparison table lists them, best first.
RAG_ORDER = (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE)
GRADE_ORDER = (Grade.OUTSTANDING, Grade.GOOD, Grade.ADEQUATE, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)


def grade_label(grade: str | None, absent: str = NO_RECORD) -> str:
    return str(Grade(grade).label) if grade else absent


NOT_IN_FRAMEWORK = "No overall effectiveness judgement (ILACS 2026)"


def _current_grade(strand: StrandPosition, last: Event | None) -> str:
    """A strand's latest grade with the inspection and month that gave it. The overall one is not current once an
    inspection under a framework that gives none (ILACS 2026) has replaced it: that is said instead."""
    replaced = strand.strand == Strand.OVERALL and last is not None and not last.overall_grade()
    if replaced and last is not None and judges_strand(last.framework, Strand.OVERALL) is False:
        words = no_grade_words(last.framework, Strand.OVERALL)
        if strand.event and strand.date and strand.grade:
            words += (
                f"; the last, {grade_label(strand.grade).lower()} at the {strand.event.label()} of "
                f"{strand.date:%B %Y}, no longer stands"
            )
        return words
    if strand.event and strand.date:
        return f"{grade_label(strand.grade)} ({strand.event.label()}, {strand.date:%B %Y})"
    return NO_RECORD


def date_text(date: dt.date | None) -> str:
    return f"{date.day} {date:%B %Y}" if date else "not given"


def span_text(start: dt.date, end: dt.date | None) -> str:
    return date_text(start) if not end or end == start else f"{date_text(start)} to {date_text(end)}"


@dataclass(frozen=True)
class Header:
    """The cover fields councils put on a committee report; typed by the person exporting, so never trusted."""

    title: str = ""
    report_to: str = "Children's Scrutiny Committee"
    meeting_date: dt.date | None = None
    report_of: str = "Director of Children's Services"
    lead_officer: str = ""
    classification: str = "Open"
    wards: str = "All wards"
    key_decision: str = "No"

    def rows(self) -> list[tuple[str, str]]:
        """(label, value) in the order a report's cover lists them."""
        return [
            ("Report to", self.report_to),
            ("Meeting date", date_text(self.meeting_date) if self.meeting_date else "To be confirmed"),
            ("Report of", self.report_of),
            ("Lead officer", self.lead_officer or "Not given"),
            ("Classification", self.classification),
            ("Wards affected", self.wards),
            ("Key decision", self.key_decision),
        ]

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["meeting_date"] = self.meeting_date.isoformat() if self.meeting_date else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Header:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        if known.get("meeting_date"):
            known["meeting_date"] = dt.date.fromisoformat(known["meeting_date"])
        return cls(**known)


@dataclass(frozen=True)
class Cell:
    label: str
    value: str


@dataclass(frozen=True)
class LatestFindings:
    label: str
    dates: str
    published: str | None
    judgements: tuple[Cell, ...]  # area label → grade label, in the framework's order
    findings: tuple[str, ...]
    areas: tuple[str, ...]  # the areas a visit covered, or an inspection's themes
    focus: str
    recommendations: tuple[str, ...]
    priority_actions: bool | None


@dataclass(frozen=True)
class PlanStatus:
    title: str
    responds_to: str
    rag_counts: tuple[Cell, ...]  # "Red" → "2", ...
    overdue: int
    actions: tuple[tuple[str, str, str, str], ...]  # description, owner, due, status (with RAG)


@dataclass(frozen=True)
class ConcernRow:
    theme: str
    times: int
    first: dt.date
    last: dt.date
    where: str  # the events that raised it, e.g. "ILACS standard inspection (2021); Monitoring visit 4 (2023)"


@dataclass(frozen=True)
class ComparisonRow:
    name: str
    relation: str  # "This authority", "Neighbour 1" (the closest statistical neighbour), ...
    inspected: str
    grades: tuple[str, ...]  # one per LIST_STRANDS
    is_subject: bool = False


@dataclass(frozen=True)
class GradeDistribution:
    group: str  # "Statistical neighbours (10)", "North West (24)", "England (153)"
    counts: tuple[int, ...]  # one per GRADE_ORDER, then no overall judgement under ILACS 2026, then no record held


@dataclass(frozen=True)
class Precis:
    authority: str
    label: str
    dates: str
    headline: str
    judgements: tuple[Cell, ...]
    points: tuple[str, ...]  # a few headline findings or recommendations
    recommendation_count: int


@dataclass(frozen=True)
class Briefing:
    authority: Authority
    as_of: dt.date
    header: Header
    title: str
    purpose: tuple[str, ...]
    summary: tuple[str, ...]
    recommendations: tuple[str, ...]
    background: tuple[str, ...]
    current_grades: tuple[Cell, ...]  # strand → "Good (ILACS inspection, June 2025)"
    latest: LatestFindings | None
    plan: PlanStatus | None
    concerns: tuple[ConcernRow, ...]
    comparison: tuple[ComparisonRow, ...]
    distribution: tuple[GradeDistribution, ...]
    appendix: tuple[Precis, ...]
    chart: Chart
    strand_labels: tuple[str, ...] = field(default=tuple(str(s.label) for s in LIST_STRANDS))
    grade_labels: tuple[str, ...] = field(default=(*(str(g.label) for g in GRADE_ORDER), NOT_IN_FRAMEWORK, NO_RECORD))
    region_name: str = ""
    appendix_years: int = APPENDIX_YEARS
    # False for a reader who may not read plans: the briefing then has no plan section and says nothing of a plan.
    includes_plan: bool = True

    @property
    def numbers(self) -> dict[str, int]:
        """Section numbers: those after the plan's move up one when the plan is left out."""
        names = ["purpose", "summary", "recommendations", "background", "latest", "plan", "concerns", "comparison"]
        if not self.includes_plan:
            names.remove("plan")
        return {name: number for number, name in enumerate(names, start=1)}


def build_briefing(
    authority: Authority, as_of: dt.date | None = None, header: Header | None = None, *, include_plan: bool = True
) -> Briefing:
    """Everything the briefing says about `authority` on `as_of` (default today); events after it are ignored.

    Plans are for signed-in roles only: callers pass `include_plan=may_read_plans(user)` for whoever will read it,
    and without it the briefing has no plan section, and no sentence reveals whether a plan exists."""
    as_of = as_of or timezone.localdate()
    header = header or Header()
    lineage = authority.lineage()
    events = list(
        Event.objects.filter(authority__in=lineage, start_date__lte=as_of)
        .select_related("authority")
        .prefetch_related("judgements", "recommendations")
        .order_by("start_date", "pk")
    )
    own = [e for e in events if e.authority_id == authority.pk]
    position = current_position(own, today=as_of)
    ofsted = [e for e in own if e.kind in OFSTED_KINDS]
    latest_event = ofsted[-1] if ofsted else None
    peers = _PeerInspections(authority, as_of)
    plan = _plan_status(authority, as_of) if include_plan else None
    concerns = _concerns(authority, as_of)
    title = header.title or f"Ofsted inspections of children's services in {authority.name}"
    return Briefing(
        authority=authority,
        as_of=as_of,
        header=header,
        title=title,
        purpose=_purpose(authority, latest_event, include_plan),
        summary=_summary(authority, position, latest_event, plan, concerns),
        recommendations=_recommendations(position, latest_event, plan, concerns, include_plan),
        background=_background(authority, position, own),
        current_grades=tuple(
            Cell(str(s.strand.label), _current_grade(s, position.last_inspection)) for s in position.strands
        ),
        latest=_latest_findings(latest_event) if latest_event else None,
        plan=plan,
        concerns=concerns,
        comparison=peers.comparison(),
        distribution=peers.distribution(),
        appendix=peers.appendix(),
        chart=trajectory_chart(events, authority=authority, today=as_of),
        region_name=authority.region.name,
        includes_plan=include_plan,
    )


def _purpose(authority: Authority, latest: Event | None, include_plan: bool) -> tuple[str, ...]:
    latest_words = (
        f"the findings of Ofsted's most recent {latest.label()} ({span_text(latest.start_date, latest.end_date)})"
        if latest
        else "the absence of any recorded Ofsted inspection"
    )
    return (
        f"This report informs the committee of {latest_words} of children's services in {authority.name}.",
        "It sets out the inspection history and current grades, "
        + ("the progress of the improvement plan, " if include_plan else "")
        + "the concerns Ofsted has raised more than once, and how the authority compares with its statistical "
        "neighbours and region.",
        f"Appendix 1 gives a short précis of recent inspections of the other authorities in the "
        f"{authority.region.name} region.",
    )


def _summary(
    authority: Authority,
    position: Position,
    latest: Event | None,
    plan: PlanStatus | None,
    concerns: tuple[ConcernRow, ...],
) -> tuple[str, ...]:
    sentences = []
    last = position.last_inspection
    if last is None:
        sentences.append(f"No full Ofsted inspection of {authority.name}'s children's services is recorded.")
    else:
        when = f"At its latest full inspection ({last.label()}, {span_text(last.start_date, last.end_date)})"
        if position.headline_grade:
            sentences.append(
                f"{when} Ofsted judged {authority.name}'s children's services "
                f"{grade_label(position.headline_grade).lower()}."
            )
        elif judges_strand(last.framework, Strand.OVERALL) is False:
            judged = "; ".join(f"{c.label.lower()} {c.value.lower()}" for c in _judgement_cells(last))
            sentences.append(
                f"{when} Ofsted gave no overall effectiveness judgement, which its framework does not make"
                + (f"; it judged {judged}." if judged else ".")
            )
        else:
            sentences.append(f"{when} no overall effectiveness grade is held in this record.")
        known = [p for p in position.inadequate_periods if p.known]
        if position.currently_inadequate:
            sentences.append(
                f"The authority has been judged inadequate since {position.inadequate_periods[-1].start:%B %Y} "
                f"(about {describe_days(position.inadequate_periods[-1].days)}, counted from the report's "
                "publication or, where that is not held, the inspection's last day)."
            )
        elif known:
            sentences.append(
                f"It has spent about {describe_days(position.days_inadequate)} judged inadequate in all, "
                f"most recently until {known[-1].end:%B %Y}."
            )
        for period in position.inadequate_not_known:
            sentences.append(
                f"It was judged inadequate in {period.start:%B %Y}; how long that stood is not known, as an "
                "inspection is missing from this record before the next one held."
            )
    if latest is not None and latest != last:
        sentences.append(
            f"Ofsted's most recent activity was a {latest.label().lower()} on {date_text(latest.start_date)}."
        )
    for expectation in position.expected:
        late = " This is later than expected." if expectation.overdue else ""
        sentences.append(
            f"Expected next: {expectation.what.lower()} between {expectation.earliest:%B %Y} "
            f"and {expectation.latest:%B %Y}.{late}"
        )
    if plan is not None:
        counts = {c.label: c.value for c in plan.rag_counts}
        sentences.append(
            f"The improvement plan has {sum(int(v) for v in counts.values())} actions: "
            + ", ".join(f"{v} {k.lower()}" for k, v in counts.items() if v != "0")
            + (f"; {plan.overdue} overdue." if plan.overdue else ".")
        )
    if concerns:
        sentences.append(
            "Concerns raised at more than one inspection or visit: "
            + ", ".join(c.theme.lower() for c in concerns[:5])
            + ("." if len(concerns) <= 5 else f", and {len(concerns) - 5} more.")
        )
    return tuple(sentences)


def _recommendations(
    position: Position,
    latest: Event | None,
    plan: PlanStatus | None,
    concerns: tuple[ConcernRow, ...],
    include_plan: bool = True,
) -> tuple[str, ...]:
    items = []
    if latest is not None:
        items.append(f"note the findings of the {latest.label()} of {date_text(latest.start_date)};")
    if plan is not None:
        items.append("scrutinise progress against the improvement plan, especially any action that is red or overdue;")
    elif include_plan and latest is not None and latest.recommendations.all():
        items.append("ask for an improvement plan answering Ofsted's recommendations to be brought to the committee;")
    if concerns:
        items.append("seek assurance on the concerns Ofsted has raised more than once;")
    if position.expected:
        first = position.expected[0]
        items.append(f"receive a further report after the {first.what.lower()} expected by {first.latest:%B %Y}.")
    else:
        items.append("receive a further report after Ofsted's next inspection or visit.")
    return tuple(items)


def _background(authority: Authority, position: Position, own: list[Event]) -> tuple[str, ...]:
    inspections = [e for e in own if e.kind == EventKind.INSPECTION]
    visits = [e for e in own if e.kind in OFSTED_KINDS and e.kind != EventKind.INSPECTION]
    paragraphs = [
        f"Ofsted has carried out {len(inspections)} full inspection{'s' if len(inspections) != 1 else ''} and "
        f"{len(visits)} other visit{'s' if len(visits) != 1 else ''} or review{'s' if len(visits) != 1 else ''} of "
        f"{authority.name}'s children's services on record, listed in the table below with the trajectory chart."
    ]
    if position.last_inspection is not None:
        framework = framework_for(position.last_inspection.framework)
        paragraphs.append(
            f"The latest full inspection was under {framework.code.label if framework else 'an Ofsted framework'}; "
            f"{position.days_since_inspection} days have passed since it began."
        )
    return tuple(paragraphs)


def _judgement_cells(event: Event) -> tuple[Cell, ...]:
    framework = framework_for(event.framework)
    order = {a.key: i for i, a in enumerate(framework.areas)} if framework else {}
    judgements = sorted(event.judgements.all(), key=lambda j: order.get(j.area, 99))
    return tuple(Cell(j.area_label(), grade_label(j.grade)) for j in judgements)


def _latest_findings(event: Event) -> LatestFindings:
    return LatestFindings(
        label=event.label(),
        dates=span_text(event.start_date, event.end_date),
        published=date_text(event.published_date) if event.published_date else None,
        judgements=_judgement_cells(event),
        findings=tuple(event.findings or ()),
        areas=tuple(event.themes or ()),
        focus=event.focus,
        recommendations=tuple(r.text for r in event.recommendations.all() if not r.for_lscb),
        priority_actions=event.priority_actions,
    )


def _plan_status(authority: Authority, as_of: dt.date) -> PlanStatus | None:
    plan = (
        ImprovementPlan.objects.filter(authority=authority, responds_to__start_date__lte=as_of)
        .select_related("responds_to")
        .prefetch_related(Prefetch("actions", queryset=Action.objects.order_by("order", "pk")))
        .order_by("-responds_to__start_date", "-created")
        .first()
    )
    if plan is None:
        return None
    actions = list(plan.actions.all())
    rags = Counter(a.rag_on(as_of) for a in actions)
    return PlanStatus(
        title=plan.title,
        responds_to=f"{plan.responds_to.label()}, {date_text(plan.responds_to.start_date)}",
        rag_counts=tuple(Cell(str(r.label), str(rags.get(r, 0))) for r in RAG_ORDER),
        overdue=sum(a.is_overdue(as_of) for a in actions),
        actions=tuple(
            (
                a.description,
                a.owner or "Not given",
                date_text(a.due_date) if a.due_date else "No date",
                f"{a.get_status_display()} ({a.rag_on(as_of).label})" + (", overdue" if a.is_overdue(as_of) else ""),
            )
            for a in actions
        ),
    )


def _concerns(authority: Authority, as_of: dt.date) -> tuple[ConcernRow, ...]:
    rows = []
    for concern in recurring_concerns(authority):
        seen = [a for a in concern.appearances if a.date <= as_of]
        if len(seen) < 2:
            continue
        rows.append(
            ConcernRow(
                theme=concern.theme.label,
                times=len(seen),
                first=seen[0].date,
                last=seen[-1].date,
                where="; ".join(f"{a.event.label()} ({a.date:%Y})" for a in seen),
            )
        )
    return tuple(rows)


class _PeerInspections:
    """The latest full inspection of every current authority on the briefing date: two queries in all."""

    def __init__(self, authority: Authority, as_of: dt.date) -> None:
        self.authority = authority
        self.as_of = as_of
        self.authorities = list(Authority.objects.current().select_related("region"))
        if authority not in self.authorities:  # a former authority is still compared with today's
            self.authorities.append(authority)
        self.neighbours = authority.ordered_neighbours()
        inspections = (
            Event.objects.filter(authority__in=self.authorities, kind=EventKind.INSPECTION, start_date__lte=as_of)
            .prefetch_related("judgements")
            .order_by("authority_id", "-start_date", "-pk")
        )
        self.latest: dict[int, Event] = {}
        for event in inspections:
            self.latest.setdefault(event.authority_id, event)
        self.region = [a for a in self.authorities if a.region_id == authority.region_id and a.is_current]

    def _row(self, other: Authority, relation: str) -> ComparisonRow:
        event = self.latest.get(other.pk)
        if event is None:
            return ComparisonRow(
                name=other.name,
                relation=relation,
                inspected=NO_RECORD,
                grades=("–",) * len(LIST_STRANDS),
                is_subject=other.pk == self.authority.pk,
            )
        primary = ((j.area, j.strand, j.grade) for j in event.judgements.all() if j.is_primary)
        grades = grades_by_strand(event.framework, event.start_date, primary)
        shared = judges_care_leavers_with_children_in_care(event.framework, event.start_date)
        return ComparisonRow(
            name=other.name,
            relation=relation,
            inspected=f"{event.start_date:%B %Y}",
            grades=tuple(
                grade_label(grades.get(s), no_grade_words(event.framework, s))
                + (" (with children in care)" if shared and s == Strand.CARE_LEAVERS and s in grades else "")
                for s in LIST_STRANDS
            ),
            is_subject=other.pk == self.authority.pk,
        )

    def comparison(self) -> tuple[ComparisonRow, ...]:
        rows = [self._row(self.authority, "This authority")]
        rows += [self._row(n, f"Neighbour {rank}") for rank, n in enumerate(self.neighbours, start=1)]
        return tuple(rows)

    def _distribution(self, group: str, authorities: list[Authority]) -> GradeDistribution:
        headlines = Counter(self._overall(a) for a in authorities)
        counts = (
            *(headlines.get(g, 0) for g in GRADE_ORDER),
            headlines.get(NOT_IN_FRAMEWORK, 0),
            headlines.get(None, 0),
        )
        return GradeDistribution(f"{group} ({len(authorities)})", counts)

    def _overall(self, authority: Authority) -> str | None:
        """The overall grade of the authority's latest full inspection; NOT_IN_FRAMEWORK under ILACS 2026, which
        gives none; None when no record is held."""
        event = self.latest.get(authority.pk)
        if event is None:
            return None
        grade = headline_grade(event)
        if grade is None and judges_strand(event.framework, Strand.OVERALL) is False:
            return NOT_IN_FRAMEWORK
        return grade

    def distribution(self) -> tuple[GradeDistribution, ...]:
        england = [a for a in self.authorities if a.is_current]
        return (
            self._distribution(self.authority.name, [self.authority]),
            self._distribution("Statistical neighbours", self.neighbours),
            self._distribution(self.authority.region.name, self.region),
            self._distribution("England", england),
        )

    def appendix(self) -> tuple[Precis, ...]:
        since = self.as_of.replace(year=self.as_of.year - APPENDIX_YEARS)
        events = [
            self.latest[a.pk]
            for a in self.region
            if a.pk != self.authority.pk and a.pk in self.latest and self.latest[a.pk].start_date >= since
        ]
        events.sort(key=lambda e: (e.start_date, e.pk), reverse=True)
        prefetch_related_objects(events, "recommendations")  # one query for the whole appendix
        names = {a.pk: a.name for a in self.region}
        result = []
        for event in events:
            recommendations = [r.text for r in event.recommendations.all() if not r.for_lscb]
            points = tuple((event.findings or [])[:PRECIS_ITEMS]) or tuple(recommendations[:PRECIS_ITEMS])
            headline = headline_grade(event)
            result.append(
                Precis(
                    authority=names[event.authority_id],
                    label=event.label(),
                    dates=span_text(event.start_date, event.end_date),
                    headline=grade_label(headline, no_grade_words(event.framework, Strand.OVERALL)),
                    judgements=_judgement_cells(event),
                    points=points,
                    recommendation_count=len(recommendations),
                )
            )
        return tuple(result)
