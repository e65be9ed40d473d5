"""ILACS inspection reports: 2018–March 2026 (`ilacs_inspection`) and from April 2026
(`ilacs_2026_inspection`, which makes no overall effectiveness judgement).

Page 1 carries a "Judgement / Grade" table; each judgement heading in the body repeats
its grade, which is the fallback. Reports do not say whether an inspection was short or
standard: it follows from the time on site (one week short, two weeks standard).
"""

from __future__ import annotations

import datetime as dt
import re

from ..context import ParseContext
from ..text import DocumentText
from ..types import DocKind, Field, JudgementKey, ParsedDocument
from . import register
from ._report import (
    GRADED_HEADING,
    build,
    guarded,
    head_text,
    read_common,
    read_grade_column,
    read_labelled_grades,
    section_items,
    words,
)

KIND = DocKind.ILACS_INSPECTION
KIND_2026 = DocKind.ILACS_2026_INSPECTION

# The reformed framework took effect for inspections from 1 April 2026.
REFORM_DATE = dt.date(2026, 4, 1)
# A short inspection is one working week on site, a standard one two.
SHORT_MAX_DAYS = 8

# The place's words are capitalised but for the small words inside names ("Blackburn with Darwen",
# "the Isles of Scilly", "Stockton-on-Tees", "Brighton & Hove"), which open a line where the title
# wraps before them.
_TITLE_RE = re.compile(
    r"Inspection\s+of\s+(?:(?:[A-Z&]|(?:the|and|of|on|upon|with|in|under)\b)[\w&,'’.\- ]*\s+)*?"
    r"(?:local\s+authority\s+)?children['’]s\s+(?:social\s+care\s+)?services",
)
_LEADERS_RE = re.compile(r"The\s+impact\s+of\s+leaders\s+on", re.IGNORECASE)
# A letter (focused or monitoring visit, JTAI) opens with a salutation and its own title line;
# a report's summary may mention "the last monitoring visit" in passing, so prose does not count.
_LETTER_RE = re.compile(
    r"^[ \t#*]*(?:Dear\s|Focused\s+visit\b|Monitoring\s+visit\b|Joint\s+targeted\s+area\b)", re.MULTILINE
)

_PROGRESS = words("The experiences and progress of")
LABELS: list[tuple[str, str]] = [
    (
        JudgementKey.LEADERSHIP,
        words("The impact of leaders on") + r"(?:\s+social\s+work)?\s+" + words("practice with children and families"),
    ),
    (JudgementKey.HELP_AND_PROTECTION, _PROGRESS + r"\s+" + words("children who need help and protection")),
    (
        JudgementKey.IN_CARE,
        _PROGRESS + r"\s+" + words("children in care") + r"(?:\s+" + words("and care leavers") + r")?",
    ),
    # Judged apart from children in care from 2023; before, "children in care and care
    # leavers" was one judgement, which this label does not match.
    (JudgementKey.CARE_LEAVERS, _PROGRESS + r"\s+" + words("care leavers")),
    (JudgementKey.OVERALL, words("Overall effectiveness")),
]

_IMPROVE_HEADING = r"^[ \t]*What\s+needs\s+to\s+improve\b[^\n]*$"
# Used only when a report has no "What needs to improve" heading.
_OTHER_IMPROVE_HEADING = r"^[ \t]*(?:Recommendations|Areas\s+for\s+improvement)[ \t?:\d]*$"
_IMPROVE_END = (
    r"^[ \t]*(?:The\s+experiences\s+and\s+progress|The\s+impact\s+of\s+leaders|Overall\s+effectiveness|"
    r"Information\s+about|Ofsted\s+will|The\s+local\s+authority\s+(?:is|has)\b)"
)


def detect(text: DocumentText) -> float:
    """High when page 1 opens with an ILACS title and carries the judgement table."""
    top = head_text(text, 1, 600)
    first = head_text(text, 2)
    if _LETTER_RE.search(top):
        return 0.0
    titled = bool(_TITLE_RE.search(top))
    table = bool(_LEADERS_RE.search(first))
    if titled and table:
        return 0.95
    if table and re.search(r"Judgement\s+Grade", first):
        return 0.7
    return 0.0


def _parse(text: DocumentText, context: ParseContext) -> ParsedDocument:
    common = read_common(text, context)
    # The table sits on page 1; graded headings in the body are the fallback.
    table_end = len(head_text(text, 1))
    judgements = read_grade_column(text, LABELS, end=table_end) or read_labelled_grades(text, LABELS, end=table_end)
    missing = [(key, pattern) for key, pattern in LABELS if key not in judgements]
    if missing:
        judgements |= read_labelled_grades(text, missing, start=table_end, confidence=GRADED_HEADING)

    start = common.inspection_start.value if common.inspection_start.is_found else None
    kind = KIND
    if JudgementKey.OVERALL not in judgements and start is not None and start >= REFORM_DATE:
        kind = KIND_2026
    # Every ILACS report grades these; one not read is missing, never guessed.
    expected = [JudgementKey.LEADERSHIP, JudgementKey.HELP_AND_PROTECTION, JudgementKey.IN_CARE]
    if kind is KIND:
        expected.append(JudgementKey.OVERALL)
    for key in expected:
        judgements.setdefault(key, Field.missing())
    ilacs_type: Field[str] = Field.missing()
    if common.days_on_site is not None and common.inspection_start.source:
        ilacs_type = Field.found(
            "short" if common.days_on_site <= SHORT_MAX_DAYS else "standard",
            common.inspection_start.source,
            0.9,
        )

    found = section_items(text, _IMPROVE_HEADING, _IMPROVE_END) or section_items(
        text, _OTHER_IMPROVE_HEADING, _IMPROVE_END
    )
    recommendations = found[0] if found else []
    return build(
        kind,
        text,
        common,
        {str(k): v for k, v in judgements.items()},
        recommendations,
        ilacs_type=ilacs_type,
    )


parse = guarded(KIND, _parse)
register(KIND, detect, parse)
register(KIND_2026, lambda text: 0.0, parse)
