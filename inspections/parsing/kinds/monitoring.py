"""Monitoring-visit letters: Ofsted's visits to an authority judged inadequate (2016 onwards).

The letter gives the visit dates, which monitoring visit it was ("This was the fourth
monitoring visit since the local authority was judged inadequate in November 2021"),
the inspectors, the areas covered and headline findings. The inadequate judgement the
visits follow is returned as a `ReportedEvent` (month only, so no dates are set).
"""

from __future__ import annotations

import logging
import re

from ..authority import SENTENCE_NAME, AuthorityResult, authority_from
from ..context import ParseContext
from ..letter_fields import VisitDates, inspectors, letter_date, summary_sentence, visit_dates
from ..letters import (
    Letter,
    find_heading,
    first_heading_after,
    list_lines,
    opening_score,
    paragraphs,
    section_after,
    squash,
)
from ..ordinals import ORDINAL_PATTERN, ordinal_value
from ..sources import source_at
from ..text import DocumentText
from ..types import DocKind, Field, Grade, ParsedDocument, ReportedEvent
from ..version import PARSER_VERSION
from . import register

logger = logging.getLogger(__name__)

KIND = DocKind.MONITORING_VISIT

_SUMMARY = re.compile(
    rf"summarises\s+the\s+findings\s+of\s+(?:a|the)\s+(?:{ORDINAL_PATTERN}\s+)?monitoring\s+visit",
    re.IGNORECASE,
)
_TITLE = re.compile(r"^[ \t]*Monitoring\s+visit\s+(?:to|of)\b", re.IGNORECASE | re.MULTILINE)


def detect(text: DocumentText) -> float:
    """High when the letter's opening names a monitoring visit."""
    return opening_score(text, _SUMMARY, _TITLE)


_AUTHORITY_PATTERNS = [
    re.compile(
        r"^[ \t]*Monitoring\s+visit\s+(?:to|of)\s+(?:the\s+)?(?P<name>[A-Z][^\n]{1,90}?)\s+"
        r"(?:local\s+authority\s+)?children's\s+services",
        re.IGNORECASE | re.MULTILINE,
    ),
    re.compile(
        rf"monitoring\s+visit\s+(?:to|of)\s+(?:the\s+)?(?P<name>{SENTENCE_NAME})\s+(?:children's\s+services|council)"
        r"\s+(?:on|between)\b",
        re.IGNORECASE,
    ),
]
_NUMBER = re.compile(rf"\b(?P<ordinal>{ORDINAL_PATTERN})\s+monitoring\s+visit", re.IGNORECASE)
_JUDGED = re.compile(
    r"judged\s+(?:to\s+be\s+)?inadequate(?:\s+(?:for|in)\s+(?:its\s+)?overall\s+effectiveness)?"
    r"(?:\s+(?:in|on)\s+(?P<when>(?:\d{1,2}\s+)?[A-Z][a-z]+\s+(?:19|20)\d\d))?",
    re.IGNORECASE,
)
_AREAS_HEADING = r"areas?\s+covered(?:\s+by\s+the\s+visit)?"
_FINDINGS_HEADING = r"headline\s+findings|overview|summary\s+of\s+findings|key\s+findings"
# "Inspectors reviewed the progress made in relation to child exploitation, in particular:"
_AREA_STATEMENT = re.compile(
    r"(?:progress\s+(?:made\s+)?(?:by\s+the\s+local\s+authority\s+)?(?:in\s+relation\s+to|in\s+the\s+areas?\s+of|"
    r"in|on|for)|focused\s+on|looked\s+at|considered)\s+(?P<area>[^.:]{3,300}?)"
    r"(?:,?\s+(?:in\s+particular|including|specifically|with\s+a\s+(?:specific|particular)\s+focus\s+on)\b[^.]*)?[.:]",
    re.IGNORECASE,
)


def _visit_number(letter: Letter, start: int, end: int) -> Field[int]:
    match = _NUMBER.search(letter.text, start, end)
    if not match:
        return Field.missing()
    number = ordinal_value(match.group("ordinal"))
    return letter.found(number, match.start(), match.end(), 0.95) if number else Field.missing()


def _areas(letter: Letter) -> Field[tuple[str, ...]]:
    heading = find_heading(letter, _AREAS_HEADING)
    if heading is None:
        return Field.missing()
    begin, end = section_after(letter, heading)
    items = list_lines(letter, begin, end)
    if items:
        areas = tuple(text.rstrip(".;, ") for text, _, _ in items)
        return letter.found(areas, heading.start(), items[-1][2], 0.9)
    statement = _AREA_STATEMENT.search(letter.text, begin, end)
    if statement:
        area = squash(statement.group("area")).strip(" ,")
        area = re.sub(r"^(?:the\s+following\s+areas?\s*)$", "", area, flags=re.IGNORECASE)
        if area:
            return letter.found((area,), statement.start(), statement.end(), 0.7)
    return Field.missing()


def _findings(letter: Letter) -> tuple[str, ...]:
    heading = find_heading(letter, _FINDINGS_HEADING)
    if heading is None:
        return ()
    begin, end = section_after(letter, heading)
    return tuple(text for text, _ in paragraphs(letter, begin, end) if len(text) > 40)


def _judgement_followed(letter: Letter, start: int, end: int, authority: AuthorityResult) -> tuple[ReportedEvent, ...]:
    match = _JUDGED.search(letter.text, start, end)
    if not match or not authority.la_name.is_found:
        return ()
    source = source_at(letter.doc, match.start(), match.end())
    return (
        ReportedEvent(
            urn=authority.urn.value,
            la_name=authority.la_name.value or "",
            la_code=authority.la_code.value,
            judgements={"overall": Grade.INADEQUATE},
            source=source,
        ),
    )


def parse(text: DocumentText, context: ParseContext) -> ParsedDocument:
    """Read a monitoring-visit letter."""
    letter = Letter.of(text)
    summary = summary_sentence(letter)
    if summary:
        start, end = summary
        dates = visit_dates(letter, start, end)
    else:
        title = _TITLE.search(letter.text)
        start = end = title.end() if title else 0
        dates = VisitDates(Field.missing(), Field.missing())
    intro_end = first_heading_after(letter, end)
    authority = authority_from(letter, context, _AUTHORITY_PATTERNS)
    return ParsedDocument(
        doc_kind=KIND,
        parser_version=PARSER_VERSION,
        page_count=len(text.pages),
        la_name=authority.la_name,
        urn=authority.urn,
        la_code=authority.la_code,
        authority_candidates=authority.candidates,
        visit_number=_visit_number(letter, start, intro_end),
        visit_start=dates.start,
        visit_end=dates.end,
        letter_date=letter_date(letter),
        inspectors=inspectors(letter, start, intro_end),
        areas=_areas(letter),
        findings=_findings(letter),
        reported_events=_judgement_followed(letter, start, intro_end, authority),
    )


register(KIND, detect, parse)
