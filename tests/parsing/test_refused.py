"""Out-of-scope documents are refused with a clear reason; in-scope ones are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspections.parsing import (
    DocumentText,
    ParseError,
    ParseErrorCode,
    SourceFormat,
    parse_document,
    parse_text,
)
from tests.parsing._corpus import CorpusTexts


def _refusal(text: str) -> ParseError:
    with pytest.raises(ParseError) as caught:
        parse_text(DocumentText(SourceFormat.TEXT, (text,)))
    return caught.value


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Local area partnership report\nArea SEND inspection of Anytown Local Area Partnership\n"
            "Inspection dates: 1 to 5 May 2024\nInspection outcome\nThe partnership must improve.",
            "SEND",
        ),
        (
            "Joint local area SEND inspection in Anytown\n3 July 2018\nDear Director\n"
            "Between 4 and 8 June 2018, Ofsted and the Care Quality Commission inspected the area "
            "to judge the effectiveness of the area in implementing the disability and special "
            "educational needs reforms.",
            "SEND",
        ),
        (
            "School report\nInspection of Anytown Primary School\nHeadteacher: A Person\nOverall effectiveness Good",
            "school",
        ),
        (
            "Children's home inspection - Full\nUnique reference number: SC123456\n"
            "Registered manager: A Person\n"
            "Overall experiences and progress of children and young people: good",
            "children's home",
        ),
        (
            "Further education and skills inspection report\nInspection of Anytown College\nOverall effectiveness Good",
            "further education",
        ),
        ("Childminder report\nInspection of a childminder in Anytown\nThis provision is good", "early years"),
        (
            "Inspection of local authority arrangements for the protection of children\nAnytown Council\n"
            "Inspection dates: 10 – 19 September 2012\nLead inspector: Pat Example HMI\n"
            "Overall effectiveness: Adequate",
            "protection of children",
        ),
        (
            "Unannounced inspection of contact, referral and\nassessment arrangements within local authority\n"
            "children's services\nInspection date: 22 March 2011\nReporting inspector: Pat Example HMI",
            "contact, referral and assessment",
        ),
    ],
)
def test_it_refuses_out_of_scope_reports_with_a_reason(text: str, words: str) -> None:
    error = _refusal(text)
    assert error.code is ParseErrorCode.OUT_OF_SCOPE
    assert words.lower() in error.detail.lower()


def test_it_does_not_refuse_a_focused_visit_that_mentions_a_send_inspection() -> None:
    text = (
        "5 May 2024\nDear Director\nFocused visit to Bolton children's services\n"
        "This letter summarises the findings of the focused visit to Bolton children's services on 2 and 3 "
        "April 2024. His Majesty's Inspectors for this visit were Ann Example and Bob Sample.\n"
        "Inspectors looked at the local authority's arrangements for disabled children.\n"
        "Headline findings\nSince the area SEND inspection in 2023, leaders have improved transitions.\n"
    )
    parsed = parse_text(DocumentText(SourceFormat.TEXT, (text,)))
    assert parsed.focus_theme.value == "disabled_children"


@pytest.mark.slow
def test_it_refuses_every_area_send_report_in_the_corpus(corpus_dir: Path) -> None:
    files = sorted((corpus_dir / "send").rglob("*.pdf"))
    assert files
    for path in files:
        with pytest.raises(ParseError) as caught:
            parse_document(path.read_bytes())
        assert caught.value.code is ParseErrorCode.OUT_OF_SCOPE, path.name


@pytest.mark.slow
def test_it_refuses_no_inspection_report_or_focused_visit_in_the_corpus(
    corpus_dir: Path, corpus_text: CorpusTexts
) -> None:
    from inspections.parsing.kinds import REFUSALS

    for folder in ("ofsted", "focused"):
        for path in sorted((corpus_dir / folder).rglob("*.pdf")):
            try:
                text = corpus_text(path)
            except ParseError:
                continue  # not a PDF at all: refused earlier, for another reason
            for refuse in REFUSALS:
                refuse(text)


def test_it_does_not_refuse_a_report_whose_summary_lines_begin_with_out_of_scope_phrases() -> None:
    # Wrapped prose can put "area SEND inspection" or "independent fostering agency" at a line start.
    text = (
        "Inspection of Bury local authority children’s services\nInspection dates: 9 to 20 June 2025\n"
        "Lead inspector: Pat Example, His Majesty’s Inspector\nJudgement Grade\n"
        "The impact of leaders on social work practice with children and families Good\n"
        "The experiences and progress of children who need help and protection Good\n"
        "The experiences and progress of children in care Good\n"
        "The experiences and progress of care leavers Good\nOverall effectiveness Good\n"
        "Leaders acted on the findings of the\narea SEND inspection in 2024, and fewer children live with\n"
        "independent fostering agency carers far from home.\n"
    )
    parsed = parse_text(DocumentText(SourceFormat.PDF, (text,)))
    assert parsed.urn.value == "80443"
    assert parsed.judgements["overall"].value == "good"


def test_it_still_refuses_a_send_report_that_names_the_children_s_services_inspection() -> None:
    error = _refusal(
        "Local area partnership report\nArea SEND inspection of Anytown Local Area Partnership\n"
        "Inspection dates: 1 to 5 May 2024\nThe last inspection of local authority children's services\n"
        "found that leaders know their services well."
    )
    assert error.code is ParseErrorCode.OUT_OF_SCOPE


def test_a_committee_report_about_a_child_protection_inspection_is_not_refused() -> None:
    parsed = parse_text(
        DocumentText(
            SourceFormat.TEXT,
            (
                "REPORT TO: Cabinet\nDATE: 14 November 2012\nTITLE OF REPORT:\n"
                "Inspection of local authority arrangements for the protection of children\n"
                "REPORT OF: Director of Children's Services\n1. Purpose of report\n"
                "1.1 To inform Cabinet of the outcome of the Ofsted inspection of Bury's arrangements for the "
                "protection of children, held from 10 to 19 September 2012.\n",
            ),
        )
    )
    assert parsed.doc_kind.value == "committee_report"
