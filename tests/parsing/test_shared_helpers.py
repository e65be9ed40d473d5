"""The helpers every kind parser shares: sources, grades, labelled values, layout, lists, people, authority."""

from __future__ import annotations

import datetime as dt

import pytest

from inspections.parsing.authority import find_authority, resolve_authority
from inspections.parsing.context import ParseContext
from inspections.parsing.dates import DATE_LINE, parse_date
from inspections.parsing.grades import LEGACY_SCALE, find_grade, normalise_grade
from inspections.parsing.labelled import labelled_date, labelled_range
from inspections.parsing.lists import list_items
from inspections.parsing.people import clean_name, find_lead_inspector, is_person_name, names_in
from inspections.parsing.sources import source_at
from inspections.parsing.text import DocumentText, SourceFormat, _normalise
from inspections.parsing.types import Grade


def doc(*pages: str) -> DocumentText:
    return DocumentText(SourceFormat.PDF, pages)


def test_it_normalises_the_requires_improvement_phrasings() -> None:
    assert normalise_grade("Requires improvement to be good") is Grade.REQUIRES_IMPROVEMENT
    assert normalise_grade("require improvement") is Grade.REQUIRES_IMPROVEMENT


def test_it_normalises_plain_grade_words() -> None:
    assert normalise_grade("Outstanding") is Grade.OUTSTANDING
    assert normalise_grade(" good ") is Grade.GOOD
    assert normalise_grade("INADEQUATE") is Grade.INADEQUATE
    assert normalise_grade("adequate") is Grade.ADEQUATE


def test_it_reads_numbered_grades_only_with_a_scale() -> None:
    assert normalise_grade("Grade 3 (adequate)") is Grade.ADEQUATE
    assert normalise_grade("Grade 2", LEGACY_SCALE) is Grade.GOOD
    assert normalise_grade("Grade 2") is None


def test_it_does_not_read_inadequate_as_adequate() -> None:
    found = find_grade("The service is inadequate.")
    assert found is not None
    assert found.grade is Grade.INADEQUATE


def test_it_returns_none_for_text_without_a_grade() -> None:
    assert normalise_grade("Leadership and management") is None
    assert find_grade("No judgement here") is None


def test_it_gives_the_page_and_passage_of_an_offset() -> None:
    text = doc("first page", "second page text")
    source = source_at(text, text.full.index("second"), text.full.index("second") + 6)
    assert source.page == 2
    assert source.passage == "second"


def test_it_lists_numbered_items_joining_wrapped_lines() -> None:
    block = "Intro line\n1. Improve the plans\nfor children.\n2. Review supervision.\n"
    items = list_items(block)
    assert [i.text for i in items] == ["Improve the plans for children.", "Review supervision."]
    assert [i.marker for i in items] == ["1.", "2."]


def test_it_lists_bulleted_items_with_pdf_symbol_bullets() -> None:
    block = "◼ The first point\n\uf0b7 A second point\n• A third"
    assert len(list_items(block)) == 3


def test_it_keeps_offsets_relative_to_the_whole_text() -> None:
    items = list_items("1. One", offset=100)
    assert items[0].start == 100


def test_it_reads_a_labelled_range_and_date() -> None:
    text = doc("Inspection dates: 6 to 17 March 2017\nReport published: 2 May 2017")
    found = labelled_range(text, r"Inspection dates?:")
    assert found is not None
    assert (found[0].start.isoformat(), found[0].end.isoformat()) == ("2017-03-06", "2017-03-17")
    published = labelled_date(text, r"Report published:")
    assert published.is_found
    assert published.value.isoformat() == "2017-05-02"


def test_it_leaves_a_date_missing_when_the_label_is_absent() -> None:
    assert not labelled_date(doc("Nothing dated here"), r"Report published:").is_found


def test_it_cleans_titles_and_roles_from_names() -> None:
    assert clean_name("Jo Bloggs, His Majesty’s Inspector") == "Jo Bloggs"
    assert clean_name("Mrs Ann Other HMI") == "Ann Other"


def test_it_finds_the_lead_inspector_but_not_the_deputy() -> None:
    text = doc("Intro", "Deputy lead inspector: Sam Second\nLead inspector: Pat Example HMI")
    found = find_lead_inspector(text)
    assert found.value == "Pat Example"


def test_it_resolves_the_authority_from_an_ilacs_title() -> None:
    text = doc("Inspection of Bury local authority\nchildren’s services\nInspection dates: 1 to 5 May 2023")
    result = find_authority(text, ParseContext())
    assert result.urn.value == "80443"


def test_it_resolves_the_authority_from_a_council_name_above_the_title() -> None:
    text = doc("1\nLondon Borough of Enfield\nInspection of services for children in need of help and protection")
    assert find_authority(text, ParseContext()).urn.value == "80494"


def test_it_leaves_the_urn_missing_for_an_unknown_authority() -> None:
    text = doc("Inspection of Atlantis local authority children’s services")
    result = find_authority(text, ParseContext())
    assert not result.urn.is_found


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Lead inspector: Zoë Ahmed, His Majesty’s Inspector", "Zoë Ahmed"),
        ("Lead inspector: Seán Ó Dálaigh", "Seán Ó Dálaigh"),
        ("Lead inspector: Anne-Marie de Souza, HMI", "Anne-Marie de Souza"),
        ("Lead inspector: Pat Example (HMI)", "Pat Example"),
        ("Lead inspector: Pat Example, HM Inspector", "Pat Example"),
        ("Lead inspector: Pat Example, Senior His Majesty’s Inspector (SHMI)", "Pat Example"),
        ("The lead inspector was Pat Example, Her Majesty’s Inspector.", "Pat Example"),
        ("Lead inspector\nPat Example\nHis Majesty’s Inspector", "Pat Example"),
    ],
)
def test_it_reads_lead_inspector_lines_written_in_other_ways(line: str, name: str) -> None:
    assert find_lead_inspector(doc("Inspection of Bury local authority children’s services\n" + line)).value == name


def test_it_does_not_take_lower_case_prose_for_a_name() -> None:
    assert not is_person_name("was responsible for the team")
    assert not is_person_name("de Souza Anne")


def test_it_settles_a_name_shared_with_a_former_authority_on_the_current_one() -> None:
    # "Dorset" is Dorset Council and also the former Dorset County Council, which has no URN.
    text = doc("Inspection of Dorset local authority children’s services\nInspection dates: 1 to 5 July 2024")
    assert find_authority(text, ParseContext()).urn.value == "2532283"


def test_it_reads_a_grade_with_a_footnote_mark_but_not_a_longer_word() -> None:
    found = find_grade("Overall effectiveness Good1")
    assert found is not None
    assert found.grade is Grade.GOOD
    assert find_grade("The adequately resourced team") is None


def test_it_lists_items_with_other_bullet_glyphs() -> None:
    assert len(list_items("➢ One point\n✓ Another point\n· A third")) == 3


@pytest.mark.parametrize(
    ("council", "urn", "la_code"),
    [
        # Former authorities without a row of their own in Ofsted's lookup: their successor's URN.
        ("Dorset County Council", "2532283", "835"),
        ("Bournemouth Borough Council", "2532287", "837"),
        ("Borough of Bournemouth", "2532287", "837"),
        # Former authorities with a row of their own keep it.
        ("Borough of Poole", "137316", "836"),
        ("Cumbria County Council", "135513", "909"),
        ("Northamptonshire County Council", "121939", "928"),
        ("Dorset Council", "2532283", "838"),
    ],
)
def test_a_former_authority_reports_the_urn_its_name_is_looked_up_under_and_its_own_code(
    council: str, urn: str, la_code: str
) -> None:
    text = doc(f"{council}\nInspection of services for children in need of help and protection\nand care leavers")
    result = find_authority(text, ParseContext())
    assert (result.la_name.value, result.urn.value, result.la_code.value) == (council, urn, la_code)


def test_a_former_authority_named_only_in_running_text_is_counted_too() -> None:
    text = doc(
        "A report on help for families.\nMost children in Bournemouth are seen quickly.\nBournemouth has a plan."
    )
    result = find_authority(text, ParseContext())
    assert (result.la_name.value, result.urn.value, result.la_code.value) == ("Bournemouth", "2532287", "837")


def test_the_candidates_for_an_ambiguous_name_are_dfe_codes() -> None:
    result = find_authority(doc("Inspection of Kingston local authority children’s services"), ParseContext())
    assert not result.urn.is_found
    assert not result.la_code.is_found
    assert set(result.candidates) == {"810", "314"}  # Kingston upon Hull, Kingston upon Thames


def test_resolving_one_name_gives_the_urn_to_report() -> None:
    resolved = resolve_authority("Dorset County Council", ParseContext())
    assert resolved is not None
    assert resolved.authority is not None
    assert (resolved.authority.name, resolved.urn) == ("Dorset County Council", "2532283")
    christchurch = resolve_authority("Christchurch", ParseContext())
    assert christchurch is not None
    assert (christchurch.authority, christchurch.urn) == (None, "")
    assert "839" in christchurch.candidates  # Bournemouth, Christchurch and Poole


def test_a_lead_inspector_line_naming_two_people_gives_both() -> None:
    head = "Inspection of Bury local authority children’s services\n"
    found = find_lead_inspector(doc(head + "Lead inspectors: Pat Example HMI and Sam Second, His Majesty’s Inspector"))
    assert found.value == "Pat Example and Sam Second"
    assert find_lead_inspector(doc(head + "Lead inspector: Pat Example and the team")).value is None
    wrapped = find_lead_inspector(doc(head + "Lead inspectors: Pat Example and\nSam Second-\nJones HMI\nNext line"))
    assert wrapped.value == "Pat Example and Sam Second-Jones"


def test_a_lead_inspector_surname_hyphenated_across_a_line_end_keeps_its_hyphen() -> None:
    head = "Inspection of Bury local authority children’s services\n"
    assert find_lead_inspector(doc(head + "Lead inspector: Pat Smith-\nJones, His Majesty’s Inspector")).value == (
        "Pat Smith-Jones"
    )


def test_a_surname_opening_with_an_elided_particle_is_a_name() -> None:
    assert is_person_name("Paul d’Inverno")
    assert not is_person_name("Paul d’inverno")


def test_a_line_end_hyphen_the_pdf_marks_stays_a_hyphen_before_a_capital() -> None:
    # pdfium writes a hyphen at a line end as U+FFFE: "Thomson-" / "Jones" is a name, "imple-" / "mented" a word.
    joined = _normalise("Paula Thomson\ufffeJones and Ali Smith\ufffe\nBrown")
    assert joined == "Paula Thomson-Jones and Ali Smith-\nBrown"
    assert _normalise("it was imple\ufffemented") == "it was implemented"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("12 May 2023", dt.date(2023, 5, 12)),
        ("  Dated: Monday, 3rd October 2022.", dt.date(2022, 10, 3)),
        ("| 16 Sept. 2021 |", dt.date(2021, 9, 16)),
        ("**1 June, 2020**", dt.date(2020, 6, 1)),
    ],
)
def test_a_date_line_holds_only_a_date_and_parse_date_reads_it(line: str, expected: dt.date) -> None:
    match = DATE_LINE.search(f"Ofsted\n{line}\nDear Director")
    assert match is not None
    assert parse_date(match.group("date")) == expected


@pytest.mark.parametrize("line", ["The visit was on 12 May 2023", "12 May 2023 to 14 May 2023", "32 May"])
def test_a_line_with_more_than_a_date_is_not_a_date_line(line: str) -> None:
    assert DATE_LINE.search(line) is None


def test_letters_and_reports_tell_names_by_the_same_rule() -> None:
    # The particle list and the role words are the reports' and the letters' alike.
    sentence = "Maria della Rosa, His Majesty's Inspector, Anne-Marie de Souza (OI) and Mr Sam O'Brien HMI."
    assert names_in(sentence) == ["Maria della Rosa", "Anne-Marie de Souza", "Sam O'Brien"]
    assert all(is_person_name(name) for name in names_in(sentence))
    assert names_in("carried out by remote means and by video call") == []
