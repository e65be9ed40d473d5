"""Council committee and cabinet reports about Ofsted inspections and visits.

A report names its meeting and date on the cover ("Report to: Cabinet  Date: 16 November
2022"), then describes one or more Ofsted events: the council's own inspection or visit,
and sometimes a digest of other authorities' inspections under headings such as "Cumbria
Local Authority – inspected 3rd - 25th March 2015". Each event is read sentence by
sentence: what kind of event a clause speaks of, its dates (visit/inspection dates or a
publication date, told apart by the verbs around them), grades and the visit number.
Interventions (improvement notice, DfE adviser, improvement board, statutory direction,
commissioner) are read from the council's own part of the report.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field

from .._committee_text import Unit, plain_text, units
from ..authority import MOST_NAMED, AuthorityResult, most_named
from ..context import ParseContext
from ..dates import DATE_LINE, DateRange, find_dates, find_ranges, parse_date
from ..grades import normalise_grade
from ..ordinals import ORDINAL_PATTERN, ordinal_value
from ..sources import PASSAGE_WIDTH
from ..text import DocumentText
from ..types import DocKind, Field, Grade, Intervention, JudgementKey, ParsedDocument, ReportedEvent, Source
from ..version import PARSER_VERSION
from . import register

logger = logging.getLogger(__name__)

KIND = DocKind.COMMITTEE_REPORT

# Cover-sheet labels and phrases of council reports; Ofsted's own documents use none of them.
_MARKERS = (
    r"^\s*Report\s+to\s*:?",
    r"^\s*Report\s+of\b|REPORT\s+OF\s*:",
    r"TITLE\s+OF\s+REPORT|^\s*Subject\s*:|^\s*Report\s+title\s*:",
    r"Date\s+of\s+(?:the\s+)?meeting|^\s*Meeting\s*(?:date)?\s*:|^\s*Committee\s*:|Decision[- ]maker",
    r"Purpose\s+of\s+(?:the\s+|this\s+)?report|The\s+purpose\s+of\s+this\s+report",
    r"^\s*Recommendations?(?:\(s\))?\s*:?\s*$|Recommendations?\s+for\s+the",
    r"Decision\s+Type|Key\s+decision|Classification\s*:|Wards?\s+affected|Agenda\s+item",
    r"Report\s+Author|Contact\s+officer|Background\s+papers|Financial\s+implications|Legal\s+implications",
    r"\bCabinet\s+Member\b|Portfolio\s+holder|Overview\s+and\s+Scrutiny|\bOSC\b|Scrutiny\s+(?:Committee|Panel)",
)
_MARKER_RES = [re.compile(pattern, re.IGNORECASE | re.MULTILINE) for pattern in _MARKERS]


# A report's cover sheet and opening: where its labels, meeting and committee are printed. Detection reads
# a little further, as a contents page or a summary box may push the labels onto page 3.
DETECT_PAGES, DETECT_CHARS = 3, 6000
COVER_PAGES, COVER_CHARS = 2, 5000
# Three cover labels make a council report; two alone could be a letter quoting one.
MANY_LABELS = 0.97
TWO_LABELS = 0.75


def detect(text: DocumentText) -> float:
    """High when a document about Ofsted carries the cover labels of a council report."""
    head = plain_text("\n".join(text.pages[:DETECT_PAGES])[:DETECT_CHARS])
    if not re.search(r"\bOfsted\b", text.full, re.IGNORECASE):
        return 0.0
    hits = sum(1 for pattern in _MARKER_RES if pattern.search(head))
    if hits >= 3:
        return MANY_LABELS
    if hits == 2:
        return TWO_LABELS
    return 0.0


# ---------------------------------------------------------------------------
# Meeting and committee
# ---------------------------------------------------------------------------

_MEETING_DATE = re.compile(
    r"(?:Date\s+of\s+(?:the\s+)?meeting|Meeting\s+date|Date\s+of\s+decision|^\s*Date\b|\bDate\s*:)\s*[:\-–]?\s*"
    r"(?P<date>[^\n]{6,40})",
    re.IGNORECASE | re.MULTILINE,
)
# A date on a line of its own is the meeting's only at the top of the cover, before the report's body begins.
DATE_LINE_CHARS = 1500
# A meeting date or committee after its cover label ("Date of meeting:", "Report to:"); a date on a line of
# its own, or a committee named in a sentence ("to inform Cabinet"), is less sure.
LABELLED = 0.9
UNLABELLED = 0.75
NAMED_IN_SENTENCE = 0.7
_COMMITTEE_LABEL = re.compile(
    r"(?:Report\s+to|Meeting|Committee|Decision[- ]maker|Name\s+of\s+(?:meeting|committee))\s*:\s*"
    r"(?P<name>[A-Z][^\n:]{2,80}?)(?=\s{2,}|\s+Date\b|\s*$)",
    re.IGNORECASE | re.MULTILINE,
)
_BODY = (
    r"(?:Overview\s+and\s+Scrutiny\s+(?:Committee|Panel|Board)|Scrutiny\s+(?:Committee|Panel|Board)|OSC|"
    r"Cabinet|Executive|Council|Corporate\s+Parenting\s+(?:Board|Panel|Committee)|(?:Select\s+)?Committee|"
    r"Panel|Board)"
)
_COMMITTEE_TEXT = re.compile(
    rf"\b(?:inform|to|before|by|for)\s+(?:the\s+)?(?P<name>(?:[A-Z][A-Za-z&']*\s+){{0,5}}{_BODY})\b(?!\s+Members?\b)"
)


def _expand(name: str) -> str:
    name = " ".join(name.split()).strip(" .,")
    return re.sub(r"\bOSC\b", "Overview and Scrutiny Committee", name)


def _meeting_date(head: str, doc: DocumentText) -> Field[dt.date]:
    for match in _MEETING_DATE.finditer(head):
        value = parse_date(match.group("date"))
        if value:
            return Field.found(value, Source(1, " ".join(match.group(0).split())), LABELLED)
    line = DATE_LINE.search(head[:DATE_LINE_CHARS])
    if line:
        value = parse_date(line.group("date"))
        if value:
            return Field.found(value, Source(1, line.group("date")), UNLABELLED)
    return Field.missing()


def _committee(head: str) -> Field[str]:
    match = _COMMITTEE_LABEL.search(head)
    if match:
        return Field.found(_expand(match.group("name")), Source(1, " ".join(match.group(0).split())), LABELLED)
    match = _COMMITTEE_TEXT.search(head)
    if match and not re.fullmatch(r"(?:the\s+)?(?:Council|Committee|Board|Panel)", match.group("name")):
        return Field.found(_expand(match.group("name")), Source(1, " ".join(match.group(0).split())), NAMED_IN_SENTENCE)
    return Field.missing()


# ---------------------------------------------------------------------------
# The council that wrote the report
# ---------------------------------------------------------------------------

_DOMAIN = re.compile(r"(?:@|www\.)(?P<domain>[a-z][a-z\-]{2,40})\.gov\.uk", re.IGNORECASE)


def _own_authority(body: str, context: ParseContext) -> AuthorityResult:
    """The council that wrote the report: its e-mail or web domain, else the authority named most often."""
    for match in _DOMAIN.finditer(body):
        resolution = context.authorities.resolve(match.group("domain").replace("-", " "))
        if resolution.match and resolution.match.lookup_urn:
            name = Field.found(resolution.match.name, Source(1, match.group(0)), LABELLED)
            return AuthorityResult.found(name, resolution.match)
    named = most_named(context.authorities, body).authority
    if named is not None:
        return AuthorityResult.found(Field.found(named.name, Source(1, named.name), MOST_NAMED), named)
    return AuthorityResult.missing()


# ---------------------------------------------------------------------------
# Events
# ---------------------------------------------------------------------------

_MONITORING = re.compile(rf"(?:\b(?P<ordinal>{ORDINAL_PATTERN})\s+)?monitoring\s+visit", re.IGNORECASE)
_FOCUSED = re.compile(r"focused\s+visit", re.IGNORECASE)
_JTAI = re.compile(r"joint\s+targeted\s+area\s+inspection|\bJTAI\b", re.IGNORECASE)
_INSPECTION = re.compile(r"\binspect(?:ion|ed)\b|\bILACS\b|\bSIF\b|overall\s+judge?ment", re.IGNORECASE)
_PUBLISHED = re.compile(r"\bpublish(?:ed|es|ing)?\b|\bpublication\b|publicly\s+available", re.IGNORECASE)
# Statistics about other councils ("85 inspection reports have been published", "no authority has …").
_STATISTICS = re.compile(
    r"\b\d+\s+(?:other\s+)?(?:inspections?|reports?|(?:local\s+)?authorities|councils?)\b|\bno\s+(?:other\s+)?"
    r"(?:local\s+)?authorit|\bnationally\b|\bnational\s+(?:average|picture)|\bothers\b",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r";|,?\s+\b(?:following|since|(?<!looked\s)(?<!look\s)after)\b", re.IGNORECASE)
# Verbs that place a date range as when an inspection or visit happened, not when its outcome was.
_HELD = re.compile(
    r"took\s+place|\bfrom\b|\bbetween\b|\binspected\b|\bduring\b|conducted|carried\s+out|undertaken|"
    r"received\s+an?\s+(?:inspection|visit)|\bon\s+site\b|\bvisit(?:ed)?\b|\binspection\s+(?:of|in|on|dates?)\b",
    re.IGNORECASE,
)
_OUTCOME = re.compile(r"\bjudge?(?:ment|d)\b|\boutcome\b|\brated\b|\bgraded?\b", re.IGNORECASE)

# Judgement areas as committee reports name them (SIF and ILACS wording).
_KEYS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern, re.IGNORECASE))
    for key, pattern in (
        (JudgementKey.IN_CARE, r"experiences?\s+and\s+progress\s+of\s+children\s+in\s+care"),
        (JudgementKey.LOOKED_AFTER, r"children\s+looked\s+after\s+and\s+achieving\s+permanence"),
        (JudgementKey.ADOPTION, r"adoption\s+performance"),
        (
            JudgementKey.CARE_LEAVERS,
            r"experiences?\s+and\s+progress\s+of\s+care\s+leavers|^care\s+leavers\s*[–—:-]",
        ),
        (
            JudgementKey.HELP_AND_PROTECTION,
            r"(?:children|those)\s+(?:who\s+need|in\s+need\s+of|needing)\s+help\s+and\s+protection",
        ),
        (
            JudgementKey.LEADERSHIP,
            r"leadership,?\s+management,?\s+(?:and\s+)?governance|impact\s+of\s+leaders(?:\s+on\s+social\s+work\s+practice)?",
        ),
        (JudgementKey.LSCB, r"\bLSCB\b|Local\s+Safeguarding\s+Children'?s?\s+Board"),
        (
            JudgementKey.OVERALL,
            r"overall\s+(?:effectiveness|judge?ment)|judge?ment\s+overall|"
            r"children'?s\s+services\s+in\s+[A-Z][A-Za-z ]+?\s+(?:are|is|were|was|require|requires)\b",
        ),
    )
)
_GRADE_AFTER = re.compile(
    r"^[^.;]{0,70}?\b(?P<grade>requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good|adequate)\b"
    r"(?!\s+(?:practice|examples?|quality|progress|access|support|use|work|and\s+outstanding|evidence))",
    re.IGNORECASE,
)


@dataclass
class _Event:
    kind: str
    la_name: str
    urn: str | None
    la_code: str | None
    page: int
    passage: str
    visit_number: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    published: dt.date | None = None
    judgements: dict[str, Grade] = field(default_factory=dict)
    framework: str | None = None

    def accepts(self, start: dt.date | None, number: int | None) -> bool:
        if number is not None and self.visit_number is not None and number != self.visit_number:
            return False
        return not (start is not None and self.start is not None and start != self.start)

    def take(self, clause: _Clause) -> None:
        """What the clause adds: a visit number, dates, a publication date, framework and grades not yet known."""
        self.visit_number = self.visit_number or clause.number
        start, end = clause.held
        if start and not self.start:
            self.start, self.end = start, end
        publication = clause.publication
        if publication and not self.published:
            self.published = publication
        if self.kind == "inspection":
            self.framework = self.framework or clause.framework
        for key, grade in clause.grades.items():
            self.judgements.setdefault(key, grade)

    def to_reported(self) -> ReportedEvent:
        return ReportedEvent(
            urn=self.urn,
            la_name=self.la_name,
            la_code=self.la_code,
            doc_kind=self._doc_kind(),
            inspection_start=self.start,
            inspection_end=self.end,
            publication_date=self.published,
            judgements=dict(self.judgements),
            visit_number=self.visit_number,
            source=Source(self.page, self.passage[:PASSAGE_WIDTH]),
        )

    def _doc_kind(self) -> str | None:
        if self.kind != "inspection":
            return self.kind
        if self.framework:
            return self.framework
        when = self.start or self.published
        if when is None:
            return None
        # SIF ran from November 2013 until ILACS replaced it in January 2018.
        if when >= dt.date(2018, 1, 1):
            return str(DocKind.ILACS_INSPECTION)
        if when >= dt.date(2013, 11, 1):
            return str(DocKind.SIF_INSPECTION)
        return None


def _clause_kind(clause: str) -> tuple[str | None, int | None]:
    monitoring = _MONITORING.search(clause)
    if monitoring:
        ordinal = monitoring.group("ordinal")
        return str(DocKind.MONITORING_VISIT), ordinal_value(ordinal) if ordinal else None
    if _FOCUSED.search(clause):
        return str(DocKind.FOCUSED_VISIT), None
    if _JTAI.search(clause):
        return str(DocKind.JTAI), None
    if _INSPECTION.search(clause):
        return "inspection", None
    return None, None


def _framework(clause: str) -> str | None:
    if re.search(r"\bILACS\b|inspection\s+of\s+local\s+authority\s+children'?s\s+services", clause, re.I):
        return str(DocKind.ILACS_INSPECTION)
    if re.search(r"\bSIF\b|single\s+inspection\s+framework", clause, re.IGNORECASE):
        return str(DocKind.SIF_INSPECTION)
    return None


def _judgements(clause: str) -> dict[str, Grade]:
    found: dict[str, Grade] = {}
    for key, pattern in _KEYS:
        match = pattern.search(clause)
        if not match:
            continue
        if key == JudgementKey.CARE_LEAVERS and JudgementKey.IN_CARE in found:
            continue
        grade = _GRADE_AFTER.search(clause[match.end() :])
        if grade:
            value = normalise_grade(grade.group("grade"))
            if value:
                found[str(key)] = value
    return found


@dataclass
class _Block:
    la_name: str
    urn: str | None
    la_code: str | None
    units: list[Unit]


# A unit this short that does not end a sentence is read as a heading, even where the text layer ran it on.
_HEADING_CHARS = 140


def _blocks(all_units: list[Unit], own: AuthorityResult, context: ParseContext) -> list[_Block]:
    """Split the report at headings that name another authority's inspection."""
    blocks = [_Block(own.la_name.value or "", own.urn.value, own.la_code.value, [])]
    for unit in all_units:
        if unit.heading or (len(unit.text) <= _HEADING_CHARS and not unit.text.endswith(".")):
            named = {a.la_code: a for _, a in context.authorities.mentions(unit.text) if a.lookup_urn}
            if len(named) == 1 and (find_ranges(unit.text) or re.search(r"inspect", unit.text, re.I)):
                authority = next(iter(named.values()))
                if authority.la_code != blocks[-1].la_code:
                    blocks.append(_Block(authority.name, authority.lookup_urn, authority.la_code, []))
        blocks[-1].units.append(unit)
    return blocks


@dataclass(frozen=True)
class _Clause:
    """What one clause says: the kind of event it speaks of, a visit number, a date range (when the event was
    held, or when its outcome was published: the verbs around the dates tell which), grades and framework."""

    text: str
    kind: str | None
    number: int | None
    ranges: list[DateRange]
    published: bool
    grades: dict[str, Grade]
    framework: str | None

    @classmethod
    def read(cls, text: str) -> _Clause:
        kind, number = _clause_kind(text)
        return cls(
            text=text,
            kind=kind,
            number=number,
            ranges=find_ranges(text),
            published=bool(_PUBLISHED.search(text)),
            grades=_judgements(text),
            framework=_framework(text),
        )

    @property
    def held(self) -> tuple[dt.date | None, dt.date | None]:
        """(start, end) of the event when the clause dates it; (None, None) if its dates are a publication's."""
        if not self.ranges or self._dates_an_outcome():
            return None, None
        return self.ranges[0].start, self.ranges[0].end

    @property
    def publication(self) -> dt.date | None:
        """When the clause says the event's outcome was (or will be) published."""
        return self.ranges[0].end if self.ranges and self._dates_an_outcome() else None

    def _dates_an_outcome(self) -> bool:
        return self.published or bool(_OUTCOME.search(self.text) and not _HELD.search(self.text))


def _about_other_councils(unit: Unit) -> bool:
    """Statistics about other councils ("85 reports have been published") describe no event of this one."""
    return bool(_STATISTICS.search(unit.text))


def _add_to_last(last: _Event, clause: _Clause, unit: Unit) -> None:
    """A clause that names no kind of event speaks of the one just described: its publication date ("The
    letter … will be published on 16 November 2022"), or the grades listed under an inspection."""
    if clause.published and clause.ranges and re.search(r"\b(?:visit|letter|report)\b", clause.text, re.I):
        last.published = last.published or clause.ranges[0].end
    if last.kind == "inspection" and clause.grades and unit.item:
        for key, grade in clause.grades.items():
            last.judgements.setdefault(key, grade)


def _passing_mention(clause: _Clause, last: _Event | None, events: list[_Event]) -> bool:
    """Whether a clause only mentions "the inspection" (no dates, grades or framework) in passing: right after
    an inspection, or before any. After another kind of event it returns to the inspection described, so
    the grades listed next are that inspection's."""
    if clause.kind != "inspection" or clause.ranges or clause.grades or clause.framework:
        return False
    return (last is not None and last.kind == "inspection") or not any(e.kind == "inspection" for e in events)


def _event_for(clause: _Clause, events: list[_Event], block: _Block, unit: Unit) -> _Event | None:
    """The event the clause speaks of: the latest of its kind it fits, else a new one when the clause says
    something of it (dates, grades or a visit number), else None."""
    start, _ = clause.held
    for event in reversed(events):
        if event.kind == clause.kind and event.accepts(start, clause.number):
            return event
    if not (clause.ranges or clause.grades or clause.number):
        return None
    assert clause.kind is not None
    event = _Event(clause.kind, block.la_name, block.urn, block.la_code, unit.page, clause.text.strip())
    events.append(event)
    return event


def _events_in(block: _Block) -> list[_Event]:
    """The Ofsted events a block describes, clause by clause, in the order it first describes them."""
    events: list[_Event] = []
    last: _Event | None = None
    for unit in block.units:
        if _about_other_councils(unit):
            continue
        for text in _CLAUSE_SPLIT.split(unit.text):
            clause = _Clause.read(text)
            if clause.kind is None:
                if last is not None:
                    _add_to_last(last, clause, unit)
                continue
            if _passing_mention(clause, last, events):
                continue
            event = _event_for(clause, events, block, unit)
            if event is not None:
                event.take(clause)
                last = event
    # A mention that gave nothing beyond the kind is not an event.
    return [e for e in events if e.start or e.published or e.judgements or e.visit_number]


# ---------------------------------------------------------------------------
# Interventions
# ---------------------------------------------------------------------------

_INTERVENTIONS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("improvement_notice", r"improvement\s+notice"),
        (
            "statutory_direction",
            r"statutory\s+direction|direction\s+(?:was\s+)?(?:issued|given)\s+by\s+the\s+Secretary",
        ),
        (
            "commissioner",
            r"(?<!Children's )(?<!Crime )\b(?:children's\s+services\s+|DfE\s+|government[- ]appointed\s+)?"
            r"commissioner\b",
        ),
        ("improvement_board", r"improvement\s+(?:and\s+assurance\s+)?board"),
        (
            "dfe_adviser",
            r"(?:DfE|Department\s+for\s+Education)(?:[- ]appointed)?\s+(?:improvement\s+)?advis[eo]r|"
            r"improvement\s+advis[eo]r|advis[eo]r\s+appointed\s+by\s+the\s+(?:DfE|Department|Secretary)",
        ),
    )
)


def _interventions(block: _Block) -> tuple[Intervention, ...]:
    found: dict[str, Intervention] = {}
    for unit in block.units:
        for kind, pattern in _INTERVENTIONS:
            if kind in found and found[kind].date is not None:
                continue
            if not pattern.search(unit.text):
                continue
            dates = find_dates(unit.text)
            date = dates[0].date if dates else None
            if kind not in found or date is not None:
                found[kind] = Intervention(kind, date, Source(unit.page, unit.text[:PASSAGE_WIDTH]))
    order = [kind for kind, _ in _INTERVENTIONS]
    return tuple(sorted(found.values(), key=lambda i: order.index(i.kind)))


def parse(text: DocumentText, context: ParseContext) -> ParsedDocument:
    """Read a council committee report about Ofsted inspections."""
    head = plain_text("\n".join(text.pages[:COVER_PAGES])[:COVER_CHARS])
    all_units = units(text)
    # The council's own part ends where an appendix about other authorities begins.
    body = plain_text(text.full)
    appendix = re.search(r"^\W*Appendix\b", body, re.IGNORECASE | re.MULTILINE)
    own = _own_authority(body[: appendix.start()] if appendix else body, context)
    blocks = _blocks(all_units, own, context)
    events = [event.to_reported() for block in blocks for event in _events_in(block)]
    return ParsedDocument(
        doc_kind=KIND,
        parser_version=PARSER_VERSION,
        page_count=len(text.pages),
        la_name=own.la_name,
        urn=own.urn,
        la_code=own.la_code,
        meeting_date=_meeting_date(head, text),
        committee=_committee(head),
        reported_events=tuple(events),
        interventions=_interventions(blocks[0]),
    )


register(KIND, detect, parse)
