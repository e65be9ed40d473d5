"""Ofsted's letters (focused visits, monitoring visits, joint targeted area inspections): their text,
sentences, headed sections, lists and paragraphs.

The letters share one layout: Ofsted's address, the letter date on its own line, the
addressee, "Dear …", a title ("Focused visit to X children's services"), then a sentence
"This letter summarises the findings of …" giving the visit dates, a sentence naming the
inspectors, a statement of what inspectors looked at, and headed sections. Everything
here works on `Letter.text`, a copy of `DocumentText.full` with its characters made plain
one for one (curly quotes, bullet glyphs, Markdown emphasis), so offsets stay valid for
`sources.source_at`. What letters state is read in `letter_fields.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .sources import READ_IN_PLACE, found_at
from .text import DocumentText
from .types import Field

# A sentence runs at most this far: past it, a text layer without full stops (a table, a list) is cut off.
LONGEST_SENTENCE = 1200
# How far back the start of a sentence is looked for.
SENTENCE_LOOKBACK = 600
# How surely a letter's opening names its kind: the summary sentence ("This letter summarises the findings
# of a focused visit") is the letter's own statement; a title line alone could be a quotation in another document.
OPENS_WITH_SUMMARY = 0.95
OPENS_WITH_TITLE = 0.85

BULLET = "•"
# Glyphs PDFs and Word use for list bullets (Wingdings private-use code points included).
_BULLET_GLYPHS = "◼■▪●◦‣∙➢✓\u2022\u25aa\u25cf\u25fc\u25a0\uf06e\uf0b7\uf0a7\uf0d8\uf0fc\uf076\uf0a8"
PLAIN_CHARACTERS = str.maketrans(
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


def plain_characters(text: str) -> str:
    """`text` with quotes, bullets and Markdown marks made plain, character for character, so offsets into it
    are offsets into `text`."""
    return _DASH_BULLET.sub(lambda m: m.group(1) + BULLET, text.translate(PLAIN_CHARACTERS))


@dataclass(frozen=True)
class Letter:
    """A letter's text with offsets aligned to `doc.full`."""

    doc: DocumentText
    text: str

    @classmethod
    def of(cls, doc: DocumentText) -> Letter:
        return cls(doc, plain_characters(doc.full))

    @property
    def first_page_end(self) -> int:
        return len(self.doc.pages[0]) if self.doc.pages else len(self.text)

    def found(self, value: object, start: int, end: int | None = None, confidence: float = READ_IN_PLACE) -> Field:
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


def sentence_end(text: str, start: int, limit: int = LONGEST_SENTENCE) -> int:
    """Offset just after the sentence that starts at `start` (at most `limit` characters on)."""
    match = _SENTENCE_END.search(text, start, min(len(text), start + limit))
    return match.end() if match else min(len(text), start + limit)


def sentence_start(text: str, position: int, limit: int = SENTENCE_LOOKBACK) -> int:
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
    numbered items is numbered, and its bullets are sub-points (as `lists.main_items` reads them).
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


def plain_opening(text: DocumentText) -> str:
    """The first two pages with their characters made plain (quotes, dashes, bullets, Markdown marks): where a
    letter says what it is, and where any document shows whether it is out of scope."""
    return "\n".join(text.pages[:2]).translate(PLAIN_CHARACTERS)


def opening_score(text: DocumentText, summary: re.Pattern[str], title: re.Pattern[str]) -> float:
    """How surely a letter's opening names its kind: its summary sentence, else its title line."""
    head = plain_opening(text)
    if summary.search(head):
        return OPENS_WITH_SUMMARY
    if title.search(head):
        return OPENS_WITH_TITLE
    return 0.0
