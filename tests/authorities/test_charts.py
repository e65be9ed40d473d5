from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from authorities.models import Authority
from inspections.charts import STRAND_STYLES, trajectory_chart
from inspections.frameworks import FrameworkCode
from inspections.models import Event, EventKind
from inspections.services import EventData, upsert_event

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2026, 11, 1)


def _events(*authorities: Authority) -> list[Event]:
    return list(
        Event.objects.filter(authority__in=authorities)
        .select_related("authority")
        .prefetch_related("judgements")
        .order_by("start_date", "pk")
    )


def _ilacs_2026_leaders_good_help_inadequate(authority: Authority) -> None:
    """An April 2026 framework inspection: no overall effectiveness, two strands graded."""
    upsert_event(
        EventData(
            authority=authority,
            kind=EventKind.INSPECTION,
            framework=FrameworkCode.ILACS_2026,
            start_date=dt.date(2026, 6, 1),
            judgements={"leadership": "good", "help_and_protection": "inadequate"},
        )
    )


def _bury_chart() -> tuple[Authority, ET.Element]:
    bury = Authority.objects.get(name="Bury")
    chart = trajectory_chart(_events(bury), authority=bury, today=TODAY)
    return bury, ET.fromstring(str(chart.svg))


def test_the_chart_is_well_formed_svg_named_and_described_for_assistive_technology(demo_history: None) -> None:
    _, svg = _bury_chart()
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "group"  # a group, so the links to each event are announced
    assert svg.get("aria-labelledby") == "trajectory-title trajectory-desc"
    assert svg.find(f"{SVG}title").text == "Inspection grades and visits for Bury, 2016 to 2026"
    desc = svg.find(f"{SVG}desc").text
    assert "Overall effectiveness (circles): requires improvement (2016), inadequate (2021)" in desc


def test_the_chart_carries_its_description_as_the_svg_gives_it(demo_history: None) -> None:
    bury = Authority.objects.get(name="Bury")
    chart = trajectory_chart(_events(bury), authority=bury, today=TODAY)
    assert chart.description.startswith("Overall effectiveness (circles): requires improvement (2016)")
    assert ET.fromstring(str(chart.svg)).find(f"{SVG}desc").text == chart.description
    assert trajectory_chart([], authority=bury, today=TODAY).description == ""


def test_the_chart_draws_one_line_per_strand_bury_was_judged_on(demo_history: None) -> None:
    _, svg = _bury_chart()
    strands = [g.get("data-strand") for g in svg.iter(f"{SVG}g") if g.get("data-strand")]
    assert strands == ["overall", "leadership", "help_and_protection", "children_in_care", "care_leavers"]
    lines = list(svg.iter(f"{SVG}polyline"))
    assert len(lines) == len(strands)
    dashes = {line.get("stroke-dasharray") for line in lines}
    assert len(dashes) == len(lines), "each strand has its own line style, not only its own colour"
    overall = next(g for g in svg.iter(f"{SVG}g") if g.get("data-strand") == "overall")
    # SIF 2016, ILACS 2021, ILACS 2025: one linked point each, across the framework change.
    assert len(overall.find(f"{SVG}polyline").get("points").split()) == 3
    assert len(overall.findall(f"{SVG}a")) == 3


def test_the_chart_shades_and_labels_each_framework_era(demo_history: None) -> None:
    _, svg = _bury_chart()
    eras = [g for g in svg.iter(f"{SVG}g") if g.get("data-framework")]
    assert [g.get("data-framework") for g in eras] == ["sif", "ilacs", "ilacs_2026"]
    assert [g.find(f"{SVG}text").text for g in eras] == ["SIF", "ILACS", "ILACS 2026"]
    assert all(g.find(f"{SVG}rect") is not None for g in eras)


def test_monitoring_visit_4_is_a_point_in_the_lane_linking_to_its_event(demo_history: None) -> None:
    bury, svg = _bury_chart()
    visit = bury.events.get(kind=EventKind.MONITORING_VISIT, sequence_number=4)
    link = next(a for a in svg.iter(f"{SVG}a") if a.get("data-event") == str(visit.pk))
    assert link.get("href") == visit.get_absolute_url()
    assert link.get("data-kind") == "monitoring_visit"
    assert link.find(f"{SVG}title").text == "Monitoring visit 4, 1 August 2023"
    assert link.find(f"{SVG}text").text == "4"


def test_graded_points_link_to_their_inspection_and_name_the_grade(demo_history: None) -> None:
    bury, svg = _bury_chart()
    inspection = bury.events.get(framework=FrameworkCode.ILACS, start_date=dt.date(2021, 10, 25))
    titles = [a.find(f"{SVG}title").text for a in svg.iter(f"{SVG}a") if a.get("href") == inspection.get_absolute_url()]
    assert "ILACS standard inspection, 25 October 2021: Overall effectiveness inadequate" in titles


def test_the_table_alternative_has_a_row_per_event_oldest_first_with_grades_per_strand(demo_history: None) -> None:
    bury = Authority.objects.get(name="Bury")
    chart = trajectory_chart(_events(bury), authority=bury, today=TODAY)
    assert chart.strands[0].strand == "overall"
    assert len(chart.table_rows) == bury.events.count()
    assert [r.date for r in chart.table_rows] == sorted(r.date for r in chart.table_rows)
    last = chart.table_rows[-1]
    assert last.label == "ILACS standard inspection"
    ri = "Requires improvement"
    assert last.grades == (ri, "Good", ri, ri, ri)
    visit = next(r for r in chart.table_rows if r.label == "Monitoring visit 4")
    assert visit.grades == (None,) * 5
    assert visit.url == visit.event.get_absolute_url()


def test_building_the_chart_from_fetched_events_runs_no_queries(demo_history: None, django_assert_num_queries) -> None:
    bury = Authority.objects.get(name="Bury")
    events = _events(bury)
    with django_assert_num_queries(0):
        trajectory_chart(events, authority=bury, today=TODAY)


def test_authority_names_and_labels_are_escaped(authorities: None) -> None:
    authority = Authority.objects.get(name="Bury")
    authority.name = 'Bury & <script>alert("x")</script>'
    authority.save(update_fields=["name"])
    upsert_event(
        EventData(
            authority=authority,
            kind=EventKind.INSPECTION,
            framework=FrameworkCode.ILACS,
            start_date=dt.date(2022, 1, 10),
            judgements={"overall": "good"},
        )
    )
    chart = trajectory_chart(_events(authority), authority=authority, today=TODAY)
    assert "<script>" not in str(chart.svg)
    svg = ET.fromstring(str(chart.svg))
    title = svg.find(f"{SVG}title").text
    assert title == 'Inspection grades and visits for Bury & <script>alert("x")</script>, 2022 to 2026'


def test_a_predecessors_events_are_marked_hollow_and_named(authorities: None) -> None:
    cumbria = Authority.objects.get(name="Cumbria")
    cumberland = Authority.objects.get(name="Cumberland")
    upsert_event(
        EventData(
            authority=cumbria,
            kind=EventKind.INSPECTION,
            framework=FrameworkCode.ILACS,
            start_date=dt.date(2022, 1, 10),
            judgements={"overall": "good"},
        )
    )
    upsert_event(EventData(authority=cumberland, kind=EventKind.FOCUSED_VISIT, start_date=dt.date(2024, 5, 1)))
    chart = trajectory_chart(_events(cumbria, cumberland), authority=cumberland, today=TODAY)
    svg = ET.fromstring(str(chart.svg))
    point = next(svg.iter(f"{SVG}a"))
    assert point.find(f"{SVG}title").text.startswith("ILACS inspection, 10 January 2022 (as Cumbria, a predecessor)")
    assert point.find(f"{SVG}circle").get("fill") == "#ffffff"
    assert [r.is_predecessor for r in chart.table_rows] == [True, False]
    visit = next(a for a in svg.iter(f"{SVG}a") if a.get("data-kind") == "focused_visit")
    assert visit.find(f"{SVG}circle").get("fill") != "#ffffff"


def test_an_ilacs_2026_inspection_adds_no_overall_point(authorities: None) -> None:
    authority = Authority.objects.get(name="Bury")
    _ilacs_2026_leaders_good_help_inadequate(authority)
    chart = trajectory_chart(_events(authority), authority=authority, today=TODAY)
    assert [s.strand.value for s in chart.strands] == ["leadership", "help_and_protection"]


def test_the_table_has_a_grade_column_for_each_strand_drawn_and_no_more(authorities: None, client) -> None:
    authority = Authority.objects.get(name="Bury")
    _ilacs_2026_leaders_good_help_inadequate(authority)
    upsert_event(EventData(authority=authority, kind=EventKind.FOCUSED_VISIT, start_date=dt.date(2024, 5, 1)))
    chart = trajectory_chart(_events(authority), authority=authority, today=TODAY)
    assert [row.grades for row in chart.table_rows] == [(None, None), ("Good", "Inadequate")]

    page = client.get(authority.get_absolute_url()).content.decode()
    table = page[page.index('<table class="govuk-table"') :]
    table = table[: table.index("</table>")]
    header, *rows = table.split('<tr class="govuk-table__row"')[1:]
    assert header.count('scope="col"') == 2 + 2  # date, event, and the two strands drawn
    assert all(row.count("<td") + row.count("<th") == 4 for row in rows)


def test_no_events_gives_no_chart(db: None) -> None:
    chart = trajectory_chart([], today=TODAY)
    assert str(chart.svg) == ""
    assert chart.table_rows == ()


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("strand", list(STRAND_STYLES))
def test_every_strand_colour_has_at_least_4_5_to_1_contrast_on_white(strand: str) -> None:
    ratio = 1.05 / (_luminance(STRAND_STYLES[strand].colour) + 0.05)
    assert ratio >= 4.5


def test_the_authority_page_shows_the_chart_its_table_and_the_position(client, demo_history: None) -> None:
    body = client.get(Authority.objects.get(name="Bury").get_absolute_url()).content.decode()
    heading = body.index("<h1")
    assert heading < body.index('<svg xmlns="http://www.w3.org/2000/svg" class="app-trajectory-chart"')
    assert body.index("app-trajectory-chart") < body.index("Show the chart as a table") < body.index("Current position")
    assert "Monitoring visit 4" in body
    assert "Time judged inadequate" in body
    assert "1323 days" in body
    assert "Expected next" in body
    assert "Rule: Under ILACS" in body


def test_the_chart_does_not_draw_one_line_across_doncasters_missing_inspection(authorities: None) -> None:
    doncaster = Authority.objects.get(name="Doncaster")
    for start, published, framework, grade in (
        (dt.date(2015, 9, 21), dt.date(2015, 11, 27), FrameworkCode.SIF, "inadequate"),
        (dt.date(2025, 1, 20), dt.date(2025, 3, 18), FrameworkCode.ILACS, "good"),
    ):
        upsert_event(
            EventData(
                authority=doncaster,
                kind=EventKind.INSPECTION,
                framework=framework,
                start_date=start,
                published_date=published,
                judgements={"overall": grade},
            )
        )
    chart = trajectory_chart(_events(doncaster), authority=doncaster, today=TODAY)
    svg = ET.fromstring(str(chart.svg))
    overall = next(g for g in svg.iter(f"{SVG}g") if g.get("data-strand") == "overall")
    lines = overall.findall(f"{SVG}polyline")
    assert [len(line.get("points").split()) for line in lines] == [1, 1]
    assert len(overall.findall(f"{SVG}a")) == 2
    assert chart.broken
    assert "A line stops where an inspection is missing from the record" in svg.find(f"{SVG}desc").text


def test_ilacs_children_in_care_and_care_leavers_before_2023_is_a_point_on_both_lines(demo_history: None) -> None:
    bury = Authority.objects.get(name="Bury")
    chart = trajectory_chart(_events(bury), authority=bury, today=TODAY)
    svg = ET.fromstring(str(chart.svg))
    inspection = bury.events.get(framework=FrameworkCode.ILACS, start_date=dt.date(2021, 10, 25))
    for strand in ("children_in_care", "care_leavers"):
        group = next(g for g in svg.iter(f"{SVG}g") if g.get("data-strand") == strand)
        titles = [a.find(f"{SVG}title").text for a in group.findall(f"{SVG}a")]
        assert (
            "ILACS standard inspection, 25 October 2021: "
            "Experiences and progress of children in care and care leavers requires improvement"
        ) in titles
    row = next(r for r in chart.table_rows if r.event.pk == inspection.pk)
    assert row.grades[-2:] == ("Requires improvement", "Requires improvement (with children in care)")
    assert chart.shared_care_leavers
