"""Resolve the many ways documents name a local authority to one authority.

Part of the parser, which imports none of the project's apps: it reads the authorities app's data
files (`authorities/data/authorities.csv` and `reorganisations.csv`) by path, as the app's loader
(`authorities/data_files.py`) does.

An unknown or ambiguous name resolves to nothing and returns candidates, never
a silent guess.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# The project root is three levels up (inspections/parsing/authority_names.py).
DATA_DIR = Path(__file__).resolve().parents[2] / "authorities" / "data"
AUTHORITIES_CSV = DATA_DIR / "authorities.csv"
REORGANISATIONS_CSV = DATA_DIR / "reorganisations.csv"


@dataclass(frozen=True)
class AuthorityName:
    """The identity of one authority as the resolver knows it."""

    la_code: str  # DfE 3-digit code: present for every authority, current or former
    urn: str  # Ofsted URN, "" for a former authority without one
    name: str
    aliases: tuple[str, ...]
    current: bool
    successor_urn: str = ""  # for a former authority without a URN: see `successor_urns`

    @property
    def lookup_urn(self) -> str:
        """The URN Ofsted's lookup files this authority's name under: its own, else its successor's."""
        return self.urn or self.successor_urn


@dataclass(frozen=True)
class Resolution:
    """The outcome of resolving a name: `match` when it is certain, else `candidates`."""

    query: str
    match: AuthorityName | None
    candidates: tuple[AuthorityName, ...] = ()


# Words that wrap an authority's name without being part of it. Order matters:
# longer phrases first so "metropolitan borough council" goes before "council".
_WRAPPERS = (
    r"childrens? services in",
    r"childrens? social care in",
    r"inspection of",
    r"the",
    r"london borough of",
    r"royal borough of",
    r"metropolitan borough of",
    r"borough of",
    r"county of",
    r"city and county of",
    r"city of",
)
_SUFFIXES = (
    r"metropolitan borough council",
    r"metropolitan district council",
    r"borough council",
    r"county borough council",
    r"county council",
    r"city council",
    r"district council",
    r"unitary authority",
    r"local authority",
    r"council",
    r"mbc",
    r"cc",
    r"lb",
)
_PREFIX_RE = re.compile(r"^(?:(?:" + "|".join(_WRAPPERS) + r")\s+)+")
_SUFFIX_RE = re.compile(r"(?:\s+(?:" + "|".join(_SUFFIXES) + r"))+$")
_PUNCT_RE = re.compile(r"[^a-z0-9 ]+")


def name_key(name: str) -> str:
    """The form names are compared in: lower-case, '&' → 'and', 'St.' → 'st', hyphens and punctuation to spaces."""
    text = name.lower().replace("’", "'").replace("&", " and ")
    text = text.replace("-", " ").replace(",", " ")
    text = re.sub(r"\bst\.", "st", text)
    text = re.sub(r"\bsaint\b", "st", text)
    text = re.sub(r"'s\b", "", text)  # possessive: "Bury's" is Bury
    text = _PUNCT_RE.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip()


def core_name(name: str) -> str:
    """The name's key without wrappers like 'London Borough of' or '... Council'."""
    text = name_key(name)
    text = _PREFIX_RE.sub("", text)
    stripped = _SUFFIX_RE.sub("", text).strip()
    return stripped or text


class AuthorityIndex:
    """Look-up of authorities by any of their names."""

    def __init__(self, authorities: Iterable[AuthorityName]) -> None:
        self.authorities = tuple(authorities)
        self._by_key: dict[str, list[AuthorityName]] = {}
        full_names: set[str] = set()
        for authority in self.authorities:
            for variant in (authority.name, *authority.aliases):
                full_names.add(name_key(variant))
                for key in {name_key(variant), core_name(variant)}:
                    bucket = self._by_key.setdefault(key, [])
                    if authority not in bucket:
                        bucket.append(authority)
        # Running text is searched for full names only ("london" alone is not the City of London),
        # longest first, so "North Northamptonshire" wins over "Northamptonshire".
        longest_first = sorted(full_names, key=len, reverse=True)
        self._mention_re = re.compile(r"\b(" + "|".join(re.escape(k) for k in longest_first if k) + r")\b")

    def resolve(self, name: str) -> Resolution:
        """Resolve a name; an exact match on a name or alias is required for `match`.

        A name a current authority shares with former ones only is the current one's: "Dorset" is
        Dorset Council, not the Dorset County Council it replaced, which documents name in full.
        """
        for key in (name_key(name), core_name(name)):
            found = self._by_key.get(key, [])
            owner = self._owner(key)
            if owner is not None:
                return Resolution(name, owner)
            if found:
                return Resolution(name, None, _current_first(found))
        return Resolution(name, None, self._near(core_name(name)))

    def mentions(self, text: str) -> list[tuple[int, AuthorityName]]:
        """Every unambiguous authority name in `text`, with its offset, in order of appearance
        (a name shared with former authorities only is the current one's, as in `resolve`)."""
        found = []
        for match in self._mention_re.finditer(name_key(text)):
            owner = self._owner(match.group(1))
            if owner is not None:
                found.append((match.start(), owner))
        return found

    def _owner(self, key: str) -> AuthorityName | None:
        """The one authority a key names: its only owner, or its only current one."""
        found = self._by_key.get(key, [])
        if len(found) == 1:
            return found[0]
        current = [authority for authority in found if authority.current]
        return current[0] if len(current) == 1 else None

    def _near(self, core: str) -> tuple[AuthorityName, ...]:
        if not core:
            return ()
        close = difflib.get_close_matches(core, self._by_key.keys(), n=5, cutoff=0.75)
        partial = [k for k in self._by_key if core in k.split(" ") or k in core.split(" ")]
        seen: list[AuthorityName] = []
        for key in [*close, *partial]:
            for authority in self._by_key[key]:
                if authority not in seen:
                    seen.append(authority)
        return _current_first(seen)[:8]


def _current_first(authorities: Iterable[AuthorityName]) -> tuple[AuthorityName, ...]:
    return tuple(sorted(authorities, key=lambda a: (not a.current, a.name)))


def read_rows(path: Path) -> list[dict[str, str]]:
    """A data file's rows as dicts keyed by its header."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def successor_urns(authorities: list[dict[str, str]], reorganisations: list[dict[str, str]]) -> dict[str, str]:
    """la_code → successor's URN, for each former authority without a URN of its own.

    Ofsted's lookup has no row for such an authority; the row its name leads to is its successor's:
    the only one (Bournemouth → Bournemouth, Christchurch and Poole), or, where the area was shared
    out, the one that kept its name (Dorset County Council → Dorset; Christchurch went to BCP). A
    split where no successor kept the name leads to no single row, so it gets none.
    """
    by_code = {row["la_code"]: row for row in authorities}
    successors: dict[str, list[dict[str, str]]] = {}
    for link in reorganisations:
        successors.setdefault(link["predecessor_la_code"], []).append(by_code[link["successor_la_code"]])
    found = {}
    for code, following in successors.items():
        former = by_code[code]
        if former["urn"]:
            continue
        heirs = following
        if len(following) > 1:
            heirs = [s for s in following if core_name(s["name"]) == core_name(former["name"])]
        if len(heirs) == 1 and heirs[0]["urn"]:
            found[code] = heirs[0]["urn"]
    return found


@functools.cache
def default_index() -> AuthorityIndex:
    """The index built from the project's data files (cached: they never change at run time)."""
    rows = read_rows(AUTHORITIES_CSV)
    inherited = successor_urns(rows, read_rows(REORGANISATIONS_CSV))
    return AuthorityIndex(
        AuthorityName(
            la_code=row["la_code"],
            urn=row["urn"],
            name=row["name"],
            aliases=tuple(a for a in row["aliases"].split(";") if a),
            current=row["current"] == "1",
            successor_urn=inherited.get(row["la_code"], ""),
        )
        for row in rows
    )
