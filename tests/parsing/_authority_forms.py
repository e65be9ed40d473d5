"""How documents write each authority's name, and a way to swap one authority's names for another's in a text.

Used by the name-substitution check (test_name_substitution.py): a real report's own authority is replaced,
everywhere the report names it, by another authority written as Ofsted and the councils write it, and the
report must then read as that authority's and as nothing else different.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspections.parsing.authority_names import AUTHORITIES_CSV, AuthorityName, default_index, read_rows

# The council's name where it is not the rule for its kind of authority (`_council_by_type`),
# as councils and Ofsted's letters write them; more than one where both are in use.
COUNCILS: dict[str, tuple[str, ...]] = {
    "Bath and North East Somerset": ("Bath & North East Somerset Council", "Bath and North East Somerset Council"),
    "Bedford Borough": ("Bedford Borough Council",),
    "Birmingham": ("Birmingham City Council",),
    "Blackburn with Darwen": ("Blackburn with Darwen Borough Council",),
    "Bournemouth, Christchurch and Poole": ("Bournemouth, Christchurch and Poole Council", "BCP Council"),
    "Bradford": ("City of Bradford Metropolitan District Council", "Bradford Council"),
    "Brighton and Hove": ("Brighton & Hove City Council", "Brighton and Hove City Council"),
    "Bristol": ("Bristol City Council",),
    "Cheshire West and Chester": ("Cheshire West and Chester Council",),
    "City of London": ("City of London Corporation",),
    "Coventry": ("Coventry City Council",),
    "Cumberland": ("Cumberland Council",),
    "Derby": ("Derby City Council",),
    "Doncaster": ("City of Doncaster Council", "Doncaster Council"),
    "Dorset": ("Dorset Council",),
    "Durham": ("Durham County Council",),
    "East Riding of Yorkshire": ("East Riding of Yorkshire Council",),
    "Greenwich": ("Royal Borough of Greenwich",),
    "Hammersmith and Fulham": ("London Borough of Hammersmith & Fulham", "Hammersmith and Fulham Council"),
    "Herefordshire": ("Herefordshire Council", "Herefordshire, County of"),
    "Isle of Wight": ("Isle of Wight Council",),
    "Isles of Scilly": ("Council of the Isles of Scilly",),
    "Kensington and Chelsea": ("Royal Borough of Kensington and Chelsea",),
    "Kingston upon Hull": ("Kingston upon Hull City Council", "Hull City Council"),
    "Kingston upon Thames": ("Royal Borough of Kingston upon Thames",),
    "Leeds": ("Leeds City Council",),
    "Leicester": ("Leicester City Council",),
    "Liverpool": ("Liverpool City Council",),
    "Manchester": ("Manchester City Council",),
    "Milton Keynes": ("Milton Keynes City Council",),
    "Newcastle upon Tyne": ("Newcastle City Council", "Newcastle upon Tyne City Council"),
    "North Yorkshire": ("North Yorkshire Council",),
    "Northumberland": ("Northumberland County Council",),
    "Nottingham": ("Nottingham City Council",),
    "Peterborough": ("Peterborough City Council",),
    "Plymouth": ("Plymouth City Council",),
    "Portsmouth": ("Portsmouth City Council",),
    "Redcar and Cleveland": ("Redcar & Cleveland Borough Council", "Redcar and Cleveland Council"),
    "Rutland": ("Rutland County Council",),
    "Salford": ("Salford City Council",),
    "Sheffield": ("Sheffield City Council",),
    "Somerset": ("Somerset Council",),
    "Southampton": ("Southampton City Council",),
    "Southend-on-Sea": ("Southend-on-Sea City Council",),
    "St Helens": ("St Helens Borough Council", "St. Helens Council"),
    "Stockton-on-Tees": ("Stockton-on-Tees Borough Council",),
    "Stoke-on-Trent": ("Stoke-on-Trent City Council",),
    "Sunderland": ("Sunderland City Council",),
    "Telford and Wrekin": ("Telford & Wrekin Council", "Telford and Wrekin Council"),
    "Wakefield": ("City of Wakefield Metropolitan District Council", "Wakefield Council"),
    "Westminster": ("Westminster City Council",),
    "Westmorland and Furness": ("Westmorland and Furness Council",),
    "Windsor and Maidenhead": ("Royal Borough of Windsor and Maidenhead",),
    "Wolverhampton": ("City of Wolverhampton Council",),
    "York": ("City of York Council",),
}
# How prose and titles name the place where it is written otherwise than the authority's name.
PLACES: dict[str, tuple[str, ...]] = {
    "Bristol": ("Bristol", "Bristol, City of"),
    "Durham": ("Durham", "County Durham"),
    "Herefordshire": ("Herefordshire", "Herefordshire, County of"),
    "Isles of Scilly": ("Isles of Scilly", "the Isles of Scilly"),
    "Kingston upon Hull": ("Kingston upon Hull", "Hull"),
    "Bath and North East Somerset": ("Bath and North East Somerset", "Bath & North East Somerset"),
    "St Helens": ("St Helens", "St. Helens"),
    "Southend-on-Sea": ("Southend-on-Sea", "Southend"),
    "Brighton and Hove": ("Brighton and Hove", "Brighton & Hove"),
    "Newcastle upon Tyne": ("Newcastle upon Tyne", "Newcastle"),
}


def _council_by_type(name: str, authority_type: str) -> tuple[str, ...]:
    if authority_type == "London Borough":
        return (f"London Borough of {name}", f"{name} Council")
    if authority_type == "Metropolitan District":
        return (f"{name} Metropolitan Borough Council", f"{name} Council")
    if authority_type == "County":
        return (f"{name} County Council",)
    return (f"{name} Council", f"{name} Borough Council")


@dataclass(frozen=True)
class Forms:
    """The ways one authority is written: as a council, and as a place (titles and prose)."""

    authority: AuthorityName
    councils: tuple[str, ...]
    places: tuple[str, ...]


def current_forms() -> list[Forms]:
    """Forms of every current authority, in the order of the project's data file."""
    by_code = {authority.la_code: authority for authority in default_index().authorities}
    found = []
    for row in read_rows(AUTHORITIES_CSV):
        if row["current"] != "1":
            continue
        name = row["name"]
        councils = COUNCILS.get(name) or _council_by_type(name, row["authority_type"])
        found.append(Forms(by_code[row["la_code"]], councils, PLACES.get(name, (name,))))
    return found


def _words(name: str) -> str:
    """A regex for a name whose words may wrap onto the next line, "&" standing for "and"."""
    parts = []
    for word in name.split():
        parts.append(r"(?:and|&)" if word in {"and", "&"} else re.escape(word))
    return r"\s+".join(parts)


# A council's wrapper around the place's name; a bare "Nottingham City" or "Trafford Metropolitan Borough"
# is the place's name as some councils style it.
_PREFIX = (
    r"(?P<prefix>(?i:(?:London\s+Borough|Royal\s+Borough|Metropolitan\s+Borough|City|County|Borough)\s+of\s+"
    r"|Council\s+of\s+the\s+))?"
)
_SUFFIX = (
    r"(?P<suffix>(?i:\s+(?:(?:City|County|Borough|Metropolitan\s+Borough|Metropolitan\s+District|District)\s+)?Council)"
    r"|\s+City\b(?!\s+of\b)|\s+Metropolitan\s+Borough\b)?"
)
# Places whose name holds an authority's without being it, and Ofsted's own offices.
_NOT_THE_AUTHORITY = (
    r"Greater\s+Manchester|Manchester\s+M1\s*2WD|Cumberland\s+Place|Nottingham\s+NG1\s*6HJ|Bristol\s+BS1\s*6"
)


class Substitution:
    """Rewrites every mention of `own` in a text as `other`: a council's name as one of `other`'s councils,
    a place's name as one of its places, possessives kept, a line break inside a name kept at the same word.

    With `wrap`, every name of two words or more is broken across two lines near its middle (after a space
    or a hyphen), as a long name is where it reaches the end of a line.
    """

    def __init__(self, own: AuthorityName, other: Forms, choice: int = 0, wrap: bool = False) -> None:
        names = sorted({own.name, *own.aliases}, key=len, reverse=True)
        core = "|".join(_words(name) for name in names)
        self._pattern = re.compile(rf"(?<![\w&-]){_PREFIX}(?P<core>{core}){_SUFFIX}(?![\w&-])(?P<possessive>['’]s\b)?")
        longer = [
            variant
            for authority in default_index().authorities
            if authority.la_code != own.la_code
            for variant in (authority.name, *authority.aliases)
            if self._pattern.search(variant) and variant not in names
        ]
        protected = [_NOT_THE_AUTHORITY, *(_words(variant) for variant in longer)]
        self._protected = re.compile(r"(?<![\w-])(?:" + "|".join(protected) + r")(?![\w-])")
        self.council = other.councils[choice % len(other.councils)]
        self.place = other.places[choice % len(other.places)]
        self.wrap = wrap

    def __call__(self, text: str) -> str:
        shielded = [(m.start(), m.end()) for m in self._protected.finditer(text)]
        parts, position = [], 0
        for match in self._pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in shielded):
                continue
            parts.append(text[position : match.start()])
            parts.append(self._replacement(match))
            position = match.end()
        parts.append(text[position:])
        return "".join(parts)

    def _replacement(self, match: re.Match[str]) -> str:
        suffix = match.group("suffix") or ""
        is_council = bool(match.group("prefix")) or suffix.lower().endswith("council")
        name = self.council if is_council else self.place
        words = name.split(" ")
        written = match.group(0)
        if "\n" in written and len(words) > 1:
            # Keep the line break after as many words as it followed in the original.
            before = len(written[: written.index("\n")].split())
            cut = max(1, min(before, len(words) - 1))
            name = " ".join(words[:cut]) + "\n" + " ".join(words[cut:])
        elif self.wrap:
            name = _wrapped(name)
        if match.group("possessive"):
            name += match.group("possessive")
        return name


def _wrapped(name: str) -> str:
    """`name` broken onto a second line at the space or hyphen nearest its middle (unchanged if it has none)."""
    breaks = [i for i, char in enumerate(name) if char in " -"]
    if not breaks:
        return name
    at = min(breaks, key=lambda i: abs(i - len(name) / 2))
    return name[:at] + "\n" + name[at + 1 :] if name[at] == " " else name[: at + 1] + "\n" + name[at + 1 :]
