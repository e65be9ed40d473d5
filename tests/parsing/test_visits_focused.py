"""Focused-visit letters: sample letters written for these tests, then the shared corpus."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from inspections.parsing import DocumentText, SourceFormat, parse_text, to_record
from inspections.parsing.kinds.focused import theme_of
from tests.parsing._corpus import CorpusTexts


def _parse(text: str):
    return parse_text(DocumentText(SourceFormat.TEXT, (text,)))


LETTER_2023 = """Ofsted
Piccadilly Gate
Store Street
Manchester
M1 2WD
14 June 2023
A Director
Director of Children's Services
Bury Council
Dear A Director
Focused visit to Bury children's services
This letter summarises the findings of the focused visit to Bury children's services on 9 and
10 May 2023. His Majesty's Inspectors for this visit were Ann Example and Bob Sample-Smith.
Inspectors looked at the local authority's arrangements for care leavers.
This visit was carried out in line with the inspection of local authority children's services
(ILACS) framework.
Headline findings
Young people leaving care in the borough get steady support from advisers who know them.
What needs to improve in this area of social work practice?
\u25fc The timeliness of pathway plan reviews.
\u25fc The recording of supervision, so that decisions
are easy to follow.
Main findings
Advisers keep in touch with most young people.
Yours sincerely
Ann Example
His Majesty's Inspector
"""


def test_it_reads_a_standard_focused_visit_letter() -> None:
    parsed = _parse(LETTER_2023)
    record = to_record(parsed, "x")
    assert record["doc_kind"] == "focused_visit"
    assert record["urn"] == "80443"
    assert record["visit_start"] == "2023-05-09"
    assert record["visit_end"] == "2023-05-10"
    assert record["letter_date"] == "2023-06-14"
    assert record["inspectors"] == ["Ann Example", "Bob Sample-Smith"]
    assert record["focus_theme"] == "care_leavers"
    assert record["focus_text"].startswith("Inspectors looked at the local authority's arrangements for care leavers")
    assert record["priority_actions"] is False
    assert record["improvement_count"] == 2
    assert parsed.visit_start.source is not None
    assert parsed.visit_start.source.page == 1


LETTER_2018 = """23 March 2018
Dear Mr Director
Focused visit to Trafford local authority children\u2019s services
This letter summarises the findings of a focused visit to Trafford local authority children\u2019s
services on 31 January and 1 February 2018. The inspectors were Carol Example, Her Majesty\u2019s
Inspector, HMI Dan Sample, Her Majesty\u2019s Inspector, and Eve Person (HMI designate).
Inspectors considered the local authority\u2019s arrangements for children who need help and
protection. Specifically, they considered decision-making in the multi-agency safeguarding hub
(MASH) and the first response team.
Inspectors looked at a range of evidence, including case records.
Overview
The hub works well.
Areas for priority action
There are no priority actions following this visit.
What needs to improve in this area of social work practice
\uf06e Management oversight of contacts.
\uf06e The quality of strategy discussions.
\uf06e Caseloads in the duty team.
Findings
\uf06e Contacts are screened quickly.
"""


def test_it_reads_an_early_letter_with_titles_between_the_names() -> None:
    record = to_record(_parse(LETTER_2018), "x")
    assert record["inspectors"] == ["Carol Example", "Dan Sample", "Eve Person"]
    assert record["visit_start"] == "2018-01-31"
    assert record["visit_end"] == "2018-02-01"
    assert record["urn"] == "80573"


def test_it_takes_the_theme_from_the_specific_sentence_when_the_first_is_general() -> None:
    assert to_record(_parse(LETTER_2018), "x")["focus_theme"] == "front_door"


def test_it_reads_a_priority_action_section_that_sets_none_as_false() -> None:
    record = to_record(_parse(LETTER_2018), "x")
    assert record["priority_actions"] is False
    assert record["improvement_count"] == 3


def test_it_reads_priority_actions_when_the_letter_sets_them() -> None:
    text = LETTER_2018.replace(
        "There are no priority actions following this visit.",
        "\uf06e The timeliness of strategy meetings for children at risk.",
    )
    assert to_record(_parse(text), "x")["priority_actions"] is True


COVID_LETTER = """11 December 2020
Dear Director
Focused visit to Torbay children's services
This letter summarises the findings of a focused visit to Torbay children's services on 3 to 5
November 2020. The visit was carried out by Her Majesty's Inspectors Fay Example, Gus Sample and
Hal Person.
Ofsted is examining how children's social care has worked during the COVID-19 pandemic.
The visit was carried out remotely, by video call.
What needs to improve in this area of social work practice
The areas for improvement continue to be those identified at the last inspection.
Findings
\u25fc Leaders responded quickly.
"""


def test_it_reads_a_pandemic_visit_without_a_single_focus_as_covid_arrangements() -> None:
    record = to_record(_parse(COVID_LETTER), "x")
    assert record["focus_theme"] == "covid_arrangements"
    assert record["inspectors"] == ["Fay Example", "Gus Sample", "Hal Person"]
    assert record["visit_start"] == "2020-11-03"
    assert record["visit_end"] == "2020-11-05"
    assert record["improvement_count"] == 0


def test_it_leaves_the_improvement_count_empty_when_the_letter_has_no_such_list() -> None:
    text = LETTER_2023.split("What needs to improve")[0] + "Main findings\nAll is well.\n"
    assert to_record(_parse(text), "x")["improvement_count"] is None


def test_it_finds_the_letter_date_when_the_address_block_comes_after_the_body() -> None:
    lines = LETTER_2023.split("\n")
    moved = "\n".join(lines[6:12] + lines[:6] + lines[12:])
    assert to_record(_parse(moved), "x")["letter_date"] == "2023-06-14"


def test_it_leaves_the_letter_date_missing_when_none_is_printed() -> None:
    parsed = _parse(LETTER_2023.replace("14 June 2023\n", ""))
    assert not parsed.letter_date.is_found


def test_it_repairs_a_year_typo_in_the_visit_dates() -> None:
    text = LETTER_2023.replace("on 9 and\n10 May 2023", "on 9 May 2022 to 10 May 2023")
    parsed = _parse(text)
    assert parsed.visit_start.value == dt.date(2023, 5, 9)
    assert parsed.visit_start.confidence < 0.9


@pytest.mark.parametrize(
    ("statement", "theme"),
    [
        ("arrangements for the 'front door'.", "front_door"),
        ("arrangements for providing help and protection for vulnerable adolescents.", "extra_familial_risk"),
        (
            "arrangements for children at risk of exploitation and those who go missing.",
            "extra_familial_risk",
        ),
        ("arrangements for permanence planning, including for children looked after.", "permanence"),
        (
            "arrangements for children in need and those on a child protection plan.",
            "children_in_need_and_protection",
        ),
        (
            "arrangements for children subject to a child-in-need plan, including disabled children.",
            "children_in_need_and_protection",
        ),
        ("arrangements for disabled children.", "disabled_children"),
        ("arrangements for placement decision-making for older children.", "children_in_care"),
        ("arrangements for children in care.", "children_in_care"),
        ("arrangements for care leavers aged 18 to 25.", "care_leavers"),
        ("arrangements for private fostering assessments in schools.", "children_in_care"),
        ("arrangements for unaccompanied asylum-seeking children.", "children_in_care"),
        ("arrangements for youth offending.", "other"),
        # A specific area of practice outranks the children it concerns.
        (
            "arrangements for children in need and those subject to a child protection plan at the 'front door'.",
            "front_door",
        ),
        ("arrangements for children in need at the point of first contact.", "front_door"),
        ("arrangements for children in care, with a focus on achieving permanence.", "permanence"),
        ("arrangements for children in care who need permanent homes.", "permanence"),
        ("arrangements for children in need, focusing on children who are disabled.", "disabled_children"),
        ("arrangements for children and young people with disabilities.", "disabled_children"),
        ("arrangements for children in care and care leavers aged 18 to 25.", "care_leavers"),
        ("arrangements for young people who have left care.", "care_leavers"),
        ("arrangements for children in care aged 16 and 17 who are preparing to leave care.", "care_leavers"),
        ("arrangements for care-experienced young adults.", "care_leavers"),
    ],
)
def test_it_derives_the_focus_theme_from_the_statement(statement: str, theme: str) -> None:
    assert theme_of("Inspectors looked at the local authority's " + statement)[0] == theme


def _truth(corpus_dir: Path) -> dict[str, dict]:
    lines = (corpus_dir / "focused_truth.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return {row["file"]: row for row in rows}


FIELDS = (
    "doc_kind",
    "urn",
    "visit_start",
    "visit_end",
    "letter_date",
    "focus_theme",
    "priority_actions",
    "improvement_count",
)


@pytest.mark.slow
def test_it_reads_every_focused_visit_field_of_the_corpus_at_98_percent(
    corpus_dir: Path, corpus_text: CorpusTexts
) -> None:
    truth = _truth(corpus_dir)
    right = dict.fromkeys((*FIELDS, "inspectors"), 0)
    for name, row in truth.items():
        record = to_record(parse_text(corpus_text(corpus_dir / "focused" / name)), name)
        for key in FIELDS:
            right[key] += record.get(key) == row.get(key)
        right["inspectors"] += sorted(n.casefold() for n in record["inspectors"]) == sorted(
            n.casefold() for n in row["inspectors"]
        )
    shares = {key: count / len(truth) for key, count in right.items()}
    assert all(share >= 0.98 for share in shares.values()), shares


def test_it_reads_inspectors_named_with_accents_and_in_sentences_of_their_own() -> None:
    text = LETTER_2023.replace(
        "His Majesty's Inspectors for this visit were Ann Example and Bob Sample-Smith.",
        "The lead inspector was Zoë Ahmed, His Majesty's Inspector. The team inspector was\n"
        "Anne-Marie de Souza, Senior His Majesty's Inspector.",
    )
    assert to_record(_parse(text), "x")["inspectors"] == ["Zoë Ahmed", "Anne-Marie de Souza"]


def test_it_reads_the_focus_from_a_sentence_about_the_visit() -> None:
    text = LETTER_2023.replace(
        "Inspectors looked at the local authority's arrangements for care leavers.",
        "This visit looked at the local authority's arrangements for children in care.",
    )
    record = to_record(_parse(text), "x")
    assert record["focus_theme"] == "children_in_care"
    assert record["focus_text"].startswith("This visit looked at")


def test_a_letter_to_a_former_council_gives_its_successors_urn_and_its_own_code() -> None:
    # Bournemouth joined Christchurch and Poole in 2019 and has no row of its own in Ofsted's lookup.
    letter = (
        LETTER_2023.replace("2023", "2018")
        .replace("Bury Council", "Bournemouth Borough Council")
        .replace("Bury children's services", "Bournemouth children's services")
    )
    parsed = _parse(letter)
    assert (parsed.urn.value, parsed.la_code.value) == ("2532287", "837")
    assert to_record(parsed, "x")["urn"] == "2532287"


def test_a_name_hyphenated_across_a_line_end_keeps_its_hyphen_and_social_care_is_no_inspector() -> None:
    text = LETTER_2023.replace(
        "His Majesty's Inspectors for this visit were Ann Example and Bob Sample-Smith.",
        "The inspectors were Ann Example, His Majesty's Inspector, Social Care, and Bob Sample-\n"
        "Smith, His Majesty's Inspector (Social Care).",
    )
    assert to_record(_parse(text), "x")["inspectors"] == ["Ann Example", "Bob Sample-Smith"]


def test_it_reads_the_focus_from_the_summary_sentence_when_no_statement_follows() -> None:
    text = LETTER_2023.replace(
        "on 9 and\n10 May 2023.", "on 9 and\n10 May 2023, which looked at the arrangements for the 'front door'."
    ).replace("Inspectors looked at the local authority's arrangements for care leavers.\n", "")
    assert to_record(_parse(text), "x")["focus_theme"] == "front_door"


def test_a_method_sentence_is_not_the_statement_of_what_the_visit_looked_at() -> None:
    text = LETTER_2023.replace(
        "Inspectors looked at the local authority's arrangements for care leavers.",
        "Inspectors looked at 20 children's case records, including those of children in care.\n"
        "Inspectors looked at the local authority's arrangements for care leavers.",
    )
    assert to_record(_parse(text), "x")["focus_theme"] == "care_leavers"


def test_a_date_wrapped_onto_its_own_line_is_not_taken_for_a_missing_letterhead_date() -> None:
    text = LETTER_2023.replace("14 June 2023\n", "").replace(
        "on 9 and\n10 May 2023. His Majesty's", "on 9 and\n10 May 2023.\nHis Majesty's"
    )
    record = to_record(_parse(text), "x")
    assert record["letter_date"] is None
    assert (record["visit_start"], record["visit_end"]) == ("2023-05-09", "2023-05-10")


LETTER_DATES_IN_BODY = """Dear A Director
Focused visit to Bury children's services
His Majesty's Inspectors for this visit were Ann Example and Bob Sample.
The previous focused visit was on 3 and 4 March 2021.
The visit took place on 9 and 10 May 2023 and was carried out in line with the inspection of local
authority children's services (ILACS) framework.
Inspectors looked at the local authority's arrangements for the 'front door'.
Headline findings
Decisions are timely.
Yours sincerely
Ann Example
"""


def test_it_reads_visit_dates_stated_only_in_the_body_of_a_letter_without_letterhead() -> None:
    record = to_record(_parse(LETTER_DATES_IN_BODY), "x")
    assert record["doc_kind"] == "focused_visit"
    assert (record["visit_start"], record["visit_end"]) == ("2023-05-09", "2023-05-10")
    assert record["letter_date"] is None
    assert record["focus_theme"] == "front_door"
    assert record["inspectors"] == ["Ann Example", "Bob Sample"]


def test_it_reads_visit_dates_from_the_body_when_the_summary_sentence_has_none() -> None:
    text = LETTER_2023.replace("on 9 and\n10 May 2023.", "recently.").replace(
        "Main findings\n", "Main findings\nInspectors were on site on 9 and 10 May 2023.\n"
    )
    record = to_record(_parse(text), "x")
    assert (record["visit_start"], record["visit_end"]) == ("2023-05-09", "2023-05-10")
    assert record["letter_date"] == "2023-06-14"
