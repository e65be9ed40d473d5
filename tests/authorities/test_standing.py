"""The standing rules (authorities/standing.py), on plain values: no database."""

from __future__ import annotations

import datetime as dt

from inspections.frameworks import FrameworkCode, grades_by_strand
from inspections.standing import NEXT, ONGOING, REPLACED, UNKNOWN, Judged, spells, standing_on

TODAY = dt.date(2026, 11, 1)


def judged(
    n: int, start: dt.date, framework: str, published: dt.date | None = None, end: dt.date | None = None, **grades: str
) -> Judged:
    return Judged(n, start, end, published, framework, grades)


def test_a_judgement_holds_from_publication_else_the_last_day_else_the_first() -> None:
    start, end, published = dt.date(2019, 3, 4), dt.date(2019, 3, 15), dt.date(2019, 4, 30)
    assert judged(1, start, "ilacs", published, end).holds_from == published
    assert judged(1, start, "ilacs", None, end).holds_from == end
    assert judged(1, start, "ilacs").holds_from_basis == "inspection began"


def test_a_targeted_inspection_alongside_leaves_the_overall_judgement_standing() -> None:
    inspections = [
        judged(1, dt.date(2010, 5, 1), FrameworkCode.SAFEGUARDING_LAC, overall="good"),
        judged(2, dt.date(2013, 7, 8), FrameworkCode.LOOKED_AFTER, children_in_care="inadequate"),
        judged(3, dt.date(2016, 3, 1), FrameworkCode.SIF, overall="requires_improvement"),
    ]
    overall = spells(inspections, "overall", TODAY)
    assert [(s.grade, s.ends) for s in overall] == [("good", NEXT), ("requires_improvement", UNKNOWN)]
    assert overall[0].end == dt.date(2016, 3, 1)  # six years after a 2009–12 inspection is within the rule


def test_ilacs_2026_replaces_the_overall_judgement_without_giving_one() -> None:
    inspections = [
        judged(1, dt.date(2022, 3, 7), FrameworkCode.ILACS, overall="inadequate"),
        judged(2, dt.date(2026, 4, 20), FrameworkCode.ILACS_2026, leadership="good"),
    ]
    (overall,) = spells(inspections, "overall", TODAY)
    assert (overall.ends, overall.end) == (REPLACED, dt.date(2026, 4, 20))
    assert standing_on((overall,), dt.date(2026, 6, 1)) is None
    (leadership,) = spells(inspections, "leadership", TODAY)
    assert leadership.ends == ONGOING


def test_the_longest_interval_depends_on_the_framework() -> None:
    slac = [judged(1, dt.date(2010, 3, 5), FrameworkCode.SAFEGUARDING_LAC, overall="good")]
    sif = [judged(1, dt.date(2010, 3, 5), FrameworkCode.SIF, overall="good")]
    six_and_a_half_years_on = dt.date(2016, 9, 5)
    assert spells(slac, "overall", six_and_a_half_years_on)[0].ends == ONGOING
    assert spells(sif, "overall", six_and_a_half_years_on)[0].ends == UNKNOWN
    assert standing_on(spells(sif, "overall", six_and_a_half_years_on), dt.date(2012, 1, 1)) == UNKNOWN


def test_the_combined_ilacs_judgement_counts_for_care_leavers_before_2023_only() -> None:
    rows = [("in_care", "children_in_care", "good")]
    assert grades_by_strand("ilacs", dt.date(2022, 12, 31), rows) == {
        "children_in_care": "good",
        "care_leavers": "good",
    }
    assert grades_by_strand("ilacs", dt.date(2023, 1, 1), rows) == {"children_in_care": "good"}
    assert grades_by_strand("sif", dt.date(2016, 1, 1), [("looked_after", "children_in_care", "good")]) == {
        "children_in_care": "good"
    }
