"""The briefing's files as a committee clerk opens them: the Word document is A4 and British English with page
numbers and the chart's key; in the PDF no grade is broken by a hyphen; without the plan, no section of it."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pypdfium2
import pytest

from authorities.models import Authority
from improvement.briefings.build import build_briefing
from improvement.briefings.render import render_docx, render_html, render_pdf

from .conftest import add_plan_and_concerns

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 1, 15)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture
def bury(demo_history: None) -> Authority:
    return Authority.objects.select_related("region").get(slug="bury")


def _parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        return {name: docx.read(name).decode() for name in docx.namelist() if name.endswith(".xml")}


def test_the_word_document_is_a4_in_british_english_with_page_numbers_and_the_charts_key(bury: Authority) -> None:
    parts = _parts(render_docx(build_briefing(bury, AS_OF)))
    body, styles = parts["word/document.xml"], parts["word/styles.xml"]

    # A4 is 11906 × 16838 twentieths of a point; US Letter would be 12240 × 15840.
    sizes = re.findall(r'<w:pgSz [^>]*w:w="(\d+)" w:h="(\d+)"', body)
    assert sizes
    assert all(abs(int(w) - 11906) <= 2 and abs(int(h) - 16838) <= 2 for w, h in sizes), sizes
    margins = re.findall(r'<w:pgMar [^>]*w:left="(\d+)"', body)
    assert margins
    assert all(int(m) == 1417 for m in margins), margins  # 2.5 cm

    languages = set(re.findall(r'<w:lang [^>]*w:val="([^"]+)"', styles))
    assert languages == {"en-GB"}, languages
    assert re.search(r'<w:rPrDefault>\s*<w:rPr>.*?<w:lang [^>]*w:val="en-GB"', styles, re.S)
    assert "en-US" not in styles
    assert "en-US" not in body

    footers = [text for name, text in parts.items() if name.startswith("word/footer")]
    assert any(re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", f) for f in footers), footers
    assert any("NUMPAGES" in f for f in footers)
    assert re.search(r'<w:footerReference [^>]*w:type="default"', body)

    text = " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body))
    assert "Key to the chart:" in text
    assert "Overall effectiveness (circles)" in text
    assert "Lower lane:" in text


def test_no_grade_in_the_pdf_is_broken_by_a_hyphen(bury: Authority) -> None:
    briefing = build_briefing(bury, AS_OF)
    assert any("Requires improvement" in row.grades for row in briefing.comparison)  # the case that broke
    pdf = pypdfium2.PdfDocument(render_pdf(briefing))
    try:
        text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    broken = re.findall(r"\b(?:Requires im|improve|Out|outstand|Inade|Ade|inade)[-\u00ad\u2010]\s*\n", text)
    assert not broken, broken
    assert not re.search(r"[A-Za-z][-\u00ad\u2010]\r?\n(?:provement|quate|standing|ment)", text)
    assert "Requires" in text
    assert "improvement" in text


def test_the_grade_cells_are_marked_not_to_be_hyphenated(bury: Authority) -> None:
    for html in (render_html(build_briefing(bury, AS_OF)), render_html(build_briefing(bury, AS_OF), for_pdf=True)):
        assert re.search(r'<td class="[^"]*app-briefing__grade[^"]*">Requires improvement</td>', html)
    assert "hyphens: manual" in render_html(build_briefing(bury, AS_OF), for_pdf=True)


def test_a_briefing_without_the_plan_has_no_plan_section_in_any_format(bury: Authority) -> None:
    add_plan_and_concerns(bury)
    with_plan = build_briefing(bury, AS_OF)
    without = build_briefing(bury, AS_OF, include_plan=False)
    assert with_plan.plan is not None
    assert without.plan is None

    html = render_html(without)
    assert "Improvement plan" not in html
    assert "improvement plan" not in html.replace("leaves out the improvement plan", "")
    assert "Head of Safeguarding" not in html
    assert "7. Comparison with statistical neighbours and region" in html  # numbered on without a gap

    docx_text = _parts(render_docx(without))["word/document.xml"]
    assert "Improvement plan" not in docx_text
    assert "Head of Safeguarding" not in docx_text
    assert "Head of Safeguarding" in _parts(render_docx(with_plan))["word/document.xml"]
