"""Joint targeted area inspection (JTAI) letters (2016 onwards).

Ofsted, CQC, HMICFRS and HMI Probation inspect together "the multi-agency response to
<theme> in <area>" and write one letter to the area's partners. The letter states the
theme in its title and opening sentence and the inspection dates near the top ("This
inspection took place from 9 to 13 January 2023", or "Between 12 and 16 November 2018,
Ofsted, … undertook a joint inspection …").
"""

from __future__ import annotations

import logging
import re

from ..authority import authority_from
from ..context import ParseContext
from ..letter_fields import (
    INSPECTOR_SENTENCES_REACH,
    VisitDates,
    inspectors,
    letter_date,
    priority_actions,
    summary_sentence,
    visit_dates,
)
from ..letters import Letter, first_heading_after, plain_opening, sentence_end, sentence_start, squash
from ..text import DocumentText
from ..types import DocKind, Field, ParsedDocument
from ..version import PARSER_VERSION
from . import register

logger = logging.getLogger(__name__)

KIND = DocKind.JTAI

_JTAI = re.compile(r"joint\s+targeted\s+area\s+inspection|\bJTAI\b", re.IGNORECASE)
_SUMMARY = re.compile(
    r"summarises\s+the\s+findings\s+of\s+(?:a|the)\s+joint\s+targeted\s+area\s+inspection", re.IGNORECASE
)
_TITLE = re.compile(r"^[ \t]*Joint\s+targeted\s+area\s+inspection\s+of\b", re.IGNORECASE | re.MULTILINE)


def detect(text: DocumentText) -> float:
    """High when the opening names a joint targeted area inspection."""
    head = plain_opening(text)
    if _SUMMARY.search(head) or _TITLE.search(head):
        return 0.95
    if len(_JTAI.findall(head)) >= 2 and re.search(r"\bDear\b", head):
        return 0.7
    return 0.0


# "… of the multi-agency response to abuse and neglect in Wokingham"
_FOCUS = re.compile(
    r"(?:joint\s+targeted\s+area\s+inspection|joint\s+inspection)\s+(?:\(JTAI\)\s+)?of\s+"
    r"(?P<focus>the\s+multi-agency\s+(?:response|arrangements)\s+[^\n.]{3,200}?)\s+in\s+"
    # A name may hold commas ("Bournemouth, Christchurch and Poole"): each part after one opens with a capital.
    r"(?P<name>(?:the\s+)?[A-Z][A-Za-z&' \-]{1,60}?(?:,\s+(?-i:[A-Z])[A-Za-z&' \-]{1,60}?)*)"
    r"(?=\s*(?:[.,(]|\n|$|This\b|between\b|from\b|on\b))",
    re.IGNORECASE | re.MULTILINE,
)
_AUTHORITY_PATTERNS = [
    re.compile(_FOCUS.pattern.replace("(?P<focus>", "(?:"), re.IGNORECASE | re.MULTILINE),
    re.compile(r"^[ \t]*(?:Local\s+authority|Area):?[ \t]+(?P<name>[A-Z][^\n]{1,60})$", re.MULTILINE),
]
_DATES_CUE = re.compile(
    r"\b(?:inspection\s+took\s+place|took\s+place|Between|From|During\s+the\s+week|inspection\s+(?:was\s+)?"
    r"(?:carried\s+out|undertaken|held)|undertook\s+a\s+joint\s+inspection)\b",
    re.IGNORECASE,
)


def _focus_text(letter: Letter) -> Field[str]:
    match = _FOCUS.search(letter.text)
    if not match:
        return Field.missing()
    focus = squash(match.group("focus"))
    return letter.found(focus, match.start("focus"), match.end("focus"), 0.85)


def parse(text: DocumentText, context: ParseContext) -> ParsedDocument:
    """Read a JTAI letter."""
    letter = Letter.of(text)
    summary = summary_sentence(letter)
    title = _TITLE.search(letter.text)
    start = summary[0] if summary else (title.start() if title else 0)
    intro_end = first_heading_after(letter, start + 1)
    dates = VisitDates(Field.missing(), Field.missing())
    # The dates sentence is not always the summary: look for the first sentence that says
    # when the inspection took place.
    for cue in _DATES_CUE.finditer(letter.text, start, min(len(letter.text), start + 4000)):
        sentence = max(start, sentence_start(letter.text, cue.start()))
        candidate = visit_dates(letter, sentence, sentence_end(letter.text, cue.end()), follow=0)
        if candidate.start.is_found:
            dates = candidate
            break
    if not dates.start.is_found and summary:
        dates = visit_dates(letter, summary[0], summary[1])
    authority = authority_from(letter, context, _AUTHORITY_PATTERNS)
    return ParsedDocument(
        doc_kind=KIND,
        parser_version=PARSER_VERSION,
        page_count=len(text.pages),
        la_name=authority.la_name,
        urn=authority.urn,
        la_code=authority.la_code,
        authority_candidates=authority.candidates,
        visit_start=dates.start,
        visit_end=dates.end,
        letter_date=letter_date(letter),
        inspectors=inspectors(letter, start, max(intro_end, start + INSPECTOR_SENTENCES_REACH)),
        focus_text=_focus_text(letter),
        priority_actions=priority_actions(letter),
    )


register(KIND, detect, parse)
