"""A kind of document is registered once (its DocKind member: family and framework); publishing, the review form and
the review screen's provenance all read that registration and the family's one table of fields."""

from __future__ import annotations

from typing import Any

import pytest

from authorities.models import Authority
from inspections import review
from inspections.forms import ReviewForm
from inspections.frameworks import FrameworkCode, framework_for
from inspections.models import Document, DocumentStatus, EventKind
from inspections.parsing import DocKind
from inspections.publishing import KIND_MAP, doc_kind_label, events_from_extraction
from inspections.search import DOC_KIND_CHOICES
from tests.factories import DocumentFactory


@pytest.mark.parametrize("kind", DocKind.published(), ids=str)
def test_every_stored_kind_is_published_as_its_registration_says(kind: DocKind) -> None:
    assert kind.family is not None
    event_kind, framework = KIND_MAP[str(kind)]
    assert event_kind == EventKind(kind.family.event_kind)
    if "judgements" in kind.family.fields:
        assert framework_for(framework) is not None  # a graded kind names a framework this project knows
    else:
        assert framework == ""
    assert framework in {"", *FrameworkCode.values}
    assert str(kind) in dict(DOC_KIND_CHOICES)
    assert doc_kind_label(str(kind))


def test_refused_kinds_are_never_published() -> None:
    assert str(DocKind.SEND_AREA_INSPECTION) not in KIND_MAP


def _found(value: Any, page: int) -> dict[str, Any]:
    return {"value": value, "state": "found", "confidence": 0.9, "page": page, "passage": f"read on page {page}"}


def _document(kind: DocKind, extracted: dict[str, Any]) -> Document:
    return DocumentFactory(
        doc_kind=str(kind),
        status=DocumentStatus.NEEDS_REVIEW,
        authority=Authority.objects.get(slug="bury"),
        extracted=extracted,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("kind", DocKind.published(), ids=str)
def test_the_form_provenance_and_publishing_read_one_table(authorities: None, kind: DocKind) -> None:
    """Each date field the family gives is read from its attribute alone: the form starts from it, the provenance
    points at its page, and publishing stores it."""
    family = kind.family
    assert family is not None
    dates = {"start_date": "2019-01-15", "end_date": "2019-01-18", "published_date": "2019-02-20"}
    asked = {name: page for page, name in enumerate(dates, start=2) if name in family.fields}
    # Every date attribute of the parse is found, each with its own value, so reading the wrong one shows.
    decoys = ["inspection_start", "inspection_end", "publication_date", "visit_start", "visit_end", "letter_date"]
    extracted = {name: _found(f"2001-01-{day:02d}", 90) for day, name in enumerate([*decoys, "meeting_date"], 1)}
    extracted |= {family.fields[name]: _found(dates[name], page) for name, page in asked.items()}
    document = _document(kind, extracted)

    [event, *_] = events_from_extraction(document, strict=False)
    form = ReviewForm(initial_event=event, doc_kind=str(kind), found=review.found_fields(document))
    said = review.sources(document, list(asked))
    for name, page in asked.items():
        assert str(getattr(event, name)) == dates[name], name
        assert str(form.initial[name]) == dates[name], name
        assert said[name].page == page, name
    assert set(review.found_fields(document)) >= set(asked)
    shown = {name for name in form.fields if name != "version" and not name.endswith("_absent")}
    graded = {name for name in shown if name.startswith("judgement_")}
    assert shown - graded == {"authority"} | set(family.fields) - {"judgements"}
    assert bool(graded) == ("judgements" in family.fields)
    if family.areas is not None:
        assert graded == {f"judgement_{area}" for area in family.areas}
    for name, label in family.labels.items():
        assert form.fields[name].label == label


@pytest.mark.django_db
def test_a_committee_report_is_asked_its_meeting_date(authorities: None) -> None:
    document = _document(DocKind.COMMITTEE_REPORT, {"meeting_date": _found("2019-01-15", 1)})
    [event] = events_from_extraction(document)
    form = ReviewForm(initial_event=event, doc_kind="committee_report")
    assert form.fields["start_date"].label == "Meeting date"
    assert set(form.fields) == {"version", "authority", "start_date"}
