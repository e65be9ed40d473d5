"""The national and regional picture: every authority's full inspections, read in one query and counted.

Judgements are read as plain tuples (not model instances): the overview covers every authority's whole
history, and building thousands of objects would cost more than the counting. The rules are those of
position.py: an authority's own inspections (a predecessor's grades do not pass to its successor), the
headline grade is the overall one or, for ILACS 2026 which gives none, the worst strand.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from inspections.frameworks import GRADE_LEVEL, FrameworkCode, Grade, Strand
from inspections.models import Event, EventKind, Judgement

from .models import Authority, AuthorityType, Region
from .position import describe_days
from .summaries import LIST_STRANDS

# Columns for counts: adequate (2009–13) and requires improvement share a rung, as on the chart.
LEVELS: tuple[tuple[int, str], ...] = (
    (1, "Outstanding"),
    (2, "Good"),
    (3, "Requires improvement or adequate"),
    (4, "Inadequate"),
)
LEVEL_LABELS = dict(LEVELS)
# The grade filter's values, each standing for one level; "none": no full inspection recorded.
GRADE_CHOICES: tuple[tuple[str, str], ...] = (
    (Grade.OUTSTANDING.value, "Outstanding"),
    (Grade.GOOD.value, "Good"),
    (Grade.REQUIRES_IMPROVEMENT.value, "Requires improvement or adequate"),
    (Grade.INADEQUATE.value, "Inadequate"),
    ("none", "No full inspection recorded"),
)
INADEQUATE = GRADE_LEVEL[Grade.INADEQUATE]


@dataclass(frozen=True)
class Inspection:
    event_id: int
    date: dt.date
    framework: str
    grades: Mapping[str, str]  # strand → grade, primary judgements only
    headline: str | None  # overall grade, or for ILACS 2026 the worst strand
    level: int | None  # the headline's rung on GRADE_LEVEL's 1–4 scale

    @classmethod
    def of(cls, event_id: int, date: dt.date, framework: str, grades: Mapping[str, str]) -> Inspection:
        # GRADE_LEVEL's keys are Grade members, which are their values: a grade as read looks itself up.
        headline = grades.get(Strand.OVERALL)
        if not headline and framework == FrameworkCode.ILACS_2026:
            headline = max(grades.values(), key=GRADE_LEVEL.__getitem__, default=None)
        return cls(event_id, date, framework, grades, headline, GRADE_LEVEL[headline] if headline else None)


@dataclass(frozen=True)
class Record:
    """One authority and its full inspections with a grade, oldest first."""

    authority: Authority
    inspections: tuple[Inspection, ...]
    graded: tuple[Inspection, ...] = field(init=False)  # those that gave a headline grade

    def __post_init__(self) -> None:
        object.__setattr__(self, "graded", tuple(i for i in self.inspections if i.level is not None))

    @property
    def latest(self) -> Inspection | None:
        return self.inspections[-1] if self.inspections else None

    @property
    def current(self) -> Inspection | None:
        """The latest inspection that gave a headline grade."""
        graded = self.graded
        return graded[-1] if graded else None

    @property
    def headline(self) -> str | None:
        current = self.current
        return current.headline if current else None

    @property
    def level(self) -> int | None:
        current = self.current
        return current.level if current else None

    @property
    def grade_key(self) -> str:
        """The value of the grade filter this authority matches."""
        return {1: "outstanding", 2: "good", 3: "requires_improvement", 4: "inadequate"}.get(self.level or 0, "none")

    def levels_on(self, dates: Sequence[dt.date]) -> list[int | None]:
        """The headline level standing on each of `dates`, oldest first (from the last graded inspection on or
        before it): one walk through the inspections for all the dates."""
        levels: list[int | None] = []
        level, index, graded = None, 0, self.graded
        for date in dates:
            while index < len(graded) and graded[index].date <= date:
                level = graded[index].level
                index += 1
            levels.append(level)
        return levels

    def inadequate_since(self) -> dt.date | None:
        """When the current run of inadequate headlines began, if the authority is inadequate now."""
        since = None
        for inspection in reversed(self.graded):
            if inspection.level != INADEQUATE:
                break
            since = inspection.date
        return since


def records_for(authorities: QuerySet[Authority], *, today: dt.date) -> list[Record]:
    """Each authority of `authorities` with its full inspections: three queries whatever the history."""
    # What the overview and the map show of an authority: its name, its page and its region.
    authorities = list(authorities.select_related("region").only("name", "slug", "region__name"))
    inspections = (
        Event.objects.filter(
            kind=EventKind.INSPECTION, authority__in=[a.pk for a in authorities], start_date__lte=today
        )
        .order_by()
        .values_list("pk", "authority_id", "start_date", "framework")
    )
    # Two narrow queries rather than one join: each date is converted once per inspection, not per grade.
    events: dict[int, dict[int, tuple[dt.date, str, dict[str, str]]]] = defaultdict(dict)
    grades_of: dict[int, dict[str, str]] = {}
    for pk, authority_id, date, framework in inspections:
        grades_of[pk] = {}
        events[authority_id][pk] = (date, framework, grades_of[pk])
    judgements = Judgement.objects.filter(is_primary=True, event_id__in=inspections.values("pk")).order_by()
    for event_id, strand, grade in judgements.values_list("event_id", "strand", "grade"):
        grades_of[event_id][strand] = grade
    records = []
    for authority in authorities:
        own = sorted(
            (
                Inspection.of(pk, date, framework, grades)
                for pk, (date, framework, grades) in events[authority.pk].items()
            ),
            key=lambda i: (i.date, i.event_id),
        )
        records.append(Record(authority, tuple(own)))
    return records


@dataclass(frozen=True)
class Filters:
    region: str = ""
    grade: str = ""
    framework: str = ""
    authority_type: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str], regions: Iterable[Region]) -> Filters:
        """Only known values are kept, so a mistyped URL shows everything rather than failing."""

        def pick(name: str, allowed: Iterable[str]) -> str:
            value = query.get(name, "")
            return value if value in set(allowed) else ""

        return cls(
            region=pick("region", (r.code for r in regions)),
            grade=pick("grade", (value for value, _ in GRADE_CHOICES)),
            framework=pick("framework", FrameworkCode.values),
            authority_type=pick("type", AuthorityType.values),
        )

    @property
    def active(self) -> bool:
        return any((self.region, self.grade, self.framework, self.authority_type))

    def authorities(self) -> QuerySet[Authority]:
        authorities = Authority.objects.current()
        if self.region:
            authorities = authorities.filter(region_id=self.region)
        if self.authority_type:
            authorities = authorities.filter(authority_type=self.authority_type)
        return authorities

    def keep(self, record: Record) -> bool:
        """The filters that depend on inspections (grade and framework of the latest one)."""
        if self.grade and record.grade_key != self.grade:
            return False
        return not (self.framework and (record.latest is None or record.latest.framework != self.framework))


@dataclass(frozen=True)
class CountRow:
    label: str
    counts: tuple[int, ...]  # one per LEVELS, then "not judged"

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class YearRow:
    year: int
    inadequate: int  # authorities whose standing headline grade was inadequate at the year's end (or today)
    judged_inadequate: int  # inadequate headline grades given at inspections that year
    graded: int  # authorities with any headline grade by then


@dataclass(frozen=True)
class InadequateNow:
    authority: Authority
    since: dt.date
    days: int

    @property
    def duration(self) -> str:
        return describe_days(self.days)


@dataclass(frozen=True)
class Overview:
    records: tuple[Record, ...]
    strand_rows: tuple[CountRow, ...]
    region_rows: tuple[CountRow, ...]
    years: tuple[YearRow, ...]
    transitions: tuple[CountRow, ...]  # previous level (rows) → current level (columns)
    single_inspection: int  # authorities with only one graded inspection: no transition yet
    inadequate_now: tuple[InadequateNow, ...]
    changes: Mapping[str, int] = field(default_factory=dict)  # improved / unchanged / declined


def _count_row(label: str, levels: Iterable[int | None]) -> CountRow:
    counted = Counter(levels)
    return CountRow(label, (*(counted[level] for level, _ in LEVELS), counted[None]))


def _strand_level(record: Record, strand: Strand) -> int | None:
    grade = record.latest.grades.get(strand) if record.latest else None
    return GRADE_LEVEL[grade] if grade else None


def overview(records: Sequence[Record], *, today: dt.date) -> Overview:
    strand_rows = tuple(
        _count_row(
            "Overall effectiveness (or worst strand)" if strand == Strand.OVERALL else str(strand.label),
            (r.level if strand == Strand.OVERALL else _strand_level(r, strand) for r in records),
        )
        for strand in LIST_STRANDS
    )
    by_region: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_region[record.authority.region.name].append(record)
    region_rows = tuple(_count_row(name, (r.level for r in by_region[name])) for name in sorted(by_region))

    transitions: dict[int, list[int]] = defaultdict(list)
    changes = {"improved": 0, "unchanged": 0, "declined": 0}
    single = 0
    for record in records:
        graded = record.graded
        if len(graded) < 2:
            single += len(graded)
            continue
        before, after = graded[-2].level, graded[-1].level
        transitions[before].append(after)
        changes["improved" if after < before else "declined" if after > before else "unchanged"] += 1
    transition_rows = tuple(_count_row(label, transitions[level]) for level, label in LEVELS)

    inadequate_now = sorted(
        (
            InadequateNow(r.authority, since, (today - since).days)
            for r in records
            if (since := r.inadequate_since()) is not None
        ),
        key=lambda row: (-row.days, row.authority.name),
    )
    return Overview(
        records=tuple(records),
        strand_rows=strand_rows,
        region_rows=region_rows,
        years=_years(records, today),
        transitions=transition_rows,
        single_inspection=single,
        inadequate_now=tuple(inadequate_now),
        changes=changes,
    )


def _years(records: Sequence[Record], today: dt.date) -> tuple[YearRow, ...]:
    dates = [i.date for r in records for i in r.graded]
    if not dates:
        return ()
    judged = Counter(i.date.year for r in records for i in r.graded if i.level == INADEQUATE)
    years = range(min(dates).year, today.year + 1)
    ends = [min(dt.date(year, 12, 31), today) for year in years]
    by_year = zip(*(r.levels_on(ends) for r in records), strict=True)  # each year's levels, one per record
    return tuple(
        YearRow(
            year=year,
            inadequate=sum(1 for level in levels if level == INADEQUATE),
            judged_inadequate=judged[year],
            graded=sum(1 for level in levels if level is not None),
        )
        for year, levels in zip(years, by_year, strict=True)
    )


def national_overview(filters: Filters, *, today: dt.date) -> Overview:
    records = [r for r in records_for(filters.authorities(), today=today) if filters.keep(r)]
    return overview(records, today=today)


def year_chart(years: Sequence[YearRow], *, width: int = 720, height: int = 220) -> SafeString:
    """Bars of how many authorities stood inadequate at each year's end; the table beside it has the numbers."""
    if not years:
        return mark_safe("")
    left, right, top, bottom = 40, 10, 16, 30
    peak = max(max(row.inadequate for row in years), 1)
    step = (width - left - right) / len(years)
    scale = (height - top - bottom) / peak
    bars = []
    for index, row in enumerate(years):
        x = left + index * step
        bar = row.inadequate * scale
        label = f"{row.year}: {row.inadequate} inadequate"
        bars.append(
            format_html(
                '<g><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" fill="#d4351c"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#0b0c0c">{}</text>{}</g>',
                label,
                f"{x + step * 0.15:.1f}",
                f"{height - bottom - bar:.1f}",
                f"{step * 0.7:.1f}",
                f"{bar:.1f}",
                f"{x + step / 2:.1f}",
                height - bottom + 14,
                f"’{row.year % 100:02d}" if len(years) > 12 else row.year,
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#0b0c0c">{}</text>',
                    f"{x + step / 2:.1f}",
                    f"{height - bottom - bar - 3:.1f}",
                    row.inadequate,
                )
                if row.inadequate
                else "",
            )
        )
    first, last = years[0], years[-1]
    summary = (
        f"Authorities judged inadequate at the end of each year, {first.year} to {last.year}: "
        f"{first.inadequate} in {first.year}, {last.inadequate} in {last.year}, "
        f"at most {peak}. The table that follows gives every year."
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-year-chart" viewBox="0 0 {w} {h}" width="100%"'
        ' role="img" aria-label="{}" font-family="arial, sans-serif">'
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="#0b0c0c"/>{}</svg>',
        summary,
        format_html_join("", "{}", ((b,) for b in bars)),
        w=width,
        h=height,
        l=left,
        r=width - right,
        b=height - bottom,
    )
