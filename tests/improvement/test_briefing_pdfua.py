"""The briefing PDF against outloud, a PDF/UA-1 and WCAG 2.2 checker (89 rules, calibrated to veraPDF, no JVM).

The checker must pass the briefing as the app makes it, and must fail PDFs that break the rules: one made without
PDF/UA tagging, and one without the tags `_complete_tags` adds to WeasyPrint's (header scopes, the page number as
an artifact). A clean run is not a conformance claim: the rules that need a person (colour, reading sense) remain.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pikepdf
import pytest
from outloud import check
from outloud.findings import Result
from weasyprint import HTML

from authorities.models import Authority
from improvement.briefings import render as briefing_render
from improvement.briefings.build import Briefing, Header, build_briefing
from improvement.briefings.render import render_html, render_pdf

from .conftest import add_plan_and_concerns

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

AS_OF = dt.date(2026, 1, 15)
# TBL-010 ("header cells look shredded") is a heuristic of outloud's semantic layer, which no validator runs: it
# fires when a table has more header than data cells, as every two-column table with row headers has ("Strand" and
# "Latest grade" over five strands, each a row header). Those headers are right, so that one rule is left out.
SKIPPED = ("TBL-010",)


@pytest.fixture
def bury(demo_history: None) -> Authority:
    return Authority.objects.select_related("region").get(slug="bury")


@pytest.fixture
def briefing(bury: Authority) -> Briefing:
    return build_briefing(bury, AS_OF, Header(report_to="Cabinet", lead_officer="<b>Jo Bloggs</b>"))


@pytest.fixture
def briefing_with_plan(bury: Authority) -> Briefing:
    """Every section filled in: the 2021 recommendations, a plan with its actions, and recurring concerns."""
    add_plan_and_concerns(bury)
    return build_briefing(bury, AS_OF, Header(report_to="Cabinet"))


def _write(data: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "briefing.pdf"
    path.write_bytes(data)
    return path


def _check(data: bytes, tmp_path: Path) -> Result:
    result = check(str(_write(data, tmp_path)), skip=SKIPPED)
    assert result.error is None, result.error
    return result


def _report(result: Result) -> str:
    return "\n".join(f"{f.severity} {f.rule} p.{f.page}: {f.message} [{f.evidence}]" for f in result.sorted_findings())


def _rules(result: Result) -> set[str]:
    return {f.rule for f in result.findings}


def _outcome(result: Result, rule: str) -> str:
    return next(run.outcome for run in result.runs if run.rule == rule)


@pytest.mark.parametrize("content", ["briefing", "briefing_with_plan"])
def test_the_briefing_pdf_passes_the_pdfua_checker(
    content: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    result = _check(render_pdf(request.getfixturevalue(content)), tmp_path)

    assert result.verdict == "pass", _report(result)
    assert not [run.rule for run in result.runs if run.status == "crashed"]
    # The rules that matter here ran on real content, rather than passing because there was nothing to check.
    for rule in (
        "DOC-010",  # a title, shown in the viewer's title bar (DOC-011)
        "DOC-011",
        "DOC-012",  # PDF/UA identification in the XMP metadata
        "DOC-013",  # the document's language
        "TAG-001",  # all content tagged or marked as an artifact
        "TXT-001",  # fonts embedded
        "HDG-001",  # no skipped heading level
        "HDG-002",  # the first heading is H1
        "TBL-001",  # tables have header cells
        "TBL-002",  # each header cell has a scope or is referenced by a data cell
        "FIG-001",  # the chart is a Figure with alternative text
        "PAG-001",  # the page number is an artifact, not content
    ):
        assert _outcome(result, rule) == "pass", rule


def test_the_chart_is_a_figure_with_the_same_alternative_text_as_the_word_document(
    briefing: Briefing, tmp_path: Path
) -> None:
    with pikepdf.open(_write(render_pdf(briefing), tmp_path)) as pdf:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure"]
        scopes = {str(e.A.Scope) for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == "/TH"}

    assert len(figures) == 1  # the chart; the legend's swatches are backgrounds, so artifacts
    alt = str(figures[0].Alt)
    assert alt == briefing_render.chart_alt(briefing)
    assert alt.startswith("Chart of Bury's inspection grades over time. Overall effectiveness (circles): ")
    assert scopes == {"/Row", "/Column"}


def test_the_checker_fails_a_pdf_made_without_pdfua_tagging(briefing: Briefing, tmp_path: Path) -> None:
    untagged = HTML(
        string=render_html(briefing, for_pdf=True),
        base_url=briefing_render.PDF_BASE_URL,
        url_fetcher=briefing_render._fetch_static,
    ).write_pdf()

    result = _check(untagged, tmp_path)

    assert result.verdict == "fail"
    assert {"DOC-001", "DOC-002", "DOC-012"} <= _rules(result)  # not marked, no structure tree, no PDF/UA claim


def test_the_checker_fails_weasyprints_tags_without_what_the_briefing_adds(
    briefing: Briefing, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(briefing_render, "_complete_tags", lambda document, pdf: None)

    result = _check(render_pdf(briefing), tmp_path)

    assert result.verdict == "fail"
    assert "TBL-002" in _rules(result)  # the "Strand" and "Area" column headers: no scope, referenced by no cell
    assert "PAG-001" in _rules(result)  # "Page 1 of 5" read out as content


def _elements(node: pikepdf.Object) -> list[pikepdf.Dictionary]:
    found, pending = [], [node]
    while pending:
        node = pending.pop()
        if isinstance(node, pikepdf.Dictionary):
            found.append(node)
            kids = node.get("/K")
            pending.extend(kids if isinstance(kids, pikepdf.Array) else [kids])
    return found
