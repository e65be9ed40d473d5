"""The committee briefing: its content for Bury, and the same content read back from the PDF and the Word file."""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import io
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from django.utils.safestring import mark_safe
from docx import Document as open_docx
from docx.oxml.ns import qn

from authorities.models import Authority
from improvement.briefings.build import Briefing, Header, build_briefing
from improvement.briefings.render import chart_alt, filename_for, render_docx, render_html, render_pdf
from improvement.models import ThemeTag

from .conftest import RECOMMENDATIONS_2021, VISIT_FINDINGS_2023, add_plan_and_concerns

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 1, 15)
SCRIPT = "<script>alert('x')</script>"
SECTION_HEADINGS = (
    "1. Purpose of the report",
    "2. Summary",
    "3. Recommendations",
    "4. Background",
    "5. Findings of the latest inspection or visit",
    "6. Improvement plan",
    "7. Recurring concerns",
    "8. Comparison with statistical neighbours and region",
    "Appendix 1: recent inspections in the North West region",
)


@pytest.fixture
def bury(demo_history: None) -> Authority:
    return Authority.objects.select_related("region").get(slug="bury")


@pytest.fixture
def bury_with_plan(bury: Authority) -> Authority:
    """Bury's demonstration history plus the 2021 recommendations, a plan, and the 2023 visit's findings, tagged."""
    add_plan_and_concerns(bury)
    return bury


@pytest.fixture
def briefing(bury: Authority) -> Briefing:
    header = Header(report_to="Children and Young People Scrutiny Committee", lead_officer=SCRIPT)
    return build_briefing(bury, AS_OF, header)


def test_the_briefing_has_every_section_for_bury(briefing: Briefing) -> None:
    assert "Bury" in briefing.purpose[0]
    assert "ILACS standard inspection" in briefing.purpose[0]
    assert "requires improvement" in briefing.summary[0]
    assert briefing.recommendations[0].startswith("note the findings of the ILACS standard inspection of 9 June 2025")
    overall = briefing.current_grades[0]
    assert overall.label == "Overall effectiveness"
    assert overall.value == "Requires improvement (ILACS standard inspection, June 2025)"
    assert briefing.latest is not None
    assert briefing.latest.label == "ILACS standard inspection"
    assert ("Overall effectiveness", "Requires improvement") in [(c.label, c.value) for c in briefing.latest.judgements]
    assert briefing.comparison[0].name == "Bury"
    assert briefing.comparison[0].is_subject
    assert len(briefing.comparison) == 11  # Bury and its ten statistical neighbours
    assert briefing.distribution[-1].group == "England (153)"
    assert sum(briefing.distribution[-1].counts) == 153
    appendix = {p.authority for p in briefing.appendix}
    assert appendix
    assert "Bury" not in appendix
    north_west = set(Authority.objects.filter(region__name="North West").values_list("name", flat=True))
    assert appendix <= north_west
    assert str(briefing.chart.svg).startswith("<svg")


def test_the_briefing_leaves_out_what_happened_after_its_date(bury: Authority) -> None:
    briefing = build_briefing(bury, dt.date(2022, 1, 31))

    assert briefing.latest is not None
    assert briefing.latest.dates == "25 October 2021 to 5 November 2021"
    assert "judged Bury's children's services inadequate" in briefing.summary[0]
    # No publication date is held: the judgement counts from the inspection's last day, 5 November 2021.
    assert any("judged inadequate since November 2021" in s for s in briefing.summary)
    assert all(row.date <= dt.date(2022, 1, 31) for row in briefing.chart.table_rows)


def test_the_plan_and_recurring_concerns_are_summarised(bury_with_plan: Authority) -> None:
    assert ThemeTag.objects.exists()
    briefing = build_briefing(bury_with_plan, dt.date(2024, 1, 1))

    assert briefing.plan is not None
    assert [a[0] for a in briefing.plan.actions] == list(RECOMMENDATIONS_2021)
    assert {c.label: c.value for c in briefing.plan.rag_counts}["Amber"] == str(len(RECOMMENDATIONS_2021))
    assert briefing.concerns, "supervision and strategy meetings were raised in 2021 and again in 2023"
    assert all(c.times >= 2 for c in briefing.concerns)
    assert briefing.latest is not None
    assert briefing.latest.findings == VISIT_FINDINGS_2023


def test_building_the_briefing_takes_a_fixed_number_of_queries(
    bury_with_plan: Authority, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(16):
        build_briefing(bury_with_plan, AS_OF)


def test_user_text_is_escaped_in_the_html(briefing: Briefing) -> None:
    html = render_html(briefing)

    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert html.count("<h1") == 1
    assert "<svg" in html  # the chart is inline


def _pdf_language(pdf: pypdfium2.PdfDocument) -> str:
    size = pdfium.FPDFCatalog_GetLanguage(pdf.raw, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium.FPDFCatalog_GetLanguage(pdf.raw, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
    return buffer.raw.decode("utf-16-le").rstrip("\x00")


def test_the_pdf_reads_back_with_the_authority_sections_grades_and_cover(briefing: Briefing) -> None:
    data = render_pdf(briefing)
    pdf = pypdfium2.PdfDocument(data)
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
        tagged = pdfium.FPDFCatalog_IsTagged(pdf.raw)  # /MarkInfo marked and a /StructTreeRoot
        language = _pdf_language(pdf)
        title = pdf.get_metadata_dict()["Title"]
    finally:
        pdf.close()
    flat = " ".join(text.split())

    assert "Bury" in flat
    for heading in SECTION_HEADINGS:
        assert heading in flat
    assert "Requires improvement" in flat
    assert "Children and Young People Scrutiny Committee" in flat
    assert SCRIPT in flat  # written as text, not run or dropped
    assert "Manchester: ILACS standard inspection, 22 September 2025" in flat  # the appendix's précis
    assert tagged
    assert language == "en-GB"
    assert title == "Ofsted inspections of children's services in Bury"


def test_the_word_document_has_headings_tables_and_the_chart_with_alt_text(briefing: Briefing) -> None:
    document = open_docx(io.BytesIO(render_docx(briefing)))

    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in SECTION_HEADINGS:
        assert heading in headings
    assert document.core_properties.title == "Ofsted inspections of children's services in Bury"
    assert document.core_properties.author == "Director of Children's Services"
    assert len(document.tables) >= 6
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    cover = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cover["Lead officer"] == SCRIPT  # plain text, exactly as typed
    assert cover["Report to"] == "Children and Young People Scrutiny Committee"
    assert len(document.inline_shapes) == 1
    doc_pr = document.inline_shapes[0]._inline.docPr
    assert "Bury" in doc_pr.get("descr")
    assert "Overall effectiveness" in doc_pr.get("descr")
    chart_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Date")
    assert any(row.cells[1].text == "ILACS standard inspection" for row in chart_table.rows)


def test_text_word_cannot_hold_is_dropped_rather_than_failing(bury: Authority) -> None:
    briefing = build_briefing(bury, AS_OF, Header(wards="All\x0b wards\x00"))

    document = open_docx(io.BytesIO(render_docx(briefing)))

    cover = {row.cells[0].text: row.cells[1].text for row in document.tables[0].rows}
    assert cover["Wards affected"] == "All wards"


def test_the_file_name_is_safe(briefing: Briefing) -> None:
    assert filename_for(briefing, "pdf") == "briefing-bury-2026-01-15.pdf"


def test_the_files_describe_the_chart_from_the_chart_not_from_its_drawing(briefing: Briefing) -> None:
    """The alternative text comes from the chart's description: a drawing without a <desc> changes nothing."""
    said = chart_alt(briefing)
    assert said == f"Chart of Bury's inspection grades over time. {briefing.chart.description}"
    undescribed = dataclasses.replace(briefing.chart, svg=mark_safe('<svg xmlns="http://www.w3.org/2000/svg"/>'))
    assert chart_alt(dataclasses.replace(briefing, chart=undescribed)) == said
    blank = dataclasses.replace(briefing.chart, description="")
    assert chart_alt(dataclasses.replace(briefing, chart=blank)).endswith(
        "The table that follows gives the same facts."
    )
