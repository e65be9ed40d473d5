"""An authority's current position, as pure functions over its already-fetched events.

Nothing here queries the database: pass events with their judgements prefetched, and `today`.
Days since the last inspection count from its start, as the timeline shows it; time judged inadequate follows
the standing rules of standing.py (from publication to the next judgement, not carried across a missing inspection).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .frameworks import GRADE_LEVEL, FrameworkCode, Grade, Strand, grades_by_strand
from .models import Event, EventKind
from .standing import ONGOING, REPLACED, Judged, add_months, spells
from .summaries import LIST_STRANDS


@dataclass(frozen=True)
class StrandPosition:
    strand: Strand
    grade: str | None  # None: never judged
    date: dt.date | None
    event: Event | None


@dataclass(frozen=True)
class Expectation:
    """What Ofsted is expected to do next, between two dates, and the rule that says so."""

    what: str
    earliest: dt.date
    latest: dt.date
    rule: str
    overdue: bool


@dataclass(frozen=True)
class InadequatePeriod:
    """A spell judged inadequate: from the judgement's publication until the next judgement of the strand, today,
    or, when an inspection is missing from the record before then, an end that is not known (`known` false)."""

    start: dt.date
    end: dt.date  # the next judgement, today, or the next date the record speaks for (when not known)
    ongoing: bool
    known: bool = True
    strand: str = Strand.OVERALL
    replaced: bool = False  # ended by an inspection under a later framework that does not judge the strand
    basis: str = "published"  # what `start` is: see standing.Judged.holds_from_basis

    @property
    def days(self) -> int:
        """Days counted: none when the end is not known."""
        return max((self.end - self.start).days, 0) if self.known else 0


@dataclass(frozen=True)
class Position:
    today: dt.date
    strands: tuple[StrandPosition, ...]
    last_inspection: Event | None
    headline_grade: str | None  # the overall grade; None under ILACS 2026, which gives none
    inadequate_periods: tuple[InadequatePeriod, ...]  # overall effectiveness
    expected: tuple[Expectation, ...]
    # Every strand's spells judged inadequate, overall first, for the strands that have any.
    inadequate_by_strand: tuple[tuple[Strand, tuple[InadequatePeriod, ...]], ...] = ()

    @property
    def last_inspection_date(self) -> dt.date | None:
        return self.last_inspection.start_date if self.last_inspection else None

    @property
    def days_since_inspection(self) -> int | None:
        date = self.last_inspection_date
        return (self.today - date).days if date else None

    @property
    def days_inadequate(self) -> int:
        return sum(p.days for p in self.inadequate_periods)

    @property
    def currently_inadequate(self) -> bool:
        return bool(self.inadequate_periods) and self.inadequate_periods[-1].ongoing

    @property
    def inadequate_not_known(self) -> tuple[InadequatePeriod, ...]:
        """Overall inadequate spells whose end is not known: an inspection is missing from the record."""
        return tuple(p for p in self.inadequate_periods if not p.known)


def describe_days(days: int) -> str:
    """1323 → '3 years 7 months'; under a month → 'N days'."""
    if days < 30:
        return f"{days} day{'s' if days != 1 else ''}"
    years, months = divmod(round(days / 30.4375), 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " ".join(parts)


def full_inspections(events: Iterable[Event]) -> list[Event]:
    return sorted((e for e in events if e.kind == EventKind.INSPECTION), key=lambda e: (e.start_date, e.pk or 0))


def headline_grade(event: Event) -> str | None:
    """The overall effectiveness grade: none under ILACS 2026, which gives no overall judgement."""
    return event.overall_grade()


def _grade_for_next_steps(event: Event) -> str | None:
    """The grade that decides what Ofsted does next: the overall one, or for ILACS 2026, which gives none, the worst
    strand (an inadequate strand brings monitoring). Never shown as an overall grade."""
    overall = event.overall_grade()
    if overall or event.framework != FrameworkCode.ILACS_2026:
        return overall
    grades = [j.grade for j in event.judgements.all() if j.is_primary]
    return max(grades, key=lambda g: GRADE_LEVEL[Grade(g)], default=None)


def judged(event: Event) -> Judged:
    """An inspection as the standing rules see it (judgements prefetched)."""
    primary = ((j.area, j.strand, j.grade) for j in event.judgements.all() if j.is_primary)
    return Judged(
        event.pk or 0,
        event.start_date,
        event.end_date,
        event.published_date,
        event.framework,
        grades_by_strand(event.framework, event.start_date, primary),
    )


def latest_strand_grades(events: Iterable[Event]) -> tuple[StrandPosition, ...]:
    """Each strand's most recent grade, with the date and inspection that gave it."""
    latest: dict[str, StrandPosition] = {}
    for event in full_inspections(events):
        for strand in LIST_STRANDS:
            judgement = event.judgement_for(strand)
            if judgement:
                latest[strand] = StrandPosition(strand, judgement.grade, event.start_date, event)
    return tuple(latest.get(s, StrandPosition(s, None, None, None)) for s in LIST_STRANDS)


def inadequate_periods(
    events: Iterable[Event], today: dt.date, strand: Strand = Strand.OVERALL
) -> tuple[InadequatePeriod, ...]:
    """`strand`'s spells judged inadequate, by the rules of standing.py: from publication to the next judgement of
    the strand, with an end not known across a gap where an inspection is missing from the record."""
    inspections = [judged(e) for e in full_inspections(events) if e.start_date <= today]
    return _inadequate(inspections, strand, today)


def _inadequate(inspections: list[Judged], strand: Strand, today: dt.date) -> tuple[InadequatePeriod, ...]:
    periods: list[InadequatePeriod] = []
    for spell in spells(inspections, strand, today):
        if spell.grade != Grade.INADEQUATE:
            continue
        period = InadequatePeriod(
            spell.start,
            spell.end,
            ongoing=spell.ends == ONGOING,
            known=spell.known,
            strand=strand,
            replaced=spell.ends == REPLACED,
            basis=spell.judged.holds_from_basis,
        )
        # A judgement repeated at the next inspection continues the same spell.
        if periods and periods[-1].known and period.known and periods[-1].end == period.start:
            period = replace(period, start=periods[-1].start, basis=periods[-1].basis)
            periods[-1] = period
        else:
            periods.append(period)
    return tuple(periods)


RULE_GOOD = (
    "Under ILACS, an authority judged good or outstanding has a short inspection about three years later "
    "(shown as 2½ to 3½ years), with a focused visit in between."
)
RULE_REQUIRES_IMPROVEMENT = (
    "Under ILACS, an authority judged requires improvement (or adequate) has a standard inspection "
    "about three years later (shown as 2½ to 3½ years), with a focused visit in between."
)
RULE_MONITORING = (
    "Under ILACS, an authority judged inadequate has monitoring visits about every three to four months "
    "until it is re-inspected."
)
RULE_REINSPECTION = (
    "Under ILACS, an inadequate authority is typically re-inspected within about two years of the inspection, "
    "once monitoring shows enough progress (shown as 18 months to 2 years; it often takes longer)."
)


def _expectation(what: str, earliest: dt.date, latest: dt.date, rule: str, today: dt.date) -> Expectation:
    return Expectation(what, earliest, latest, rule, overdue=today > latest)


def expected_next(events: Iterable[Event], today: dt.date) -> tuple[Expectation, ...]:
    """What Ofsted should do next, from the headline grade of the last full inspection."""
    events = list(events)
    inspections = [e for e in full_inspections(events) if e.start_date <= today and _grade_for_next_steps(e)]
    if not inspections:
        return ()
    last = inspections[-1]
    grade = _grade_for_next_steps(last)
    since = last.start_date
    if grade in {Grade.OUTSTANDING, Grade.GOOD}:
        return (_expectation("Short inspection", add_months(since, 30), add_months(since, 42), RULE_GOOD, today=today),)
    if grade in {Grade.REQUIRES_IMPROVEMENT, Grade.ADEQUATE}:
        return (
            _expectation(
                "Standard inspection",
                add_months(since, 30),
                add_months(since, 42),
                RULE_REQUIRES_IMPROVEMENT,
                today=today,
            ),
        )
    visits = sorted(
        (e for e in events if e.kind == EventKind.MONITORING_VISIT and since <= e.start_date <= today),
        key=lambda e: e.start_date,
    )
    after = visits[-1].start_date if visits else since
    number = max((v.sequence_number or 0 for v in visits), default=0) + 1
    return (
        _expectation(
            f"Monitoring visit {number}", add_months(after, 3), add_months(after, 4), RULE_MONITORING, today=today
        ),
        _expectation(
            "Re-inspection (standard inspection)",
            add_months(since, 18),
            add_months(since, 24),
            RULE_REINSPECTION,
            today=today,
        ),
    )


def current_position(events: Iterable[Event], *, today: dt.date) -> Position:
    """Everything the 'Current position' section says, from one list of events."""
    events = [e for e in events if e.start_date <= today]
    inspections = full_inspections(events)
    last = inspections[-1] if inspections else None
    seen = [judged(e) for e in inspections]
    by_strand = tuple((s, periods) for s in LIST_STRANDS if (periods := _inadequate(seen, s, today)))
    return Position(
        today=today,
        strands=latest_strand_grades(events),
        last_inspection=last,
        headline_grade=headline_grade(last) if last else None,
        inadequate_periods=dict(by_strand).get(Strand.OVERALL, ()),
        expected=expected_next(events, today),
        inadequate_by_strand=by_strand,
    )
