"""Joint targeted area inspection letters (no corpus file: samples written for these tests)."""

from __future__ import annotations

from inspections.parsing import DocumentText, SourceFormat, parse_text, to_record

NEW_STYLE = """24 February 2023
Dear partners
Joint targeted area inspection of the multi-agency response to children and families who need help in Bolton
This letter summarises the findings of the joint targeted area inspection (JTAI) of the multi-agency
response to children and families who need help in Bolton.
This inspection took place from 16 to 20 January 2023. It was carried out by inspectors from
Ofsted, the Care Quality Commission, HMICFRS and HMI Probation.
Headline findings
Partners share information well.
Areas for priority action
\u2022 The response to children who are missing from school.
"""

OLD_STYLE = """9 January 2019
Dear partners
Joint targeted area inspection of the multi-agency response to abuse and neglect in Enfield
Between 12 and 16 November 2018, Ofsted, the CQC, HMICFRS and HMI Probation undertook a joint
inspection of the multi-agency response to abuse and neglect in Enfield.
The inspectors were Kim Example and Lee Sample.
Summary of findings
Leaders know their area well.
"""


def _record(text: str) -> dict:
    return to_record(parse_text(DocumentText(SourceFormat.TEXT, (text,))), "x")


def test_it_reads_a_jtai_letter() -> None:
    record = _record(NEW_STYLE)
    assert record["doc_kind"] == "jtai"
    assert record["urn"] == "80432"
    assert (record["visit_start"], record["visit_end"]) == ("2023-01-16", "2023-01-20")
    assert record["letter_date"] == "2023-02-24"
    assert record["focus_text"] == "the multi-agency response to children and families who need help"


def test_it_reads_priority_actions_in_a_jtai_letter() -> None:
    parsed = parse_text(DocumentText(SourceFormat.TEXT, (NEW_STYLE,)))
    assert parsed.priority_actions.value is True


def test_it_reads_an_early_jtai_letter_with_the_dates_before_the_inspectorates() -> None:
    record = _record(OLD_STYLE)
    assert record["doc_kind"] == "jtai"
    assert record["urn"] == "80494"
    assert (record["visit_start"], record["visit_end"]) == ("2018-11-12", "2018-11-16")
    assert record["inspectors"] == ["Kim Example", "Lee Sample"]
    assert record["focus_text"] == "the multi-agency response to abuse and neglect"
