"""Council committee reports: a sample written for these tests, and the two seed reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from inspections.parsing import DocumentText, SourceFormat, parse_document, parse_text, to_record

CABINET_REPORT = """Classification: Open\tDecision Type: Key
Report to:\tCabinet\tDate: 8 March 2023
Subject:\tOfsted focused visit and improvement progress
Report of\tCabinet Member for Children

Summary
1. This report tells Cabinet what Ofsted found at its focused visit on the 17th and 18th of January 2023.
2. The letter setting out the findings of the visit was published on 20 February 2023.
3. The visit followed the ILACS inspection held from 6 to 17 June 2022, when the overall judgement was
requires improvement to be good.

Background
The Secretary of State issued an improvement notice on 1 September 2022.
A DfE appointed adviser has supported the service since October 2022.
The improvement board first met on 12 October 2022.

Report Author and Contact Details:
E-mail: someone@rochdale.gov.uk
"""


def _parse(text: str):
    return parse_text(DocumentText(SourceFormat.TEXT, (text,)))


def test_it_reads_the_meeting_and_committee_of_a_cabinet_report() -> None:
    parsed = _parse(CABINET_REPORT)
    assert parsed.doc_kind == "committee_report"
    assert parsed.meeting_date.value == dt.date(2023, 3, 8)
    assert parsed.committee.value == "Cabinet"
    assert parsed.urn.value == "80542"


def test_it_reads_each_ofsted_event_a_report_describes_in_order() -> None:
    events = to_record(_parse(CABINET_REPORT), "x")["authorities"]
    assert [e["doc_kind"] for e in events] == ["focused_visit", "ilacs_inspection"]
    visit, inspection = events
    assert (visit["inspection_start"], visit["inspection_end"]) == ("2023-01-17", "2023-01-18")
    assert visit["publication_date"] == "2023-02-20"
    assert (inspection["inspection_start"], inspection["inspection_end"]) == ("2022-06-06", "2022-06-17")
    assert inspection["judgements"] == {"overall": "requires improvement"}
    assert {e["urn"] for e in events} == {"80542"}


def test_it_reads_the_interventions_with_their_dates() -> None:
    interventions = {i.kind: i.date for i in _parse(CABINET_REPORT).interventions}
    assert interventions == {
        "improvement_notice": dt.date(2022, 9, 1),
        "improvement_board": dt.date(2022, 10, 12),
        "dfe_adviser": None,
    }


def test_it_reads_the_gateshead_scrutiny_report_naming_five_authorities(seeds_dir: Path) -> None:
    seed = next(seeds_dir.glob("002_*.txt"))
    record = to_record(parse_document(seed.read_bytes()), seed.name)
    assert record["doc_kind"] == "committee_report"
    assert record["urn"] == "80469"
    assert record["meeting_date"] == "2016-04-14"
    events = record["authorities"]
    assert [e["la_name"] for e in events] == [
        "Gateshead",
        "Cumbria",
        "Darlington",
        "Sunderland",
        "Middlesbrough",
    ]
    assert all(e["doc_kind"] == "sif_inspection" for e in events)
    gateshead = events[0]
    assert (gateshead["inspection_start"], gateshead["inspection_end"]) == ("2015-10-27", "2015-11-19")
    assert gateshead["publication_date"] == "2016-03-11"
    assert gateshead["judgements"]["overall"] == "good"
    assert gateshead["judgements"]["care_leavers"] == "requires improvement"
    assert gateshead["judgements"]["lscb"] == "requires improvement"
    assert events[1]["judgements"]["overall"] == "inadequate"
    assert events[4]["judgements"]["overall"] == "requires improvement"
    assert (events[2]["inspection_start"], events[2]["inspection_end"]) == ("2015-06-23", "2015-07-16")


def test_it_reads_the_bury_cabinet_report_on_the_second_monitoring_visit(seeds_dir: Path) -> None:
    seed = next(seeds_dir.glob("003_*.txt"))
    parsed = parse_document(seed.read_bytes())
    record = to_record(parsed, seed.name)
    assert record["doc_kind"] == "committee_report"
    assert record["urn"] == "80443"
    assert record["committee"] == "Cabinet"
    assert record["meeting_date"] == "2022-11-16"
    visit, inspection = record["authorities"]
    assert visit["doc_kind"] == "monitoring_visit"
    assert visit["visit_number"] == 2
    assert (visit["inspection_start"], visit["inspection_end"]) == ("2022-10-12", "2022-10-13")
    assert inspection["doc_kind"] == "ilacs_inspection"
    assert (inspection["inspection_start"], inspection["inspection_end"]) == ("2021-10-25", "2021-11-05")
    assert inspection["publication_date"] == "2021-12-17"
    assert inspection["judgements"] == {"overall": "inadequate"}
    assert {i.kind for i in parsed.interventions} >= {
        "improvement_notice",
        "dfe_adviser",
        "improvement_board",
    }


def test_the_council_and_each_event_carry_the_authoritys_dfe_code() -> None:
    parsed = _parse(CABINET_REPORT)
    assert parsed.la_code.value == "354"
    assert {event.la_code for event in parsed.reported_events} == {"354"}
