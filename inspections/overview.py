"""The national and regional picture: every authority's full inspections, read in one query and counted.

Judgements are read as plain tuples (not model instances): the overview covers every authority's whole
history, and building thousands of objects would cost more than the counting. The rules are those of
position.py: an authority's own inspections (a predecessor's grades do not pass to its successor); the headline
grade is the overall effectiveness one, which ILACS 2026 does not give (such an authority is counted as having no
overall judgement under its latest framework, never given one); what stood when follows standing.py, so a
stretch with an inspection missing from the record is counted as not known.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from authorities.models import Authority, AuthorityType, Region

from .frameworks import GRADE_LEVEL, FrameworkCode, Grade, Strand, grades_by_strand, judges_strand
from .models import Event, EventKind, Judgement
from .position import describe_days
from .standing import REPLACED, UNKNOWN, Judged, Spell, spells, standing_on
from .summaries import LIST_STRANDS

# Columns for counts: adequate (2009–13) and requires improvement share a rung, as on the chart.
LEVELS: tuple[tuple[int, str], ...] = (
    (1, "Outstanding"),
    (2, "Good"),
    (3, "Requires improvement or adequate"),
    (4, "Inadequate"),
)
# After the levels, the count tables' last two columns: a latest inspection whose framework gives no such
# judgement (ILACS 2026 has no overall one), and no record held.
NOT_IN_FRAMEWORK = "No such judgement in the latest inspection's framework"
NOT_IN_FRAMEWORK_KEY = "not_in_framework"
# The grade filter's values, each standing for one level; "none": no full inspection recorded.
GRADE_CHOICES: tuple[tuple[str, str], ...] = (
    (Grade.OUTSTANDING.value, "Outstanding"),
    (Grade.GOOD.value, "Good"),
    (Grade.REQUIRES_IMPROVEMENT.value, "Requires improvement or adequate"),
    (Grade.INADEQUATE.value, "Inadequate"),
    (NOT_IN_FRAMEWORK_KEY, "No overall judgement under the latest inspection's framework (ILACS 2026)"),
    ("none", "No record held"),
)
INADEQUATE = GRADE_LEVEL[Grade.INADEQUATE]


@dataclass(frozen=True)
class Inspection:
    event_id: int
    date: dt.date
    framework: str
    grades: Mapping[str, str]  # strand → grade, primary judgements only, a combined children in care one in both
    headline: str | None  # the overall grade (ILACS 2026 gives none)
    level: int | None  # the headline's rung on GRADE_LEVEL's 1–4 scale
    end: dt.date | None = None
    published: dt.date | None = None

    @classmethod
    def of(
        cls,
        event_id: int,
        date: dt.date,
        framework: str,
        grades: Mapping[str, str],
        *,
        end: dt.date | None = None,
        published: dt.date | None = None,
    ) -> Inspection:
        # GRADE_LEVEL's keys are Grade members, which are their values: a grade as read looks itself up.
        headline = grades.get(Strand.OVERALL)
        return cls(
            event_id, date, framework, grades, headline, GRADE_LEVEL[headline] if headline else None, end, published
        )

    def judged(self) -> Judged:
        return Judged(self.event_id, self.date, self.end, self.published, self.framework, self.grades)


@dataclass(frozen=True)
class Record:
    """One authority and its full inspections with a grade, oldest first."""

    authority: Authority
    inspections: tuple[Inspection, ...]
    graded: tuple[Inspection, ...] = field(init=False)  # those that gave a headline grade
    overall_spells: tuple[Spell, ...] = field(init=False)  # as at the last inspection's date, see `spells_to`

    def __post_init__(self) -> None:
        object.__setattr__(self, "graded", tuple(i for i in self.inspections if i.level is not None))
        last = self.inspections[-1].date if self.inspections else dt.date.min
        object.__setattr__(self, "overall_spells", self.spells_to(last))

    def spells_to(self, today: dt.date) -> tuple[Spell, ...]:
        return spells([i.judged() for i in self.inspections], Strand.OVERALL, today)

    @property
    def latest(self) -> Inspection | None:
        return self.inspections[-1] if self.inspections else None

    @property
    def overall_replaced(self) -> bool:
        """The latest inspection's framework gives no overall judgement (ILACS 2026), and either took the place of
        the last one or none was ever held."""
        latest = self.latest
        if latest is None:
            return False
        if self.overall_spells and self.overall_spells[-1].ends == REPLACED:
            return True
        return not self.graded and judges_strand(latest.framework, Strand.OVERALL) is False

    @property
    def current(self) -> Inspection | None:
        """The latest inspection that gave an overall grade, unless a later framework's replaced it."""
        graded = self.graded
        return graded[-1] if graded and not self.overall_replaced else None

    @property
    def headline(self) -> str | None:
        current = self.current
        return current.headline if current else None

    @property
    def level(self) -> int | None:
        current = self.current
        return current.level if current else None

    @property
    def overall_column(self) -> int | str | None:
        """The count tables' column for the overall grade: a level, NOT_IN_FRAMEWORK_KEY or None (no record)."""
        return NOT_IN_FRAMEWORK_KEY if self.overall_replaced else self.level

    @property
    def grade_key(self) -> str:
        """The value of the grade filter this authority matches."""
        if self.overall_replaced:
            return NOT_IN_FRAMEWORK_KEY
        return {1: "outstanding", 2: "good", 3: "requires_improvement", 4: "inadequate"}.get(self.level or 0, "none")

    def levels_on(self, dates: Sequence[dt.date], today: dt.date | None = None) -> list[int | str | None]:
        """The overall level standing on each of `dates` (oldest first, none after `today`): UNKNOWN where an
        inspection is missing from the record, None before the first judgement or after it was replaced."""
        if not dates:
            return []
        found = self.spells_to(today or max(dates))
        levels: list[int | str | None] = []
        for date in dates:
            spell = standing_on(found, date)
            levels.append(spell.level if isinstance(spell, Spell) else spell)
        return levels

    def inadequate_since(self, today: dt.date) -> dt.date | None:
        """When the current run of inadequate overall judgements began, if it stands today by the rules of
        standing.py (not after a gap in the record longer than Ofsted leaves between inspections)."""
        found = self.spells_to(today)
        if not found or found[-1].grade != Grade.INADEQUATE or found[-1].ends != "ongoing":
            return None
        since = found[-1].start
        for spell in reversed(found[:-1]):
            if spell.grade != Grade.INADEQUATE or not spell.known:
                break
            since = spell.start
        return since


def records_for(authorities: QuerySet[Authority], *, today: dt.date) -> list[Record]:
    """Each authority of `authorities` with its full inspections: three queries whatever the history."""
    # What the overview and the map show of an authority: its name, its page and its region.
    chosen = list(authorities.select_related("region").only("name", "slug", "region__name"))
    inspections = (
        Event.objects.filter(kind=EventKind.INSPECTION, authority__in=[a.pk for a in chosen], start_date__lte=today)
        .order_by()
        .values_list("pk", "authority_id", "start_date", "framework", "end_date", "published_date")
    )
    # Two narrow queries rather than one join: each date is converted once per inspection, not per grade.
    events: dict[int, dict[int, tuple[dt.date, str, list[tuple[str, str, str]], dt.date | None, dt.date | None]]]
    events = defaultdict(dict)
    judged_of: dict[int, list[tuple[str, str, str]]] = {}
    for pk, authority_id, date, framework, end, published in inspections:
        judged_of[pk] = []
        events[authority_id][pk] = (date, framework, judged_of[pk], end, published)
    judgements = Judgement.objects.filter(is_primary=True, event_id__in=inspections.values("pk")).order_by("pk")
    for event_id, area, strand, grade in judgements.values_list("event_id", "area", "strand", "grade"):
        judged_of[event_id].append((area, strand, grade))
    records = []
    for authority in chosen:
        own = sorted(
            (
                Inspection.of(
                    pk, date, framework, grades_by_strand(framework, date, judged), end=end, published=published
                )
                for pk, (date, framework, judged, end, published) in events[authority.pk].items()
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
    counts: tuple[int, ...]  # one per LEVELS, then NOT_IN_FRAMEWORK, then no record held

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class YearRow:
    year: int
    inadequate: int  # authorities whose standing overall grade was inadequate at the year's end (or today)
    judged_inadequate: int  # inadequate overall grades given at inspections that year
    graded: int  # authorities with an overall grade standing then
    not_known: int = 0  # authorities whose record is missing an inspection across that date


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


def _count_row(label: str, levels: Iterable[int | str | None]) -> CountRow:
    counted = Counter(levels)
    return CountRow(label, (*(counted[level] for level, _ in LEVELS), counted[NOT_IN_FRAMEWORK_KEY], counted[None]))


def _strand_level(record: Record, strand: Strand) -> int | str | None:
    latest = record.latest
    if latest is None:
        return None
    grade = latest.grades.get(strand)
    if grade:
        return GRADE_LEVEL[grade]
    return NOT_IN_FRAMEWORK_KEY if judges_strand(latest.framework, strand) is False else None


def overview(records: Sequence[Record], *, today: dt.date) -> Overview:
    strand_rows = tuple(
        _count_row(
            str(strand.label),
            (r.overall_column if strand == Strand.OVERALL else _strand_level(r, strand) for r in records),
        )
        for strand in LIST_STRANDS
    )
    by_region: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_region[record.authority.region.name].append(record)
    region_rows = tuple(_count_row(name, (r.overall_column for r in by_region[name])) for name in sorted(by_region))

    transitions: dict[int, list[int]] = defaultdict(list)
    changes = {"improved": 0, "unchanged": 0, "declined": 0}
    single = 0
    for record in records:
        graded = record.graded
        if record.overall_replaced:  # no overall grade now to move to
            continue
        if len(graded) < 2:
            single += len(graded)
            continue
        before, after = graded[-2].level, graded[-1].level
        # graded holds only inspections with a level
        assert before is not None
        assert after is not None
        transitions[before].append(after)
        changes["improved" if after < before else "declined" if after > before else "unchanged"] += 1
    transition_rows = tuple(_count_row(label, transitions[level]) for level, label in LEVELS)

    inadequate_now = sorted(
        (
            InadequateNow(r.authority, since, (today - since).days)
            for r in records
            if (since := r.inadequate_since(today)) is not None
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
    by_year = zip(*(r.levels_on(ends, today) for r in records), strict=True)  # each year's levels, one per record
    return tuple(
        YearRow(
            year=year,
            inadequate=sum(1 for level in levels if level == INADEQUATE),
            judged_inadequate=judged[year],
            graded=sum(1 for level in levels if isinstance(level, int)),
            not_known=sum(1 for level in levels if level == UNKNOWN),
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
