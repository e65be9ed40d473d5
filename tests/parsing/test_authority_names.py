"""Authority names the corpus does not show: names that are prefixes of others, lower-case and hyphenated words,
"&", commas, "St.", council styles, and names broken across lines. Samples written for these tests; the slow
check over the real corpus is test_name_substitution.py."""

from __future__ import annotations

import pytest

from inspections.parsing import DocumentText, SourceFormat, parse_document, parse_text
from inspections.parsing.types import DocKind, ParsedDocument

# An ILACS report's first page; the judgement table's heading is split, so only the title says what it is.
REPORT = """{title}
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
Good
Good
Good
Good
{prose}
"""


def report(title: str, prose: str = "Children are helped early and well.") -> ParsedDocument:
    return parse_text(DocumentText(SourceFormat.PDF, (REPORT.format(title=title, prose=prose),)))


def named(parsed: ParsedDocument) -> tuple[str | None, str | None]:
    return parsed.urn.value, parsed.la_code.value


@pytest.mark.parametrize(
    ("title", "urn", "la_code"),
    [
        # Prefixes of one another: the whole name wins.
        ("Inspection of Lincolnshire local authority children’s services", "80484", "925"),
        ("Inspection of North Lincolnshire local authority children’s services", "80527", "813"),
        ("Inspection of North East Lincolnshire local authority children’s services", "80526", "812"),
        ("Inspection of Leicester local authority children’s services", "80482", "856"),
        ("Inspection of Leicestershire local authority children’s services", "80483", "855"),
        ("Inspection of County Durham local authority children’s services", "80465", "840"),
        ("Inspection of Kingston upon Thames local authority children’s services", "80545", "314"),
        # "&", commas and the lookup's "X, City of" style.
        ("Inspection of Bath & North East Somerset local authority children’s services", "80427", "800"),
        ("Inspection of Bristol, City of local authority children’s services", "80441", "801"),
        ("Inspection of Herefordshire, County of local authority children’s services", "80474", "884"),
        ("Inspection of Bournemouth, Christchurch and Poole local authority children’s services", "2532287", "839"),
        ("Inspection of the Isles of Scilly local authority children’s services", "80455", "420"),
        # Names broken across lines, at a lower-case word or a hyphen.
        ("Inspection of Blackburn\nwith Darwen local authority children’s services", "80430", "889"),
        ("Inspection of Stockton-\non-Tees local authority children’s services", "80563", "808"),
        ("Inspection of Southend-on-\nSea local authority children’s services", "80559", "882"),
        ("Inspection of Richmond upon\nThames local authority children’s services", "80513", "318"),
        ("Inspection of the Isles\nof Scilly local authority children’s services", "80455", "420"),
        ("Inspection of Bath and North East\nSomerset local authority children’s services", "80427", "800"),
        ("Inspection of Brighton\n& Hove local authority children’s services", "80438", "846"),
    ],
)
def test_a_report_titled_with_the_place_reads_as_that_authority(title: str, urn: str, la_code: str) -> None:
    parsed = report(title)
    assert parsed.doc_kind is DocKind.ILACS_INSPECTION
    assert named(parsed) == (urn, la_code)


@pytest.mark.parametrize(
    ("council", "urn", "la_code"),
    [
        ("Leicester City Council", "80482", "856"),
        ("City of York Council", "80453", "816"),
        ("Durham County Council", "80465", "840"),
        ("Kingston upon Hull City Council", "80477", "810"),
        ("Bristol City Council", "80441", "801"),
        ("Herefordshire Council", "80474", "884"),
        ("Isle of Wight Council", "80419", "921"),
        ("Council of the Isles of Scilly", "80455", "420"),
        ("Wirral Metropolitan Borough Council", "80581", "344"),
        ("Cheshire West and Chester Council", "80448", "896"),
        ("Bath & North East Somerset Council", "80427", "800"),
        ("London Borough of Barking and Dagenham", "80486", "301"),
        ("Royal Borough of Windsor and Maidenhead", "80546", "868"),
        ("St. Helens Borough Council", "80560", "342"),
        ("Dorset Council", "2532283", "838"),
    ],
)
def test_a_report_headed_with_the_council_reads_as_that_authority(council: str, urn: str, la_code: str) -> None:
    parsed = report(f"{council}\nInspection of local authority children’s services")
    assert parsed.doc_kind is DocKind.ILACS_INSPECTION
    assert named(parsed) == (urn, la_code)


@pytest.mark.parametrize(
    ("title", "la_name", "urn"),
    [
        (
            "Inspection of the Royal Borough of Windsor and Maidenhead children’s services",
            "Royal Borough of Windsor and Maidenhead",
            "80546",
        ),
        ("Inspection of the Isles of Scilly local authority children’s services", "Isles of Scilly", "80455"),
        ("Inspection of Stockton-on-\nTees local authority children’s services", "Stockton-on-Tees", "80563"),
        ("Inspection of Durham County Council’s children’s services", "Durham County Council", "80465"),
    ],
)
def test_the_title_names_the_authority_even_where_a_neighbour_is_named_more_often(
    title: str, la_name: str, urn: str
) -> None:
    parsed = report(title, prose="Slough, Cornwall, Middlesbrough and Gateshead; Slough, Cornwall and Gateshead.")
    assert (parsed.la_name.value, parsed.urn.value) == (la_name, urn)


SIF = """{council}
Inspection of services for children in need of help and protection, children
looked after and care leavers
Inspection date: 4 January 2016 – 28 January 2016
Report published: 1 March 2016
Children’s services in {place} require improvement to be good
1. Children who need help and protection Good
2. Children looked after and achieving permanence Requires improvement
2.1 Adoption performance Good
2.2 Experiences and progress of care leavers Good
3. Leadership, management and governance Good
"""


@pytest.mark.parametrize("place", ["St. Helens", "St.\nHelens", "St Helens"])
def test_a_sif_report_s_overall_sentence_may_name_a_place_with_a_full_stop(place: str) -> None:
    parsed = parse_text(
        DocumentText(SourceFormat.PDF, (SIF.format(council="St Helens Council", place=place),)),
    )
    assert parsed.doc_kind is DocKind.SIF_INSPECTION
    assert parsed.judgements["overall"].value == "requires_improvement"


LETTER = """12 May 2024
A Director
Director of Children’s Services
{council}
Dear A Director
Focused visit to {title} children’s services
This letter summarises the findings of the focused visit to {body} children’s services on 2 and 3
April 2024. His Majesty’s Inspectors for this visit were Ann Example and Bob Sample.
Inspectors looked at the local authority’s arrangements for disabled children.
Headline findings
Leaders acted on the findings of the
area SEND inspection in 2023, and children wait less for help.
Leaders work closely with colleagues in {neighbour} and {neighbour}.
"""


def letter(council: str, title: str, body: str, neighbour: str = "Cheshire East") -> ParsedDocument:
    text = LETTER.format(council=council, title=title, body=body, neighbour=neighbour)
    return parse_text(DocumentText(SourceFormat.PDF, (text,)))


def test_a_letter_whose_title_breaks_inside_the_name_is_read_not_refused() -> None:
    parsed = letter("Cheshire West and Chester Council", "Cheshire West\nand Chester", "Cheshire West and Chester")
    assert parsed.doc_kind is DocKind.FOCUSED_VISIT
    assert named(parsed) == ("80448", "896")


def test_a_letter_names_its_authority_in_the_summary_when_the_name_there_breaks_across_lines() -> None:
    # The addressee and the title name nobody; a neighbour is named more often than the authority.
    parsed = letter("The Council", "your", "Cheshire West and\nChester")
    assert named(parsed) == ("80448", "896")


def test_a_letter_names_st_helens_in_the_summary() -> None:
    parsed = letter("The Council", "your", "St. Helens", neighbour="Knowsley")
    assert named(parsed) == ("80560", "342")


def test_a_jtai_letter_reads_a_name_with_commas_whole() -> None:
    text = (
        "9 January 2025\nDear partners\nJoint targeted area inspection of the multi-agency response to abuse and "
        "neglect in Bournemouth, Christchurch and Poole\nBetween 11 and 15 November 2024, Ofsted, the CQC, HMICFRS "
        "and HMI Probation undertook a joint inspection of the multi-agency response to abuse and neglect in "
        "Bournemouth, Christchurch and Poole.\nSummary of findings\nLeaders know their area well.\n"
    )
    parsed = parse_text(DocumentText(SourceFormat.TEXT, (text,)))
    assert parsed.doc_kind is DocKind.JTAI
    assert named(parsed) == ("2532287", "839")


def test_ofsted_s_nottingham_office_in_cumberland_place_is_not_taken_for_cumberland() -> None:
    # Neither title nor summary names the authority: only the count of names in the letter can.
    text = (
        "Ofsted\nAgora\n6 Cumberland Place\nNottingham\nNG1 6HJ\n12 May 2024\nDear Director\n"
        "Focused visit to your children’s services\nThis letter summarises the findings of the focused visit "
        "on 2 and 3 April 2024.\nInspectors looked at the arrangements for care leavers in Rutland.\n"
    )
    parsed = parse_text(DocumentText(SourceFormat.PDF, (text,)))
    assert named(parsed) == ("80547", "857")


def test_a_name_kept_together_by_non_breaking_or_soft_hyphens_is_read() -> None:
    title = "Inspection of Stockton\u2011on\u2011Tees local authority children’s services"
    page = REPORT.format(title=title, prose="Children in Middle\u00adsbrough and Middlesbrough.")
    html = "".join(f"<p>{line}</p>" for line in page.splitlines())
    parsed = parse_document(f"<html><body>{html}</body></html>".encode())
    assert parsed.doc_kind is DocKind.ILACS_INSPECTION
    assert (parsed.la_name.value, parsed.urn.value) == ("Stockton-on-Tees", "80563")
