"""Reading Ofsted letters: focused visits, monitoring visits and joint targeted area inspections.

The letters share one layout: Ofsted's address, the letter date on its own line, the
addressee, "Dear …", a title ("Focused visit to X children's services"), then a sentence
"This letter summarises the findings of …" giving the visit dates, a sentence naming the
inspectors, a statement of what inspectors looked at, and headed sections. Everything
here works on `Letter.text`, a copy of `DocumentText.full` normalised character for
character (curly quotes, bullet glyphs, Markdown emphasis), so offsets stay valid for
`common.source_at`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass

from .authority_names import AuthorityName
from .common import AuthorityResult, blank_spans, found_at, layout_items, running_lines, source_at, written_name
from .context import ParseContext
from .dates import DateRange, find_ranges, month_number
from .text import DocumentText
from .types import Field

logger = logging.getLogger(__name__)


BULLET = "•"
# Glyphs PDFs and Word use for list bullets (Wingdings private-use code points included).
_BULLET_GLYPHS = "◼■▪●◦‣∙➢✓\u2022\u25aa\u25cf\u25fc\u25a0\uf06e\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf0a8"
_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys(_BULLET_GLYPHS, BULLET),
        "\u2019": "'",
        "\u2018": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u2011": "-",
        # Markdown emphasis and heading marks in text seeds; spaces keep offsets aligned.
        "*": " ",
        "#": " ",
        "\f": "\n",
    }
)


# A dash opening a line is a list bullet in Word and Markdown text; it becomes one character.
_DASH_BULLET = re.compile(r"^([ \t]*)[-–](?=[ \t])", re.MULTILINE)


def normalise(text: str) -> str:
    """`text` with quotes, bullets and Markdown marks normalised, character for character."""
    return _DASH_BULLET.sub(lambda m: m.group(1) + BULLET, text.translate(_TRANSLATION))


@dataclass(frozen=True)
class Letter:
    """A letter's text with offsets aligned to `doc.full`."""

    doc: DocumentText
    text: str

    @classmethod
    def of(cls, doc: DocumentText) -> Letter:
        return cls(doc, normalise(doc.full))

    @property
    def first_page_end(self) -> int:
        return len(self.doc.pages[0]) if self.doc.pages else len(self.text)

    def found(self, value: object, start: int, end: int | None = None, confidence: float = 0.9) -> Field:
        return found_at(value, self.doc, start, end, confidence)


def squash(text: str) -> str:
    """Collapse whitespace (PDF line wraps) to single spaces."""
    return " ".join(text.split())


# ---------------------------------------------------------------------------
# Sentences and headings
# ---------------------------------------------------------------------------

# A sentence ends at a full stop followed by a capitalised word, a bullet or the end of a
# paragraph. "HMI." or "Ms." inside names are rare enough in these letters not to matter.
_SENTENCE_END = re.compile(r"[.:]['\")]*(?=\s+(?:[A-Z0-9'\"(•]|$))|[.:]['\")]*\s*$|\n\s*\n", re.MULTILINE)


def sentence_end(text: str, start: int, limit: int = 1200) -> int:
    """Offset just after the sentence that starts at `start` (at most `limit` characters on)."""
    match = _SENTENCE_END.search(text, start, min(len(text), start + limit))
    return match.end() if match else min(len(text), start + limit)


def sentence_start(text: str, position: int, limit: int = 600) -> int:
    """Offset where the sentence containing `position` begins."""
    floor = max(0, position - limit)
    best = floor
    for match in _SENTENCE_END.finditer(text, floor, position):
        best = match.end()
    while best < position and text[best].isspace():
        best += 1
    return best


# Headings of the letters' sections, as whole lines. Trailing "?" and footnote digits vary.
HEADINGS = (
    r"overview|findings|main findings|headline findings|next steps|"
    r"what needs to improve[^\n]{0,60}|areas? for priority action|areas for improvement|"
    r"areas covered by the visit|findings and evaluation of progress|evaluation of progress|"
    r"summary of findings|key findings|what the local authority needs to improve|"
    r"what needs to happen next|yours sincerely"
)
_HEADING_LINE = re.compile(rf"^[ \t]*(?:{HEADINGS})[ \t?.:\d]*$", re.IGNORECASE | re.MULTILINE)


def find_heading(letter: Letter, pattern: str, start: int = 0) -> re.Match[str] | None:
    """The first whole-line heading matching `pattern` (case-insensitive) from `start`."""
    regex = re.compile(rf"^[ \t]*(?:{pattern})[ \t?.:\d]*$", re.IGNORECASE | re.MULTILINE)
    return regex.search(letter.text, start)


def section_after(letter: Letter, heading: re.Match[str]) -> tuple[int, int]:
    """(begin, end) of the text under `heading`, up to the next known heading."""
    begin = heading.end()
    following = _HEADING_LINE.search(letter.text, begin)
    return begin, following.start() if following else len(letter.text)


def first_heading_after(letter: Letter, start: int) -> int:
    """Offset of the next known heading after `start` (end of text if none)."""
    following = _HEADING_LINE.search(letter.text, start)
    return following.start() if following else len(letter.text)


_BULLET_LINE = re.compile(rf"^[ \t]*{BULLET}", re.MULTILINE)


def bullet_items(letter: Letter, begin: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each bulleted item between the offsets, wrapped lines included."""
    starts = [m.start() for m in _BULLET_LINE.finditer(letter.text, begin, end)]
    return _spans(starts, end)


def _spans(starts: list[int], end: int) -> list[tuple[int, int]]:
    return [(s, starts[i + 1] if i + 1 < len(starts) else end) for i, s in enumerate(starts)]


_NUMBER_LINE = re.compile(r"^[ \t]*\d{1,3}[.)](?=\s|[A-Z])", re.MULTILINE)


def top_level_items(letter: Letter, begin: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of the top-level items of the list between the offsets, sub-points left inside them.

    `Letter.text` writes every bullet glyph as "•", so the glyph in the original text tells
    items from sub-points bulleted with another; a list that opens with two or more
    numbered items is numbered, and its bullets are sub-points (`common.main_items`).
    """
    bullets = [start for start, _ in bullet_items(letter, begin, end)]
    numbers = [match.start() for match in _NUMBER_LINE.finditer(letter.text, begin, end)]
    if not bullets or (len(numbers) >= 2 and numbers[0] < bullets[0]):
        return _spans(numbers, end)
    glyphs = [_glyph(letter, start) for start in bullets]
    return _spans([start for start, glyph in zip(bullets, glyphs, strict=True) if glyph == glyphs[0]], end)


def _glyph(letter: Letter, line_start: int) -> str:
    """The bullet, as the original text has it, of the bulleted line starting at `line_start`."""
    offset = line_start
    while letter.text[offset] in " \t":
        offset += 1
    return letter.doc.full[offset]


# ---------------------------------------------------------------------------
# Letter date, visit dates, inspectors
# ---------------------------------------------------------------------------

_DATE_LINE = re.compile(
    r"^[ \t]*(?:Date(?:d)?:?[ \t]*)?(?:(?:Mon|Tues|Wednes|Thurs|Fri)day,?[ \t]+)?"
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?[ \t]+(?P<month>[A-Za-z]{3,9})\.?,?[ \t]+"
    r"(?P<year>(?:19|20)\d\d)[ \t.]*$",
    re.MULTILINE,
)


# The end of a line that runs on into the next: a sentence broken before its date.
_RUNS_ON = re.compile(r"(?:\b(?:on|and|to|from|between|of|until|dated|by)|[,–\-])$", re.IGNORECASE)


def letter_date(letter: Letter) -> Field[dt.date]:
    """The date printed at the top: a line holding only a date, on the first page.

    The text layer can put the address block (and the date) after the body text, so the
    whole first page is searched rather than its first lines.
    """
    for match in _DATE_LINE.finditer(letter.text, 0, letter.first_page_end):
        # A date wrapped onto a line of its own from a sentence ("… on 9 and" / "10 May 2023.") is
        # the visit's, not the letter's: without a dated letterhead the letter date stays unread.
        before = letter.text[max(0, match.start() - 200) : match.start()].rstrip()
        if _RUNS_ON.search(before):
            continue
        month = month_number(match.group("month"))
        if month is None:
            continue
        try:
            value = dt.date(int(match.group("year")), month, int(match.group("day")))
        except ValueError:
            continue
        return letter.found(value, match.start(), match.end(), 0.95)
    return Field.missing()


_SUMMARY = re.compile(
    r"(?:This\s+letter\s+summarises|summarises)\s+the\s+findings\s+of\s+(?:a|an|the|our)\b", re.IGNORECASE
)


def summary_sentence(letter: Letter) -> tuple[int, int] | None:
    """(start, end) of the "This letter summarises the findings of …" sentence."""
    match = _SUMMARY.search(letter.text)
    if not match:
        return None
    return match.start(), sentence_end(letter.text, match.end())


@dataclass(frozen=True)
class VisitDates:
    start: Field[dt.date]
    end: Field[dt.date]


def _plausible(found: DateRange) -> tuple[dt.date, dt.date, float]:
    """The range's dates, with a year typo repaired when a visit would last over a month.

    A visit lasts days, so "24 October 2022 to 25 October 2023" is read as one year; the
    repair is reported through a lower confidence.
    """
    start, end = found.start, found.end
    if (end - start).days > 31 and start.year != end.year:
        try:
            moved = start.replace(year=end.year)
        except ValueError:
            return start, end, 0.6
        if moved <= end and (end - moved).days <= 31:
            return moved, end, 0.7
        return start, end, 0.6
    return start, end, 0.95


def visit_dates(letter: Letter, start: int, end: int, follow: int = 2) -> VisitDates:
    """The visit's dates: the first date range in the sentence at start:end, or in the next sentences."""
    stop = end
    for _ in range(follow + 1):
        ranges = find_ranges(letter.text[start:stop])
        # A range without a year is no use; find_ranges only returns dated ones.
        if ranges:
            first = ranges[0]
            first_start, first_end, confidence = _plausible(first)
            a, b = start + first.begin, start + first.finish
            return VisitDates(
                letter.found(first_start, a, b, confidence),
                letter.found(first_end, a, b, confidence),
            )
        stop = sentence_end(letter.text, stop)
    return VisitDates(Field.missing(), Field.missing())


# Sentences that date the visit when the summary sentence does not: "The visit took place on …",
# "Inspectors visited … on …". An earlier visit ("the previous visit in May 2022") is not this one.
_VISIT_WORDS = re.compile(r"\b(?:visit(?:ed)?|on\s+site|took\s+place|fieldwork)\b", re.IGNORECASE)
_EARLIER_VISIT = re.compile(r"\b(?:previous|last|earlier|prior)\s+(?:focused\s+|monitoring\s+)?visit", re.I)


def body_visit_dates(letter: Letter, start: int, end: int | None = None) -> VisitDates:
    """The visit's dates from the first sentence after `start` that speaks of the visit and holds a
    date range, for letters whose summary sentence is missing or undated."""
    stop = len(letter.text) if end is None else end
    for word in _VISIT_WORDS.finditer(letter.text, start, stop):
        # Not before `start`: the letterhead's date stands above the first sentence, unpunctuated.
        begin = max(start, sentence_start(letter.text, word.start()))
        finish = sentence_end(letter.text, word.end())
        if _EARLIER_VISIT.search(letter.text, begin, finish):
            continue
        ranges = find_ranges(letter.text[begin:finish])
        if ranges:
            found = ranges[0]
            first, last, confidence = _plausible(found)
            a, b = begin + found.begin, begin + found.finish
            return VisitDates(letter.found(first, a, b, confidence * 0.85), letter.found(last, a, b, confidence * 0.85))
    return VisitDates(Field.missing(), Field.missing())


_INSPECTOR_TRIGGER = re.compile(
    r"\binspectors?\b[^.]{0,60}?\b(?:was|were)\b|\b(?:carried\s+out|conducted|undertaken|led)\s+by\b|"
    r"\binspection\s+team\s+(?:was|were|comprised)\b",
    re.IGNORECASE,
)
# Words that describe a person's role rather than name them.
_ROLE = re.compile(
    r"\b(?:all\s+of\s+whom\s+(?:are|were)|both\s+of\s+whom\s+(?:are|were)|who\s+(?:are|were|is|was)|"
    r"both|all|(?:His|Her)\s+Majesty's(?:\s+Chief)?(?:\s+(?:Lead|Senior))?\s+Inspectors?(?:\s+of\s+Schools)?|"
    r"(?:Senior\s+)?HMIs?|SHMI|Ofsted\s+Inspectors?|Social\s+Care(?:\s+Regulatory\s+Inspectors?)?|"
    r"(?:the\s+)?(?:lead\s+)?inspectors?|designate|Regional\s+Director|Ofsted|team\s+inspectors?|"
    r"Mr|Mrs|Ms|Mx|Miss|Dr)\b\.?",
    re.IGNORECASE,
)
# Two to four words of letters in any alphabet ("Zoë", "Seán", "O'Brien-Smith").
_NAME_WORD = r"[^\W\d_](?:[^\W\d_]|['\-])+"
_PERSON = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}")
# Lower-case words that may stand inside a name ("Anne-Marie de Souza").
_PARTICLES = frozenset({"ap", "bin", "da", "de", "del", "der", "di", "du", "la", "le", "van", "von"})


def is_name(part: str) -> bool:
    """Whether a phrase is a person's name: capitalised words, lower-case particles only inside."""
    if not _PERSON.fullmatch(part):
        return False
    words = part.split()
    return all(w[0].isupper() or (0 < i < len(words) - 1 and w in _PARTICLES) for i, w in enumerate(words))


def names_in(segment: str) -> list[str]:
    """The people a list such as "X, Her Majesty's Inspector, and Y HMI" names, in order."""
    # A name hyphenated across a line end ("Smith-" / "Jones") closes up, keeping its hyphen.
    text = re.sub(r"\([^)]*\)", " ", squash(re.sub(r"-[ \t]*\n\s*", "-", segment)))
    text = _ROLE.sub(",", text)
    names: list[str] = []
    for part in re.split(r",|;|&|\band\b|\bwith\b", text):
        part = part.strip(" .:'\"")
        if is_name(part) and part not in names:
            names.append(part)
    return names


def inspectors(letter: Letter, start: int, end: int | None = None) -> Field[tuple[str, ...]]:
    """Everyone the inspector sentences after `start` name, without titles, in order.

    Usually one sentence names everyone; a letter that names the lead inspector in a
    sentence of its own has the others in the next, so every such sentence up to `end`
    (default: 1,500 characters on) counts. Role words keep prose like "carried out by
    remote means" from reading as a name.
    """
    limit = end if end is not None else min(len(letter.text), start + 1500)
    people: list[str] = []
    first = last = -1
    for trigger in _INSPECTOR_TRIGGER.finditer(letter.text, start, limit):
        if trigger.start() < last:
            continue
        stop = sentence_end(letter.text, trigger.end())
        named = [name for name in names_in(letter.text[trigger.end() : stop]) if name not in people]
        if named:
            people.extend(named)
            first = first if first >= 0 else sentence_start(letter.text, trigger.start())
            last = stop
    if people:
        return letter.found(tuple(people), first, last, 0.9)
    return Field.missing()


# ---------------------------------------------------------------------------
# Authority
# ---------------------------------------------------------------------------

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
    return squash(text).strip(" ,.'")


def authority_from(
    letter: Letter, context: ParseContext, patterns: list[re.Pattern[str]], end: int | None = None
) -> AuthorityResult:
    """The authority a letter is to: the first `patterns` match (group "name") that resolves,
    else the authority named most often near the top (Ofsted's address excluded)."""
    window = letter.text[: end if end is not None else min(len(letter.text), 6000)]
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
                    return AuthorityResult.found(letter.found(raw, a, b, 0.85), next(iter(mentioned.values())))
                candidates = candidates or tuple(named.la_code for named in resolution.candidates)
                continue
            if resolution.match.lookup_urn:
                return AuthorityResult.found(letter.found(raw, a, b, 0.95), resolution.match)
    cleaned = _OFSTED_ADDRESS.sub(lambda m: " " * len(m.group(0)), window)
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, AuthorityName]] = {}
    for offset, authority in context.authorities.mentions(cleaned):
        if authority.lookup_urn:
            counts[authority.la_code] = counts.get(authority.la_code, 0) + 1
            first.setdefault(authority.la_code, (offset, authority))
    if counts:
        ranked = sorted(counts, key=lambda code: (-counts[code], first[code][0]))
        if len(ranked) == 1 or counts[ranked[1]] < counts[ranked[0]]:
            offset, authority = first[ranked[0]]
            return AuthorityResult.found(Field.found(authority.name, source_at(letter.doc, offset), 0.6), authority)
        candidates = candidates or tuple(ranked[:5])
    return AuthorityResult.missing(candidates)


# ---------------------------------------------------------------------------
# Priority actions and improvement lists
# ---------------------------------------------------------------------------

_PRIORITY_HEADING = r"areas?\s+for\s+priority\s+action"
_NONE_STATED = re.compile(r"\bno\b[^.]{0,40}\b(?:priority\s+actions?|areas?\s+for\s+priority\s+action)", re.I)
_CARRIED_OVER = re.compile(r"\b(?:remain|remains|continue|continues|still\s+apply)\b", re.IGNORECASE)
_PRIORITY_NOTICE = re.compile(
    r"notified\s+the\s+Department\s+for\s+Education\s+of\s+the\s+areas?\s+for\s+priority\s+action|"
    r"submit\s+an\s+action\s+plan\s+that\s+responds\s+to\s+th(?:is|ese)\s+areas?",
    re.IGNORECASE,
)


def priority_actions(letter: Letter) -> Field[bool]:
    """True when the letter sets areas for priority action (new or carried over from a previous visit).

    An "Areas for priority action" section that says there are none is False; so is a
    letter without the section or Ofsted's closing notice about priority actions.
    """
    heading = find_heading(letter, _PRIORITY_HEADING)
    if heading:
        begin, end = section_after(letter, heading)
        body = letter.text[begin:end]
        if _NONE_STATED.search(body) and not _CARRIED_OVER.search(body):
            return letter.found(False, heading.start(), end, 0.9)
        return letter.found(True, heading.start(), end, 0.95)
    notice = _PRIORITY_NOTICE.search(letter.text)
    if notice:
        return letter.found(True, notice.start(), notice.end(), 0.8)
    return Field.found(False, None, 0.8)


_IMPROVE_HEADING = r"what\s+needs\s+to\s+improve(?:\s+in\s+this\s+area(?:\s+of\s+(?:social\s+work\s+)?practice)?)?"
_NONE_NEW = re.compile(
    r"\bno\s+(?:additional|further|new)\s+areas?\b|\bareas?\s+for\s+improvement\b[^.]{0,120}\b(?:remain|continue)",
    re.IGNORECASE,
)


def improvement_count(letter: Letter) -> Field[int]:
    """Items in the "What needs to improve" list.

    0 when the section says there are no new areas; missing when the letter has no such section.
    """
    heading = find_heading(letter, _IMPROVE_HEADING)
    if not heading:
        return Field.missing()
    begin, end = section_after(letter, heading)
    items = top_level_items(letter, begin, end)
    if items:
        return letter.found(len(items), heading.start(), end, 0.95)
    body = letter.text[begin:end]
    if _NONE_NEW.search(body):
        return letter.found(0, heading.start(), end, 0.85)
    # No markers in the text layer: tell the items by line layout, running headers and footers aside.
    unmarked = blank_spans(letter.text, running_lines(letter.doc))[begin:end]
    return letter.found(len(layout_items(unmarked, begin)), heading.start(), end, 0.5)


# ---------------------------------------------------------------------------
# Lists and paragraphs
# ---------------------------------------------------------------------------

_LINE_END_PUNCT = re.compile(r"[.;:!?]['\")]*[ \t]*$")


def list_lines(letter: Letter, begin: int, end: int) -> list[tuple[str, int, int]]:
    """Bulleted items between the offsets as (text, start, end), stopping each item at the line
    that ends it, so a paragraph after the list is not read as part of its last item."""
    items: list[tuple[str, int, int]] = []
    for start, stop in bullet_items(letter, begin, end):
        lines = letter.text[start:stop].split("\n")
        kept = [lines[0]]
        for line in lines[1:]:
            if _LINE_END_PUNCT.search(kept[-1]) or not line.strip():
                break
            kept.append(line)
        body = squash(" ".join(kept)).lstrip(BULLET).strip()
        if body:
            items.append((body, start, start + len("\n".join(kept))))
    return items


def paragraphs(letter: Letter, begin: int, end: int) -> list[tuple[str, int]]:
    """Paragraphs between the offsets: a line ending a sentence followed by a capitalised line
    breaks a paragraph (the PDF text layer has no blank lines between them)."""
    found: list[tuple[str, int]] = []
    current: list[str] = []
    start = begin
    position = begin
    for line in letter.text[begin:end].split("\n"):
        stripped = line.strip()
        if not stripped or re.fullmatch(r"\d{1,3}", stripped):
            position += len(line) + 1
            continue
        if not current:
            start = position
        current.append(stripped)
        position += len(line) + 1
        if _LINE_END_PUNCT.search(stripped):
            found.append((squash(" ".join(current)), start))
            current = []
    if current:
        found.append((squash(" ".join(current)), start))
    return found


ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
ORDINAL_PATTERN = r"(?:" + "|".join(ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th))"


def ordinal_value(word: str) -> int | None:
    word = word.lower()
    if word in ORDINALS:
        return ORDINALS[word]
    digits = re.match(r"\d{1,2}", word)
    return int(digits.group(0)) if digits else None


def letter_head(text: DocumentText) -> str:
    """The first two pages, with typographic quotes and dashes made plain, where a letter says what it is."""
    return "\n".join(text.pages[:2]).translate(_TRANSLATION)


def opening_score(text: DocumentText, summary: re.Pattern[str], title: re.Pattern[str]) -> float:
    """How surely a letter's opening names its kind: its summary sentence, else its title line."""
    head = letter_head(text)
    if summary.search(head):
        return 0.95
    if title.search(head):
        return 0.85
    return 0.0
