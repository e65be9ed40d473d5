"""ILACS reports (2018–March 2026) and reformed ILACS reports (from April 2026)."""

from __future__ import annotations

import datetime as dt

from inspections.parsing.types import DocKind
from tests.parsing._samples import judgements, parse, parse_plain

PAGE_ONE = """Inspection of Bury local authority
children’s services
Inspection dates: {dates}
Lead inspector: Pat Example, His Majesty’s Inspector
Judgement Grade
The impact of leaders on social work
practice with children and families
Good
The experiences and progress of
children who need help and protection
Requires improvement to be good
The experiences and progress of
children in care
Outstanding
The experiences and progress of care
leavers
Good
{overall}
Summary prose that mentions good work and inadequate housing in passing.
"""

PAGE_TWO = """Inspection of Bury local authority children’s services
{dates} 2
What needs to improve?
◼ How plans are reviewed (outcome 3, national framework)
- including plans for disabled children
- and for children placed far away
◼ Supervision that makes a difference
◼ Timely life-story work for children in care
The experiences and progress of children who need help and
protection: requires improvement to be good
1. A numbered paragraph of findings.
2. Another numbered paragraph.
"""


def ilacs(dates: str = "9 to 20 June 2025", overall: str = "Overall effectiveness Good"):
    return parse(PAGE_ONE.format(dates=dates, overall=overall), PAGE_TWO.format(dates=dates))


def test_it_recognises_an_ilacs_report() -> None:
    assert ilacs().doc_kind is DocKind.ILACS_INSPECTION


def test_it_reads_the_judgement_table() -> None:
    assert judgements(ilacs()) == {
        "leadership": "good",
        "help_and_protection": "requires_improvement",
        "in_care": "outstanding",
        "care_leavers": "good",
        "overall": "good",
    }


def test_it_reads_the_dates_lead_inspector_and_authority() -> None:
    parsed = ilacs()
    assert parsed.inspection_start.value == dt.date(2025, 6, 9)
    assert parsed.inspection_end.value == dt.date(2025, 6, 20)
    assert parsed.lead_inspector.value == "Pat Example"
    assert parsed.urn.value == "80443"


def test_it_gives_each_judgement_a_page_and_passage() -> None:
    field = ilacs().judgements["in_care"]
    assert field.source is not None
    assert field.source.page == 1
    assert "children in care" in field.source.passage


def test_it_calls_two_weeks_on_site_standard() -> None:
    assert ilacs().ilacs_type.value == "standard"


def test_it_calls_one_week_on_site_short() -> None:
    assert ilacs(dates="2 to 6 December 2024").ilacs_type.value == "short"


def test_it_counts_the_days_on_site_of_a_two_part_inspection_not_the_gap_between() -> None:
    split_week = ilacs(dates="2 to 4 December and 9 to 10 December 2024")
    assert (split_week.inspection_start.value, split_week.inspection_end.value) == (
        dt.date(2024, 12, 2),
        dt.date(2024, 12, 10),
    )
    assert split_week.ilacs_type.value == "short"
    assert ilacs(dates="9 to 13 March 2020 and 14 to 18 September 2020").ilacs_type.value == "standard"


def test_it_counts_the_improvement_bullets_but_not_their_sub_points() -> None:
    assert len(ilacs().recommendations) == 3


def test_it_does_not_print_a_publication_date_it_was_not_given() -> None:
    assert not ilacs().publication_date.is_found


def test_it_files_a_joint_children_in_care_and_care_leavers_grade_under_in_care() -> None:
    page = """Inspection of Bury local authority children’s services
Inspection dates: 4 to 15 March 2019
Lead inspector: Pat Example
Judgement Grade
The impact of leaders on social work practice with children
and families Inadequate
The experiences and progress of children who need help and
protection Inadequate
The experiences and progress of children in care and care
leavers Requires improvement
Overall effectiveness Inadequate
"""
    found = judgements(parse(page))
    assert found["in_care"] == "requires_improvement"
    assert "care_leavers" not in found


def test_it_reads_a_reformed_2026_report_without_an_overall_grade() -> None:
    parsed = ilacs(dates="8 to 19 June 2026", overall="")
    assert parsed.doc_kind is DocKind.ILACS_2026_INSPECTION
    assert "overall" not in judgements(parsed)


def test_it_keeps_an_early_2026_report_with_an_overall_grade_in_the_old_framework() -> None:
    assert ilacs(dates="9 to 13 February 2026").doc_kind is DocKind.ILACS_INSPECTION


def test_it_reads_a_markdown_text_upload() -> None:
    text = "# " + PAGE_ONE.format(dates="9 to 20 June 2025", overall="**Overall effectiveness** | Good")
    parsed = parse_plain(text)
    assert judgements(parsed)["overall"] == "good"


def test_it_leaves_a_grade_missing_rather_than_taking_one_from_prose() -> None:
    page = PAGE_ONE.format(dates="9 to 20 June 2025", overall="Overall effectiveness").replace(
        "children in care\nOutstanding", "children in care"
    )
    found = judgements(parse(page))
    assert "in_care" not in found
    assert "overall" not in found


COLUMNS = """Inspection of Bury local authority children’s services
Inspection dates: 9 to 20 June 2025
Lead inspector: Pat Example, His Majesty’s Inspector
Judgement
The impact of leaders on social work practice with children and families
The experiences and progress of children who need help and protection
The experiences and progress of children in care
The experiences and progress of care leavers
Overall effectiveness
Grade
Good
Requires improvement to be good
Outstanding
Inadequate
Requires improvement to be good
Summary prose that mentions good work in passing.
"""


def test_it_pairs_a_judgement_table_that_came_out_column_by_column() -> None:
    assert judgements(parse(COLUMNS)) == {
        "leadership": "good",
        "help_and_protection": "requires_improvement",
        "in_care": "outstanding",
        "care_leavers": "inadequate",
        "overall": "requires_improvement",
    }


def test_it_reads_a_report_whose_summary_mentions_a_monitoring_visit() -> None:
    page = PAGE_ONE.format(dates="8 to 19 June 2026", overall="").replace(
        "Summary prose", "Since the last monitoring visit to the council, leaders have acted. Summary prose"
    )
    parsed = parse(page, PAGE_TWO.format(dates="8 to 19 June 2026"))
    assert parsed.doc_kind is DocKind.ILACS_2026_INSPECTION
    assert len(parsed.recommendations) == 3


def test_it_reads_a_grade_followed_by_a_footnote_mark() -> None:
    parsed = ilacs(overall="Overall effectiveness Good1")
    assert judgements(parsed)["overall"] == "good"


def test_it_reads_the_authority_a_name_shared_with_a_former_council_names() -> None:
    page = PAGE_ONE.format(dates="9 to 20 June 2025", overall="Overall effectiveness Good").replace("Bury", "Dorset")
    assert parse(page).urn.value == "2532283"


def test_it_counts_a_recommendations_list_when_there_is_no_what_needs_to_improve_heading() -> None:
    second = PAGE_TWO.format(dates="9 to 20 June 2025").replace("What needs to improve?", "Recommendations")
    parsed = parse(PAGE_ONE.format(dates="9 to 20 June 2025", overall="Overall effectiveness Good"), second)
    assert len(parsed.recommendations) == 3
