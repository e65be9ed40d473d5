"""The committee briefing as a print-ready HTML page, a tagged PDF and a Word document, all from one `Briefing`.

The PDF is WeasyPrint's rendering of the same HTML page (PDF/UA-1: tagged, with the document's language and title).
For the PDF the chart is an image with alternative text and the legend's swatches are decoration; `_complete_tags`
then adds what WeasyPrint's tagging leaves out. The Word document is written with python-docx from the same
dataclasses: real heading styles, tables with header rows, and the chart as a picture with alt text followed by its
table.
"""

from __future__ import annotations

import base64
import functools
import io
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pydyf
import pypdfium2
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.text import slugify
from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from weasyprint import CSS, HTML
from weasyprint.document import Document as WeasyDocument
from weasyprint.formatting_structure import boxes
from weasyprint.urls import URLFetcherResponse

from .build import Briefing

logger = logging.getLogger(__name__)

# The PDF's resources are read from the static files on disk, never over the network: WeasyPrint asks this
# made-up origin for the page's stylesheet and `_fetch_static` answers; anything else is refused.
PDF_BASE_URL = "https://briefing.invalid/"
STYLESHEET = "build/app.css"
CHART_WIDTH_CM = 16.5
CHART_DPI_SCALE = 2.5  # pixels per CSS pixel in the PNG: sharp when printed at CHART_WIDTH_CM
DOCX_LANGUAGE = "en-GB"
A4 = (Mm(210), Mm(297))
DOCX_MARGIN = Cm(2.5)
MIME_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}
# The only data: URLs the PDF reads are the SVG images `render_html` writes for it.
_SVG_DATA_URL = "data:image/svg+xml;base64,"
# Characters XML 1.0 cannot hold: python-docx would refuse them, so user text loses them instead.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def filename_for(briefing: Briefing, extension: str) -> str:
    """A safe download name: letters, digits and hyphens only, e.g. briefing-bury-2026-11-22.pdf."""
    return f"briefing-{slugify(briefing.authority.slug)}-{briefing.as_of.isoformat()}.{extension}"


def chart_alt(briefing: Briefing) -> str:
    """The chart's alternative text in the PDF and the Word document: what it shows, in words."""
    return f"Chart of {briefing.authority.name}'s inspection grades over time. " + (
        briefing.chart.description or "The table that follows gives the same facts."
    )


def _svg_data_url(svg: str) -> str:
    return _SVG_DATA_URL + base64.b64encode(svg.encode()).decode("ascii")


def render_html(briefing: Briefing, *, for_pdf: bool = False, change: Mapping[str, object] | None = None) -> str:
    """The print-ready page. Every text from the database or the person exporting is escaped by the template.

    For the PDF the chart is an image with alternative text (WeasyPrint tags only an `<img>` as a Figure, and
    gives an inline SVG no description) and the legend's swatches are backgrounds, which it marks as decoration.
    `change` (the preview only): the form's address, CSRF token and values, so going back to change the cover
    is a POST too and the values never travel in an address."""
    context: dict[str, object] = {"briefing": briefing, "for_pdf": for_pdf, "change": change}
    if for_pdf and briefing.chart.svg:
        context["chart_image"] = {"src": _svg_data_url(str(briefing.chart.svg)), "alt": chart_alt(briefing)}
        context["legend"] = [(series, _svg_data_url(str(series.swatch))) for series in briefing.chart.strands]
    return render_to_string("improvement/briefing.html", context)


def _fetch_static(url: str) -> URLFetcherResponse:
    if url.startswith(_SVG_DATA_URL):
        return URLFetcherResponse(
            url, base64.b64decode(url.removeprefix(_SVG_DATA_URL)), {"Content-Type": "image/svg+xml"}
        )
    static_prefix = PDF_BASE_URL + settings.STATIC_URL.lstrip("/")
    if not url.startswith(static_prefix):
        raise ValueError(f"The briefing PDF does not fetch {url}")
    path = finders.find(url.removeprefix(static_prefix).split("?")[0])
    if not path:
        raise ValueError(f"No static file for {url}")
    return URLFetcherResponse(url, Path(path).read_bytes(), {"Content-Type": "text/css"})


@functools.cache
def _stylesheet(path: str, modified: float) -> CSS:
    # Parsing GOV.UK Frontend's stylesheet is a quarter of a PDF's time: parse it once per build of app.css.
    return CSS(filename=path, url_fetcher=_fetch_static)


def render_pdf(briefing: Briefing) -> bytes:
    """The HTML page as a tagged PDF (PDF/UA-1); title, language and author come from the page's head.

    The page's own stylesheet (app.css, print rules included) is applied, parsed once and kept."""
    html = render_html(briefing, for_pdf=True)
    path = finders.find(STYLESHEET)
    if not path:
        raise FileNotFoundError(f"{STYLESHEET} is missing: build it with `npm run build`")
    stylesheet = _stylesheet(path, Path(path).stat().st_mtime)
    return HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_fetch_static).write_pdf(
        stylesheets=[stylesheet], pdf_variant="pdf/ua-1", pdf_tags=True, finisher=_complete_tags
    )


def _complete_tags(document: WeasyDocument, pdf: pydyf.PDF) -> None:
    """Add what WeasyPrint's PDF/UA tagging (66 to 70) leaves out, before the PDF is written.

    - Header cells get the `Scope` of their HTML `scope` attribute. WeasyPrint links each data cell to its headers
      but writes no scope, so a header over other headers (the "Strand" column of row headers) is linked to nothing.
    - The page number in the margin is marked as a pagination artifact, as PDF/UA asks of running headers and
      footers. WeasyPrint marks it as content of a structure element that it leaves out of the tree.

    Both read WeasyPrint's objects before they are written; should a WeasyPrint release lay them out differently,
    the PDF keeps WeasyPrint's own tags and the error is logged (tests/improvement/test_briefing_pdfua.py fails)."""
    try:
        _add_header_scopes(document, pdf.objects)
        _mark_margins_as_artifacts(pdf)
    except Exception:
        logger.exception("Could not complete the briefing PDF's tags; it keeps WeasyPrint's")


def _target(objects: list[Any], reference: Any) -> Any:
    return objects[int(reference.split()[0])] if isinstance(reference, bytes) else reference


def _mark_margins_as_artifacts(pdf: pydyf.PDF) -> None:
    objects = pdf.objects
    root = _target(objects, pdf.catalog.get("StructTreeRoot"))
    if not isinstance(root, pydyf.Dictionary):
        return
    reachable: set[int] = set()
    pending = [_target(objects, kid) for kid in root["K"]]
    while pending:
        element = pending.pop()
        if isinstance(element, pydyf.Dictionary) and element.number not in reachable:
            reachable.add(element.number)
            pending.extend(_target(objects, kid) for kid in element.get("K", ()) if isinstance(kid, bytes))
    # Page → MCIDs of the marked content that belongs to elements outside the tree: the margin boxes' text.
    outside: dict[bytes, set[int]] = {}
    for element in objects:
        is_element = isinstance(element, pydyf.Dictionary) and element.get("Type") == "/StructElem"
        if is_element and element.number not in reachable:
            owned = {kid for kid in element.get("K", ()) if isinstance(kid, int)}
            outside.setdefault(element["Pg"], set()).update(owned)
    parent_tree = _target(objects, root["ParentTree"])["Nums"]
    for index, page_reference in enumerate(pdf.page_references):
        mcids = outside.get(page_reference)
        if not mcids:
            continue
        stream = _target(objects, _target(objects, page_reference)["Contents"]).stream
        for i in range(1, len(stream) - 1):  # "/Span", <</MCID n>>, "BDC" becomes "/Artifact", <<...>>, "BDC"
            item = stream[i]
            if isinstance(item, pydyf.Dictionary) and item.get("MCID") in mcids and stream[i + 1] == b"BDC":
                stream[i - 1] = "/Artifact"
                stream[i] = pydyf.Dictionary({"Type": "/Pagination"})
        page_entries = _target(objects, parent_tree[2 * parent_tree[::2].index(index) + 1])
        for mcid in mcids:
            page_entries[mcid] = "null"  # no element owns that content now


def _add_header_scopes(document: WeasyDocument, objects: list[Any]) -> None:
    scopes: dict[str, str] = {}
    pending: list[Any] = [page._page_box for page in document.pages]
    while pending:
        box = pending.pop()
        if box.element_tag == "th" and box.element is not None:
            scope = {"row": "/Row", "col": "/Column"}.get(box.element.get("scope", ""))
            if scope:
                scopes[str(id(box))] = scope
        if isinstance(box, boxes.ParentBox):
            pending.extend(box.children)
    for element in objects:
        if isinstance(element, pydyf.Dictionary) and element.get("S") == "/TH" and "ID" in element:
            scope = scopes.get(str(element["ID"].string))
            if scope:
                attributes = element.get("A")
                if not isinstance(attributes, pydyf.Dictionary):
                    attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
                attributes["Scope"] = scope


def chart_png(svg: str, width: int = 900, height: int = 360) -> bytes:
    """The server-drawn SVG chart as a PNG, without an SVG rasteriser: WeasyPrint lays it on a page the size
    of the chart, pypdfium2 renders that page to pixels."""
    page = (
        f"<html><head><style>@page {{ size: {width}px {height}px; margin: 0 }} body {{ margin: 0 }}"
        f" svg {{ width: {width}px; height: {height}px; max-width: none !important }}</style></head>"
        f"<body>{svg}</body></html>"
    )
    pdf = pypdfium2.PdfDocument(HTML(string=page, url_fetcher=_fetch_static).write_pdf())
    try:
        image = pdf[0].render(scale=CHART_DPI_SCALE).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        pdf.close()


def _plain(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def _mark_header_row(table: Table) -> None:
    """Make the first row a real header row: assistive technology announces it and Word repeats it on each page."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True


def _table(document: DocxDocument, headers: Sequence[str], rows: Sequence[Sequence[object]], caption: str) -> Table:
    document.add_paragraph(_plain(caption), style="Caption")
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(_plain(text))
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = _plain(value)
    _mark_header_row(table)
    return table


def _paragraphs(document: DocxDocument, texts: Sequence[str], style: str | None = None) -> None:
    for text in texts:
        document.add_paragraph(_plain(text), style=style)


def render_docx(briefing: Briefing) -> bytes:
    """The briefing as a Word document. All text is written as plain runs, so nothing in it is markup."""
    document = new_docx()
    properties = document.core_properties
    properties.title = _plain(briefing.title)
    properties.author = _plain(briefing.header.report_of)
    properties.subject = f"Ofsted inspections of {briefing.authority.name}'s children's services"
    properties.language = "en-GB"
    properties.keywords = "Ofsted; children's services; committee briefing"
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(11)
    _set_language(document, DOCX_LANGUAGE)
    _set_page(document)
    numbers = briefing.numbers

    document.add_heading(_plain(briefing.title), level=0)
    _table(
        document,
        ("Item", "Detail"),
        [*briefing.header.rows(), ("Position at", f"{briefing.as_of.day} {briefing.as_of:%B %Y}")],
        "Report details",
    )

    document.add_heading(f"{numbers['purpose']}. Purpose of the report", level=1)
    _paragraphs(document, briefing.purpose)
    document.add_heading(f"{numbers['summary']}. Summary", level=1)
    _paragraphs(document, briefing.summary)
    document.add_heading(f"{numbers['recommendations']}. Recommendations", level=1)
    document.add_paragraph("The committee is asked to:")
    _paragraphs(document, briefing.recommendations, style="List Number")

    document.add_heading(f"{numbers['background']}. Background", level=1)
    _paragraphs(document, briefing.background)
    _table(
        document,
        ("Strand", "Latest grade"),
        [(c.label, c.value) for c in briefing.current_grades],
        "Current grades, strand by strand, with the inspection that gave them",
    )
    _chart(document, briefing)

    document.add_heading(f"{numbers['latest']}. Findings of the latest inspection or visit", level=1)
    _latest(document, briefing)
    if briefing.includes_plan:  # for signed-in roles only: otherwise no section at all
        document.add_heading(f"{numbers['plan']}. Improvement plan", level=1)
        _plan(document, briefing)
    document.add_heading(f"{numbers['concerns']}. Recurring concerns", level=1)
    if briefing.concerns:
        _table(
            document,
            ("Theme", "Times raised", "Raised at"),
            [(c.theme, c.times, c.where) for c in briefing.concerns],
            "Practice themes Ofsted raised at more than one inspection or visit",
        )
    else:
        document.add_paragraph("No practice theme has been raised at more than one inspection or visit on record.")

    document.add_heading(f"{numbers['comparison']}. Comparison with statistical neighbours and region", level=1)
    _table(
        document,
        ("Authority", "Compared as", "Inspected", *briefing.strand_labels),
        [(r.name, r.relation, r.inspected, *r.grades) for r in briefing.comparison],
        f"Latest full inspection of {briefing.authority.name} and its statistical neighbours",
    )
    _table(
        document,
        ("Group", *briefing.grade_labels),
        [(d.group, *d.counts) for d in briefing.distribution],
        "Overall grades at the latest full inspection: number of authorities",
    )

    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    document.add_heading(f"Appendix 1: recent inspections in the {briefing.region_name} region", level=1)
    for precis in briefing.appendix:
        document.add_heading(_plain(f"{precis.authority}: {precis.label}, {precis.dates}"), level=2)
        grades = "; ".join(f"{c.label}: {c.value}" for c in precis.judgements)
        count = precis.recommendation_count
        recommendations = f" Ofsted made {count} recommendation{'s' if count != 1 else ''}." if count else ""
        document.add_paragraph(_plain(f"Overall: {precis.headline}. {grades}.{recommendations}"))
        _paragraphs(document, precis.points, style="List Bullet")
    if not briefing.appendix:
        document.add_paragraph(
            f"No other authority in the region has had a full inspection in the last {briefing.appendix_years} "
            "years on record."
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _set_language(document: DocxDocument, language: str) -> None:
    """The document's language for spelling and screen readers: python-docx's template says en-US in its default
    run properties, styles and theme fonts; each becomes `language` (the bidi language stays)."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    if run_defaults is not None:
        properties = run_defaults.find(qn("w:rPr"))
        if properties is None:
            properties = OxmlElement("w:rPr")
            run_defaults.append(properties)
        if properties.find(qn("w:lang")) is None:
            properties.append(OxmlElement("w:lang"))
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), language)
        if lang.get(qn("w:eastAsia"), "").startswith("en-"):
            lang.set(qn("w:eastAsia"), language)
    for theme_lang in document.settings.element.iter(qn("w:themeFontLang")):
        theme_lang.set(qn("w:val"), language)
    for part in document.part.package.iter_parts():  # Word 2010's copy of the styles, kept as bytes
        if str(part.partname) == "/word/stylesWithEffects.xml":
            part._blob = part.blob.replace(b'"en-US"', f'"{language}"'.encode())


def _set_page(document: DocxDocument) -> None:
    """A4 portrait with even margins, and the page number in the footer ("Page 2 of 9", Word fields)."""
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4
        section.left_margin = section.right_margin = DOCX_MARGIN
        section.top_margin = section.bottom_margin = DOCX_MARGIN
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        _field(footer, "PAGE", "1")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES", "1")


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A Word field (begin, instruction, separate, last value, end), which Word updates as it lays out pages."""

    def mark(kind: str) -> None:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        paragraph.add_run()._r.append(element)

    mark("begin")
    instruction_text = OxmlElement("w:instrText")
    instruction_text.set(qn("xml:space"), "preserve")
    instruction_text.text = f" {instruction} "
    paragraph.add_run()._r.append(instruction_text)
    mark("separate")
    paragraph.add_run(placeholder)
    mark("end")


def _legend(document: DocxDocument, briefing: Briefing) -> None:
    """The chart's key, as the page has it: each strand's line in its colour with its marker's name, then the
    lower lane's letters. Colour is never the only cue: the words name the marker too."""
    document.add_paragraph("Key to the chart:")
    for series in briefing.chart.strands:
        item = document.add_paragraph(style="List Bullet")
        swatch = item.add_run("━━ ")
        swatch.font.color.rgb = RGBColor.from_string(series.style.colour.lstrip("#").upper())
        item.add_run(_plain(f"{series.label} ({series.style.marker_name})"))
    lanes = "; ".join(f"{letter} {meaning}" for letter, meaning in briefing.chart.lane_key)
    document.add_paragraph(_plain(f"Lower lane: {lanes}."), style="List Bullet")


def _chart(document: DocxDocument, briefing: Briefing) -> None:
    chart = briefing.chart
    if not chart.svg:
        document.add_paragraph("No inspections or visits are recorded, so there is no trajectory to chart.")
        return
    document.add_paragraph(f"Trajectory of {briefing.authority.name}'s inspection grades", style="Caption")
    shape = document.add_picture(io.BytesIO(chart_png(str(chart.svg))), width=Cm(CHART_WIDTH_CM))
    shape._inline.docPr.set("descr", _plain(chart_alt(briefing)))
    shape._inline.docPr.set("title", _plain(f"Trajectory of {briefing.authority.name}"))
    _legend(document, briefing)
    _table(
        document,
        ("Date", "Event", *(s.label for s in chart.strands)),
        [
            (
                f"{row.date.day} {row.date:%b %Y}",
                row.label + (f" ({row.authority_name}, predecessor)" if row.is_predecessor else ""),
                *(grade or "–" for grade in row.grades),
            )
            for row in chart.table_rows
        ],
        "The chart as a table: inspections and visits, oldest first",
    )


def _latest(document: DocxDocument, briefing: Briefing) -> None:
    latest = briefing.latest
    if latest is None:
        document.add_paragraph("No Ofsted inspection or visit is recorded.")
        return
    published = f"; published {latest.published}" if latest.published else ""
    document.add_paragraph(_plain(f"{latest.label}, {latest.dates}{published}."))
    if latest.judgements:
        _table(document, ("Area", "Grade"), [(c.label, c.value) for c in latest.judgements], "Judgements")
    if latest.focus:
        document.add_paragraph(_plain(f"Focus: {latest.focus}"))
    if latest.areas:
        document.add_heading("Areas covered", level=2)
        _paragraphs(document, latest.areas, style="List Bullet")
    if latest.priority_actions:
        document.add_paragraph("Ofsted identified areas for priority action.")
    document.add_heading("Headline findings", level=2)
    if latest.findings:
        _paragraphs(document, latest.findings, style="List Bullet")
    else:
        document.add_paragraph("No headline findings are recorded for this event.")
    document.add_heading("What needs to improve", level=2)
    if latest.recommendations:
        _paragraphs(document, latest.recommendations, style="List Number 2")
    else:
        document.add_paragraph("No recommendations are recorded for this event.")


def _plan(document: DocxDocument, briefing: Briefing) -> None:
    plan = briefing.plan
    if plan is None:
        document.add_paragraph("No improvement plan is recorded.")
        return
    overdue = f" {plan.overdue} action{'s' if plan.overdue != 1 else ''} overdue." if plan.overdue else ""
    document.add_paragraph(_plain(f"{plan.title}, responding to the {plan.responds_to}.{overdue}"))
    _table(document, [c.label for c in plan.rag_counts], [[c.value for c in plan.rag_counts]], "Actions by RAG rating")
    if plan.actions:
        _table(document, ("Action", "Owner", "Due", "Status"), plan.actions, "Actions")
