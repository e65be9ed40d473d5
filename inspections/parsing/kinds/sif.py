"""Single inspection framework (SIF, 2013–18) reports, including re-inspections.

Page 1 states the overall judgement in a sentence ("Children's services in X require
improvement to be good" / "The overall judgement is ...") above a numbered table of the
five graded areas. Most SIF reports also include the review of the Local Safeguarding
Children Board (LSCB), whose grade and recommendations are kept apart from the
authority's.
"""

from __future__ import annotations

import re

from ..context import ParseContext
from ..grades import find_grade
from ..people import find_team
from ..sources import found_at
from ..text import DocumentText
from ..types import DocKind, Field, Grade, JudgementKey, ParsedDocument, Recommendation
from . import register
from ._report import (
    build,
    guarded,
    head_text,
    read_common,
    read_grade_column,
    read_labelled_grades,
    section_items,
    words,
)

KIND = DocKind.SIF_INSPECTION

TITLE_RE = re.compile(
    r"(?:Re-?\s?)?inspection\s+of\s+services\s+for\s+children\s+in\s+need\s+of\s+help\s+and\s+protection",
    re.IGNORECASE,
)
_LSCB_REVIEW_RE = re.compile(
    r"Review\s+of\s+the\s+effectiveness\s+of\s+the\s+(?:local\s+safeguarding\s+children(?:['’]s)?\s+board|LSCB)",
    re.IGNORECASE,
)

LABELS: list[tuple[str, str]] = [
    (JudgementKey.HELP_AND_PROTECTION, words("Children who need help and protection")),
    (JudgementKey.LOOKED_AFTER, words("Children looked after and achieving permanence")),
    (JudgementKey.ADOPTION, words("Adoption performance")),
    (JudgementKey.CARE_LEAVERS, words("Experiences and progress of care leavers")),
    (JudgementKey.LEADERSHIP, words("Leadership, management and governance")),
]

# "The overall judgement is (that children's services are|require) ..." or
# "Children's services in <authority> are|require ...".
_OVERALL_RE = re.compile(
    r"The\s+overall\s+judgement\s+is(?:\s+that\s+children['’]s\s+services(?:\s+(?:is|are))?)?\s+|"
    # The authority's name may wrap onto a second line; its only full stop is "St." ("St. Helens").
    r"Children['’]s\s+services\s+in\s+(?:(?<=\bSt)\.|[^.\n]){1,80}?(?:\n(?:(?<=\bSt)\.|[^.\n]){1,80}?)?\s+"
    r"(?:(?:is|are)\s+|(?=requires?\s))",
    re.IGNORECASE,
)
LSCB_LABEL = (
    r"(?:The\s+effectiveness\s+of\s+the\s+|The\s+)(?:Local\s+Safeguarding\s+Children(?:['’]s)?(?:\s+Board)?|LSCB)"
    r"(?:\s*\(LSCB\))?(?:\s+is|\s+are)?"
)

_RECS_HEADING = (
    r"^[ \t]*(?:Recommendations|What\s+does\s+the\s+local\s+authority\s+need\s+to\s+improve\??|"
    r"Areas\s+for\s+improvement)[ \t]*$"
)
_RECS_END = (
    r"^[ \t]*(?:Summary\s+(?:for|of)\s+|Information\s+about|Inspection\s+judgements?\s+about|"
    r"The\s+experiences\s+and\s+progress|Section\s+\d|The\s+Local\s+Safeguarding\s+Children\s+Board|"
    r"Summary\s+of\s+key\s+findings|What\s+the\s+inspection\s+judgements?\s+mean|Executive\s+summary|"
    r"Inspection\s+findings|The\s+local\s+authority\s*$|The\s+local\s+authority(?:['’]s|\s+has\s+the\s+following)\s+strengths|"
    r"(?:Key\s+)?[Ss]trengths\b|Progress\s+since\s+the\s+last|What\s+does\s+the\s+(?:LSCB|Local\s+Safeguarding))"
)
_LSCB_SECTION = r"^[ \t]*(?:The\s+Local\s+Safeguarding\s+Children\s+Board|Section\s+2\b)[^\n]*$"


def detect(text: DocumentText) -> float:
    """High when page 1 carries the SIF title (inspection or re-inspection)."""
    return 0.95 if TITLE_RE.search(head_text(text, 1, 800)) else 0.0


def has_lscb_review(text: DocumentText) -> bool:
    """Whether the report includes a review of the LSCB (re-inspections usually do not)."""
    return bool(_LSCB_REVIEW_RE.search(head_text(text, 1, 800)))


def _overall(text: DocumentText, end: int) -> Field[Grade] | None:
    full = text.full
    for match in _OVERALL_RE.finditer(full, 0, end):
        grade = find_grade(full, match.end(), min(len(full), match.end() + 40))
        # The grade must follow the phrase directly (bar spacing), not appear later in prose.
        if grade and not full[match.end() : grade.start].strip(" \n.:"):
            return found_at(grade.grade, text, match.start(), grade.end, 0.95)
    return None


def _recommendations(text: DocumentText) -> tuple[list[Recommendation], list[Recommendation]]:
    """The authority's list and the LSCB's, told apart by position in the report."""
    full = text.full
    lscb_section = re.compile(_LSCB_SECTION, re.IGNORECASE | re.MULTILINE)
    # Contents entries end in a page number, so the heading patterns (anchored at $) skip them.
    start = 0
    found = section_items(text, _RECS_HEADING, _RECS_END, start=start, numbered_only=True)
    # A contents entry whose page number came out on the next line reads as an empty section:
    # the section itself comes later.
    while found and not found[0]:
        later = section_items(text, _RECS_HEADING, _RECS_END, start=found[1], numbered_only=True)
        if later is None:
            break
        found = later
    own: list[Recommendation] = []
    lscb: list[Recommendation] = []
    if found:
        own, stop = found
        for section in lscb_section.finditer(full, stop):
            later = section_items(text, _RECS_HEADING, _RECS_END, start=section.end(), numbered_only=True)
            if later:
                lscb = later[0]
                break
    return own, lscb


def _parse(text: DocumentText, context: ParseContext) -> ParsedDocument:
    common = read_common(text, context)
    page_one_end = len(head_text(text, 1))
    judgements: dict[str, Field[Grade]] = {}
    overall = _overall(text, page_one_end + len(text.pages[1]) if len(text.pages) > 1 else page_one_end)
    if overall:
        judgements[JudgementKey.OVERALL] = overall
    table_end = len(head_text(text, 2))
    judgements |= read_grade_column(text, LABELS, end=table_end) or read_labelled_grades(text, LABELS, end=table_end)
    if has_lscb_review(text):
        lscb = read_labelled_grades(text, [(JudgementKey.LSCB, LSCB_LABEL)])
        judgements[JudgementKey.LSCB] = lscb.get(JudgementKey.LSCB, Field.missing())
    for key, _ in LABELS:
        judgements.setdefault(key, Field.missing())
    judgements.setdefault(JudgementKey.OVERALL, Field.missing())
    own, lscb_recommendations = _recommendations(text)
    return build(
        KIND,
        text,
        common,
        {str(k): v for k, v in judgements.items()},
        own,
        lscb_recommendations=tuple(lscb_recommendations),
        inspectors=find_team(text, common.lead_inspector),
    )


parse = guarded(KIND, _parse)
register(KIND, detect, parse)
