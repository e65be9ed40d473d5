"""Monitoring-visit letters: a sample written for these tests, and the Bury seed."""

from __future__ import annotations

from pathlib import Path

from inspections.parsing import DocumentText, SourceFormat, parse_document, parse_text, to_record

LETTER = """Ofsted
Piccadilly Gate
Manchester
M1 2WD
2 March 2019
Dear Director
Monitoring visit of Rochdale local authority children's services
This letter summarises the findings of the monitoring visit to Rochdale local authority children's
services on 29 and 30 January 2019. The visit was the third monitoring visit since the local
authority was judged inadequate in June 2017. It was carried out by Ivy Example HMI and
Jon Sample HMI.
Areas covered by the visit
Inspectors reviewed progress for children in care, in particular:
\u2022 the quality of care plans
\u2022 placement stability for children
who live out of area.
This visit was carried out in line with the framework.
Overview
Leaders have made steady progress since the last visit.
Plans are now reviewed on time.
Findings and evaluation of progress
Most children live in stable homes.
"""


def _parse(text: str):
    return parse_text(DocumentText(SourceFormat.TEXT, (text,)))


def test_it_reads_a_monitoring_visit_letter() -> None:
    parsed = _parse(LETTER)
    record = to_record(parsed, "x")
    assert record["doc_kind"] == "monitoring_visit"
    assert record["urn"] == "80542"
    assert record["visit_number"] == 3
    assert (record["visit_start"], record["visit_end"]) == ("2019-01-29", "2019-01-30")
    assert record["letter_date"] == "2019-03-02"
    assert record["inspectors"] == ["Ivy Example", "Jon Sample"]
    assert record["areas"] == [
        "the quality of care plans",
        "placement stability for children who live out of area",
    ]


def test_it_keeps_the_headline_findings_and_the_inadequate_judgement_followed() -> None:
    parsed = _parse(LETTER)
    assert parsed.findings == ("Leaders have made steady progress since the last visit.",)
    assert len(parsed.reported_events) == 1
    event = parsed.reported_events[0]
    assert event.judgements == {"overall": "inadequate"}
    assert event.source is not None
    assert "June 2017" in event.source.passage


def test_it_reads_the_area_statement_when_the_letter_has_no_list() -> None:
    text = LETTER.replace(
        "Inspectors reviewed progress for children in care, in particular:\n"
        "\u2022 the quality of care plans\n\u2022 placement stability for children\nwho live out of area.\n",
        "Inspectors reviewed the progress made in relation to care leavers.\n",
    )
    assert to_record(_parse(text), "x")["areas"] == ["care leavers"]


def test_it_reads_a_visit_number_written_as_a_word_past_fifteen() -> None:
    text = LETTER.replace("the third monitoring visit", "the sixteenth monitoring visit")
    assert to_record(_parse(text), "x")["visit_number"] == 16


def test_it_reads_the_bury_fourth_monitoring_visit_seed(seeds_dir: Path) -> None:
    seed = next(seeds_dir.glob("001_*.txt"))
    record = to_record(parse_document(seed.read_bytes()), seed.name)
    assert record["doc_kind"] == "monitoring_visit"
    assert record["urn"] == "80443"
    assert record["visit_number"] == 4
    assert (record["visit_start"], record["visit_end"]) == ("2023-08-01", "2023-08-02")
    assert record["letter_date"] == "2023-09-05"
    assert record["inspectors"] == ["Lisa Walsh", "Rebekah Tucker"]
    assert len(record["areas"]) == 3
