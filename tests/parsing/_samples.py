"""Small report texts written for the tests (never copied from real reports)."""

from __future__ import annotations

from fpdf import FPDF

from inspections.parsing.pipeline import parse_text
from inspections.parsing.text import DocumentText, SourceFormat
from inspections.parsing.types import ParsedDocument


def parse(*pages: str) -> ParsedDocument:
    """Parse sample pages as a PDF's text would arrive."""
    return parse_text(DocumentText(SourceFormat.PDF, pages))


def parse_plain(text: str) -> ParsedDocument:
    return parse_text(DocumentText(SourceFormat.TEXT, (text,)))


def judgements(parsed: ParsedDocument) -> dict[str, str | None]:
    return {key: field.value for key, field in parsed.judgements.items() if field.is_found}


ITEM, SUBPOINT = "◼ ", "◦ "


def drawn_bullets_pdf(*pages: str) -> bytes:
    """A PDF of the pages whose list bullets are drawn as shapes, so its text layer has none.

    A line opening with ITEM is a list item whose bullet is a small filled square; one
    opening with SUBPOINT a sub-point, further in, with a hollow circle. Long items wrap
    under their first word (a hanging indent), as in published reports. Text must be Latin-1
    (the PDF core fonts): write "children's", not "children’s".
    """
    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for page in pages:
        pdf.add_page()
        for line in page.split("\n"):
            x = pdf.l_margin
            y = pdf.get_y()
            if line.startswith(ITEM):
                pdf.rect(x + 2, y + 2, 1.6, 1.6, style="F")
                x, line = x + 8, line[len(ITEM) :]
            elif line.startswith(SUBPOINT):
                pdf.circle(x + 11, y + 3, 0.8, style="D")
                x, line = x + 16, line[len(SUBPOINT) :]
            pdf.set_x(x)
            pdf.multi_cell(0, 6, line, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
