"""2009–13 inspection reports on the four-point scale with "adequate":

- `safeguarding_lac_inspection`: the combined inspection of safeguarding and looked
  after children services (2009–13);
- `looked_after_inspection`: the 2012–13 inspection of looked after children services.

Grades are read from the closing "Record of main findings" table (one block per service),
falling back to the graded headings in the body ("Grade 3 (adequate)"). Recommendations
are the bullets under "Areas for improvement", grouped by timescale ("Immediately",
"Within three months", "Within six months").
"""

from __future__ import annotations

import re

from ..context import ParseContext
from ..grades import LEGACY_SCALE
from ..text import DocumentText
from ..types import DocKind, Field, Grade, JudgementKey, ParsedDocument, Recommendation
from . import register
from ._report import GRADED_HEADING, build, guarded, head_text, read_common, read_labelled_grades, section_items, words

LAC_KIND = DocKind.LOOKED_AFTER_INSPECTION
SLAC_KIND = DocKind.SAFEGUARDING_LAC_INSPECTION

_SLAC_TITLE = re.compile(
    r"Inspection\s+of\s+safeguarding\s+and\s+looked\s+after\s+children(?:['’]s)?\s+services", re.IGNORECASE
)
_LAC_TITLE = re.compile(
    r"Inspection\s+of\s+(?:services\s+for\s+)?looked\s+after\s+children(?:['’]s)?(?:\s+services)?",
    re.IGNORECASE,
)

OVERALL = (
    r"Overall\s+effectiveness(?:\s+of\s+(?:the\s+)?(?:services\s+for\s+)?"
    r"(?:looked\s+after\s+children|safeguarding)(?:\s+(?:and\s+young\s+people|services))?)?"
)
CAPACITY = r"Capacity\s+(?:to|for)\s+improve(?:ment)?"
LEADERSHIP = words("Leadership and management")
_BLOCK_LABELS = [("overall", OVERALL), ("capacity", CAPACITY), ("leadership", LEADERSHIP)]

_RECORD_RE = re.compile(r"^[ \t]*Record\s+of\s+main\s+findings[ \t]*:?[ \t]*$", re.IGNORECASE | re.MULTILINE)
_SAFEGUARDING_BLOCK = re.compile(r"^[ \t]*Safeguarding\s+services[ \t]*$", re.IGNORECASE | re.MULTILINE)
_LAC_BLOCK = re.compile(
    r"^[ \t]*(?:Services\s+for\s+looked\s+after\s+children|"
    r"Looked\s+after\s+children(?:['’]s)?\s+services)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)

_AREAS_HEADING = r"^[ \t]*Areas\s+for\s+(?:improvement|development)[ \t]*:?[ \t]*$"
# A section ends at the next graded heading (a heading line or two, then "Grade N").
# A bullet line is never the heading, even when a heading follows it directly.
_AREAS_END = (
    r"^(?![ \t]*[\ue000-\uf8ff•◼▪\-–*])(?=[^\n]+\n\s*(?:[^\n]+\n\s*)?Grade\s+[1-4]\b)"
    r"|^[ \t]*Record\s+of\s+main\s+findings"
)
_TIMESCALES = (r"^[ \t]*Immediately[ \t]*:?", r"^[ \t]*Within\s+(?:\w+\s+){1,2}months?[ \t]*:?")


def detect_lac(text: DocumentText) -> float:
    top = head_text(text, 1, 800)
    if _SLAC_TITLE.search(top):
        return 0.0
    return 0.9 if _LAC_TITLE.search(top) else 0.0


def detect_slac(text: DocumentText) -> float:
    return 0.95 if _SLAC_TITLE.search(head_text(text, 1, 800)) else 0.0


def _record_blocks(text: DocumentText) -> dict[str, tuple[int, int]]:
    """(start, end) of the 'safeguarding' and 'looked_after' blocks of the record of main findings."""
    full = text.full
    records = list(_RECORD_RE.finditer(full))
    if not records:
        return {}
    start = records[-1].end()  # the last one: the first may be the contents page's entry
    marks = []
    for name, pattern in (("safeguarding", _SAFEGUARDING_BLOCK), ("looked_after", _LAC_BLOCK)):
        found = pattern.search(full, start)
        if found:
            marks.append((found.start(), name))
    marks.sort()
    blocks = {}
    for index, (offset, name) in enumerate(marks):
        end = marks[index + 1][0] if index + 1 < len(marks) else len(full)
        blocks[name] = (offset, end)
    if not blocks:
        blocks["looked_after"] = (start, len(full))
    return blocks


def _block_grades(text: DocumentText, span: tuple[int, int] | None, nth: int) -> dict[str, Field[Grade]]:
    """Grades of one service: from the record block, else the nth graded headings of the body."""
    grades: dict[str, Field[Grade]] = {}
    if span:
        grades = read_labelled_grades(text, _BLOCK_LABELS, start=span[0], end=span[1], scale=LEGACY_SCALE)
    for key, pattern in _BLOCK_LABELS:
        if key in grades:
            continue
        found = _nth_graded_heading(text, pattern, nth)
        if found is not None:
            grades[key] = found
    return grades


def _nth_graded_heading(text: DocumentText, pattern: str, nth: int) -> Field[Grade] | None:
    full = text.full
    start = 0
    result = None
    for _ in range(nth + 1):
        found = read_labelled_grades(text, [("x", pattern)], start=start, scale=LEGACY_SCALE, confidence=GRADED_HEADING)
        if "x" not in found or not found["x"].source:
            return None
        result = found["x"]
        match = re.compile(pattern, re.IGNORECASE).search(full, start)
        start = match.end() if match else len(full)
    return result


def _recommendations(text: DocumentText) -> list[Recommendation]:
    """Bullets of every 'Areas for improvement' section (SLAC reports have one per service)."""
    found: list[Recommendation] = []
    start = 0
    while True:
        section = section_items(text, _AREAS_HEADING, _AREAS_END, start=start, timescales=_TIMESCALES)
        if section is None:
            return found
        items, stop = section
        found.extend(items)
        start = max(stop, start + 1)


def _parse_lac(text: DocumentText, context: ParseContext) -> ParsedDocument:
    common = read_common(text, context)
    blocks = _record_blocks(text)
    grades = _block_grades(text, blocks.get("looked_after"), 0)
    judgements = {
        str(JudgementKey.OVERALL): grades.get("overall", Field.missing()),
        # The labeller's key: leadership = "leadership and management".
        str(JudgementKey.LEADERSHIP): grades.get("leadership", Field.missing()),
    }
    other = {str(JudgementKey.CAPACITY_TO_IMPROVE): grades["capacity"]} if "capacity" in grades else {}
    return build(LAC_KIND, text, common, judgements, _recommendations(text), other_judgements=other)


def _parse_slac(text: DocumentText, context: ParseContext) -> ParsedDocument:
    common = read_common(text, context)
    blocks = _record_blocks(text)
    safeguarding = _block_grades(text, blocks.get("safeguarding"), 0)
    looked_after = _block_grades(text, blocks.get("looked_after"), 1)
    judgements = {
        str(JudgementKey.OVERALL): safeguarding.get("overall", Field.missing()),
        str(JudgementKey.LOOKED_AFTER): looked_after.get("overall", Field.missing()),
        str(JudgementKey.LEADERSHIP): safeguarding.get("leadership", Field.missing()),
    }
    other: dict[str, Field[Grade]] = {}
    if "capacity" in safeguarding:
        other[str(JudgementKey.CAPACITY_TO_IMPROVE)] = safeguarding["capacity"]
    if "capacity" in looked_after:
        other["looked_after_capacity_to_improve"] = looked_after["capacity"]
    if "leadership" in looked_after:
        other["looked_after_leadership"] = looked_after["leadership"]
    return build(SLAC_KIND, text, common, judgements, _recommendations(text), other_judgements=other)


register(LAC_KIND, detect_lac, guarded(LAC_KIND, _parse_lac))
register(SLAC_KIND, detect_slac, guarded(SLAC_KIND, _parse_slac))
