"""Typed results of parsing one document.

Everything here is frozen and Django-free so a parse result can be compared,
serialised and tested without a database. Each extracted value is a `Field`
that carries where it came from (page and passage) and how sure the parser is,
so a reviewer can check it against the document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class DocKind(StrEnum):
    """What a document is. Values match the scoring keys in the corpus README."""

    SIF_INSPECTION = "sif_inspection"
    ILACS_INSPECTION = "ilacs_inspection"
    ILACS_2026_INSPECTION = "ilacs_2026_inspection"
    LOOKED_AFTER_INSPECTION = "looked_after_inspection"
    SAFEGUARDING_LAC_INSPECTION = "safeguarding_lac_inspection"
    LSCB_REVIEW = "lscb_review"
    MONITORING_VISIT = "monitoring_visit"
    FOCUSED_VISIT = "focused_visit"
    JTAI = "jtai"
    COMMITTEE_REPORT = "committee_report"
    # Recognised only to be refused:
    SEND_AREA_INSPECTION = "send_area_inspection"


class FieldState(StrEnum):
    FOUND = "found"
    # The document should state this but the parser could not read it.
    MISSING = "missing"
    # The framework does not make this judgement / the document kind has no such field.
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True)
class Source:
    """Where a value was read: 1-based page number and a short passage of text."""

    page: int
    passage: str


@dataclass(frozen=True)
class Field[T]:
    """One extracted value with its provenance and the parser's confidence (0–1)."""

    value: T | None = None
    source: Source | None = None
    confidence: float = 0.0
    state: FieldState = FieldState.MISSING

    @classmethod
    def found(cls, value: T, source: Source | None = None, confidence: float = 0.9) -> Field[T]:
        return cls(value=value, source=source, confidence=confidence, state=FieldState.FOUND)

    @classmethod
    def missing(cls) -> Field[T]:
        return cls()

    @classmethod
    def not_applicable(cls) -> Field[T]:
        return cls(state=FieldState.NOT_APPLICABLE, confidence=1.0)

    @property
    def is_found(self) -> bool:
        return self.state is FieldState.FOUND


class Grade(StrEnum):
    """Grades across frameworks. ADEQUATE is the 2009–13 scale's grade 3."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    ADEQUATE = "adequate"
    REQUIRES_IMPROVEMENT = "requires improvement"
    INADEQUATE = "inadequate"


class JudgementKey(StrEnum):
    """Judgement areas, named as in the scoring truth files."""

    OVERALL = "overall"
    HELP_AND_PROTECTION = "help_and_protection"
    LOOKED_AFTER = "looked_after"  # SIF: children looked after and achieving permanence
    ADOPTION = "adoption"
    CARE_LEAVERS = "care_leavers"
    IN_CARE = "in_care"  # ILACS: children in care (and care leavers, where judged together)
    LEADERSHIP = "leadership"
    LSCB = "lscb"
    # 2009–13 frameworks grade more areas; they keep their own keys.
    SAFEGUARDING = "safeguarding"
    CAPACITY_TO_IMPROVE = "capacity_to_improve"


@dataclass(frozen=True)
class Recommendation:
    """One item of a recommendations / 'what needs to improve' list, in document order."""

    text: str
    page: int | None = None
    timescale: str | None = None  # 2009–13: "immediately", "within three months", ...


@dataclass(frozen=True)
class ReportedEvent:
    """An Ofsted event described by a council committee report (one report may describe several)."""

    urn: str | None
    la_name: str
    la_code: str | None = None  # the authority named (see ParsedDocument.la_code)
    doc_kind: str | None = None
    inspection_start: dt.date | None = None
    inspection_end: dt.date | None = None
    publication_date: dt.date | None = None
    judgements: dict[str, str] = field(default_factory=dict)
    visit_number: int | None = None
    source: Source | None = None


@dataclass(frozen=True)
class Intervention:
    """A DfE intervention milestone stated in a document (improvement notice, commissioner, ...)."""

    kind: str  # improvement_notice | statutory_direction | commissioner | improvement_board | dfe_adviser
    date: dt.date | None
    source: Source | None = None


@dataclass(frozen=True)
class ParsedDocument:
    """The result of parsing one document. Fields that do not apply to its kind stay NOT_APPLICABLE."""

    doc_kind: DocKind
    parser_version: str
    page_count: int
    la_name: Field[str] = field(default_factory=Field)
    urn: Field[str] = field(default_factory=Field)
    # The DfE code of the authority named. A former authority without a URN of its own reports its
    # successor's URN (as Ofsted's lookup does) but stays itself here.
    la_code: Field[str] = field(default_factory=Field)
    # DfE codes of the authorities the name could be, when it is unknown or ambiguous (never a silent guess).
    authority_candidates: tuple[str, ...] = ()
    ilacs_type: Field[str] = field(default_factory=Field.not_applicable)
    inspection_start: Field[dt.date] = field(default_factory=Field.not_applicable)
    inspection_end: Field[dt.date] = field(default_factory=Field.not_applicable)
    publication_date: Field[dt.date] = field(default_factory=Field.not_applicable)
    lead_inspector: Field[str] = field(default_factory=Field.not_applicable)
    inspectors: Field[tuple[str, ...]] = field(default_factory=Field.not_applicable)
    judgements: dict[str, Field[str]] = field(default_factory=dict)
    # Grades the scoring keys do not cover (2009–13 capacity to improve, quality of provision ...).
    other_judgements: dict[str, Field[str]] = field(default_factory=dict)
    recommendations: tuple[Recommendation, ...] = ()
    lscb_recommendations: tuple[Recommendation, ...] = ()
    # Visits (monitoring, focused, JTAI)
    visit_number: Field[int] = field(default_factory=Field.not_applicable)
    visit_start: Field[dt.date] = field(default_factory=Field.not_applicable)
    visit_end: Field[dt.date] = field(default_factory=Field.not_applicable)
    letter_date: Field[dt.date] = field(default_factory=Field.not_applicable)
    areas: Field[tuple[str, ...]] = field(default_factory=Field.not_applicable)
    findings: tuple[str, ...] = ()
    focus_theme: Field[str] = field(default_factory=Field.not_applicable)
    focus_text: Field[str] = field(default_factory=Field.not_applicable)
    priority_actions: Field[bool] = field(default_factory=Field.not_applicable)
    improvement_count: Field[int] = field(default_factory=Field.not_applicable)
    # Committee reports
    meeting_date: Field[dt.date] = field(default_factory=Field.not_applicable)
    committee: Field[str] = field(default_factory=Field.not_applicable)
    reported_events: tuple[ReportedEvent, ...] = ()
    interventions: tuple[Intervention, ...] = ()
