"""England's authority boundaries: district boundaries joined into the 153 upper-tier authorities, kept as SVG paths.

ONS publishes boundaries for local authority *districts*; children's services belong to the upper tier.
Unitary, metropolitan and London authorities are their own district (same GSS code); the 2023 shire
districts (E07) belong to a county (E10), and two metropolitan districts were recoded in 2024. The
project's `data/district_authorities.csv` lists those exceptions; every other code maps to itself.
The map that draws them with each authority's grade is `inspections/geo.py`.
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from .data_files import DATA_DIR
from .models import Authority, AuthorityBoundary

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
