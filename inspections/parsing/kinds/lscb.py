"""Standalone reviews of a Local Safeguarding Children Board (2013–18).

Most LSCB reviews were published inside a SIF report (see sif.py); some were published
on their own, with the title "Review of the effectiveness of the Local Safeguarding
Children Board" and no inspection of the authority's services. The one grade is the
LSCB's; its recommendations are the report's main list.
"""

from __future__ import annotations

import re

from ..context import ParseContext
from ..text import DocumentText
from ..types import DocKind, Field, JudgementKey, ParsedDocument
from . import register
from ._report import build, guarded, head_text, read_common, read_labelled_grades, section_items
from .sif import LSCB_LABEL
from .sif import TITLE_RE as SIF_TITLE

KIND = DocKind.LSCB_REVIEW

_TITLE_RE = re.compile(
    r"Review\s+of\s+the\s+effectiveness\s+of\s+the\s+(?:local\s+safeguarding\s+children(?:['’]s)?\s+board|LSCB)",
    re.IGNORECASE,
)
_RECS_HEADING = (
    r"^[ \t]*(?:Recommendations|Areas\s+for\s+improvement|What\s+does\s+the\s+(?:LSCB|Local\s+Safeguarding"
    r"\s+Children\s+Board|board)\s+need\s+to\s+improve\??)[ \t]*$"
)
_RECS_END = (
    r"^[ \t]*(?:Inspection\s+findings|Information\s+about|What\s+the\s+inspection\s+judgements?\s+mean|"
    r"Summary|Key\s+(?:strengths|findings)|Executive\s+summary|The\s+LSCB['’]s\s+strengths)"
)


def detect(text: DocumentText) -> float:
    """High when page 1 is titled as an LSCB review and not as a SIF inspection."""
    top = head_text(text, 1, 800)
    if not _TITLE_RE.search(top):
        return 0.0
    return 0.2 if SIF_TITLE.search(top) else 0.9


def _parse(text: DocumentText, context: ParseContext) -> ParsedDocument:
    common = read_common(text, context)
    grades = read_labelled_grades(text, [(JudgementKey.LSCB, LSCB_LABEL)])
    judgements = {str(JudgementKey.LSCB): grades.get(JudgementKey.LSCB, Field.missing())}
    # Contents entries end in a page number, so the heading patterns (anchored at $) skip them.
    start = 0
    found = section_items(text, _RECS_HEADING, _RECS_END, start=start, numbered_only=True)
    if found is None or not found[0]:
        found = section_items(text, _RECS_HEADING, _RECS_END, start=start)
    recommendations = found[0] if found else []
    return build(KIND, text, common, judgements, recommendations)


parse = guarded(KIND, _parse)
register(KIND, detect, parse)
