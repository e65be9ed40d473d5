"""The authority list's row, made in one filter (`authority_row` in inspections/templatetags/trajectory.py)."""

from __future__ import annotations

import datetime as dt

from django.template import Context, Template

from authorities.models import Authority, Region
from authorities.summaries import LIST_STRANDS, AuthoritySummary, StrandGrade
from inspections.models import Event, EventKind


def _summary(latest: Event | None, grades: dict[str, str], *, name: str = "Bury") -> AuthoritySummary:
    authority = Authority(name=name, slug="bury", region=Region(code="NW", name="North <West>"))
    return AuthoritySummary(authority, latest, tuple(StrandGrade(s, grades.get(s), latest) for s in LIST_STRANDS))


def _row(summary: AuthoritySummary) -> str:
    return Template("{% load trajectory %}{{ summary|authority_row }}").render(Context({"summary": summary}))


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
        + '<td class="govuk-table__cell"><span class="app-grade app-grade--none">Not judged</span></td>' * 3
        + '<td class="govuk-table__cell"><span class="app-grade app-grade--inadequate">Inadequate</span></td>'
    )


def test_an_inspection_without_an_end_date_is_dated_by_its_start() -> None:
    latest = Event(kind=EventKind.INSPECTION, start_date=dt.date(2019, 11, 30))
    assert '<td class="govuk-table__cell">Nov 2019</td>' in _row(_summary(latest, {"overall": "good"}))


def test_an_authority_never_inspected_says_so_and_leaves_its_grade_cells_empty() -> None:
    html = _row(_summary(None, {}))
    assert '<td class="govuk-table__cell"><span class="app-demo-note">None recorded</span></td>' in html
    assert html.endswith('<td class="govuk-table__cell"></td>' * len(LIST_STRANDS) + "</tr>")


def test_the_authoritys_name_is_escaped() -> None:
    html = _row(_summary(None, {}, name='Bury <script>"'))
    assert "Bury &lt;script&gt;&quot;" in html
    assert "<script>" not in html
