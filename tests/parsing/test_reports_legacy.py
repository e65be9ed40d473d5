"""2009–13 reports: looked after children inspections and combined safeguarding and LAC inspections."""

from __future__ import annotations

import datetime as dt

from inspections.parsing.types import DocKind
from tests.parsing._samples import judgements, parse

AREAS = (
    "Areas for improvement\n"
    "12. To improve services the council should take the following action.\n"
    "Immediately:\n"
    "\uf0a7 make sure every child has a care plan\n"
    "\uf0a7 make sure every care leaver has a\npathway plan\n"
    "Within three months:\n"
    "\uf0a7 review the advocacy offer\n"
    "Within six months:\n"
    "\uf0a7 widen the range of foster homes\n"
)


def lac_report(record: bool = True):
    pages = [
        "Inspection of looked after children\nservices\nNorfolk County Council\n"
        "Inspection dates: 8 – 12 July 2013\nReporting inspector Pat Example HMI\nAge group: All\n"
        "Published: 16 August 2013",
        "Overall effectiveness of services for looked\nafter children and young people\nGrade 3 (adequate)\n"
        "1. Prose.\nCapacity to improve\nGrade 2 (good)\n2. More prose.\n" + AREAS,
        "Quality of provision\nGrade 3 (adequate)\n3. Prose.\n"
        "Leadership and management\nGrade 4 (inadequate)\n4. Prose.",
    ]
    if record:
        pages.append(
            "Record of main findings\nServices for looked after children\nOverall effectiveness Adequate\n"
            "Capacity to improve Good\nLeadership and management Inadequate"
        )
    return parse(*pages)


def test_it_recognises_a_looked_after_children_inspection() -> None:
    assert lac_report().doc_kind is DocKind.LOOKED_AFTER_INSPECTION


def test_it_reads_overall_and_leadership_from_the_record_of_main_findings() -> None:
    parsed = lac_report()
    assert judgements(parsed) == {"overall": "adequate", "leadership": "inadequate"}
    assert parsed.other_judgements["capacity_to_improve"].value == "good"


def test_it_falls_back_to_the_graded_headings() -> None:
    assert judgements(lac_report(record=False)) == {"overall": "adequate", "leadership": "inadequate"}


def test_it_reads_recommendations_with_their_timescales() -> None:
    parsed = lac_report()
    assert [r.timescale for r in parsed.recommendations] == [
        "immediately",
        "immediately",
        "within three months",
        "within six months",
    ]
    # The timescale headings stand between items, not at the end of the item above them.
    assert [r.text for r in parsed.recommendations] == [
        "make sure every child has a care plan",
        "make sure every care leaver has a pathway plan",
        "review the advocacy offer",
        "widen the range of foster homes",
    ]


def test_it_reads_the_header_fields() -> None:
    parsed = lac_report()
    assert parsed.inspection_start.value == dt.date(2013, 7, 8)
    assert parsed.inspection_end.value == dt.date(2013, 7, 12)
    assert parsed.publication_date.value == dt.date(2013, 8, 16)
    assert parsed.lead_inspector.value == "Pat Example"
    assert parsed.urn.value == "80418"


def test_it_reads_a_combined_safeguarding_and_looked_after_inspection() -> None:
    parsed = parse(
        "Inspection of safeguarding and looked after children services\nBolton\n"
        "Inspection dates: 7 – 18 March 2011\nReporting inspector: Pat Example\nPublished: 22 April 2011",
        "Safeguarding services\nOverall effectiveness\nGrade 2 (good)\n"
        "Capacity for improvement\nGrade 2 (good)\n" + AREAS + "Leadership and management\nGrade 3 (adequate)\n",
        "Services for looked after children\nOverall effectiveness\nGrade 3 (adequate)\n"
        "Capacity for improvement\nGrade 4 (inadequate)\n" + AREAS + "Leadership and management\nGrade 3 (adequate)",
    )
    assert parsed.doc_kind is DocKind.SAFEGUARDING_LAC_INSPECTION
    assert judgements(parsed) == {"overall": "good", "looked_after": "adequate", "leadership": "adequate"}
    assert len(parsed.recommendations) == 8
    assert parsed.urn.value == "80432"
