"""The authorities' reference data files and how the loader reads them.

The parser reads authorities.csv and reorganisations.csv too, by path (`inspections/parsing/authority_names.py`),
so it needs no import from this app; their columns are its contract as well as the loader's.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
AUTHORITIES_CSV = DATA_DIR / "authorities.csv"
REORGANISATIONS_CSV = DATA_DIR / "reorganisations.csv"


def read_rows(path: Path) -> list[dict[str, str]]:
    """A CSV file's rows as dicts keyed by its header."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_authority_rows(path: Path = AUTHORITIES_CSV) -> list[dict[str, str]]:
    return read_rows(path)


def read_reorganisation_rows(path: Path = REORGANISATIONS_CSV) -> list[dict[str, str]]:
    return read_rows(path)
