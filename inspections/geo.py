"""The England map: district boundaries joined into the 153 upper-tier authorities, drawn as SVG.

ONS publishes boundaries for local authority *districts*; children's services belong to the upper tier.
Unitary, metropolitan and London authorities are their own district (same GSS code); the 2023 shire
districts (E07) belong to a county (E10), and two metropolitan districts were recoded in 2024. The
project's `data/district_authorities.csv` lists those exceptions; every other code maps to itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from inspections.frameworks import (
    Grade,
    Strand,
    judges_care_leavers_with_children_in_care,
    judges_strand,
)

from .models import Authority, AuthorityBoundary
from .names import DATA_DIR
from .summaries import NO_RECORD, no_grade_words

if TYPE_CHECKING:
    from .overview import Record

DISTRICTS_CSV = DATA_DIR / "district_authorities.csv"

# A fixed frame around England (longitude/latitude, WGS84), so every load draws on the same canvas.
WEST, EAST, SOUTH, NORTH = -6.45, 1.8, 49.85, 55.85
MAP_WIDTH = 560
# Equirectangular, with longitude shortened by cos(latitude) at the middle of England: close enough
# at this scale, and needs no projection library.
_X_SCALE = math.cos(math.radians((SOUTH + NORTH) / 2))
_PX_PER_DEGREE = MAP_WIDTH / ((EAST - WEST) * _X_SCALE)
MAP_HEIGHT = round((NORTH - SOUTH) * _PX_PER_DEGREE)
SIMPLIFY_PX = 0.6  # detail below this many pixels is dropped: a small page, the shapes still recognisable

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


class BoundaryError(Exception):
    """The boundary file cannot be used; the message says why."""


@dataclass(frozen=True)
class LoadResult:
    authorities: int
    districts: int
    unmatched: tuple[str, ...]  # codes that are no current authority's (Wales, Scotland, Northern Ireland)
    missing: tuple[str, ...]  # current authorities with no district in the file


def district_authority_codes(path: Path = DISTRICTS_CSV) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["district_code"]: row["authority_gss_code"] for row in csv.DictReader(handle)}


def _project_array(coords: Any) -> Any:
    """Map pixels for an (n, 2) array of longitude/latitude, as shapely.transform passes them."""
    projected = coords.astype(float)
    projected[:, 0] = (coords[:, 0] - WEST) * _X_SCALE * _PX_PER_DEGREE
    projected[:, 1] = (NORTH - coords[:, 1]) * _PX_PER_DEGREE
    return projected


def project(lon: float, lat: float) -> tuple[float, float]:
    import numpy  # shapely's own dependency

    x, y = _project_array(numpy.array([[lon, lat]]))[0]
    return float(x), float(y)


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def svg_path(geometry: Any) -> str:
    """Path data for a (multi)polygon already in map pixels; rings are closed, holes kept (draw evenodd)."""
    polygons = getattr(geometry, "geoms", [geometry])
    parts = []
    for polygon in polygons:
        if polygon.is_empty or polygon.geom_type != "Polygon":
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            coords = list(ring.coords)[:-1]
            if len(coords) < 3:
                continue
            points = " ".join(f"{_n(x)} {_n(y)}" for x, y in coords)
            parts.append(f"M{points}Z")
    return "".join(parts)


def read_features(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise BoundaryError(f"{path} does not exist") from error
    except (OSError, ValueError) as error:
        raise BoundaryError(f"{path} is not readable GeoJSON: {error}") from error
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(features, list):
        raise BoundaryError(f"{path} has no GeoJSON features")
    return features


def _district_code(properties: Mapping[str, Any]) -> str | None:
    # ONS names the code column after the vintage (LAD23CD, LAD24CD, …).
    for key, value in properties.items():
        if key.upper().startswith("LAD") and key.upper().endswith("CD"):
            return str(value)
    return None


def dissolve(features: Iterable[dict[str, Any]], codes: Mapping[str, str]) -> dict[str, tuple[Any, int]]:
    """Districts joined by authority GSS code: {code: (shapely geometry in map pixels, number of districts)}."""
    import shapely
    from shapely.geometry import shape
    from shapely.ops import unary_union

    grouped: dict[str, list[Any]] = defaultdict(list)
    for feature in features:
        code = _district_code(feature.get("properties") or {})
        if code and feature.get("geometry"):
            grouped[codes.get(code, code)].append(shapely.transform(shape(feature["geometry"]), _project_array))
    # buffer(0) mends self-touching rings, so the union leaves no slivers along shared district edges.
    return {
        code: (unary_union([p.buffer(0) for p in parts]).simplify(SIMPLIFY_PX, preserve_topology=True), len(parts))
        for code, parts in grouped.items()
    }


@transaction.atomic
def load_boundaries(path: Path | str) -> LoadResult:
    """Replace every stored boundary with those drawn from the GeoJSON at `path` (idempotent)."""
    merged = dissolve(read_features(Path(path)), district_authority_codes())
    authorities = {a.gss_code: a for a in Authority.objects.current()}
    boundaries = [
        AuthorityBoundary(authority=authorities[code], path=path_data, districts=count)
        for code, (geometry, count) in merged.items()
        if code in authorities and (path_data := svg_path(geometry))
    ]
    AuthorityBoundary.objects.all().delete()
    AuthorityBoundary.objects.bulk_create(boundaries)
    drawn = {b.authority.gss_code for b in boundaries}
    return LoadResult(
        authorities=len(boundaries),
        districts=sum(b.districts for b in boundaries),
        unmatched=tuple(sorted(c for c in merged if c not in authorities)),
        missing=tuple(sorted(a.name for code, a in authorities.items() if code not in drawn)),
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
