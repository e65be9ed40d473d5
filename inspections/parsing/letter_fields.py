"""What Ofsted's letters state: the letter date, the visit dates, the inspectors, whether there are areas
for priority action, and how many things need to improve."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import DATE_LINE, DateRange, find_ranges, parse_date
from .layout import blank_spans, running_lines
from .letters import Letter, find_heading, section_after, sentence_end, sentence_start, top_level_items
from .lists import layout_items
from .people import names_in
from .sources import READ_IN_PLACE, STATED
from .types import Field

# Visit dates as written, and as repaired: a range that would last over a month across two years
# ("24 October 2022 to 25 October 2023") is read in one year, and so less surely; one that cannot be
# repaired so is kept, least surely.
VISIT_DATES_REPAIRED = 0.7
VISIT_DATES_IMPLAUSIBLE = 0.6
# A visit lasts days: a range longer than this is a typo.
LONGEST_VISIT_DAYS = 31
# Visit dates found in the body rather than the summary sentence count for less (times this).
BODY_DATES_FACTOR = 0.85
# How far after the summary sentence the inspector sentences are looked for, when no heading bounds them.
INSPECTOR_SENTENCES_REACH = 1500
# Priority actions told only by Ofsted's closing notice, or not at all (no section, no notice).
NOTICE_ONLY = 0.8
# An improvement section that says there is nothing new to improve, and one whose items are told apart
# only by line layout (no markers in the text layer).
NONE_NEW_STATED = 0.85
COUNTED_BY_LAYOUT = 0.5


# The end of a line that runs on into the next: a sentence broken before its date.
_RUNS_ON = re.compile(r"(?:\b(?:on|and|to|from|between|of|until|dated|by)|[,–\-])$", re.IGNORECASE)
# How far back the text before a date line is read for the end of the line before it (blank lines between).
_LINE_BEFORE_REACH = 200


def letter_date(letter: Letter) -> Field[dt.date]:
    """The date printed at the top: a line holding only a date, on the first page.

    The text layer can put the address block (and the date) after the body text, so the
    whole first page is searched rather than its first lines.
    """
    for match in DATE_LINE.finditer(letter.text, 0, letter.first_page_end):
        # A date wrapped onto a line of its own from a sentence ("… on 9 and" / "10 May 2023.") is
        # the visit's, not the letter's: without a dated letterhead the letter date stays unread.
        before = letter.text[max(0, match.start() - _LINE_BEFORE_REACH) : match.start()].rstrip()
        if _RUNS_ON.search(before):
            continue
        value = parse_date(match.group("date"))
        if value is not None:
            return letter.found(value, match.start(), match.end(), STATED)
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
    if (end - start).days > LONGEST_VISIT_DAYS and start.year != end.year:
        try:
            moved = start.replace(year=end.year)
        except ValueError:
            return start, end, VISIT_DATES_IMPLAUSIBLE
        if moved <= end and (end - moved).days <= LONGEST_VISIT_DAYS:
            return moved, end, VISIT_DATES_REPAIRED
        return start, end, VISIT_DATES_IMPLAUSIBLE
    return start, end, STATED


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
            confidence *= BODY_DATES_FACTOR
            return VisitDates(letter.found(first, a, b, confidence), letter.found(last, a, b, confidence))
    return VisitDates(Field.missing(), Field.missing())


_INSPECTOR_TRIGGER = re.compile(
    r"\binspectors?\b[^.]{0,60}?\b(?:was|were)\b|\b(?:carried\s+out|conducted|undertaken|led)\s+by\b|"
    r"\binspection\s+team\s+(?:was|were|comprised)\b",
    re.IGNORECASE,
)


def inspectors(letter: Letter, start: int, end: int | None = None) -> Field[tuple[str, ...]]:
    """Everyone the inspector sentences after `start` name, without titles, in order.

    Usually one sentence names everyone; a letter that names the lead inspector in a
    sentence of its own has the others in the next, so every such sentence up to `end`
    (default: 1,500 characters on) counts. Role words keep prose like "carried out by
    remote means" from reading as a name.
    """
    limit = end if end is not None else min(len(letter.text), start + INSPECTOR_SENTENCES_REACH)
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
        return letter.found(tuple(people), first, last, READ_IN_PLACE)
    return Field.missing()


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
            return letter.found(False, heading.start(), end, READ_IN_PLACE)
        return letter.found(True, heading.start(), end, STATED)
    notice = _PRIORITY_NOTICE.search(letter.text)
    if notice:
        return letter.found(True, notice.start(), notice.end(), NOTICE_ONLY)
    return Field.found(False, None, NOTICE_ONLY)


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
        return letter.found(len(items), heading.start(), end, STATED)
    body = letter.text[begin:end]
    if _NONE_NEW.search(body):
        return letter.found(0, heading.start(), end, NONE_NEW_STATED)
    # No markers in the text layer: tell the items by line layout, running headers and footers aside.
    unmarked = blank_spans(letter.text, running_lines(letter.doc))[begin:end]
    return letter.found(len(layout_items(unmarked, begin)), heading.start(), end, COUNTED_BY_LAYOUT)
