from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.models import Authority, Region
from inspections.models import Event
from inspections.overview import Filters, Inspection, Record, national_overview

from .national_history import bulk_history, inspect

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def known_history(authorities: None) -> None:
    """Five authorities with histories whose counts are worked out by hand below."""
    bury, bolton, wigan, kent, hampshire = (
        Authority.objects.get(slug=s) for s in ("bury", "bolton", "wigan", "kent", "hampshire")
    )
    inspect(bury, dt.date(2016, 3, 1), "requires_improvement")
    inspect(bury, dt.date(2021, 3, 1), "inadequate")
    inspect(bolton, dt.date(2015, 3, 1), "inadequate", framework="sif")
    inspect(bolton, dt.date(2018, 3, 1), "inadequate")
    inspect(bolton, dt.date(2022, 3, 1), "good", leadership="outstanding")
    inspect(wigan, dt.date(2019, 3, 1), "inadequate")
    inspect(wigan, dt.date(2023, 3, 1), "inadequate")
    inspect(kent, dt.date(2019, 6, 1), "good")
    # ILACS 2026 gives no overall grade, and none is counted for it.
    inspect(
        hampshire, dt.date(2026, 5, 4), "", framework="ilacs_2026", leadership="good", in_care="requires_improvement"
    )


def _overview(**filters: str):
    return national_overview(Filters(**filters), today=TODAY)


def test_current_grades_are_counted_per_strand(known_history: None) -> None:
    result = _overview()
    assert len(result.records) == 153
    rows = {row.label: row.counts for row in result.strand_rows}
    # Outstanding, good, requires improvement or adequate, inadequate, none under the latest framework, no record.
    assert rows["Overall effectiveness"] == (0, 2, 0, 2, 1, 148)
    assert rows["Leadership"] == (1, 1, 0, 0, 0, 151)
    assert rows["Children in care"] == (0, 0, 1, 0, 0, 152)


def test_current_overall_grades_are_counted_by_region(known_history: None) -> None:
    rows = {row.label: row for row in _overview().region_rows}
    north_west = Authority.objects.current().filter(region_id="NW").count()
    assert rows["North West"].counts == (0, 1, 0, 2, 0, north_west - 3)
    assert rows["North West"].total == north_west
    assert rows["South East"].counts[:5] == (0, 1, 0, 0, 1)  # Kent good; Hampshire, under ILACS 2026, no overall
    assert sum(row.total for row in rows.values()) == 153


def test_transitions_compare_the_latest_two_inspections(known_history: None) -> None:
    result = _overview()
    matrix = {row.label: row.counts[:4] for row in result.transitions}
    assert matrix["Requires improvement or adequate"] == (0, 0, 0, 1)  # Bury
    assert matrix["Inadequate"] == (0, 1, 0, 1)  # Bolton improved, Wigan did not
    assert matrix["Good"] == (0, 0, 0, 0)
    assert result.changes == {"improved": 1, "unchanged": 1, "declined": 1}
    assert result.single_inspection == 1  # Kent; Hampshire, with no overall grade now, is in no transition


def test_inadequate_now_says_since_when_and_for_how_long(known_history: None) -> None:
    rows = _overview().inadequate_now
    assert [(r.authority.slug, r.since) for r in rows] == [
        ("wigan", dt.date(2019, 3, 1)),  # two inadequate inspections in a row: since the first
        ("bury", dt.date(2021, 3, 1)),
    ]
    assert rows[1].days == (TODAY - dt.date(2021, 3, 1)).days
    assert rows[1].duration == "5 years 8 months"


def test_the_distribution_over_time_counts_inadequate_authorities_each_year(known_history: None) -> None:
    years = {row.year: row for row in _overview().years}
    assert min(years) == 2015
    assert max(years) == 2026
    assert [years[y].inadequate for y in range(2015, 2027)] == [1, 1, 1, 1, 2, 2, 3, 2, 2, 2, 2, 2]
    assert {y: r.judged_inadequate for y, r in years.items() if r.judged_inadequate} == {
        2015: 1,
        2018: 1,
        2019: 1,
        2021: 1,
        2023: 1,
    }
    # Kent's good of June 2019 is followed by nothing for over six years: an inspection is missing from the
    # record, so from then on its standing is not known. Hampshire has no overall grade at all.
    assert years[2026].graded == 3
    assert [years[y].not_known for y in (2018, 2019, 2026)] == [0, 1, 1]


def test_filters_narrow_every_count(known_history: None) -> None:
    assert {r.authority.slug for r in _overview(grade="inadequate").records} == {"bury", "wigan"}
    assert {r.authority.slug for r in _overview(framework="ilacs_2026").records} == {"hampshire"}
    assert {r.authority.slug for r in _overview(region="NW", grade="good").records} == {"bolton"}
    counties = _overview(authority_type="county")
    assert {"kent", "hampshire"} <= {r.authority.slug for r in counties.records}
    assert all(r.authority.authority_type == "county" for r in counties.records)
    none = _overview(grade="none")
    assert len(none.records) == 148
    assert none.inadequate_now == ()


def test_unknown_filter_values_are_ignored() -> None:
    filters = Filters.from_query(
        {"region": "XX", "grade": "superb", "framework": "ilacs", "type": "county"},
        [Region(code="NW", name="North West")],
    )
    assert filters == Filters(framework="ilacs", authority_type="county")


def test_the_page_applies_filters_from_the_url(client: Client, known_history: None) -> None:
    response = client.get(reverse("authorities:overview"), {"region": "NW", "grade": "inadequate"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<strong>2</strong> authorities match the filters" in body
    assert '<option value="NW" selected>' in body
    assert '<option value="inadequate" selected>' in body
    inadequate = body[body.index('id="inadequate-now"') :]
    assert ">Bury</a>" in inadequate
    assert ">Wigan</a>" in inadequate
    assert ">Bolton</a>" not in inadequate
    assert 'class="app-year-chart"' in body
    assert "Clear filters" in body


def test_the_page_with_no_inspections_says_so(client: Client, authorities: None) -> None:
    body = client.get(reverse("authorities:overview")).content.decode()
    assert "No full inspection is recorded yet." in body
    assert "is inadequate at its latest full inspection" in body


@pytest.mark.slow
def test_the_overview_needs_the_same_queries_with_one_or_ten_events_each(client: Client, authorities: None) -> None:
    bulk_history(Authority.objects.current(), ["good", "inadequate"] * 5)
    url = reverse("authorities:overview") + "?type=county"
    with CaptureQueriesContext(connection) as ten:
        assert client.get(url).status_code == 200
    Event.objects.exclude(start_date__year=2010).delete()
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    assert len(one) == len(ten) <= 8


def test_the_level_standing_on_each_date_is_the_last_graded_inspections_by_then() -> None:
    record = Record(
        Authority(name="Bury"),
        (
            Inspection.of(1, dt.date(2016, 3, 1), "ilacs", {"overall": "requires_improvement"}),
            Inspection.of(2, dt.date(2019, 5, 1), "ilacs", {}),  # no headline grade: it changes nothing
            Inspection.of(3, dt.date(2021, 3, 1), "ilacs", {"overall": "inadequate"}),
            Inspection.of(4, dt.date(2021, 3, 1), "ilacs", {"overall": "good"}),  # the same day: the later one
        ),
    )
    dates = [dt.date(2015, 12, 31), dt.date(2016, 3, 1), dt.date(2020, 12, 31), dt.date(2021, 3, 1), TODAY]
    assert record.levels_on(dates) == [None, 3, 3, 2, 2]
    assert record.levels_on([]) == []
    assert Record(Authority(name="Kent"), ()).levels_on(dates) == [None] * 5
