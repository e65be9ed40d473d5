"""An authority's current position, as pure functions over its already-fetched events.

Nothing here queries the database: pass events with their judgements prefetched, and `today`.
Dates are inspection start dates, as the timeline shows them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from inspections.frameworks import GRADE_LEVEL, FrameworkCode, Grade, Strand
from inspections.models import Event, EventKind

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
    start: dt.date
    end: dt.date  # the next better inspection, or today
    ongoing: bool

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class Position:
    today: dt.date
    strands: tuple[StrandPosition, ...]
    last_inspection: Event | None
    headline_grade: str | None  # overall, or the worst strand for ILACS 2026
    inadequate_periods: tuple[InadequatePeriod, ...]
    expected: tuple[Expectation, ...]

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


def add_months(date: dt.date, months: int) -> dt.date:
    """`date` moved by whole months, clamped to the month's last day (31 Jan + 1 month → 28/29 Feb)."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


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
    """The overall grade; for ILACS 2026, which gives none, the worst of its strand grades."""
    overall = event.overall_grade()
    if overall or event.framework != FrameworkCode.ILACS_2026:
        return overall
    grades = [j.grade for j in event.judgements.all() if j.is_primary]
    return max(grades, key=lambda g: GRADE_LEVEL[Grade(g)], default=None)


def latest_strand_grades(events: Iterable[Event]) -> tuple[StrandPosition, ...]:
    """Each strand's most recent grade, with the date and inspection that gave it."""
    latest: dict[str, StrandPosition] = {}
    for event in full_inspections(events):
        for strand in LIST_STRANDS:
            judgement = event.judgement_for(strand)
            if judgement:
                latest[strand] = StrandPosition(strand, judgement.grade, event.start_date, event)
    return tuple(latest.get(s, StrandPosition(s, None, None, None)) for s in LIST_STRANDS)


def inadequate_periods(events: Iterable[Event], today: dt.date) -> tuple[InadequatePeriod, ...]:
    """Spans from an inadequate headline grade to the next better inspection (or today)."""
    periods: list[InadequatePeriod] = []
    started: dt.date | None = None
    for event in full_inspections(events):
        grade = headline_grade(event)
        if grade is None or event.start_date > today:
            continue
        if grade == Grade.INADEQUATE:
            started = started or event.start_date
        elif started is not None:
            periods.append(InadequatePeriod(started, event.start_date, ongoing=False))
            started = None
    if started is not None:
        periods.append(InadequatePeriod(started, today, ongoing=True))
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
    inspections = [e for e in full_inspections(events) if e.start_date <= today and headline_grade(e)]
    if not inspections:
        return ()
    last = inspections[-1]
    grade = headline_grade(last)
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
    return Position(
        today=today,
        strands=latest_strand_grades(events),
        last_inspection=last,
        headline_grade=headline_grade(last) if last else None,
        inadequate_periods=inadequate_periods(events, today),
        expected=expected_next(events, today),
    )
