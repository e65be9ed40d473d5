"""Loading the reference data about authorities into the database."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .data_files import AUTHORITIES_CSV, REORGANISATIONS_CSV, read_authority_rows, read_reorganisation_rows
from .models import Authority, AuthorityType, Region, Reorganisation, StatisticalNeighbour

logger = logging.getLogger(__name__)

_TYPES = {
    "County": AuthorityType.COUNTY,
    "Unitary Authority": AuthorityType.UNITARY,
    "London Borough": AuthorityType.LONDON_BOROUGH,
    "Metropolitan District": AuthorityType.METROPOLITAN_DISTRICT,
}
_REGION_GSS = {
    "NE": "E12000001",
    "NW": "E12000002",
    "YH": "E12000003",
    "EM": "E12000004",
    "WM": "E12000005",
    "EE": "E12000006",
    "GL": "E12000007",
    "SE": "E12000008",
    "SW": "E12000009",
}


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    neighbours: int
    reorganisations: int


@transaction.atomic
def load_authorities(
    authorities_csv: Path = AUTHORITIES_CSV, reorganisations_csv: Path = REORGANISATIONS_CSV
) -> LoadResult:
    """Create or update every authority, its neighbours and reorganisations. Safe to run again."""
    rows = read_authority_rows(authorities_csv)
    created = updated = 0
    by_code: dict[str, Authority] = {}
    for row in rows:
        region, _ = Region.objects.update_or_create(
            code=row["region_code"],
            defaults={"name": row["region_name"], "gss_code": _REGION_GSS.get(row["region_code"], "")},
        )
        authority, was_created = Authority.objects.update_or_create(
            la_code=row["la_code"],
            defaults={
                "urn": row["urn"] or None,
                "gss_code": row["gss_code"],
                "name": row["name"],
                "slug": slugify(row["name"]),
                "aliases": [a for a in row["aliases"].split(";") if a],
                "region": region,
                "authority_type": _TYPES[row["authority_type"]],
                "population_0_25": int(row["population_0_25"]) if row["population_0_25"] else None,
                "is_current": row["current"] == "1",
            },
        )
        created += was_created
        updated += not was_created
        by_code[authority.la_code] = authority

    links = []
    for row in rows:
        authority = by_code[row["la_code"]]
        for rank, code in enumerate((c for c in row["statistical_neighbours"].split(";") if c), start=1):
            if code not in by_code:
                raise ValueError(f"{authority.name}: statistical neighbour {code} is not a known authority")
            links.append(StatisticalNeighbour(authority=authority, neighbour=by_code[code], rank=rank))
    StatisticalNeighbour.objects.filter(authority__in=by_code.values()).delete()
    StatisticalNeighbour.objects.bulk_create(links)

    reorganisations = 0
    for row in read_reorganisation_rows(reorganisations_csv):
        Reorganisation.objects.update_or_create(
            predecessor=by_code[row["predecessor_la_code"]],
            successor=by_code[row["successor_la_code"]],
            defaults={"date": dt.date.fromisoformat(row["date"]), "note": row["note"]},
        )
        reorganisations += 1
    logger.info("Loaded %d authorities (%d new), %d neighbour links", len(rows), created, len(links))
    return LoadResult(created, updated, len(links), reorganisations)
