"""How long a judgement stands, and where the record cannot say: pure rules over an authority's full inspections.

- A judgement holds from its publication date; where none is known, from the inspection's last day (failing
  that, its first).
- It holds until the next judgement of the same strand, or until an inspection under a later framework that does
  not judge that strand (ILACS from April 2026 gives no overall effectiveness judgement).
- Ofsted inspects every authority within a few years, so a long silence means an inspection is missing from this
  record. In Ofsted's official statistics (2009 to March 2025) the longest time from one full inspection of an
  authority to its next is 6 years 8 months after a 2009–12 inspection, and under 6 years after a SIF or ILACS
  one. A stretch longer than `LONGEST_INTERVAL_MONTHS` of the earlier inspection's framework between two known
  full inspections, or from the last one to today, has an inspection missing: what stood across it is not known,
  so it is neither carried nor counted.

The pages say the same (`RULE_HOLDS`, `RULE_MISSING`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .frameworks import GRADE_LEVEL, FrameworkCode, Grade, judges_strand, replaces

# Whole years above the longest interval seen in the official statistics for inspections under each framework.
LONGEST_INTERVAL_MONTHS: Mapping[str, int] = {
    FrameworkCode.SAFEGUARDING_LAC: 84,
    FrameworkCode.LOOKED_AFTER: 84,
    FrameworkCode.SIF: 72,
    FrameworkCode.ILACS: 72,
    FrameworkCode.ILACS_2026: 72,
}
DEFAULT_INTERVAL_MONTHS = 84  # a framework without a figure of its own: the longest of all

RULE_HOLDS = (
    "A judgement counts from the day its report was published (where that is not known, from the inspection's "
    "last day) until the next judgement of the same kind."
)
RULE_MISSING = (
    "Ofsted inspects every authority within a few years: in its official statistics for 2009 to 2025 no authority "
    "waited more than 6 years 8 months for its next full inspection after a 2009–12 one, or more than 6 years after "
    "a SIF or ILACS one. A longer gap in this record means an inspection is missing from it, so what stood across "
    "that gap is shown as not known and is not counted."
)

# How a spell ends.
NEXT = "next"  # the next judgement of the strand
REPLACED = "replaced"  # an inspection under a later framework that does not judge the strand
ONGOING = "ongoing"  # it stands today
UNKNOWN = "unknown"  # an inspection is missing from the record before the spell's end


@dataclass(frozen=True)
class Judged:
    """One full inspection as these rules see it."""

    event_id: int
    start: dt.date
    end: dt.date | None
    published: dt.date | None
    framework: str
    grades: Mapping[str, str]  # strand → grade, a combined children in care and care leavers judgement in both

    @property
    def holds_from(self) -> dt.date:
        return self.published or self.end or self.start

    @property
    def holds_from_basis(self) -> str:
        return "published" if self.published else "last day of the inspection" if self.end else "inspection began"


@dataclass(frozen=True)
class Spell:
    """A strand's grade from one judgement until the next, or until the record cannot say."""

    strand: str
    grade: str
    judged: Judged
    start: dt.date
    end: dt.date  # the next judgement's start, today, or where knowledge resumes
    ends: str  # NEXT, REPLACED, ONGOING or UNKNOWN

    @property
    def known(self) -> bool:
        return self.ends != UNKNOWN

    @property
    def days(self) -> int | None:
        """Days the grade stood; None when an inspection is missing from the record before its end."""
        return max((self.end - self.start).days, 0) if self.known else None

    @property
    def level(self) -> int:
        return GRADE_LEVEL[Grade(self.grade)]


def add_months(date: dt.date, months: int) -> dt.date:
    """`date` moved by whole months, clamped to the month's last day (31 Jan + 1 month → 28/29 Feb)."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    day = min(date.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def missing_after(inspection: Judged, following: dt.date) -> bool:
    """Whether an inspection is missing between `inspection` and the next date known (an inspection's, or today)."""
    months = LONGEST_INTERVAL_MONTHS.get(inspection.framework, DEFAULT_INTERVAL_MONTHS)
    return following > add_months(inspection.holds_from, months)


def gaps(inspections: Sequence[Judged], today: dt.date) -> list[bool]:
    """For each inspection (oldest first), whether an inspection is missing between it and the next (or today)."""
    follows = [i.holds_from for i in inspections[1:]] + [today] if inspections else []
    return [missing_after(i, f) for i, f in zip(inspections, follows, strict=True)]


def spells(inspections: Sequence[Judged], strand: str, today: dt.date) -> tuple[Spell, ...]:
    """`strand`'s spells across `inspections` (oldest first, none after today)."""
    missing = gaps(inspections, today)
    found: list[Spell] = []
    current: tuple[Judged, str] | None = None
    unknown = False
    for index, inspection in enumerate(inspections):
        if index and missing[index - 1]:
            unknown = True
        grade = inspection.grades.get(strand)
        if current is not None and (grade or _replaced(inspection, current[0], strand)):
            judged, was = current
            ends = UNKNOWN if unknown else NEXT if grade else REPLACED
            found.append(Spell(strand, was, judged, judged.holds_from, inspection.holds_from, ends))
            current = None
        if grade:
            current, unknown = (inspection, grade), False
    if current is not None:
        judged, was = current
        unknown = unknown or missing[-1]
        found.append(Spell(strand, was, judged, judged.holds_from, today, UNKNOWN if unknown else ONGOING))
    return tuple(found)


def _replaced(inspection: Judged, judged: Judged, strand: str) -> bool:
    return judges_strand(inspection.framework, strand) is False and replaces(inspection.framework, judged.framework)


def standing_on(spells_of_strand: Sequence[Spell], date: dt.date) -> Spell | str | None:
    """The spell standing on `date`; UNKNOWN inside a stretch the record cannot speak for; None before the first
    judgement or after one was replaced by a framework that does not judge the strand."""
    last = len(spells_of_strand) - 1
    for index, spell in enumerate(spells_of_strand):
        # The last spell runs to today inclusive, unless a later framework replaced it.
        through = index == last and spell.ends != REPLACED
        if spell.start <= date < spell.end or (through and spell.start <= date <= spell.end):
            return spell if spell.known else UNKNOWN
    return None
