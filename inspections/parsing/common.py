"""Helpers every kind parser shares: authority, grades, list items, sources, labelled values.

Public functions (names are stable; new ones may be added):

- `source_at(text, start, end=None)` – a `Source` (page, passage) for an offset into `text.full`.
- `found_at(value, text, start, end=None, confidence=0.9)` – `Field.found` with that source.
- `normalise_grade(words, scale=None)` – `Grade` for "Requires improvement to be good",
  "good", "Grade 3" (with `scale=LEGACY_SCALE`) …, else None.
- `find_grade(text, start=0, end=None)` – the first grade phrase in `text[start:end]` as `GradeMatch`.
- `find_authority(text, context, pages=2)` – the authority the document is about, as `AuthorityResult`
  (la_name, urn and la_code Fields, candidates when unknown or ambiguous).
- `resolve_authority(name, context)` – resolve one name through `context.authorities`, as `NameMatch`.
- `written_name(raw)` – a name as one line: "Stockton-on-\nTees" → "Stockton-on-Tees", possessive dropped.
- `list_items(block, offset=0)` – numbered ("1.", "2)") or bulleted ("•", "◼", "-") items of a block,
  as `ListItem`.
- `main_items(items)` – the top level of a list (items with the first item's kind of marker, not sub-points).
- `layout_items(block, offset=0)` – items of a list whose markers are not in the text, told by line layout.
- `running_lines(text)` – offsets of running headers and footers; `blank_spans(full, spans)` blanks them.
- `find_section(full, start_pattern, end_pattern, start=0)` – (begin, end) offsets of a section
  between headings.
- `labelled_range(text, label_pattern, default_year=None)` – the date range after a label such as
  "Inspection dates:" as (`DateRange`, Source), else None.
- `labelled_date(text, label_pattern)` – a single date after a label such as "Report published:".
- `find_lead_inspector(text)` – the lead / reporting inspector's name as a Field (missing if absent).
- `find_team(text, lead)` – everyone a report's "The inspection team" list names as inspectors (lead,
  deputy lead, team inspectors), as a Field (missing if the list is absent).
- `clean_name(raw)` – a person's name without titles and role words ("HMI", "His Majesty's Inspector").
- `is_person_name(name)` – whether a cleaned string looks like a person's name.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from .authority_names import AuthorityName
from .context import ParseContext
from .dates import DateRange, find_dates, find_ranges
from .text import DocumentText
from .types import Field, Grade, Source

logger = logging.getLogger(__name__)

PASSAGE_WIDTH = 200

# 2009–13 frameworks number grades 1–4 with "adequate" as 3.
LEGACY_SCALE = {1: Grade.OUTSTANDING, 2: Grade.GOOD, 3: Grade.ADEQUATE, 4: Grade.INADEQUATE}

# Longest phrasing first: "requires improvement to be good" before "good".
GRADE_PATTERN = (
    r"(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good|adequate|"
    r"grade\s+[1-4](?!\d))"
)
# A footnote mark may follow the grade directly ("Good1"); a letter may not ("goods").
_GRADE_RE = re.compile(rf"\b{GRADE_PATTERN}(?![^\W\d_])", re.IGNORECASE)


@dataclass(frozen=True)
class GradeMatch:
    grade: Grade
    start: int
    end: int


@dataclass(frozen=True)
class ListItem:
    """One item of a numbered or bulleted list; offsets are into the string searched plus `offset`."""

    text: str
    start: int
    end: int
    marker: str


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


def source_at(text: DocumentText, start: int, end: int | None = None) -> Source:
    """Source for `text.full[start:end]` (at most PASSAGE_WIDTH characters, whitespace collapsed)."""
    full = text.full
    start = max(0, min(start, len(full)))
    stop = min(len(full), end if end is not None and end > start else start + PASSAGE_WIDTH)
    stop = min(stop, start + PASSAGE_WIDTH)
    passage = " ".join(full[start:stop].split())
    return Source(page=text.page_of(start), passage=passage)


def found_at(value: object, text: DocumentText, start: int, end: int | None = None, confidence: float = 0.9) -> Field:
    """A found Field whose source is the passage at `start`."""
    return Field.found(value, source_at(text, start, end), confidence)


def normalise_grade(words: str, scale: dict[int, Grade] | None = None) -> Grade | None:
    """The grade a phrase states, else None. "Grade N" needs a `scale`."""
    lowered = " ".join(words.lower().split())
    if re.search(r"\brequires?\s+improvement", lowered):
        return Grade.REQUIRES_IMPROVEMENT
    for grade in (Grade.INADEQUATE, Grade.OUTSTANDING, Grade.ADEQUATE, Grade.GOOD):
        if re.search(rf"\b{grade.value}\b", lowered):
            return grade
    numbered = re.search(r"\bgrade\s+([1-4])\b", lowered)
    if numbered and scale:
        return scale.get(int(numbered.group(1)))
    return None


def find_grade(
    text: str, start: int = 0, end: int | None = None, scale: dict[int, Grade] | None = None
) -> GradeMatch | None:
    """The first grade phrase in text[start:end]."""
    for match in _GRADE_RE.finditer(text, start, len(text) if end is None else end):
        grade = normalise_grade(match.group(0), scale)
        if grade:
            return GradeMatch(grade, match.start(), match.end())
    return None


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
    joined = " ".join(re.sub(r"-[ \t]*\n\s*", "-", raw).split())
    return re.sub(r"['’]s$", "", joined)


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
                return AuthorityResult.found(Field.found(written_name(raw), source, 0.95), resolved.authority)
            candidates = candidates or resolved.candidates
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, AuthorityName]] = {}
    for offset, authority in context.authorities.mentions(head):
        if authority.lookup_urn:
            counts[authority.la_code] = counts.get(authority.la_code, 0) + 1
            first.setdefault(authority.la_code, (offset, authority))
    if counts:
        ranked = sorted(counts, key=lambda code: (-counts[code], first[code][0]))
        best = ranked[0]
        # Two authorities named equally often: say so rather than pick one.
        if len(ranked) == 1 or counts[ranked[1]] < counts[best]:
            offset, authority = first[best]
            return AuthorityResult.found(Field.found(authority.name, source_at(text, offset), 0.7), authority)
        candidates = candidates or tuple(ranked[:5])
    return AuthorityResult.missing(candidates)


_ITEM_RE = re.compile(
    # Markers: "12." (also glued to the text: "12.Ensure"), "a)", "iv.", "(3)", "(b)", and bullets,
    # including the private-use glyphs PDF symbol fonts extract to.
    r"^[ \t]*(?P<marker>\d{1,3}[.)](?=\s|[A-Z])|(?:[a-z]|[ivx]{1,4})[.)](?=\s)|\(\d{1,3}\)|\([a-z]\)"
    r"|[•◼◾▪■●◦○◆♦‣∙·➢✓\u2022\u25aa\u25cf\u2212\-–*\ue000-\uf8ff])[ \t]*(?P<body>\S[^\n]*)",
    re.MULTILINE,
)


def list_items(block: str, offset: int = 0) -> list[ListItem]:
    """Items of the numbered or bulleted list(s) in `block`; an item's wrapped lines join its text."""
    items: list[ListItem] = []
    matches = list(_ITEM_RE.finditer(block))
    for index, match in enumerate(matches):
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(block)
        body = " ".join(block[match.start("body") : stop].split())
        items.append(ListItem(body, offset + match.start(), offset + stop, match.group("marker")))
    return items


def main_items(items: list[ListItem]) -> list[ListItem]:
    """The top level of a list: the items whose marker is of the kind its first item carries.

    Sub-points carry another marker ("◼" items with "-" sub-points, "1." items with "•"
    sub-points) and numbered paragraphs may follow a bulleted list; lettered markers
    ("a)", "(i)") only ever mark sub-points. A single numbered paragraph before bullets
    introduces them ("15. The local authority should take the following action.").
    """
    numbered = [item for item in items if item.marker[:1].isdigit()]
    bulleted = [item for item in items if not item.marker[:1].isalnum() and item.marker[:1] != "("]
    if not bulleted or (len(numbered) >= 2 and numbered[0].start < bulleted[0].start):
        return numbered
    return [item for item in bulleted if item.marker == bulleted[0].marker]


# The end of a sentence, of an introduction ("should improve:") or of a bracketed reference
# ("(outcome 3, national framework)"); an item opens with a capital or a number ("16- and 17-year-olds").
_ITEM_END = re.compile(r"[.!?;:)]['’\")]*[ \t]*$")
_OPENS_ITEM = re.compile(r"[A-Z0-9‘“'\"]")


def layout_items(block: str, offset: int = 0) -> list[ListItem]:
    """Items of a list whose markers are not in the text (bullets drawn as shapes, numbering
    kept outside the text), told by line layout: an item starts on a line that opens with a
    capital or a number after a line that ended a sentence, as items do and wrapped lines
    rarely do. A paragraph ending in ":" introduces the list and is not an item; bare page
    numbers are skipped."""
    groups: list[list[tuple[int, str]]] = []
    position = 0
    for line in block.split("\n"):
        stripped = line.strip()
        start, position = position, position + len(line) + 1
        if not stripped or re.fullmatch(r"\d{1,3}", stripped):
            continue
        if not groups or (_ITEM_END.search(groups[-1][-1][1]) and _OPENS_ITEM.match(stripped)):
            groups.append([])
        groups[-1].append((start, stripped))
    items = []
    for group in groups:
        body = " ".join(text for _, text in group)
        if not body.endswith(":"):
            stop = group[-1][0] + len(group[-1][1])
            items.append(ListItem(" ".join(body.split()), offset + group[0][0], offset + stop, ""))
    return items


def running_lines(text: DocumentText, edge: int = 3) -> list[tuple[int, int]]:
    """(start, end) offsets into `text.full` of the running headers and footers: lines among
    the first or last `edge` lines of a page that recur there on three or more pages (on both
    pages of a two-page document), whatever their digits (page numbers, dates). A list that
    runs over a page break has them between its items; they belong to neither item."""
    if len(text.pages) < 2:
        return []
    spans: dict[str, list[tuple[int, int]]] = {}
    pages: dict[str, int] = {}
    page_start = 0
    for page in text.pages:
        lines = []
        position = page_start
        for line in page.split("\n"):
            if line.strip():
                lines.append((position, position + len(line), line))
            position += len(line) + 1
        edges = lines if len(lines) <= 2 * edge else lines[:edge] + lines[-edge:]
        keys = set()
        for start, end, line in edges:
            key = re.sub(r"\d+", "#", " ".join(line.lower().split()))
            # "12." on a line of its own is a list number, not furniture.
            if not re.fullmatch(r"#[.)]", key):
                keys.add(key)
                spans.setdefault(key, []).append((start, end))
        for key in keys:
            pages[key] = pages.get(key, 0) + 1
        page_start += len(page) + 1
    needed = min(3, len(text.pages))
    return sorted(span for key, found in spans.items() if pages[key] >= needed for span in found)


def blank_spans(full: str, spans: list[tuple[int, int]]) -> str:
    """`full` with the spans overwritten by spaces, so offsets into it stay valid."""
    parts = []
    position = 0
    for start, end in spans:
        parts.append(full[position:start])
        parts.append(" " * (end - start))
        position = end
    parts.append(full[position:])
    return "".join(parts)


def find_section(full: str, start_pattern: str, end_pattern: str, start: int = 0) -> tuple[int, int] | None:
    """(begin, end): from just after the first `start_pattern` heading to the next `end_pattern`, or None."""
    head = re.compile(start_pattern, re.IGNORECASE | re.MULTILINE).search(full, start)
    if not head:
        return None
    tail = re.compile(end_pattern, re.IGNORECASE | re.MULTILINE).search(full, head.end())
    return head.end(), tail.start() if tail else len(full)


def _head(text: DocumentText, pages: int | None) -> str:
    return text.full if pages is None else "\n".join(text.pages[:pages])


def labelled_range(
    text: DocumentText,
    label_pattern: str,
    default_year: int | None = None,
    window: int = 160,
    pages: int | None = None,
) -> tuple[DateRange, Source] | None:
    """The date range written just after a label (e.g. r"Inspection dates?:?"), with its source.

    Only the first `pages` pages are searched when given.
    """
    head = _head(text, pages)
    for label in re.finditer(label_pattern, head, re.IGNORECASE):
        tail = head[label.end() : label.end() + window]
        ranges = find_ranges(tail, default_year)
        # The range must start right after the label, not somewhere further on.
        if ranges and ranges[0].begin <= 12:
            first = ranges[0]
            return first, source_at(text, label.start(), label.end() + first.finish)
    return None


def labelled_date(text: DocumentText, label_pattern: str, window: int = 60, pages: int | None = None) -> Field:
    """The single date written just after a label, as a Field (missing if none)."""
    head = _head(text, pages)
    for label in re.finditer(label_pattern, head, re.IGNORECASE):
        tail = head[label.end() : label.end() + window]
        found = find_dates(tail)
        if found and found[0].start <= 12:
            return found_at(found[0].date, text, label.start(), label.end() + found[0].end, 0.95)
    return Field.missing()


_ROLE_WORDS = re.compile(
    r",?\s*\(?(?:(?:Senior\s+)?(?:His|Her)\s+Majesty['’]?s?\s+(?:Lead\s+|Senior\s+)?Inspector(?:\s+of\s+Schools)?|"
    r"HM\s+Inspector|Senior\s+HMI|HMI|SHMI|Ofsted\s+Inspector|Social\s+Care(?:\s+Regulatory\s+Inspector)?|"
    r"Lead\s+inspector|Ofsted)\b.*$",
    re.IGNORECASE | re.DOTALL,
)
_TITLES = re.compile(r"^(?:Mr|Mrs|Ms|Mx|Miss|Dr)\.?\s+", re.IGNORECASE)
# A word of a name in any alphabet ("Zoë", "Seán", "O’Brien-Smith"), an initial with a full stop.
_NAME_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-])*\.?")
# Lower-case words that may stand inside a name ("Anne-Marie de Souza").
_PARTICLES = frozenset({"ap", "bin", "da", "de", "del", "della", "den", "der", "di", "du", "la", "le", "van", "von"})


def clean_name(raw: str) -> str:
    """A person's name without titles and role words."""
    name = " ".join(raw.split())
    name = _ROLE_WORDS.sub("", name)
    name = _TITLES.sub("", name)
    return name.strip(" ,.;:()")


def is_person_name(name: str) -> bool:
    """Two to five capitalised words (initials and inner particles allowed): a name, not running prose."""
    words = name.split()
    if not 2 <= len(words) <= 5 or words[-1].endswith("."):
        return False
    for index, word in enumerate(words):
        if not _NAME_WORD.fullmatch(word):
            return False
        inner = 0 < index < len(words) - 1
        # A surname may open with an elided particle: "d’Inverno", "l'Estrange".
        elided = len(word) > 2 and word[1] in "'’" and word[2].isupper()
        if not (word[0].isupper() or elided or (inner and word in _PARTICLES)):
            return False
    return True


# "Lead inspector: Pat Example, His Majesty’s Inspector", "The lead inspector was Pat Example HMI".
_LEAD_RE = re.compile(
    r"\b(?:Lead|Reporting|Managing)\s+inspectors?\b\s*(?:[:\-–]|\b(?:was|is|were)\b)?[ \t]*"
    r"(?P<name>[^\W\d_][^\n]{2,90})",
    re.IGNORECASE,
)


def _run_on(haystack: str, end: int, written: str, lines: int = 2) -> str:
    """`written` (a line ending at `end`) with the lines it runs on into: a line that breaks inside a
    name ("Smith-" / "Jones") or a list of names ("… and" / "Sam Second") continues on the next."""
    for _ in range(lines):
        if not re.search(r"(?:-|,|\band)\s*$", written):
            break
        following = re.match(r"\n[ \t]*([^\n]{1,60})", haystack[end:])
        if not following:
            break
        written = written.rstrip()
        written += ("" if written.endswith("-") else " ") + following.group(1)
        end += following.end()
    return written


def find_lead_inspector(text: DocumentText, pages: int = 3) -> Field:
    """The lead (or reporting) inspector: named on the first pages, else in 'The inspection team'."""
    head = _head(text, pages)
    for haystack in (head, text.full):
        for match in _LEAD_RE.finditer(haystack):
            if re.search(r"deputy\s*$", haystack[max(0, match.start() - 8) : match.start()], re.IGNORECASE):
                continue
            written = _run_on(haystack, match.end(), match.group("name"))
            # Two people may share the lead ("Pat Example HMI and Sam Second HMI"): both, as written.
            roles_apart = _TEAM_ROLES.sub(",", " ".join(written.split()))
            people = [part for part in (clean_name(p) for p in re.split(r",|&|\band\b", roles_apart)) if part]
            if len(people) == 2 and all(is_person_name(person) for person in people):
                return found_at(" and ".join(people), text, match.start(), match.end(), 0.9)
            name = clean_name(written)
            if is_person_name(name):
                return found_at(name, text, match.start(), match.end(), 0.95)
    return Field.missing()


# The labelled lines of a SIF report's "The inspection team" list that name inspectors. Shadow inspectors,
# data analysts and quality assurance managers are named there too but did not inspect.
_TEAM_LINE = re.compile(
    r"^[ \t]*(?:Deputy\s+lead\s+inspector\b\s*[:\-–]?|Team\s+inspectors?\s*:)[ \t]*(?P<names>[^\n]*)",
    re.IGNORECASE | re.MULTILINE,
)
# Any "Label:" line ends the names of the line before ("Senior data analyst:", "Shadow inspectors:").
_LABEL_LINE = re.compile(r"^[ \t]*[A-Z][A-Za-z ]{2,40}:")
# A role written after a name, with or without brackets, separates names as a comma would.
_TEAM_ROLES = re.compile(
    r"\([^)]*\)|\b(?:(?:Senior\s+)?(?:His|Her)\s+Majesty['’]?s?\s+Inspectors?|Senior\s+HMI|S?HMIs?|OIs?|"
    r"SCRI|Ofsted\s+Inspectors?|Social\s+Care\s+Regulatory\s+Inspectors?|"
    r"(?:Additional|Contracted|Seconded|Associate)\s+Inspectors?)\b",
    re.IGNORECASE,
)


def _team_names(text: str) -> list[str]:
    """The people a team line names: "A HMI, B (OI) C and D." → [A, B, C, D]."""
    joined = " ".join(re.sub(r"-[ \t]*\n\s*", "-", text).split())
    parts = re.split(r",|;|&|\band\b", _TEAM_ROLES.sub(",", joined))
    return [name for name in (clean_name(part) for part in parts) if is_person_name(name)]


def _team_line(full: str, start: int) -> str:
    """A team line's names with its wrapped continuation lines: they run on while the text so far
    ends in a comma or "and" or the next line is neither blank, a label, nor a page number."""
    end = full.find("\n", start)
    end = len(full) if end < 0 else end
    collected = full[start:end]
    while end < len(full):
        following = re.match(r"\n(?:[ \t]*\n)*([^\n]*)", full[end:])
        if not following:
            break
        line = following.group(1)
        open_list = bool(re.search(r"(?:,|\band)\s*$", collected))
        blank_before = "\n" in following.group(0)[1:]
        if (
            not line.strip()
            or _LABEL_LINE.match(line)
            or re.fullmatch(r"\s*\d{1,3}\s*", line)
            or (blank_before and not open_list)
        ):
            break
        collected += "\n" + line
        end += following.end()
    return collected


def find_team(text: DocumentText, lead: Field[str]) -> Field[tuple[str, ...]]:
    """Everyone the inspection team list names as an inspector, the lead first; missing when the report
    has no such list (its lead inspector alone is not a team)."""
    full = text.full
    people: list[str] = [lead.value] if lead.is_found and lead.value else []
    first = last = -1
    for match in _TEAM_LINE.finditer(full):
        names = _team_names(_team_line(full, match.start("names")))
        people.extend(name for name in names if name not in people)
        first = match.start() if first < 0 else first
        last = match.end()
    if first < 0:
        return Field.missing()
    return found_at(tuple(people), text, first, last, 0.9)
