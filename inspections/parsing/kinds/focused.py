"""Focused-visit letters (ILACS, 2018 onwards, including the 2020–21 pandemic-period visits).

A focused visit looks at one area of practice. The letter says which in a sentence such
as "Inspectors looked at the local authority's arrangements for care leavers." The theme
is derived from that statement by keyword rules; the 2020–21 visits that looked across
services under COVID-19 have no such sentence and are `covid_arrangements`.
"""

from __future__ import annotations

import logging
import re

from ..authority import SENTENCE_NAME, authority_from
from ..context import ParseContext
from ..letter_fields import (
    VisitDates,
    body_visit_dates,
    improvement_count,
    inspectors,
    letter_date,
    priority_actions,
    summary_sentence,
    visit_dates,
)
from ..letters import BULLET, Letter, first_heading_after, opening_score, sentence_end, sentence_start, squash
from ..text import DocumentText
from ..types import DocKind, Field, ParsedDocument
from ..version import PARSER_VERSION
from . import register

logger = logging.getLogger(__name__)

KIND = DocKind.FOCUSED_VISIT

_TITLE = re.compile(r"^[ \t]*Focused\s+visit\s+(?:to|of)\b", re.IGNORECASE | re.MULTILINE)
_SUMMARY = re.compile(r"summarises\s+the\s+findings\s+of\s+(?:a|the)\s+focused\s+visit", re.IGNORECASE)


def detect(text: DocumentText) -> float:
    """High when the letter's opening names a focused visit."""
    return opening_score(text, _SUMMARY, _TITLE)


# "Focused visit to X children's services" (the name may wrap onto the next line).
_AUTHORITY_PATTERNS = [
    re.compile(
        r"^[ \t]*Focused\s+visit\s+(?:to|of)\s+(?:the\s+)?(?P<name>[A-Z][^\n]{1,90}?)\s+"
        r"children's\s+services",
        re.IGNORECASE | re.MULTILINE,
    ),
    re.compile(
        rf"focused\s+visit\s+to\s+(?:the\s+)?(?P<name>{SENTENCE_NAME})\s+(?:children's\s+services|council)"
        r"\s+(?:on|between)\b",
        re.IGNORECASE,
    ),
    re.compile(r"on\s+behalf\s+of\s+(?P<name>[A-Z][A-Za-z' \-]{1,60}?)\s+(?:Council|[.,])"),
]

# ---------------------------------------------------------------------------
# Focus theme
# ---------------------------------------------------------------------------

# The statement of what inspectors looked at. "Inspectors looked at a range of evidence" is
# method, not focus, and is excluded.
_FOCUS_START = re.compile(
    r"(?:\bInspectors\s+(?:looked\s+at|reviewed|considered|evaluated|examined|focused\s+on|scrutinised)"
    r"(?!\s+(?:a\s+range|a\s+wide\s+range|a\s+sample|a\s+number|a\s+selection|evidence|"
    r"local\s+authority\s+performance|performance|(?:management\s+)?information|data|documents|audits|\d+|"
    r"children's\s+(?:case\s+)?(?:records|files)|case\s+(?:records|files)|cases|the\s+evidence)\b)"
    r"|\bThe\s+focus\s+of\s+(?:this|the)\s+visit\s+was\b"
    r"|\b(?:This|The)\s+(?:focused\s+)?visit\s+(?:focused\s+on|looked\s+at|considered|evaluated|examined|reviewed)\b"
    # The summary sentence may say it: "… focused visit to X on 1 and 2 May 2019, which looked at …".
    r"|\bwhich\s+(?:focused\s+on|looked\s+at|considered|evaluated|examined|reviewed)\b)",
    re.IGNORECASE,
)
# Sentences that narrow the statement ("Specifically, …", "This included: …").
_FOCUS_FOLLOW = re.compile(
    r"\s*(?:Specifically|In\s+particular|This\s+included|This\s+visit\s+focused|They\s+also\s+considered|"
    r"Inspectors\s+(?:also\s+)?(?:looked\s+specifically|considered\s+the\s+(?:response|experience|application))|"
    r"Inspectors\s+looked\s+specifically)",
    re.IGNORECASE,
)
_COVID = re.compile(r"COVID|coronavirus|pandemic", re.IGNORECASE)

# Cues that name an area of practice. A specific area (the front door, permanence, disabled
# children, care leavers, risk outside the home) outranks the population it concerns
# ("children in need ... at the front door", "children in care, focusing on permanence").
_SPECIFIC: tuple[tuple[str, str], ...] = (
    (
        "front_door",
        r"front door|(?:first )?point of (?:first )?(?:contact|referral)|first contacts?|"
        r"contacts? and referrals?|referrals? and contacts?|"
        r"multi agency safeguarding hub|\bmash\b|safeguarding hub|single point of (?:contact|entry|access)|"
        r"initial response|referral and assessment|duty and assessment|request for support hub|"
        r"(?:integrated |central )?(?:referral|advice and duty|duty and advice) (?:hub|team|service)",
    ),
    (
        "extra_familial_risk",
        r"extra familial|exploitation|exploited|vulnerable adolescents|adolescents at risk|"
        r"missing from (?:home|care)|go(?:es)? missing|contextual safeguarding|"
        r"(?:harm|risks?) outside (?:the|their) home",
    ),
    ("care_leavers", r"care leavers?|leaving care|leave care|(?:have |had )?left care|care experienced"),
    ("permanence", r"permanence|permanency|permanent (?:homes?|families|placements?)|special guardianship"),
    (
        "disabled_children",
        r"disabled children|disabled young people|children with (?:a )?disabilit|"
        r"(?:children|young people)(?: and young people)? (?:who are disabled|(?:who have|with) (?:a )?disabilit)|"
        r"children with special educational needs|children with send\b|children with complex (?:health )?needs",
    ),
)
_GENERAL: tuple[tuple[str, str], ...] = (
    (
        "children_in_need_and_protection",
        r"children in need(?! of)|child in need|child protection|protection plans?|"
        r"children subject to (?:a )?plans?|"
        r"pre proceedings|public law outline",
    ),
    (
        "children_in_care",
        r"children in care|child in care|children looked after|looked after children|"
        r"children who are looked after|unaccompanied (?:asylum seeking )?children|"
        r"placements?|fostering|corporate parent",
    ),
)
# Weak cues describe help in general; used only when no other cue is present.
_WEAK: tuple[tuple[str, str], ...] = (
    ("children_in_need_and_protection", r"help and protection|need of help|neglect|domestic abuse"),
    ("front_door", r"thresholds?|early help"),
)
_SPECIFIC_RE = [(theme, re.compile(pattern)) for theme, pattern in _SPECIFIC]
_GENERAL_RE = [(theme, re.compile(pattern)) for theme, pattern in _GENERAL]
_STRONG_RE = _SPECIFIC_RE + _GENERAL_RE
_WEAK_RE = [(theme, re.compile(pattern)) for theme, pattern in _WEAK]
# Examples listed after the statement's object ("children in need, including disabled children")
# do not change what the visit looked at.
_EXAMPLES = re.compile(r"\b(?:including|such as|for example|as well as)\b", re.IGNORECASE)


def _theme_words(text: str) -> str:
    """`text` in the form the theme cues are written in: lower case, hyphens as spaces, no apostrophes."""
    return " ".join(text.lower().replace("-", " ").replace("'", "").split())


def _earliest(text: str, rules: list[tuple[str, re.Pattern[str]]]) -> str | None:
    words = _theme_words(text)
    best: tuple[int, str] | None = None
    for theme, pattern in rules:
        match = pattern.search(words)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), theme)
    return best[1] if best else None


def _themes_named(text: str) -> set[str]:
    words = _theme_words(text)
    return {theme for theme, pattern in (*_STRONG_RE, *_WEAK_RE) if pattern.search(words)}


def theme_of(statement: str, narrowing: str = "") -> tuple[str, float]:
    """The focus theme a statement of what inspectors looked at names, with a confidence.

    The statement's object decides (examples it lists after "including" aside): a specific
    area of practice before the group of children it concerns. When the statement names
    neither (e.g. "arrangements for children who need help and protection"), its examples and
    then the narrowing sentences that follow decide; general cues come last and anything else
    is `other`.
    """
    examples = _EXAMPLES.search(statement)
    main = statement[: examples.start()] if examples else statement
    for text, rules, confidence in (
        (main, _SPECIFIC_RE, 0.9),
        (main, _GENERAL_RE, 0.9),
        (statement, _STRONG_RE, 0.85),
        (narrowing, _STRONG_RE, 0.8),
    ):
        theme = _earliest(text, rules)
        if theme:
            return theme, confidence
    weak = _earliest(statement + " " + narrowing, _WEAK_RE)
    if weak:
        return weak, 0.6
    return "other", 0.5


def _focus(
    letter: Letter, start: int, intro_end: int, summary_start: int | None = None
) -> tuple[Field[str], Field[str]]:
    """(focus_theme, focus_text) from the letter's introduction (start:intro_end), else from its
    summary sentence (from `summary_start`) when that is where the letter says what the visit looked at."""
    match = _FOCUS_START.search(letter.text, start, intro_end)
    if match is None and summary_start is not None:
        match = _FOCUS_START.search(letter.text, summary_start, start)
    if match is None:
        if _COVID.search(letter.text, start, intro_end):
            # The 2020–21 visits looked across services; their introduction states no single focus.
            first = sentence_end(letter.text, start)
            covid = _COVID.search(letter.text, start, intro_end)
            assert covid is not None
            at = sentence_start(letter.text, covid.start())
            return (
                letter.found("covid_arrangements", at, sentence_end(letter.text, at), 0.85),
                letter.found(squash(letter.text[at : sentence_end(letter.text, at)]), at, first, 0.5),
            )
        return Field.missing(), Field.missing()
    opening = sentence_start(letter.text, match.start())
    end = sentence_end(letter.text, match.end())
    # In the summary sentence only the clause that says what the visit looked at is the statement.
    statement = letter.text[match.start() if match.start() < start else opening : end]
    narrowing_end = end
    # Include "Specifically, …" sentences and any bulleted list that follows the statement.
    while narrowing_end < intro_end:
        following = letter.text[narrowing_end:intro_end]
        if _FOCUS_FOLLOW.match(following):
            narrowing_end = sentence_end(letter.text, narrowing_end + 1)
        elif re.match(rf"\s*{BULLET}", following):
            line_end = letter.text.find("\n", narrowing_end + 2)
            narrowing_end = line_end if 0 < line_end < intro_end else intro_end
        else:
            break
    narrowing = letter.text[end:narrowing_end]
    theme, confidence = theme_of(statement, narrowing)
    if _COVID.search(letter.text, start, intro_end) and len(_themes_named(statement)) >= 3:
        # A pandemic-period visit that states its scope as help and protection, children in
        # care and care leavers together looked across services.
        theme, confidence = "covid_arrangements", 0.8
    text = squash(letter.text[opening:narrowing_end])
    return (
        letter.found(theme, opening, narrowing_end, confidence),
        letter.found(text, opening, narrowing_end, 0.9),
    )


def parse(text: DocumentText, context: ParseContext) -> ParsedDocument:
    """Read a focused-visit letter."""
    letter = Letter.of(text)
    summary = summary_sentence(letter)
    if summary:
        start, end = summary
        dates = visit_dates(letter, start, end)
    else:
        title = _TITLE.search(letter.text)
        start = end = title.end() if title else 0
        dates = VisitDates(Field.missing(), Field.missing())
    if not dates.start.is_found:
        # Dates only in the body: "The visit took place on …" after the title or introduction.
        dates = body_visit_dates(letter, start)
    intro_end = first_heading_after(letter, end)
    authority = authority_from(letter, context, _AUTHORITY_PATTERNS)
    theme, focus_text = _focus(letter, end, intro_end, start if summary else None)
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
        inspectors=inspectors(letter, start),
        focus_theme=theme,
        focus_text=focus_text,
        priority_actions=priority_actions(letter),
        improvement_count=improvement_count(letter),
    )


register(KIND, detect, parse)
