"""Typed results of parsing one document.

Everything here is frozen and Django-free so a parse result can be compared,
serialised and tested without a database. Each extracted value is a `Field`
that carries where it came from (page and passage) and how sure the parser is,
so a reviewer can check it against the document.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import typing
from dataclasses import dataclass, field
from enum import Enum, StrEnum
from typing import Any

from . import families
from .families import Family


class DocKind(StrEnum):
    """What a document is. Values match the scoring keys in the corpus README.

    Each kind is registered here, once: its value, its family (families.py: what it holds, how it is reviewed and
    published) and the inspections.frameworks code it is judged under ("" for kinds without judgements).
    """

    family: Family | None
    framework: str

    def __new__(cls, value: str, family: Family | None = None, framework: str = "") -> DocKind:
        member = str.__new__(cls, value)
        member._value_ = value
        member.family = family
        member.framework = framework
        return member

    SIF_INSPECTION = "sif_inspection", families.SIF_INSPECTION, "sif"
    ILACS_INSPECTION = "ilacs_inspection", families.ILACS_INSPECTION, "ilacs"
    ILACS_2026_INSPECTION = "ilacs_2026_inspection", families.ILACS_INSPECTION, "ilacs_2026"
    LOOKED_AFTER_INSPECTION = "looked_after_inspection", families.INSPECTION_2009, "looked_after_2012"
    SAFEGUARDING_LAC_INSPECTION = "safeguarding_lac_inspection", families.INSPECTION_2009, "safeguarding_lac_2009"
    LSCB_REVIEW = "lscb_review", families.LSCB_REVIEW, "sif"
    MONITORING_VISIT = "monitoring_visit", families.MONITORING_VISIT
    FOCUSED_VISIT = "focused_visit", families.FOCUSED_VISIT
    JTAI = "jtai", families.JTAI
    COMMITTEE_REPORT = "committee_report", families.COMMITTEE_REPORT
    # Recognised only to be refused (no family: never stored):
    SEND_AREA_INSPECTION = "send_area_inspection"

    @classmethod
    def published(cls) -> tuple[DocKind, ...]:
        """The kinds a document can be stored and published as."""
        return tuple(kind for kind in cls if kind.family is not None)


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

    @property
    def found_value(self) -> T | None:
        """The value when it was found, else None."""
        return self.value if self.is_found else None


class Grade(StrEnum):
    """Grades across frameworks, the one scale the parser, the database and the pages share. ADEQUATE is the
    2009–13 scale's grade 3.

    Values are what the database stores (judgements' choices); `words` is how reports write a grade, and so the
    corpus' scoring files and the extractions stored on documents. Either spelling reads back as the grade.
    """

    OUTSTANDING = "outstanding"
    GOOD = "good"
    ADEQUATE = "adequate"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"

    @property
    def label(self) -> str:
        return self.words.capitalize()

    @property
    def words(self) -> str:
        return self.value.replace("_", " ")

    @classmethod
    def _missing_(cls, value: object) -> Grade | None:
        if isinstance(value, str):
            return cls.__members__.get("_".join(value.split()).upper())
        return None


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
    judgements: dict[str, Grade] = field(default_factory=dict)
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
    judgements: dict[str, Field[Grade]] = field(default_factory=dict)
    # Grades the scoring keys do not cover (2009–13 capacity to improve, quality of provision ...).
    other_judgements: dict[str, Field[Grade]] = field(default_factory=dict)
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

    @property
    def family(self) -> Family:
        """What this kind of document holds (families.py); every stored kind has one."""
        assert self.doc_kind.family is not None, f"{self.doc_kind} is refused, never parsed"
        return self.doc_kind.family

    def field_named(self, name: str) -> Field[Any]:
        """The Field attribute `name` (a name from the family's table)."""
        found = getattr(self, name)
        if not isinstance(found, Field):
            raise TypeError(f"{name} is not a single value")
        return found

    def value(self, name: str) -> Any:
        """The value of Field attribute `name` when it was found, else None."""
        return self.field_named(name).found_value

    def to_json(self) -> dict[str, Any]:
        """Every attribute as JSON, as stored on a Document row: each Field keeps its value, state, confidence
        (to 3 decimals) and source page and passage; dates are ISO, grades in the report's words."""
        return _encode(ParsedDocument, self)

    @classmethod
    def from_json(cls, data: dict[str, Any], doc_kind: str | None = None) -> ParsedDocument:
        """The inverse of to_json, for rows stored by any parser version: a value an earlier version did not store
        is NOT_APPLICABLE (it was not looked for), grades read in either spelling. `doc_kind` is used when the row
        does not name its kind."""
        kind = data.get("doc_kind") or doc_kind
        if not kind:
            raise ValueError("The stored extraction does not say what kind of document it is.")
        return _decode(cls, {**data, "doc_kind": kind})


# JSON both ways, driven by the dataclasses' annotations, so a new attribute needs no code here.


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    # Evaluating the annotations is most of the work: once per class.
    return typing.get_type_hints(cls)


def _optional_of(hint: Any) -> Any:
    """X for `X | None`, else the hint itself."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0] if len(args) == 1 else hint
    return hint


def _encode(hint: Any, value: Any) -> Any:
    hint = _optional_of(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if value is None:
        return None
    if hint is Grade:
        grade = _grade(value)
        return grade.words if isinstance(grade, Grade) else grade
    if origin is Field:
        return {
            "value": _encode(args[0], value.value),
            "state": value.state.value,
            "confidence": round(value.confidence, 3),
            "page": value.source.page if value.source else None,
            "passage": value.source.passage if value.source else None,
        }
    if origin is tuple:
        return [_encode(args[0], v) for v in value]
    if origin is dict:
        return {k: _encode(args[1], v) for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        return {f.name: _encode(hints[f.name], getattr(value, f.name)) for f in dataclasses.fields(hint)}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _grade(value: Any) -> Grade | Any:
    """A grade in either spelling as the Grade; anything else as it was (never lost)."""
    try:
        return Grade(value)
    except ValueError:
        return value


def _decode(hint: Any, raw: Any) -> Any:
    hint = _optional_of(hint)
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Field:
        return _decode_field(args[0], raw) if isinstance(raw, dict) else Field.not_applicable()
    if raw is None:
        return None
    if hint is Grade:
        return _grade(raw)
    if hint is dt.date:
        return dt.date.fromisoformat(raw)
    if origin is tuple:
        return tuple(_decode(args[0], v) for v in raw)
    if origin is dict:
        return {k: _decode(args[1], v) for k, v in raw.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        values = {}
        for f in dataclasses.fields(hint):
            if f.name in raw:
                values[f.name] = _decode(hints[f.name], raw[f.name])
            elif typing.get_origin(hints[f.name]) is Field:
                values[f.name] = Field.not_applicable()
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                values[f.name] = _absent(hints[f.name])
        return hint(**values)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(raw)
    return raw


def _absent(hint: Any) -> Any:
    """A required value an older row lacks: None where allowed, else the type's empty value."""
    if _optional_of(hint) is not hint or hint is type(None):
        return None
    return hint() if hint in (str, int, float) else None


def _decode_field(hint: Any, raw: dict[str, Any]) -> Field[Any]:
    page = raw.get("page")
    try:
        state = FieldState(raw.get("state", ""))
    except ValueError:
        state = FieldState.MISSING
    return Field(
        value=_decode(hint, raw.get("value")),
        source=Source(page, raw.get("passage") or "") if page is not None else None,
        confidence=raw.get("confidence") or 0.0,
        state=state,
    )
