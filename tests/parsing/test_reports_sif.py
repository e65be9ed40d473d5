"""Single inspection framework (2013–18) reports, with and without an LSCB review."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from inspections.parsing import DocumentText, ParseContext, SourceFormat, parse_text, to_record
from inspections.parsing.people import is_person_name
from inspections.parsing.types import DocKind, FieldState
from tests.parsing._corpus import CorpusTexts
from tests.parsing._samples import judgements, parse
from tests.samples import SIF_FORMER_COUNCIL

PAGE_ONE = """1
Rochdale Borough Council
{title} of services for children in need of help and
protection, children looked after and care leavers
{lscb_title}
Inspection date: 30 September 2014 – 22 October 2014
Report published: 5 December 2014
{overall}
1. Children who need help and protection Requires
improvement
2. Children looked after and achieving
permanence
Good
2.1 Adoption performance Outstanding
2.2 Experiences and progress of care leavers Inadequate
3. Leadership, management and governance Requires improvement to be
good
"""

CONTENTS = """2
Contents
The local authority 3
Recommendations 3
The Local Safeguarding Children Board (LSCB) 4
Recommendations 4
Information about this inspection 5
"""

BODY = """3
Recommendations
Priority and immediate action
1. The inspection did not find any areas for priority action.
Areas for improvement
2. Make sure that every child has an up-to-date
plan that says who does what.
3. Improve supervision.
4.Review the fostering offer.
The local authority has the following strengths:
5. A stable workforce.
Summary for children and young people
 A bullet written for children.
"""

LSCB_SECTION = """4
The Local Safeguarding Children Board (LSCB)
The Local Safeguarding Children Board requires improvement
Executive summary
Some prose where the board is good at some things.
Recommendations
6. The board should audit more cases.
7. The board should publish its report on time.
Inspection findings – the Local Safeguarding Children Board
8. A finding.
"""

TEAM = """5
Information about this inspection
The inspection team
Lead inspector: Pat Example HMI
Deputy lead inspector: Sam Second
"""

LSCB_TITLE = "and\nReview of the effectiveness of the Local Safeguarding Children\nBoard1"


def sif(
    title: str = "Inspection",
    lscb_title: str = LSCB_TITLE,
    overall: str = "The overall judgement is that children’s services require\nimprovement",
):
    return parse(
        PAGE_ONE.format(title=title, lscb_title=lscb_title, overall=overall),
        CONTENTS,
        BODY,
        LSCB_SECTION,
        TEAM,
    )


def test_it_recognises_a_sif_report() -> None:
    assert sif().doc_kind is DocKind.SIF_INSPECTION


def test_it_reads_all_seven_judgements() -> None:
    assert judgements(sif()) == {
        "overall": "requires_improvement",
        "help_and_protection": "requires_improvement",
        "looked_after": "good",
        "adoption": "outstanding",
        "care_leavers": "inadequate",
        "leadership": "requires_improvement",
        "lscb": "requires_improvement",
    }


def test_it_reads_the_overall_judgement_from_the_children_s_services_sentence() -> None:
    parsed = sif(overall="Children’s services in Rochdale Borough Council are\ninadequate")
    assert judgements(parsed)["overall"] == "inadequate"


def test_it_reads_dates_publication_and_the_lead_inspector_from_the_team_list() -> None:
    parsed = sif()
    assert (parsed.inspection_start.value, parsed.inspection_end.value) == (
        dt.date(2014, 9, 30),
        dt.date(2014, 10, 22),
    )
    assert parsed.publication_date.value == dt.date(2014, 12, 5)
    assert parsed.lead_inspector.value == "Pat Example"
    assert parsed.urn.value == "80542"


def test_it_counts_the_authority_s_recommendations_without_strengths_or_none_statements() -> None:
    parsed = sif()
    assert [r.text for r in parsed.recommendations] == [
        "Make sure that every child has an up-to-date plan that says who does what.",
        "Improve supervision.",
        "Review the fostering offer.",
    ]


def test_it_keeps_the_lscb_recommendations_apart() -> None:
    assert len(sif().lscb_recommendations) == 2


def test_it_makes_no_lscb_judgement_for_a_re_inspection_without_a_review() -> None:
    parsed = sif(title="Re-inspection", lscb_title="")
    assert parsed.doc_kind is DocKind.SIF_INSPECTION
    assert "lscb" not in parsed.judgements


def test_it_marks_an_unreadable_overall_judgement_missing() -> None:
    parsed = sif(overall="")
    assert not parsed.judgements["overall"].is_found
    assert "overall" not in judgements(parsed)


def test_it_reads_the_overall_judgement_when_the_authority_s_name_wraps() -> None:
    parsed = sif(overall="Children’s services in Rochdale Borough\nCouncil require improvement to be good")
    assert judgements(parsed)["overall"] == "requires_improvement"


def test_it_pairs_a_table_that_came_out_column_by_column() -> None:
    columns = (
        "The overall judgement is good\n"
        "1. Children who need help and protection\n2. Children looked after and achieving permanence\n"
        "2.1 Adoption performance\n2.2 Experiences and progress of care leavers\n"
        "3. Leadership, management and governance\n"
        "Requires improvement\nGood\nOutstanding\nInadequate\nGood\n"
    )
    page = PAGE_ONE.split("{overall}")[0].format(title="Inspection", lscb_title="") + columns
    found = judgements(parse(page, CONTENTS, BODY, TEAM))
    assert found == {
        "overall": "good",
        "help_and_protection": "requires_improvement",
        "looked_after": "good",
        "adoption": "outstanding",
        "care_leavers": "inadequate",
        "leadership": "good",
    }


def test_it_stops_the_recommendations_at_a_strengths_heading() -> None:
    body = BODY.replace("The local authority has the following strengths:", "Strengths")
    parsed = parse(PAGE_ONE.format(title="Inspection", lscb_title=LSCB_TITLE, overall=""), CONTENTS, body, TEAM)
    assert len(parsed.recommendations) == 3


def test_a_report_on_a_former_council_gives_the_urn_its_successor_is_looked_up_under() -> None:
    # Dorset County Council has no row in Ofsted's lookup; Dorset Council replaced it in 2019.
    parsed = parse_text(DocumentText(SourceFormat.TEXT, (SIF_FORMER_COUNCIL,)))
    assert parsed.doc_kind is DocKind.SIF_INSPECTION
    assert (parsed.la_name.value, parsed.urn.value, parsed.la_code.value) == ("Dorset County Council", "2532283", "835")
    record = to_record(parsed, "dorset.txt")
    assert (record["urn"], record["la_name"]) == ("2532283", "Dorset County Council")
    assert (record["inspection_start"], record["publication_date"]) == ("2016-06-06", "2016-09-02")
    assert record["lead_inspector"] == "Pat Example"
    assert judgements(parsed) == {
        "overall": "requires_improvement",
        "help_and_protection": "requires_improvement",
        "looked_after": "requires_improvement",
        "adoption": "good",
        "care_leavers": "requires_improvement",
        "leadership": "requires_improvement",
        "lscb": "requires_improvement",
    }
    assert record["recommendations_count"] == 2


FULL_TEAM = """5
Information about this inspection
The inspection team consisted of seven of His Majesty’s Inspectors (HMI) from Ofsted.
The inspection team
Lead inspector: Pat Example HMI
Deputy lead inspector Sam Second HMI
Team inspectors: Ann Other (HMI), Bo Jones (OI) Cy Smith-
Brown HMI, Di Green Contracted Inspector, Ed
Black and Flo White (additional inspector)
Shadow inspectors: Gus Grey
Senior data analyst: Hal Blue
Quality assurance manager: Ivy Red, Senior HMI
12
Any complaints about the inspection should be made following the procedures.
"""


def test_it_reads_the_inspection_team_lead_deputy_and_team_inspectors_but_not_the_support_staff() -> None:
    page = PAGE_ONE.format(title="Inspection", lscb_title=LSCB_TITLE, overall="")
    parsed = parse(page, CONTENTS, BODY, LSCB_SECTION, FULL_TEAM)
    assert parsed.inspectors.value == (
        "Pat Example",
        "Sam Second",
        "Ann Other",
        "Bo Jones",
        "Cy Smith-Brown",
        "Di Green",
        "Ed Black",
        "Flo White",
    )
    assert parsed.inspectors.source is not None
    assert parsed.inspectors.source.page == 5


def test_a_team_list_wrapped_over_blank_lines_of_a_text_upload_is_read_whole() -> None:
    team = "The inspection team\n\nLead inspector: Pat Example\n\nTeam inspectors: Ann Other, Bo Jones,\n\nCy Brown\n"
    page = PAGE_ONE.format(title="Inspection", lscb_title=LSCB_TITLE, overall="")
    parsed = parse(page, CONTENTS, BODY, team)
    assert parsed.inspectors.value == ("Pat Example", "Ann Other", "Bo Jones", "Cy Brown")


def test_a_sif_report_without_a_team_list_has_its_inspectors_unread_not_inapplicable() -> None:
    page = PAGE_ONE.format(title="Inspection", lscb_title=LSCB_TITLE, overall="")
    parsed = parse(page, CONTENTS, BODY, "5\nInformation about this inspection\n")
    assert parsed.inspectors.state is FieldState.MISSING


def test_a_stray_letter_or_footnote_mark_before_a_grade_does_not_hide_it() -> None:
    page = PAGE_ONE.format(title="Inspection", lscb_title=LSCB_TITLE, overall="").replace(
        "care leavers Inadequate", "care leavers\ts Inadequate"
    )
    page = page.replace("2.1 Adoption performance Outstanding", "2.1 Adoption performance * Outstanding")
    found = judgements(parse(page, CONTENTS, BODY, TEAM))
    assert (found["care_leavers"], found["adoption"]) == ("inadequate", "outstanding")


def test_a_word_before_a_grade_in_prose_is_not_a_stray_mark() -> None:
    lscb = LSCB_SECTION.replace(
        "The Local Safeguarding Children Board requires improvement", "The Local Safeguarding Children Board is a good"
    )
    page = PAGE_ONE.format(title="Inspection", lscb_title=LSCB_TITLE, overall="")
    assert "lscb" not in judgements(parse(page, CONTENTS, BODY, lscb, TEAM))


def _recommendations_of(body: str) -> list[str]:
    page = PAGE_ONE.format(title="Inspection", lscb_title=LSCB_TITLE, overall="")
    return [r.text for r in parse(page, CONTENTS, body, LSCB_SECTION, TEAM).recommendations]


EARLY_LETTERED = """3
What does the local authority need to improve?
Priority and immediate action
(a) Make sure that strategy discussions include the police.
Areas for improvement
(b) Improve the quality of assessments so that they:
(i) consider risk
(ii) are timely.
(c) Review the fostering offer.
Summary for children and young people
 A bullet written for children.
"""

EARLY_BRACKETED = EARLY_LETTERED.replace("(a)", "(1)").replace("(b)", "(2)").replace("(c)", "(3)")

BARE_NUMBERS = """3
What does the local authority need to improve?
Areas for improvement
21.
Make sure that strategy discussions include the police.
22.
Improve the quality of assessments, so that:
 they consider risk
 they are timely.
23.
Review the fostering offer.
The local authority has the following strengths:
24. A stable workforce.
"""

SUBHEADED = """3
Recommendations
1. Children who need help and protection
a) Make sure that strategy discussions include the police.
b) Improve the quality of assessments for children aged 16 to
17. Assessments should consider risk.
c) Reduce caseloads.
2. Leadership, management and governance
a) Review the fostering offer.
b) Strengthen the corporate parenting board.
c) Publish the sufficiency strategy.
Summary for children and young people
 A bullet written for children.
"""

OUT_OF_SEQUENCE = """3
Recommendations
1. Make sure that strategy discussions include the police.
2. Improve the quality of assessments for young people aged 16 to
18. Assessments should consider risk.
3. Review the fostering offer, so that:
a) carers are paid on time
b) carers are trained.
Summary for children and young people
4. A numbered paragraph of the summary.
"""


INTRODUCED = """3
What does the local authority need to improve?
Areas for improvement
21. The local authority and its partners should:
(a) make sure that strategy discussions include the police
(b) improve the quality of assessments
(c) review the fostering offer.
22. Strengthen the response to children who go missing by ensuring that:
 return interviews happen
 their findings are used.
Progress since the last inspection
23. Leaders have improved the service.
"""


@pytest.mark.parametrize(
    ("body", "count"),
    [
        (EARLY_LETTERED, 3),
        (EARLY_BRACKETED, 3),
        (BARE_NUMBERS, 3),
        (SUBHEADED, 6),
        (OUT_OF_SEQUENCE, 3),
        (INTRODUCED, 4),
    ],
    ids=[
        "lettered",
        "bracketed-numbers",
        "numbers-on-their-own-lines",
        "sub-headed-groups",
        "out-of-sequence",
        "introduced-by-a-numbered-paragraph",
    ],
)
def test_it_counts_recommendations_in_each_numbering_style(body: str, count: int) -> None:
    assert len(_recommendations_of(body)) == count


def test_sub_points_join_their_recommendation() -> None:
    texts = _recommendations_of(BARE_NUMBERS)
    assert texts[1].startswith("Improve the quality of assessments, so that:")
    assert "they are timely" in texts[1]


def test_a_contents_entry_whose_page_number_is_on_the_next_line_is_not_the_section() -> None:
    contents = (
        "2\nContents\nWhat does the local authority need to improve?\n3\nSummary for children and young people\n4\n"
    )
    page = PAGE_ONE.format(title="Inspection", lscb_title=LSCB_TITLE, overall="")
    parsed = parse(page, contents, EARLY_LETTERED.replace("(a)", "1.").replace("(b)", "2.").replace("(c)", "3."), TEAM)
    assert len(parsed.recommendations) == 3


def test_a_list_under_areas_for_improvement_alone_is_counted() -> None:
    body = EARLY_LETTERED.replace("What does the local authority need to improve?\nPriority and immediate action\n", "")
    body = body.replace("3\n", "3\nAreas for improvement\n", 1).replace("\nAreas for improvement\n(b)", "\n(b)")
    assert len(_recommendations_of(body)) == 3


def test_numbered_body_paragraphs_after_a_summary_of_findings_heading_are_not_recommendations() -> None:
    body = (
        "3\nRecommendations\n1. Make sure that strategy discussions include the police.\n"
        "2. Review the fostering offer.\nSummary of findings\n3. Leaders know their services well.\n"
        "4. Social workers visit children often.\n"
    )
    assert len(_recommendations_of(body)) == 2


@pytest.mark.slow
def test_every_sif_report_of_the_corpus_names_its_team_with_the_lead_first(
    corpus_dir: Path, corpus_text: CorpusTexts
) -> None:
    rows = [json.loads(line) for line in (corpus_dir / "truth.jsonl").read_text(encoding="utf-8").splitlines()]
    sif_rows = [row for row in rows if row["doc_kind"] == "sif_inspection"]
    assert sif_rows
    for row in sif_rows:
        path = corpus_dir / "ofsted" / row["file"]
        parsed = parse_text(corpus_text(path), ParseContext(filename=path.name))
        team = parsed.inspectors.value or ()
        assert len(team) >= 4, (row["file"], team)
        assert team[0] == row["lead_inspector"], (row["file"], team)
        assert all(is_person_name(name) and "Inspector" not in name for name in team), (row["file"], team)
