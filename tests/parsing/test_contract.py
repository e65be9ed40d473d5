"""The parse result's one contract: ParsedDocument.to_json() is what a Document row stores and from_json() its
exact inverse, reading rows that earlier parser versions stored too; each kind's family says what it holds."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import typing
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspections.parsing import (
    DocKind,
    Field,
    FieldState,
    Grade,
    Intervention,
    ParsedDocument,
    Recommendation,
    ReportedEvent,
    Source,
    to_record,
)
from inspections.parsing.families import Family

# Text as a parser could read it (no lone surrogates, which no document's text holds).
_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
_dates = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))
_sources = st.builds(Source, page=st.integers(1, 500), passage=_text)
# Confidence is stored to 3 decimals.
_confidence = st.integers(0, 1000).map(lambda n: n / 1000)


def _fields(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Field[Any]]:
    return st.one_of(
        st.builds(Field.found, values, st.none() | _sources, _confidence),
        st.builds(Field, value=st.none(), state=st.sampled_from(FieldState), confidence=_confidence),
    )


_recommendations = st.builds(
    Recommendation, text=_text, page=st.none() | st.integers(1, 99), timescale=st.none() | _text
)
_grades = st.dictionaries(_text, st.sampled_from(Grade), max_size=3)
_reported = st.builds(
    ReportedEvent,
    urn=st.none() | _text,
    la_name=_text,
    la_code=st.none() | _text,
    doc_kind=st.none() | st.sampled_from([str(k) for k in DocKind]),
    inspection_start=st.none() | _dates,
    inspection_end=st.none() | _dates,
    publication_date=st.none() | _dates,
    judgements=_grades,
    visit_number=st.none() | st.integers(1, 30),
    source=st.none() | _sources,
)
_interventions = st.builds(Intervention, kind=_text, date=st.none() | _dates, source=st.none() | _sources)
_tuples = st.lists(_text, max_size=3).map(tuple)
_BY_TYPE: dict[Any, st.SearchStrategy[Any]] = {
    str: _text,
    int: st.integers(-5, 10_000),
    bool: st.booleans(),
    dt.date: _dates,
    tuple[str, ...]: _tuples,
    Grade: st.sampled_from(Grade),
}


def _strategy(hint: Any) -> st.SearchStrategy[Any]:
    """A strategy for a ParsedDocument attribute, from its annotation (so a new attribute is covered too)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Field:
        return _fields(_BY_TYPE[args[0]])
    if origin is dict:
        return st.dictionaries(_text, _strategy(args[1]), max_size=3)
    if hint == tuple[str, ...]:
        return _tuples
    if origin is tuple:
        inner = {Recommendation: _recommendations, ReportedEvent: _reported, Intervention: _interventions}[args[0]]
        return st.lists(inner, max_size=3).map(tuple)
    if hint is DocKind:
        return st.sampled_from(DocKind.published())
    return _BY_TYPE[hint]


_parsed = st.builds(
    ParsedDocument,
    **{name: _strategy(hint) for name, hint in typing.get_type_hints(ParsedDocument).items()},
)


@settings(max_examples=200, deadline=None)
@given(_parsed)
def test_from_json_is_the_inverse_of_to_json(parsed: ParsedDocument) -> None:
    stored = json.loads(json.dumps(parsed.to_json()))  # as the JSON column gives it back
    assert ParsedDocument.from_json(stored) == parsed


def test_the_stored_form_is_the_one_earlier_versions_wrote() -> None:
    """Each Field as value, state, confidence, page and passage; dates ISO; lists; grades in the report's words."""
    parsed = ParsedDocument(
        DocKind.SIF_INSPECTION,
        "0.2.6",
        40,
        la_name=Field.found("Bury", Source(1, "Bury"), 0.91234),
        inspection_start=Field.found(dt.date(2016, 1, 11)),
        inspectors=Field.found(("A Person", "B Person")),
        judgements={"overall": Field.found(Grade.REQUIRES_IMPROVEMENT)},
        reported_events=(ReportedEvent(urn="1", la_name="Bury", judgements={"overall": Grade.REQUIRES_IMPROVEMENT}),),
    )
    stored = parsed.to_json()
    assert stored["doc_kind"] == "sif_inspection"
    assert stored["la_name"] == {"value": "Bury", "state": "found", "confidence": 0.912, "page": 1, "passage": "Bury"}
    assert stored["inspection_start"]["value"] == "2016-01-11"
    assert stored["inspectors"]["value"] == ["A Person", "B Person"]
    assert stored["judgements"]["overall"]["value"] == "requires improvement"
    assert stored["reported_events"][0]["judgements"] == {"overall": "requires improvement"}
    not_applicable = {"value": None, "state": "not_applicable", "confidence": 1.0, "page": None, "passage": None}
    assert stored["ilacs_type"] == not_applicable


# A committee report as parser 0.2.2 stored it (before DfE codes: no la_code, URNs as candidates).
_STORED_BY_0_2_2: dict[str, Any] = {
    "doc_kind": "committee_report",
    "parser_version": "0.2.2",
    "page_count": 6,
    "la_name": {"value": "Gateshead", "state": "found", "confidence": 0.8, "page": 1, "passage": "Gateshead Council"},
    "urn": {"value": "80477", "state": "found", "confidence": 0.8, "page": 1, "passage": "Gateshead Council"},
    "authority_candidates": ["80477"],
    "meeting_date": {"value": "2019-01-15", "state": "found", "confidence": 0.9, "page": 1, "passage": "15 January"},
    "committee": {"value": "Cabinet", "state": "found", "confidence": 0.9, "page": 1, "passage": "Cabinet"},
    "judgements": {},
    "recommendations": [],
    "reported_events": [
        {
            "urn": "80477",
            "la_name": "Gateshead",
            "doc_kind": "sif_inspection",
            "inspection_start": "2016-06-06",
            "inspection_end": "2016-06-30",
            "publication_date": None,
            "judgements": {"overall": "requires improvement", "adoption": "good"},
            "visit_number": None,
            "source": {"page": 2, "passage": "The inspection in June 2016"},
        }
    ],
    "interventions": [{"kind": "improvement_board", "date": "2017-03-01", "source": None}],
}


def test_a_row_stored_by_an_earlier_parser_version_reads() -> None:
    parsed = ParsedDocument.from_json(_STORED_BY_0_2_2)
    assert parsed.doc_kind is DocKind.COMMITTEE_REPORT
    assert parsed.meeting_date.found_value == dt.date(2019, 1, 15)
    assert parsed.la_name.source == Source(1, "Gateshead Council")
    # Not stored by that version: not looked for, rather than a value that could not be read.
    assert parsed.la_code.state is FieldState.NOT_APPLICABLE
    [event] = parsed.reported_events
    assert event.la_code is None
    assert event.inspection_start == dt.date(2016, 6, 6)
    assert event.judgements == {"overall": Grade.REQUIRES_IMPROVEMENT, "adoption": Grade.GOOD}
    assert event.source == Source(2, "The inspection in June 2016")
    assert parsed.interventions == (Intervention("improvement_board", dt.date(2017, 3, 1)),)
    # And it is stored again in today's form, which reads back the same.
    assert ParsedDocument.from_json(parsed.to_json()) == parsed


def test_a_partial_row_takes_its_kind_from_the_document_and_reads_both_spellings_of_a_grade() -> None:
    """Rows hand-made in tests and by the demonstration data name no kind, version or confidence."""
    stored = {
        "inspection_start": {"value": "2017-05-02", "state": "found"},
        "judgements": {
            "overall": {"value": "requires improvement", "state": "found", "confidence": 0.95},
            "leadership": {"value": "requires_improvement", "state": "found"},
            "care_leavers": {"value": None, "state": "missing"},
        },
        "recommendations": [{"text": "Improve the quality of plans."}],
    }
    parsed = ParsedDocument.from_json(stored, "sif_inspection")
    assert parsed.doc_kind is DocKind.SIF_INSPECTION
    assert parsed.parser_version == ""
    assert parsed.page_count == 0
    assert parsed.inspection_start == Field(dt.date(2017, 5, 2), None, 0.0, FieldState.FOUND)
    assert parsed.judgements["overall"].found_value is Grade.REQUIRES_IMPROVEMENT
    assert parsed.judgements["leadership"].found_value is Grade.REQUIRES_IMPROVEMENT
    assert parsed.judgements["care_leavers"].state is FieldState.MISSING
    assert parsed.recommendations == (Recommendation("Improve the quality of plans."),)
    with pytest.raises(ValueError, match="what kind of document"):
        ParsedDocument.from_json({"page_count": 1})


def test_grade_reads_either_spelling_and_has_one_value_per_grade() -> None:
    assert Grade("requires improvement") is Grade("Requires Improvement") is Grade.REQUIRES_IMPROVEMENT
    assert Grade.REQUIRES_IMPROVEMENT.value == "requires_improvement"  # as Judgement.grade stores it
    assert Grade.REQUIRES_IMPROVEMENT.words == "requires improvement"
    assert Grade.REQUIRES_IMPROVEMENT.label == "Requires improvement"
    assert "requires improvement" not in Grade  # membership is by stored value only
    with pytest.raises(ValueError, match="satisfactory"):
        Grade("satisfactory")


_PARSED_FIELDS = {f.name for f in dataclasses.fields(ParsedDocument)}


@pytest.mark.parametrize("kind", DocKind.published(), ids=str)
def test_every_stored_kind_has_a_family_whose_table_names_real_attributes(kind: DocKind) -> None:
    family = kind.family
    assert isinstance(family, Family)
    assert "start_date" in family.fields
    assert set(family.fields.values()) <= _PARSED_FIELDS
    assert family.source("authority") == "la_name"
    for name, attribute in family.fields.items():
        hint = typing.get_type_hints(ParsedDocument)[attribute]
        # A dated form field is read from a date.
        if name.endswith("_date"):
            assert hint == Field[dt.date], (kind, name)
    computed = {"judgements", "recommendations_count", "authorities"}
    assert set(family.record) - computed <= _PARSED_FIELDS


@pytest.mark.parametrize("kind", DocKind.published(), ids=str)
def test_the_scoring_record_has_its_family_s_keys(kind: DocKind) -> None:
    record = to_record(ParsedDocument(kind, "x", 1), "file.pdf")
    assert list(record) == ["file", "doc_kind", "urn", "la_name", *kind.family.record]  # type: ignore[union-attr]


def test_the_scoring_record_writes_grades_as_the_truth_files_do() -> None:
    parsed = ParsedDocument(
        DocKind.ILACS_INSPECTION,
        "x",
        1,
        judgements={"overall": Field.found(Grade.REQUIRES_IMPROVEMENT), "in_care": Field.missing()},
    )
    assert to_record(parsed, "f")["judgements"] == {"overall": "requires improvement"}


def test_a_refused_kind_has_no_family() -> None:
    assert DocKind.SEND_AREA_INSPECTION.family is None
    assert DocKind.SEND_AREA_INSPECTION not in DocKind.published()
