"""Standalone reviews of a Local Safeguarding Children Board, and files that are not PDFs."""

from __future__ import annotations

import pytest

from inspections.parsing.context import ParseContext
from inspections.parsing.errors import ParseError, ParseErrorCode
from inspections.parsing.pipeline import parse_document
from inspections.parsing.types import DocKind
from tests.parsing._samples import judgements, parse


def test_it_reads_a_standalone_lscb_review() -> None:
    parsed = parse(
        "1\nGateshead Local Safeguarding Children Board\n"
        "Review of the effectiveness of the Local Safeguarding Children Board\n"
        "Inspection date: 6 November 2017 to 30 November 2017\nReport published: 29 January 2018\n"
        "The Local Safeguarding Children Board is good\n",
        "Recommendations\n1. Audit more cases.\n2. Publish the annual report on time.\n"
        "Inspection findings – the Local Safeguarding Children Board\n3. A finding.\n"
        "Lead inspector: Pat Example",
    )
    assert parsed.doc_kind is DocKind.LSCB_REVIEW
    assert judgements(parsed) == {"lscb": "good"}
    assert len(parsed.recommendations) == 2
    assert parsed.urn.value == "80469"
    assert parsed.lead_inspector.value == "Pat Example"


def test_it_refuses_an_html_page_saved_with_a_pdf_name() -> None:
    html = b"<!DOCTYPE html><html><body><h1>Page not found</h1></body></html>"
    with pytest.raises(ParseError) as caught:
        parse_document(html, ParseContext(filename="children's services inspection.pdf"))
    assert caught.value.code is ParseErrorCode.NOT_A_DOCUMENT
