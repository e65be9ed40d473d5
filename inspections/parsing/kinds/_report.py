"""What full inspection reports (SIF, ILACS, 2009–13 frameworks, LSCB reviews) share.

Not a kind module (the leading underscore keeps it out of the registry): it reads the
authority, inspection dates, publication date and lead inspector, graded judgement
tables and recommendation lists, which every report kind lays out in similar ways.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from ..authority import find_authority
from ..context import ParseContext
from ..errors import ParseError, ParseErrorCode
from ..grades import GradeMatch, find_grade
from ..labelled import labelled_date, labelled_range
from ..layout import blank_spans, running_lines
from ..lists import ListItem, layout_items, list_items, main_items
from ..people import find_lead_inspector
from ..sources import READ_IN_PLACE, STATED, found_at
from ..text import DocumentText, SourceFormat
from ..types import DocKind, Field, Grade, ParsedDocument, Recommendation
from ..version import PARSER_VERSION

logger = logging.getLogger(__name__)


_DATES_LABEL = r"\b(?:Inspection\s+dates?|Dates?\s+of\s+(?:the\s+)?inspection)\s*[:\-–]?"
_PUBLISHED_LABEL = r"\b(?:Report\s+published|Date\s+published|Publication\s+date|Published)\s*[:\-–]?"


@dataclass(frozen=True)
class CommonFields:
    """Fields every inspection report states on its first pages."""

    la_name: Field[str]
    urn: Field[str]
    la_code: Field[str]
    candidates: tuple[str, ...]
    inspection_start: Field
    inspection_end: Field
    days_on_site: int | None
    publication_date: Field
    lead_inspector: Field[str]


def read_common(text: DocumentText, context: ParseContext) -> CommonFields:
    """Authority, inspection dates, publication date and lead inspector."""
    authority = find_authority(text, context)
    dates = labelled_range(text, _DATES_LABEL, pages=3)
    if dates:
        span, source = dates
        start: Field = Field.found(span.start, source, STATED)
        end: Field = Field.found(span.end, source, STATED)
        days: int | None = span.part_days
    else:
        start = end = Field.missing()
        days = None
    return CommonFields(
        la_name=authority.la_name,
        urn=authority.urn,
        la_code=authority.la_code,
        candidates=authority.candidates,
        inspection_start=start,
        inspection_end=end,
        days_on_site=days,
        # Only a date the report prints counts; most ILACS reports print none.
        publication_date=labelled_date(text, _PUBLISHED_LABEL, pages=2),
        lead_inspector=find_lead_inspector(text),
    )


def head_text(text: DocumentText, pages: int, chars: int | None = None) -> str:
    """The first `pages` pages (optionally only their first `chars` characters)."""
    head = "\n".join(text.pages[:pages])
    return head if chars is None else head[:chars]


def words(phrase: str) -> str:
    """A regex for a phrase whose words may be split by any whitespace (PDF lines wrap)."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


# Between a label and its grade only spacing and punctuation may stand, so a grade word
# in the prose that follows a table is never taken for the table's grade.
_GAP = re.compile(r"[\s:.\-–—]*(?:is\s+|are\s+)?", re.IGNORECASE)
# A stray mark standing alone before a grade: a letter left over from the label's layout
# ("care leavers   s Requires improvement") or a footnote mark. Not the words "a", "A" or "I",
# so prose ("is a good ...") never reads as a grade.
_STRAY_MARK = re.compile(r"(?<=\s)(?:(?![aAI]\s)[^\W_]|[*†‡§¹²³⁴⁵⁶⁷⁸⁹])[ \t]+")


# How far after a label its grade may be written: the longest grade phrase, and room for a footnote mark.
GRADE_REACH = 60
# A grade read from a graded heading in the body rather than the judgement table: the body's headings are
# prose-like, so less sure.
GRADED_HEADING = 0.8


def grade_after(
    full: str, position: int, limit: int = GRADE_REACH, scale: dict[int, Grade] | None = None
) -> GradeMatch | None:
    """The grade written right after `position` (only spacing, or one stray mark, between), else None."""
    gap = _GAP.match(full, position)
    start = gap.end() if gap else position
    stray = _STRAY_MARK.match(full, start)
    for begin in (start, stray.end()) if stray else (start,):
        found = find_grade(full, begin, min(len(full), begin + limit), scale)
        if found and found.start == begin:
            return found
    return None


def read_labelled_grades(
    text: DocumentText,
    labels: Sequence[tuple[str, str]],
    start: int = 0,
    end: int | None = None,
    scale: dict[int, Grade] | None = None,
    confidence: float = STATED,
) -> dict[str, Field[Grade]]:
    """Grades written just after labels (a judgement table or graded headings).

    `labels` holds (key, regex); the first occurrence of each label between `start` and
    `end` whose text is followed directly by a grade wins.
    """
    full = text.full
    stop = len(full) if end is None else end
    found: dict[str, Field[Grade]] = {}
    for key, pattern in labels:
        if key in found:
            continue
        for match in re.finditer(pattern, full[:stop], re.IGNORECASE):
            if match.start() < start:
                continue
            grade = grade_after(full, match.end(), scale=scale)
            if grade:
                found[key] = found_at(grade.grade, text, match.start(), grade.end, confidence)
                break
    return found


def read_grade_column(
    text: DocumentText,
    labels: Sequence[tuple[str, str]],
    start: int = 0,
    end: int | None = None,
    confidence: float = READ_IN_PLACE,
) -> dict[str, Field[Grade]]:
    """Grades of a judgement table whose text came out column by column: every label first, with
    no grade between them, then the same number of grades in the same order. Empty otherwise,
    so a table read row by row (label, grade, label, grade) is left to `read_labelled_grades`."""
    full = text.full
    stop = len(full) if end is None else end
    found: list[tuple[int, int, str]] = []
    for key, pattern in labels:
        match = re.compile(pattern, re.IGNORECASE).search(full, start, stop)
        if match:
            found.append((match.start(), match.end(), key))
    found.sort()
    if len(found) < 2 or any(find_grade(full, a[1], b[0]) for a, b in pairwise(found)):
        return {}
    # The column heading ("Grade") may stand between the labels and the grades.
    heading = re.compile(r"\s*Grade\b(?!\s+[1-4])", re.IGNORECASE).match(full, found[-1][1])
    position = heading.end() if heading else found[-1][1]
    grades = []
    for _ in found:
        grade = grade_after(full, position)
        if grade is None:
            return {}
        grades.append(grade)
        position = grade.end
    return {
        key: found_at(grade.grade, text, label_start, grade.end, confidence)
        for (label_start, _, key), grade in zip(found, grades, strict=True)
    }


_NONE_RE = re.compile(
    r"(?:The\s+inspection\s+(?:did\s+not|has\s+not)\s+(?:find|identify)|There\s+(?:are|were)\s+no\b|None\b)",
    re.IGNORECASE,
)


def section_items(
    text: DocumentText,
    heading: str,
    end_heading: str,
    start: int = 0,
    numbered_only: bool = False,
    timescales: Iterable[str] = (),
) -> tuple[list[Recommendation], int] | None:
    """Items of the list under the first `heading` line at or after `start`, up to `end_heading`.

    Returns the items and the offset where the section ended, or None when the heading
    is absent. Only the list's top level counts (`main_items`; numbered paragraphs with
    `numbered_only`, see `numbered_paragraphs`), sub-points joining their item's text. Headings matching one of
    `timescales` ("Immediately", "Within three months") set the timescale of the items
    after them.
    """
    # Running headers and footers are blanked: they are neither headings nor part of an item.
    full = blank_spans(text.full, running_lines(text))
    head = re.compile(heading, re.IGNORECASE | re.MULTILINE).search(full, start)
    if not head:
        return None
    # Case matters: a heading starts with a capital, a wrapped sentence line may not.
    tail = re.compile(end_heading, re.MULTILINE).search(full, head.end())
    stop = tail.start() if tail else len(full)
    block = full[head.end() : stop]
    marks = [
        (match.start() + head.end(), match.end() + head.end(), match.group(0))
        for pattern in timescales
        for match in re.finditer(pattern, block, re.IGNORECASE | re.MULTILINE)
    ]
    # Timescale headings are not part of the item above them.
    unmarked = blank_spans(full, [(begin, end) for begin, end, _ in marks])[head.end() : stop] if marks else block
    items = list_items(_join_bare_markers(unmarked), head.end())
    if not items:
        # No markers in the text at all (bullets drawn as shapes): tell items by line layout.
        chosen = layout_items(unmarked, head.end())
    elif numbered_only:
        chosen = numbered_paragraphs(items)
    else:
        chosen = main_items(items)
    starts = {item.start for item in chosen}
    recommendations = []
    for index, item in enumerate(chosen):
        # "65. The inspection did not find any areas for priority action" is numbered but is not an item.
        if _NONE_RE.match(item.text):
            continue
        # An item's sub-points join its text: the other items up to the next one. Numbered
        # paragraphs after the last item of a bulleted list are body text, not sub-points.
        following = chosen[index + 1].start if index + 1 < len(chosen) else stop
        ends_bullets = index + 1 == len(chosen) and not item.marker[:1].isdigit()
        subpoints = [
            sub
            for sub in items
            if item.start < sub.start < following
            and sub.start not in starts
            and not (ends_bullets and sub.marker[:1].isdigit())
        ]
        body = " ".join([item.text, *(f"{_plain_marker(sub.marker)} {sub.text}" for sub in subpoints)])
        timescale = None
        for begin, _, label in sorted(marks):
            if begin < item.start:
                timescale = " ".join(label.lower().strip(" :\n").split())
        recommendations.append(Recommendation(body, text.page_of(item.start), timescale))
    return recommendations, stop


# A marker alone on its line, its text on the next ("21." / "Ensure that …"), as a numbering
# column can come out of a PDF.
# Not "a." or "need.": a short word ending a wrapped sentence may stand alone on its line too.
_BARE_MARKER = re.compile(r"^([ \t]*(?:\d{1,3}[.)]|\(\d{1,3}\)|\(?[a-z]\)))([ \t]*\n[ \t]*)(?=\S)", re.MULTILINE)


def _join_bare_markers(block: str) -> str:
    """`block` with each marker that stands alone on its line joined to the text below it (offsets kept)."""
    return _BARE_MARKER.sub(lambda m: m.group(1) + " " * len(m.group(2)), block)


def _marker_style(marker: str) -> str:
    """A marker's numbering style: "1." and "12." share one, "(a)" and "a)" do not."""
    return re.sub(r"[a-z]+", "a", re.sub(r"\d+", "1", marker))


# A sub-heading inside a list ("1. Children who need help and protection"), not a recommendation:
# a few words that end no sentence.
_SUBHEADING = re.compile(r"^(?:\S+\s+){0,11}\S+$")
_ENDS_SENTENCE = re.compile(r"[.!?:;]['’\")]*$")


# A numbered paragraph that introduces the recommendations under it rather than making one
# ("21. The local authority and its partners should:"); an imperative with sub-points
# ("4. Strengthen the response … by ensuring that:") is one recommendation.
_INTRODUCES = re.compile(
    r"^(?:The|Leaders|Senior\s+leaders|Partners)\b[^.:]{0,120}?\b(?:should|must|needs?\s+to)"
    r"(?:\s+(?:take|address|act\s+on))?(?:\s+the\s+following(?:\s+(?:actions?|areas?|recommendations?))?)?\s*:$|"
    r"^[^.:]{0,120}\bthe\s+following(?:\s+(?:actions?|areas?|recommendations?))?(?:\s+to\s+improve)?\s*[.:]$",
    re.IGNORECASE,
)


def numbered_paragraphs(items: list[ListItem]) -> list[ListItem]:
    """The items of a report's recommendations list, told from the body text around them.

    SIF reports number their recommendations as paragraphs ("21.", "22." …, continuing the
    report's numbering), or in a style of their own ("(1)", "a)"); bullets and letters under a
    numbered item are its sub-points. Only one run of consecutive numbers counts, so a line of
    text that opens with a number ("aged 16 to" / "18. …") is not an item; a numbered item
    that is only a sub-heading ("1. Children who need help and protection") or an introduction
    ("21. The local authority should:") counts the items under it instead.
    """
    numbered: list[ListItem] = []
    for style in ("1.", "1)", "(1)"):
        numbered = [item for item in items if _marker_style(item.marker) == style]
        if numbered:
            break
    if not numbered:
        lettered = [item for item in items if re.fullmatch(r"\(?[a-z]{1,4}[.)]", item.marker)]
        if lettered:
            # "(a)", "(b)" … in order: "(i)", "(ii)" under an item are its sub-points.
            style = _marker_style(lettered[0].marker)
            letters = [lettered[0]]
            for item in lettered[1:]:
                if _marker_style(item.marker) == style and _letter(item) == _letter(letters[-1]) + 1:
                    letters.append(item)
            return letters
        return main_items(items)
    run = [numbered[0]]
    for item in numbered[1:]:
        # One number may be skipped (a typing slip); any other number is text.
        if 0 < _number(item) - _number(run[-1]) <= 2:
            run.append(item)
    chosen: list[ListItem] = []
    for index, item in enumerate(run):
        following = run[index + 1].start if index + 1 < len(run) else None
        under = [
            sub
            for sub in items
            if item.start < sub.start and (following is None or sub.start < following) and sub not in run
        ]
        if under and (
            _INTRODUCES.match(item.text) or (_SUBHEADING.match(item.text) and not _ENDS_SENTENCE.search(item.text))
        ):
            style = _marker_style(under[0].marker)
            chosen.extend(sub for sub in under if _marker_style(sub.marker) == style)
        else:
            chosen.append(item)
    return chosen


def _letter(item: ListItem) -> int:
    letters = re.search(r"[a-z]+", item.marker)
    return ord(letters.group(0)) if letters and len(letters.group(0)) == 1 else -1


def _number(item: ListItem) -> int:
    digits = re.search(r"\d+", item.marker)
    return int(digits.group(0)) if digits else 0


def _plain_marker(marker: str) -> str:
    """A sub-point's marker as its item's text shows it: letters and numbers as they are, any
    bullet glyph (PDF symbol fonts extract to private-use characters) as "•"."""
    return marker if marker[:1].isalnum() or marker[:1] == "(" else "•"


def build(
    kind: DocKind,
    text: DocumentText,
    common: CommonFields,
    judgements: dict[str, Field[Grade]],
    recommendations: Sequence[Recommendation],
    **extra: object,
) -> ParsedDocument:
    """A ParsedDocument with the common fields filled in."""
    return ParsedDocument(
        doc_kind=kind,
        parser_version=PARSER_VERSION,
        page_count=len(text.pages),
        la_name=common.la_name,
        urn=common.urn,
        la_code=common.la_code,
        authority_candidates=common.candidates,
        inspection_start=common.inspection_start,
        inspection_end=common.inspection_end,
        publication_date=common.publication_date,
        lead_inspector=common.lead_inspector,
        judgements=judgements,
        recommendations=tuple(recommendations),
        **extra,  # type: ignore[arg-type]  # the kind's own ParsedDocument fields, by name
    )


_MD_RULES = [
    (re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE), ""),  # heading markers
    (re.compile(r"\*\*|__"), ""),  # bold
    (re.compile(r"<sup>(.*?)</sup>"), r"\1"),
    (re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}.*$", re.MULTILINE), ""),  # table rule rows
    (re.compile(r"^[ \t]*\|[ \t]*|[ \t]*\|[ \t]*$", re.MULTILINE), ""),  # table row edges
    (re.compile(r"[ \t]*\|[ \t]*"), " "),  # table cell borders
    (re.compile(r"^([ \t]*)[-*][ \t]+(?=\d{1,3}\.\s)", re.MULTILINE), r"\1"),  # "- 13. text"
    (re.compile(r"\t+"), " "),
]


def plain_text(text: DocumentText) -> DocumentText:
    """Plain text with Markdown markup removed (text uploads are often Markdown conversions of
    a PDF); other formats pass through unchanged."""
    if text.format is not SourceFormat.TEXT:
        return text
    pages = []
    for page in text.pages:
        for pattern, replacement in _MD_RULES:
            page = pattern.sub(replacement, page)
        pages.append(page)
    return DocumentText(text.format, tuple(pages))


def guarded(
    kind: DocKind, parse: Callable[[DocumentText, ParseContext], ParsedDocument]
) -> Callable[[DocumentText, ParseContext], ParsedDocument]:
    """Wrap a kind parser so an unexpected failure refuses the document with a clear reason."""

    def run(text: DocumentText, context: ParseContext) -> ParsedDocument:
        try:
            return parse(plain_text(text), context)
        except ParseError:
            raise
        except Exception as exc:
            logger.exception("Parser for %s failed", kind)
            raise ParseError(
                ParseErrorCode.UNRECOGNISED,
                f"The document looks like a {kind.value.replace('_', ' ')} report but could not be read "
                f"({type(exc).__name__}).",
            ) from exc

    return run
