"""An authority's trajectory as server-rendered, accessible inline SVG, plus the same facts as table rows.

Pure: takes already-fetched events (judgements prefetched) and builds markup with format_html,
so it adds no queries and every text it prints is escaped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from authorities.models import Authority

from .frameworks import FRAMEWORKS, GRADE_LEVEL, FrameworkCode, Grade, Strand, is_combined_in_care
from .models import Event, EventKind, Judgement
from .standing import REPLACED, UNKNOWN, spells
from .summaries import LIST_STRANDS

WITH_CHILDREN_IN_CARE = "with children in care"


@dataclass(frozen=True)
class StrandStyle:
    colour: str  # at least 4.5:1 against white
    dash: str  # stroke-dasharray; "" for a solid line
    marker: str  # circle, square, triangle, diamond, triangle-down
    marker_name: str


# Colour is never the only cue: each strand also has its own dash pattern and marker shape.
STRAND_STYLES: dict[Strand, StrandStyle] = {
    Strand.OVERALL: StrandStyle("#0b0c0c", "", "circle", "circles"),
    Strand.LEADERSHIP: StrandStyle("#4c2c92", "9 4", "square", "squares"),
    Strand.HELP_AND_PROTECTION: StrandStyle("#1d70b8", "3 3", "triangle", "triangles"),
    Strand.CHILDREN_IN_CARE: StrandStyle("#00703c", "12 4 3 4", "diamond", "diamonds"),
    Strand.CARE_LEAVERS: StrandStyle("#912b88", "5 2", "triangle-down", "downward triangles"),
}
CHART_STRANDS: tuple[Strand, ...] = LIST_STRANDS

# Ungraded events along the lane: the letter (or visit number) printed in their marker.
LANE_LETTERS = {
    EventKind.FOCUSED_VISIT: "F",
    EventKind.JTAI: "J",
    EventKind.LSCB_REVIEW: "S",
    EventKind.IMPROVEMENT_NOTICE: "D",
    EventKind.STATUTORY_DIRECTION: "D",
    EventKind.COMMISSIONER: "D",
    EventKind.IMPROVEMENT_BOARD: "D",
    EventKind.DFE_ADVISER: "D",
    EventKind.COMMITTEE_REPORT: "C",
}
LANE_KEY = (
    ("1, 2, …", "monitoring visit and its number"),
    ("F", "focused visit"),
    ("J", "joint targeted area inspection"),
    ("S", "review of the safeguarding children board"),
    ("D", "DfE intervention (notice, direction, commissioner, board or adviser)"),
    ("C", "council committee report"),
)
GRADE_ROWS = (
    (1, ("Outstanding",)),
    (2, ("Good",)),
    (3, ("Requires", "improvement", "or adequate")),
    (4, ("Inadequate",)),
)
ERA_FILLS = ("#f3f2f1", "#e8f1f8")
TEXT = "#0b0c0c"
MUTED = "#505a5f"  # 7:1 on white, 6:1 on the era shading
COMPARATOR = "#6f777b"  # other authorities' lines: present but behind the authority in focus


@dataclass(frozen=True)
class StrandSeries:
    strand: Strand
    label: str
    style: StrandStyle
    points: int
    swatch: SafeString  # a small inline SVG of the line and marker, for an HTML legend


@dataclass(frozen=True)
class TableRow:
    date: dt.date
    event: Event
    label: str
    url: str
    authority_name: str
    is_predecessor: bool
    grades: tuple[str | None, ...]  # one per Chart.strands, as labels ("Good"); None if not judged


@dataclass(frozen=True)
class Chart:
    svg: SafeString
    table_rows: tuple[TableRow, ...]
    strands: tuple[StrandSeries, ...]
    # What the chart shows, in words: the SVG's <desc>, and the alternative text of the briefing's picture of it.
    description: str = ""
    lane_key: tuple[tuple[str, str], ...] = LANE_KEY
    broken: bool = False  # a line stops: an inspection missing from the record, or a later framework's gap
    shared_care_leavers: bool = False  # an ILACS judgement of children in care and care leavers is on both lines


def _join(parts: Iterable[SafeString]) -> SafeString:
    # Each part escaped unless already safe, as format_html_join would, without formatting a string per part.
    return mark_safe("".join(map(conditional_escape, parts)))


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _marker(shape: str, x: float, y: float, *, fill: str, stroke: str, size: float = 5.5) -> SafeString:
    s = size
    if shape == "circle":
        return format_html(
            '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="2"/>',
            _n(x),
            _n(y),
            _n(s),
            fill,
            stroke,
        )
    corners = {
        "square": ((-s, -s), (s, -s), (s, s), (-s, s)),
        "triangle": ((0, -s * 1.2), (s * 1.1, s * 0.8), (-s * 1.1, s * 0.8)),
        "triangle-down": ((0, s * 1.2), (s * 1.1, -s * 0.8), (-s * 1.1, -s * 0.8)),
        "diamond": ((0, -s * 1.3), (s * 1.3, 0), (0, s * 1.3), (-s * 1.3, 0)),
    }[shape]
    points = " ".join(f"{_n(x + dx)},{_n(y + dy)}" for dx, dy in corners)
    return format_html(
        '<polygon points="{}" fill="{}" stroke="{}" stroke-width="2" stroke-linejoin="round"/>',
        points,
        fill,
        stroke,
    )


def _swatch(style: StrandStyle) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="44" height="16" viewBox="0 0 44 16" aria-hidden="true"'
        ' focusable="false"><line x1="2" y1="8" x2="42" y2="8" stroke="{}" stroke-width="2.5"{}/>{}</svg>',
        style.colour,
        format_html(' stroke-dasharray="{}"', style.dash) if style.dash else "",
        _marker(style.marker, 22, 8, fill=style.colour, stroke=style.colour, size=4.5),
    )


def _date_text(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


def _grade_label(grade: str | None) -> str | None:
    return str(Grade(grade).label) if grade else None


def _event_title(event: Event, authority: Authority | None) -> str:
    title = f"{event.label()}, {_date_text(event.start_date)}"
    if authority is not None and event.authority_id != authority.pk:
        title += f" (as {event.authority.name}, a predecessor)"
    return title


@dataclass(frozen=True)
class Comparator:
    """Another authority drawn faintly behind the chart: its headline grade at each full inspection."""

    authority: Authority
    points: tuple[tuple[Event, str], ...]  # (inspection, headline grade), oldest first


def comparator(authority: Authority, events: Iterable[Event]) -> Comparator:
    """`authority`'s graded full inspections among `events` (judgements prefetched)."""
    from .position import headline_grade  # position imports summaries, as this module does; no cycle

    inspections = sorted(
        (e for e in events if e.kind == EventKind.INSPECTION and e.authority_id == authority.pk),
        key=lambda e: (e.start_date, e.pk or 0),
    )
    return Comparator(authority, tuple((e, grade) for e in inspections if (grade := headline_grade(e))))


def trajectory_chart(
    events: Iterable[Event],
    *,
    width: int = 900,
    height: int = 360,
    authority: Authority | None = None,
    today: dt.date | None = None,
    comparators: Sequence[Comparator] = (),
    full_size: bool = False,
) -> Chart:
    """The chart of `events` (any order). Events of another authority than `authority` are predecessors'.

    `comparators` are other authorities, drawn as faint lines of their headline grade behind `authority`'s.
    `full_size`: drawn `width` pixels wide, never shrunk (in a container that scrolls sideways), so its 13px text
    stays legible on a phone: shrunk to a 390px screen it was 5px high. Otherwise it fills its container (print).
    """
    events = sorted(events, key=lambda e: (e.start_date, e.pk or 0))
    today = today or dt.date.today()
    if authority is None and events:
        authority = events[-1].authority
    judged = [_strand_judgements(e) for e in events]
    points = {
        s: [(e, by_strand[s]) for e, by_strand in zip(events, judged, strict=True) if s in by_strand]
        for s in CHART_STRANDS
    }
    series = _series(points)
    # The table has a column for each strand drawn, as the legend has a line for each.
    drawn = tuple(line.strand for line in series)
    table_rows = tuple(_table_row(e, by_strand, authority, drawn) for e, by_strand in zip(events, judged, strict=True))
    comparators = tuple(c for c in comparators if c.points)
    if not events and not comparators:
        return Chart(svg=mark_safe(""), table_rows=table_rows, strands=series)
    plot = _Plot(
        events,
        series,
        points,
        width=width,
        height=height,
        authority=authority,
        today=today,
        comparators=comparators,
        breaks=_breaks(events, today),
        full_size=full_size,
    )
    shared = any(
        j.strand != Strand.CARE_LEAVERS for by_strand in judged if (j := by_strand.get(Strand.CARE_LEAVERS)) is not None
    )
    description = plot.description()
    return Chart(
        svg=plot.render(description),
        table_rows=table_rows,
        strands=series,
        description=description,
        broken=any(plot.breaks.values()),
        shared_care_leavers=shared,
    )


def _strand_judgements(event: Event) -> dict[str, Judgement]:
    """An inspection's judgement on each strand, the one `Event.judgement_for` gives (an ILACS children in care and
    care leavers judgement before 2023 on both strands); none for other events.
    Found once per event: the chart, its description and its table each ask for every strand."""
    judgements: dict[str, Judgement] = {}
    if event.kind == EventKind.INSPECTION:
        for judgement in event.judgements.all():
            if judgement.is_primary:
                judgements.setdefault(judgement.strand, judgement)
                if is_combined_in_care(event.framework, judgement.area, event.start_date):
                    judgements.setdefault(Strand.CARE_LEAVERS, judgement)
    return judgements


def _breaks(events: Sequence[Event], today: dt.date) -> dict[tuple[str, int], bool]:
    """(strand, id(inspection)) → whether the strand's line stops after that inspection's point: an inspection is
    missing from the record before the strand's next judgement, or a later framework does not give it (standing.py)."""
    from .position import judged  # position imports this module's neighbours, not this module; no cycle

    inspections = [e for e in events if e.kind == EventKind.INSPECTION and e.start_date <= today]
    seen = [replace(judged(e), event_id=index) for index, e in enumerate(inspections)]
    stops: dict[tuple[str, int], bool] = {}
    for strand in CHART_STRANDS:
        for spell in spells(seen, strand, today):
            stops[(strand, id(inspections[spell.judged.event_id]))] = spell.ends in (UNKNOWN, REPLACED)
    return stops


def _series(points: dict[Strand, list[tuple[Event, Judgement]]]) -> tuple[StrandSeries, ...]:
    series = []
    for strand in CHART_STRANDS:
        count = len(points[strand])
        if count:
            style = STRAND_STYLES[strand]
            series.append(StrandSeries(strand, str(strand.label), style, count, _swatch(style)))
    return tuple(series)


def _table_row(
    event: Event, judged: dict[str, Judgement], authority: Authority | None, strands: tuple[Strand, ...]
) -> TableRow:
    grades = tuple(
        f"{_grade_label(j.grade)} ({WITH_CHILDREN_IN_CARE})"
        if (j := judged.get(s)) and s == Strand.CARE_LEAVERS and j.strand != s
        else _grade_label(j.grade)
        if j
        else None
        for s in strands
    )
    return TableRow(
        date=event.start_date,
        event=event,
        label=event.label(),
        url=event.get_absolute_url(),
        authority_name=event.authority.name,
        is_predecessor=authority is not None and event.authority_id != authority.pk,
        grades=grades,
    )


class _Plot:
    """Geometry and drawing for one chart; only `render` is public."""

    LEFT = 120
    RIGHT = 24
    TOP = 30
    LANE_HEIGHT = 58
    AXIS_HEIGHT = 34

    def __init__(
        self,
        events: Sequence[Event],
        series: tuple[StrandSeries, ...],
        points: dict[Strand, list[tuple[Event, Judgement]]],
        *,
        width: int,
        height: int,
        authority: Authority | None,
        today: dt.date,
        comparators: tuple[Comparator, ...] = (),
        breaks: dict[tuple[str, int], bool] | None = None,
        full_size: bool = False,
    ) -> None:
        self.events = events
        self.full_size = full_size
        self.breaks = breaks or {}
        self.series = series
        self.points = points  # each strand's (inspection, judgement), oldest first
        self._links: dict[int, tuple[str, str]] = {}
        self.width = width
        self.height = height
        self.authority = authority
        self.today = today
        self.comparators = comparators
        first = min([e.start_date for e in events[:1]] + [c.points[0][0].start_date for c in comparators])
        last = max(
            [today]
            + [e.end_date or e.start_date for e in events[-1:]]
            + [c.points[-1][0].start_date for c in comparators]
        )
        self.start = dt.date(first.year, 1, 1)
        self.end = dt.date(last.year + 1, 1, 1)
        self.plot_right = width - self.RIGHT
        self.grade_bottom = height - self.LANE_HEIGHT - self.AXIS_HEIGHT
        self.lane_y = self.grade_bottom + 22  # a second row, 20px lower, takes crowded events
        self.axis_y = height - self.AXIS_HEIGHT

    def x(self, date: dt.date) -> float:
        span = (self.end - self.start).days
        return self.LEFT + (date - self.start).days / span * (self.plot_right - self.LEFT)

    def y(self, level: float) -> float:
        row = (self.grade_bottom - self.TOP) / 4
        return self.TOP + (level - 0.5) * row

    def is_predecessor(self, event: Event) -> bool:
        return self.authority is not None and event.authority_id != self.authority.pk

    def link(self, event: Event) -> tuple[str, str]:
        """An event's address and title, made once per event: an inspection has a marker on each strand's line."""
        key = id(event)
        if key not in self._links:
            self._links[key] = (event.get_absolute_url(), _event_title(event, self.authority))
        return self._links[key]

    def render(self, description: str) -> SafeString:
        name = self.authority.name if self.authority else "this authority"
        title = f"Inspection grades and visits for {name}, {self.start.year} to {self.end.year - 1}"
        if self.comparators:
            count = len(self.comparators)
            title += f", compared with {count} other authorit{'y' if count == 1 else 'ies'}"
        # Sized by the stylesheet (.app-trajectory-chart), not a style attribute, which the CSP forbids.
        return format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="app-trajectory-chart" viewBox="0 0 {w} {h}"'
            ' {size} role="group"'
            ' aria-labelledby="trajectory-title trajectory-desc" font-family="arial, sans-serif" font-size="13">'
            '<title id="trajectory-title">{title}</title><desc id="trajectory-desc">{desc}</desc>'
            "{eras}{grid}{years}{comparators}{lines}{lane}</svg>",
            w=self.width,
            h=self.height,
            size=format_html('width="{}" height="{}"', self.width, self.height)
            if self.full_size
            else mark_safe('width="100%"'),
            title=title,
            desc=description,
            eras=self.eras(),
            grid=self.grid(),
            years=self.years(),
            comparators=self.comparator_lines(),
            lines=self.lines(),
            lane=self.lane(),
        )

    def description(self) -> str:
        sentences = []
        for series in self.series:
            points = self.points[series.strand]
            grades = ", ".join(f"{Grade(j.grade).label.lower()} ({e.start_date.year})" for e, j in points)
            sentences.append(f"{series.label} ({series.style.marker_name}): {grades}.")
        lane = [e for e in self.events if e.kind != EventKind.INSPECTION]
        if lane:
            sentences.append(f"{len(lane)} ungraded visits and other events are marked along the lower lane.")
        if any(self.is_predecessor(e) for e in self.events):
            sentences.append("Predecessor authorities' events have hollow markers.")
        if any(self.breaks.values()):
            sentences.append(
                "A line stops where an inspection is missing from the record, or where a later framework does not "
                "give that judgement."
            )
        if self.comparators:
            names = ", ".join(c.authority.name for c in self.comparators)
            sentences.append(f"Thin grey lines show the overall grade of {names}.")
        sentences.append("The same facts are in the table that follows the chart.")
        return " ".join(sentences)

    def eras(self) -> SafeString:
        parts = []
        visible = [
            f
            for f in FRAMEWORKS.values()
            # These two overlap the 2009–13 era they ran within.
            if f.code not in {FrameworkCode.LOOKED_AFTER, FrameworkCode.CHILD_PROTECTION}
            and f.start < self.end
            and (f.end is None or f.end >= self.start)
        ]
        for index, framework in enumerate(visible):
            x1 = self.x(max(framework.start, self.start))
            x2 = self.x(min(framework.end + dt.timedelta(days=1), self.end) if framework.end else self.end)
            label_width = len(framework.short_name) * 7
            if x1 + 4 + label_width <= self.plot_right:
                label = format_html(
                    '<text x="{}" y="{}" fill="{}">{}</text>', _n(x1 + 4), 19, TEXT, framework.short_name
                )
            else:
                label = format_html(
                    '<text x="{}" y="{}" fill="{}" text-anchor="end">{}</text>',
                    _n(self.plot_right),
                    19,
                    TEXT,
                    framework.short_name,
                )
            parts.append(
                format_html(
                    '<g class="app-chart-era" data-framework="{code}"><title>{name}</title>'
                    '<rect x="{x}" y="{top}" width="{w}" height="{h}" fill="{fill}"/>{label}</g>',
                    code=framework.code.value,
                    name=framework.code.label,
                    x=_n(x1),
                    top=6,
                    w=_n(max(x2 - x1, 0)),
                    h=_n(self.axis_y - 6),
                    fill=ERA_FILLS[index % 2],
                    label=label,
                )
            )
        return _join(parts)

    def grid(self) -> SafeString:
        parts = []
        for level, words in GRADE_ROWS:
            y = self.y(level)
            first = y - (len(words) - 1) * 7.5
            lines = format_html_join(
                "",
                '<tspan x="{}" y="{}">{}</tspan>',
                ((self.LEFT - 8, _n(first + i * 15), word) for i, word in enumerate(words)),
            )
            parts.append(
                format_html(
                    '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#b1b4b6" stroke-width="1"/>'
                    '<text text-anchor="end" dominant-baseline="middle" fill="{}">{}</text>',
                    self.LEFT,
                    self.plot_right,
                    TEXT,
                    lines,
                    y=_n(y),
                )
            )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" fill="{}">'
                '<tspan x="{}" y="{}">Visits and</tspan><tspan x="{}" y="{}">other events</tspan></text>'
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="#b1b4b6" stroke-dasharray="2 4"/>',
                self.LEFT - 8,
                _n(self.lane_y),
                MUTED,
                self.LEFT - 8,
                _n(self.lane_y - 7.5),
                self.LEFT - 8,
                _n(self.lane_y + 7.5),
                self.LEFT,
                self.plot_right,
                y=_n(self.lane_y),
            )
        )
        return _join(parts)

    def years(self) -> SafeString:
        count = self.end.year - self.start.year
        per_year = (self.plot_right - self.LEFT) / max(count, 1)
        step = 1 if per_year >= 40 else 2 if per_year >= 20 else 5
        parts = [
            format_html(
                '<line x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{}" stroke-width="1"/>',
                self.LEFT,
                self.plot_right,
                TEXT,
                y=_n(self.axis_y),
            )
        ]
        for year in range(self.start.year, self.end.year + 1):
            x = self.x(dt.date(year, 1, 1))
            parts.append(
                format_html(
                    '<line x1="{x}" y1="{}" x2="{x}" y2="{}" stroke="{}"/>',
                    _n(self.axis_y),
                    _n(self.axis_y + 5),
                    TEXT,
                    x=_n(x),
                )
            )
            if (year - self.start.year) % step == 0 and year < self.end.year:
                mid = self.x(dt.date(year, 7, 1))
                parts.append(
                    format_html(
                        '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text>',
                        _n(mid),
                        _n(self.axis_y + 20),
                        TEXT,
                        year,
                    )
                )
        return _join(parts)

    def comparator_lines(self) -> SafeString:
        parts = []
        for comparator in self.comparators:
            points = [(self.x(e.start_date), self.y(GRADE_LEVEL[Grade(g)])) for e, g in comparator.points]
            grades = ", ".join(f"{Grade(g).label.lower()} ({e.start_date.year})" for e, g in comparator.points)
            dots = format_html_join(
                "", '<circle cx="{}" cy="{}" r="2.5" fill="{}"/>', ((_n(x), _n(y), COMPARATOR) for x, y in points)
            )
            parts.append(
                format_html(
                    '<g class="app-chart-comparator" data-authority="{}"><title>{}: {}</title>'
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5" stroke-opacity="0.7"/>{}</g>',
                    comparator.authority.slug,
                    comparator.authority.name,
                    grades,
                    " ".join(f"{_n(x)},{_n(y)}" for x, y in points),
                    COMPARATOR,
                    dots,
                )
            )
        return _join(parts)

    def lines(self) -> SafeString:
        parts = []
        width = "3.5" if self.comparators else "2.5"  # the authority in focus stands out from the others
        for index, series in enumerate(self.series):
            style = series.style
            offset = (index - (len(self.series) - 1) / 2) * 4  # keeps equal grades from hiding each other
            points = [
                (event, judgement, self.x(event.start_date), self.y(GRADE_LEVEL[Grade(judgement.grade)]) + offset)
                for event, judgement in self.points[series.strand]
            ]
            # One polyline per run of points the record joins: never drawn across a missing inspection.
            runs: list[list[str]] = [[]]
            for event, _, x, y in points:
                runs[-1].append(f"{_n(x)},{_n(y)}")
                if self.breaks.get((series.strand, id(event))):
                    runs.append([])
            markers = []
            for event, judgement, x, y in points:
                hollow = self.is_predecessor(event)
                url, title = self.link(event)
                markers.append(
                    format_html(
                        '<a href="{}" data-event="{}"><title>{}: {} {}</title>{}</a>',
                        url,
                        event.pk,
                        title,
                        judgement.area_label(),
                        Grade(judgement.grade).label.lower(),
                        _marker(
                            style.marker,
                            x,
                            y,
                            fill="#ffffff" if hollow else style.colour,
                            stroke=style.colour,
                        ),
                    )
                )
            dash = format_html(' stroke-dasharray="{}"', style.dash) if style.dash else ""
            lines = format_html_join(
                "",
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="{}"{}/>',
                ((" ".join(run), style.colour, width, dash) for run in runs if run),
            )
            parts.append(
                format_html(
                    '<g class="app-chart-strand" data-strand="{}">{}{}</g>',
                    series.strand.value,
                    lines,
                    _join(markers),
                )
            )
        return _join(parts)

    def lane(self) -> SafeString:
        parts = []
        row_ends = [float("-inf"), float("-inf")]
        for event in self.events:
            if event.kind == EventKind.INSPECTION:
                continue
            x = self.x(event.start_date)
            row = 0 if x - row_ends[0] >= 20 else 1 if x - row_ends[1] >= 20 else 0
            row_ends[row] = x
            y = self.lane_y + 20 * row
            if event.kind == EventKind.MONITORING_VISIT:
                letter = str(event.sequence_number or "M")
            else:
                letter = LANE_LETTERS.get(EventKind(event.kind), "?")
            hollow = self.is_predecessor(event)
            parts.append(
                format_html(
                    '<a href="{}" data-event="{}" data-kind="{}"><title>{}</title>'
                    '<circle cx="{x}" cy="{y}" r="9" fill="{}" stroke="{}" stroke-width="1.5"{}/>'
                    '<text x="{x}" y="{y}" dy="0.35em" text-anchor="middle" font-size="11" font-weight="bold"'
                    ' fill="{}">{}</text></a>',
                    event.get_absolute_url(),
                    event.pk,
                    event.kind,
                    _event_title(event, self.authority),
                    "#ffffff" if hollow else TEXT,
                    TEXT,
                    mark_safe(' stroke-dasharray="3 2"') if hollow else "",
                    TEXT if hollow else "#ffffff",
                    letter,
                    x=_n(x),
                    y=_n(y),
                )
            )
        return _join(parts)
