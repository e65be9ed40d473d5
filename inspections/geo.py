"""The England map: each authority's stored boundary (authorities/boundaries.py) filled by its grade, as SVG."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from authorities.boundaries import MAP_HEIGHT, MAP_WIDTH
from authorities.models import Authority

from .frameworks import Grade, Strand, judges_care_leavers_with_children_in_care, judges_strand
from .summaries import NO_RECORD, no_grade_words

if TYPE_CHECKING:
    from .overview import Record

# Fills for the current headline grade; the legend and the table alternative carry the same facts in words.
GRADE_FILLS = {
    Grade.OUTSTANDING: "#005a30",
    Grade.GOOD: "#85c4a3",
    Grade.REQUIRES_IMPROVEMENT: "#ffdd00",
    Grade.ADEQUATE: "#ffdd00",
    Grade.INADEQUATE: "#d4351c",
}
NO_GRADE_FILL = "#ffffff"
NOT_IN_FRAMEWORK_FILL = "#b1b4b6"  # the latest inspection's framework gives no such judgement (ILACS 2026: overall)
LEGEND = (
    (GRADE_FILLS[Grade.OUTSTANDING], "Outstanding"),
    (GRADE_FILLS[Grade.GOOD], "Good"),
    (GRADE_FILLS[Grade.REQUIRES_IMPROVEMENT], "Requires improvement (or adequate)"),
    (GRADE_FILLS[Grade.INADEQUATE], "Inadequate"),
    (
        NOT_IN_FRAMEWORK_FILL,
        "No such judgement under the latest inspection's framework (ILACS 2026 gives no overall one)",
    ),
    (NO_GRADE_FILL, "No record held"),
)


@dataclass(frozen=True)
class MapArea:
    authority: Authority
    path: str
    grade: str | None  # the chosen judgement's grade at the latest full inspection
    words: str = NO_RECORD  # said when there is no grade
    fill: str = ""  # when there is no grade: NO_GRADE_FILL or NOT_IN_FRAMEWORK_FILL


def grade_label(grade: str | None, words: str = NO_RECORD) -> str:
    return str(Grade(grade).label) if grade else words


@dataclass(frozen=True)
class MapRow:
    """One authority on the map and in its table, for the judgement chosen."""

    authority: Authority
    date: dt.date | None  # of the inspection the grade is from (the latest, when it gives none)
    grade: str | None
    words: str  # said when there is no grade: no record held, or the framework gives no such judgement
    fill: str
    note: str = ""  # the last overall judgement, dated, where ILACS 2026 gave none; a combined judgement

    def area(self, path: str) -> MapArea:
        return MapArea(self.authority, path, self.grade, self.words, self.fill)


def map_rows(records: Iterable[Record], strand: Strand) -> list[MapRow]:
    """Each authority's grade for `strand` at its latest full inspection. For the overall judgement, which ILACS
    2026 does not give: grey, with the last overall judgement and its date in the table, never taken as current."""
    rows = []
    for record in records:
        latest = record.latest
        if latest is None:
            rows.append(MapRow(record.authority, None, None, NO_RECORD, NO_GRADE_FILL))
            continue
        if strand == Strand.OVERALL:
            if record.overall_replaced:
                last = record.graded[-1] if record.graded else None
                note = (
                    f"Last overall judgement: {Grade(last.headline).label} ({last.date:%B %Y}), under an earlier "
                    "framework"
                    if last and last.headline
                    else ""
                )
                words = no_grade_words(latest.framework, strand)
                rows.append(MapRow(record.authority, latest.date, None, words, NOT_IN_FRAMEWORK_FILL, note))
            elif (current := record.current) is not None:
                rows.append(MapRow(record.authority, current.date, current.headline, "", ""))
            else:
                rows.append(MapRow(record.authority, latest.date, None, NO_RECORD, NO_GRADE_FILL))
            continue
        grade = latest.grades.get(strand)
        if grade:
            shared = strand == Strand.CARE_LEAVERS and judges_care_leavers_with_children_in_care(
                latest.framework, latest.date
            )
            rows.append(
                MapRow(record.authority, latest.date, grade, "", "", "Judged with children in care" if shared else "")
            )
        elif judges_strand(latest.framework, strand) is False:
            words = no_grade_words(latest.framework, strand)
            rows.append(MapRow(record.authority, latest.date, None, words, NOT_IN_FRAMEWORK_FILL))
        else:
            rows.append(MapRow(record.authority, latest.date, None, NO_RECORD, NO_GRADE_FILL))
    return rows


def england_map(
    areas: Iterable[MapArea], *, title: str = "Map of England's children's services authorities"
) -> SafeString:
    """An SVG map, each authority a link named with its grade; colours as in LEGEND."""
    # The name and grade, said twice, are escaped once: numbered fields take the same escaped argument.
    shapes = format_html_join(
        "",
        '<a href="{0}" aria-label="{1}: {2}" class="app-map__area"><title>{1}: {2}</title>'
        '<path d="{3}" fill="{4}" fill-rule="evenodd" stroke="#0b0c0c" stroke-width="0.6"/></a>',
        (
            (
                area.authority.get_absolute_url(),
                area.authority.name,
                grade_label(area.grade, area.words).lower(),
                area.path,
                GRADE_FILLS.get(Grade(area.grade), NO_GRADE_FILL) if area.grade else area.fill or NO_GRADE_FILL,
            )
            for area in areas
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="app-map" viewBox="0 0 {w} {h}" width="100%"'
        ' role="group" aria-labelledby="map-title"><title id="map-title">{}</title>{}</svg>',
        title,
        shapes,
        w=MAP_WIDTH,
        h=MAP_HEIGHT,
    )


def legend_swatch(fill: str) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="14" viewBox="0 0 20 14" aria-hidden="true"'
        ' focusable="false"><rect x="0.5" y="0.5" width="19" height="13" fill="{}" stroke="#0b0c0c"/></svg>',
        fill,
    )
