"""The committee briefing says only what is known (issue 13 §3): no record held is not "not inspected", and an
ILACS 2026 inspection has no overall grade in any of its tables or sentences."""

from __future__ import annotations

import datetime as dt

import pytest

from authorities.models import Authority
from improvement.briefings.build import NOT_IN_FRAMEWORK, build_briefing
from improvement.briefings.render import render_html
from inspections.frameworks import FrameworkCode
from inspections.models import EventKind
from inspections.services import EventData, upsert_event

pytestmark = pytest.mark.django_db


def _inspect(name: str, start: dt.date, framework: str, **grades: str) -> None:
    upsert_event(
        EventData(
            authority=Authority.objects.get(name=name),
            kind=EventKind.INSPECTION,
            framework=framework,
            start_date=start,
            judgements=grades,
        )
    )


def test_blackpools_2026_inspection_has_no_overall_grade_in_the_briefing(authorities: None) -> None:
    _inspect("Blackpool", dt.date(2022, 3, 7), FrameworkCode.ILACS, overall="good", in_care="good")
    _inspect("Blackpool", dt.date(2026, 4, 20), FrameworkCode.ILACS_2026, leadership="good", in_care="good")
    _inspect("Blackburn with Darwen", dt.date(2024, 1, 8), FrameworkCode.ILACS, overall="inadequate")
    blackpool = Authority.objects.select_related("region").get(name="Blackpool")
    briefing = build_briefing(blackpool, dt.date(2026, 7, 1))

    assert "gave no overall effectiveness judgement, which its framework does not make" in briefing.summary[0]
    assert "judged impact of leaders good" in briefing.summary[0]
    overall = briefing.current_grades[0]
    assert overall.value == (
        "No overall effectiveness judgement under ILACS 2026; the last, good at the ILACS inspection of March 2022, "
        "no longer stands"
    )
    subject = briefing.comparison[0]
    assert subject.grades[0] == "No overall effectiveness judgement under ILACS 2026"
    unrecorded = next(row for row in briefing.comparison if row.inspected == "No record held")
    assert set(unrecorded.grades) == {"–"}
    blackpool_alone = briefing.distribution[0]
    labels = dict(zip(briefing.grade_labels, blackpool_alone.counts, strict=True))
    assert labels[NOT_IN_FRAMEWORK] == 1
    assert labels["Good"] == 0
    england = dict(zip(briefing.grade_labels, briefing.distribution[-1].counts, strict=True))
    assert england["Inadequate"] == 1
    assert england["No record held"] == 151

    html = render_html(briefing)
    for words in ("Not inspected", "Not judged", "None recorded"):
        assert words not in html


def test_an_ilacs_2026_inspection_in_the_appendix_has_no_overall_grade(authorities: None) -> None:
    _inspect("Blackpool", dt.date(2026, 4, 20), FrameworkCode.ILACS_2026, leadership="requires_improvement")
    bury = Authority.objects.select_related("region").get(name="Bury")
    briefing = build_briefing(bury, dt.date(2026, 7, 1))
    (precis,) = [p for p in briefing.appendix if p.authority == "Blackpool"]
    assert precis.headline == "No overall effectiveness judgement under ILACS 2026"
