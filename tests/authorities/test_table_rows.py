"""Table rows of the list, the map and the chart's table: templates/authorities/_authority_row.html,
_map_row.html and _chart_row.html."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template

from authorities.models import Authority, Region
from inspections.charts import TableRow
from inspections.frameworks import Strand
from inspections.geo import MapRow, map_rows
from inspections.models import Event, EventKind
from inspections.overview import Inspection, Record
from inspections.summaries import LIST_STRANDS, AuthoritySummary, StrandGrade


def _summary(latest: Event | None, grades: dict[str, str], *, name: str = "Bury") -> AuthoritySummary:
    authority = Authority(name=name, slug="bury", region=Region(code="NW", name="North <West>"))
    return AuthoritySummary(authority, latest, tuple(StrandGrade(s, grades.get(s), latest) for s in LIST_STRANDS))


def _row(summary: AuthoritySummary) -> str:
    return Template('{% include "authorities/_authority_row.html" %}').render(Context({"summary": summary}))


def _map_row(row: MapRow) -> str:
    return Template('{% include "authorities/_map_row.html" %}').render(Context({"row": row}))


def test_a_row_links_the_authority_and_gives_its_region_month_and_grades() -> None:
    latest = Event(kind=EventKind.INSPECTION, start_date=dt.date(2024, 3, 4), end_date=dt.date(2024, 3, 15))
    html = _row(_summary(latest, {"overall": "good", "care_leavers": "inadequate"}))
    assert html.startswith('<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">')
    assert '<a class="govuk-link" href="/authorities/bury/">Bury</a></th>' in html
    assert '<td class="govuk-table__cell">North &lt;West&gt;</td>' in html
    assert '<td class="govuk-table__cell">Mar 2024</td>' in html
    cells = html.split("Mar 2024</td>")[1].removesuffix("</tr>")
    assert cells == (
        '<td class="govuk-table__cell"><span class="app-grade app-grade--good">Good</span></td>'
        + '<td class="govuk-table__cell"><span class="app-grade app-grade--none">No record held</span></td>' * 3
        + '<td class="govuk-table__cell"><span class="app-grade app-grade--inadequate">Inadequate</span></td>'
    )


def test_an_inspection_without_an_end_date_is_dated_by_its_start() -> None:
    latest = Event(kind=EventKind.INSPECTION, start_date=dt.date(2019, 11, 30))
    assert '<td class="govuk-table__cell">Nov 2019</td>' in _row(_summary(latest, {"overall": "good"}))


def test_an_authority_never_inspected_says_so_and_leaves_its_grade_cells_empty() -> None:
    html = _row(_summary(None, {}))
    assert '<td class="govuk-table__cell"><span class="app-demo-note">No record held</span></td>' in html
    assert html.endswith('<td class="govuk-table__cell"></td>' * len(LIST_STRANDS) + "</tr>")


def test_the_authoritys_name_is_escaped() -> None:
    html = _row(_summary(None, {}, name='Bury <script>"'))
    assert "Bury &lt;script&gt;&quot;" in html
    assert "<script>" not in html


def test_a_map_row_gives_the_latest_graded_inspection_and_its_headline() -> None:
    authority = Authority(name="Bury & Co", slug="bury", region=Region(code="NW", name="North West"))
    graded = Inspection.of(1, dt.date(2021, 6, 7), "ilacs", {"overall": "good"})
    ungraded = Inspection.of(2, dt.date(2024, 1, 8), "ilacs", {})
    html = _map_row(map_rows([Record(authority, (graded, ungraded))], Strand.OVERALL)[0])
    assert html == (
        '<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
        '<a class="govuk-link" href="/authorities/bury/">Bury &amp; Co</a></th>'
        '<td class="govuk-table__cell">North West</td><td class="govuk-table__cell">7 Jun 2021</td>'
        '<td class="govuk-table__cell"><span class="app-grade app-grade--good">Good</span></td></tr>'
    )


def test_a_map_row_without_a_graded_inspection_says_no_record_is_held() -> None:
    authority = Authority(name="Bury", slug="bury", region=Region(code="NW", name="North West"))
    html = _map_row(map_rows([Record(authority, ())], Strand.OVERALL)[0])
    assert '<td class="govuk-table__cell">–</td>' in html
    assert '<span class="app-grade app-grade--none">No record held</span>' in html


def test_a_chart_row_links_the_event_and_dashes_what_was_not_judged() -> None:
    row = TableRow(
        date=dt.date(2022, 1, 10),
        event=Event(pk=5),
        label="ILACS inspection",
        url="/events/5/",
        authority_name="Cumbria & Co",
        is_predecessor=True,
        grades=("Good", None, "Requires improvement", None, None),
    )
    html = Template('{% include "authorities/_chart_row.html" %}').render(Context({"row": row}))
    assert html == (
        '<tr class="govuk-table__row"><td class="govuk-table__cell">10 Jan 2022</td>'
        '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/events/5/">ILACS inspection</a>'
        " (Cumbria &amp; Co, predecessor)</th>"
        '<td class="govuk-table__cell">Good</td><td class="govuk-table__cell">–</td>'
        '<td class="govuk-table__cell">Requires improvement</td>'
        '<td class="govuk-table__cell">–</td><td class="govuk-table__cell">–</td></tr>'
    )
