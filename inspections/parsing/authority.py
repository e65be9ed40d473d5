"""The authority a document is about: title phrases that frame its name, the name resolved through the
parse's authority index, and failing those the authority the document names most often."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .authority_names import AuthorityIndex, AuthorityName
from .context import ParseContext
from .letters import Letter
from .sources import STATED, source_at
from .text import DocumentText, one_line
from .types import Field

# Confidence in an authority no title phrase named: the one the opening pages name most often. A letter's
# opening names more places that are not its authority (the addressee's, Ofsted's offices), so less there.
MOST_NAMED = 0.7
MOST_NAMED_IN_LETTER = 0.6
# A letter's phrase that names no authority but contains exactly one authority's name ("Barnsley
# Metropolitan Borough").
NAMED_WITHIN_PHRASE = 0.85
# How far into a letter its authority is looked for: letterhead, addressee, title and opening paragraphs.
LETTER_OPENING_CHARS = 6000
# The most candidates a document that names several authorities equally often offers the reviewer.
MAX_CANDIDATES = 5


@dataclass(frozen=True)
class AuthorityResult:
    """The authority a document is about: its name as written, the URN Ofsted's lookup files that name
    under and the authority's DfE code; or the codes of the authorities it could be."""

    la_name: Field[str]
    urn: Field[str]
    la_code: Field[str]
    candidates: tuple[str, ...] = ()

    @classmethod
    def found(cls, la_name: Field[str], authority: AuthorityName) -> AuthorityResult:
        """`authority`, named as `la_name` (whose source and confidence the other fields share)."""
        source, confidence = la_name.source, la_name.confidence
        return cls(
            la_name,
            Field.found(authority.lookup_urn, source, confidence),
            Field.found(authority.la_code, source, confidence),
        )

    @classmethod
    def missing(cls, candidates: tuple[str, ...] = ()) -> AuthorityResult:
        return cls(Field.missing(), Field.missing(), Field.missing(), candidates)


# Phrases that frame the authority's name on a report's first pages, most specific first.
_NAME = r"(?P<name>[A-Z][A-Za-z&.,'’\- \n]{1,80}?)"
_AUTHORITY_PATTERNS = [
    re.compile(
        rf"Inspection of\s+(?:the\s+)?{_NAME}\s+(?:local\s+authority\s+)?children['’]s\s+services", re.MULTILINE
    ),
    re.compile(rf"^\s*Local authority:?[ \t]+{_NAME}\s*$", re.MULTILINE),
    re.compile(
        rf"^\s*{_NAME}[ \t]*$\n\s*(?:(?:Re-?[iI]|I)nspection of "
        r"(?:services|safeguarding|looked after|children|local authority children)|Review of the effectiveness)",
        re.MULTILINE,
    ),
    re.compile(
        r"^\s*(?:Inspection of (?:services|safeguarding|looked after)[^\n]*\n)"
        rf"(?:[^\n]*\n){{0,3}}?\s*{_NAME}[ \t]*\n",
        re.MULTILINE,
    ),
    re.compile(
        r"(?:Children['’]s services|Services for children[^\n]{0,40}?|Local Safeguarding Children Board)"
        rf"\s+in\s+{_NAME}\s+(?:are|is|require|requires|have|has)\b"
    ),
    re.compile(rf"^\s*{_NAME}\s+(?:Local Safeguarding Children(?:['’]s)? Board|LSCB)\b", re.MULTILINE),
]


@dataclass(frozen=True)
class NameMatch:
    """One name resolved: the authority and the URN to report for it; for an ambiguous name no
    authority, no URN and the DfE codes of the authorities it could be."""

    authority: AuthorityName | None
    urn: str
    candidates: tuple[str, ...] = ()


def written_name(raw: str) -> str:
    """A name found in text as one line: a line break after a hyphen closes up ("Stockton-on-" / "Tees"),
    any other spacing becomes one space, and a possessive ("Durham County Council's") is dropped."""
    return re.sub(r"['’]s$", "", one_line(raw))


def resolve_authority(name: str, context: ParseContext) -> NameMatch | None:
    """What `name` resolves to (a former authority without a URN of its own reports its successor's);
    None if it names no authority."""
    cleaned = written_name(name).strip(" ,.")
    if not cleaned:
        return None
    resolution = context.authorities.resolve(cleaned)
    if resolution.match is not None:
        return NameMatch(resolution.match, resolution.match.lookup_urn)
    if resolution.candidates:
        return NameMatch(None, "", tuple(a.la_code for a in resolution.candidates))
    return None


def find_authority(text: DocumentText, context: ParseContext, pages: int = 2) -> AuthorityResult:
    """The authority a report is about, read from its first pages.

    Title phrases are tried first; failing those, the authority named most often on the
    first pages (full names only). An unknown or ambiguous name gives a missing urn and
    candidates, never a guess.
    """
    head = "\n".join(text.pages[:pages])
    candidates: tuple[str, ...] = ()
    for pattern in _AUTHORITY_PATTERNS:
        for match in pattern.finditer(head):
            raw = match.group("name")
            resolved = resolve_authority(raw, context)
            if resolved is None:
                continue
            if resolved.authority is not None and resolved.urn:
                source = source_at(text, match.start("name"), match.end("name"))
                return AuthorityResult.found(Field.found(written_name(raw), source, STATED), resolved.authority)
            candidates = candidates or resolved.candidates
    named = most_named(context.authorities, head)
    if named.authority is not None:
        return AuthorityResult.found(
            Field.found(named.authority.name, source_at(text, named.offset), MOST_NAMED), named.authority
        )
    return AuthorityResult.missing(candidates or named.tied)


@dataclass(frozen=True)
class MostNamed:
    """The authority a text names most often (and where it first does), or the DfE codes of those it names
    equally often."""

    authority: AuthorityName | None
    offset: int = 0
    tied: tuple[str, ...] = ()


def most_named(index: AuthorityIndex, text: str) -> MostNamed:
    """The authority with a URN that `text` names most often; a tie names none, and lists the tied first."""
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, AuthorityName]] = {}
    for offset, authority in index.mentions(text):
        if authority.lookup_urn:
            counts[authority.la_code] = counts.get(authority.la_code, 0) + 1
            first.setdefault(authority.la_code, (offset, authority))
    if not counts:
        return MostNamed(None)
    ranked = sorted(counts, key=lambda code: (-counts[code], first[code][0]))
    if len(ranked) > 1 and counts[ranked[1]] == counts[ranked[0]]:
        return MostNamed(None, tied=tuple(ranked[:MAX_CANDIDATES]))
    offset, authority = first[ranked[0]]
    return MostNamed(authority, offset)


_NAME_NOISE = re.compile(
    r"\b(?:local\s+authority|children's\s+services|children's\s+social\s+care)\b|'s\b|^the\s+",
    re.IGNORECASE,
)
# Ofsted's own address block names Manchester, London, Nottingham and Bristol (and its Nottingham office
# stands in Cumberland Place); they are not the authority.
_OFSTED_ADDRESS = re.compile(
    r"Piccadilly Gate|Store Street|Manchester\s+M1\s*2WD|Clive House|Petty France|Agora|Cumberland\s+Place|"
    r"Nottingham\s+NG1|Temple Quay|Bristol\s+BS1|Aviation House|Kingsway|London\s+WC2B|Royal Exchange Buildings|"
    r"St Ann's Square|Manchester\s+M2",
    re.IGNORECASE,
)


# An authority's name in a sentence: it may wrap onto the next line, and its only full stop is that of
# "St." ("St. Helens").
SENTENCE_NAME = r"[A-Z](?:(?<=\bSt)\.|[^.\n]|\n){1,90}?"


def clean_authority_name(raw: str) -> str:
    text = written_name(raw)
    text = _NAME_NOISE.sub(" ", text)
    return " ".join(text.split()).strip(" ,.'")


def authority_from(
    letter: Letter, context: ParseContext, patterns: list[re.Pattern[str]], end: int | None = None
) -> AuthorityResult:
    """The authority a letter is to: the first `patterns` match (group "name") that resolves,
    else the authority named most often near the top (Ofsted's address excluded)."""
    window = letter.text[: end if end is not None else min(len(letter.text), LETTER_OPENING_CHARS)]
    candidates: tuple[str, ...] = ()
    for pattern in patterns:
        for match in pattern.finditer(window):
            raw = clean_authority_name(match.group("name"))
            if not raw:
                continue
            resolution = context.authorities.resolve(raw)
            a, b = match.start("name"), match.end("name")
            if resolution.match is None:
                # "Barnsley Metropolitan Borough" and similar: try the names the phrase contains.
                mentioned = {named.la_code: named for _, named in context.authorities.mentions(raw) if named.lookup_urn}
                if len(mentioned) == 1:
                    return AuthorityResult.found(
                        letter.found(raw, a, b, NAMED_WITHIN_PHRASE), next(iter(mentioned.values()))
                    )
                candidates = candidates or tuple(named.la_code for named in resolution.candidates)
                continue
            if resolution.match.lookup_urn:
                return AuthorityResult.found(letter.found(raw, a, b, STATED), resolution.match)
    cleaned = _OFSTED_ADDRESS.sub(lambda m: " " * len(m.group(0)), window)
    named = most_named(context.authorities, cleaned)
    if named.authority is not None:
        source = source_at(letter.doc, named.offset)
        return AuthorityResult.found(Field.found(named.authority.name, source, MOST_NAMED_IN_LETTER), named.authority)
    return AuthorityResult.missing(candidates or named.tied)
