from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.models import Authority
from inspections.charts import comparator, trajectory_chart
from inspections.comparison import MAX_AUTHORITIES, compare_url, select
from inspections.models import Event

from .national_history import bulk_history, inspect

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2026, 11, 1)


def test_the_default_comparison_is_the_authority_and_its_ten_neighbours(client: Client, demo_history: None) -> None:
    bury = Authority.objects.get(name="Bury")
    response = client.get(reverse("authorities:authority-compare", kwargs={"slug": "bury"}))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<h1 class="govuk-heading-xl">Bury and its statistical neighbours</h1>' in body
    rows = [s.authority for s in response.context["comparison"].summaries]
    assert rows == [bury, *bury.ordered_neighbours()]
    assert len(rows) == 11
    # The shareable link names the same authorities, Bury first.
    assert response.context["share_url"].endswith(compare_url([a.slug for a in rows]))


def test_the_table_shows_each_authoritys_latest_grades_with_dates(client: Client, authorities: None) -> None:
    bolton = Authority.objects.get(slug="bolton")
    inspect(bolton, dt.date(2019, 1, 14), "inadequate")
    inspect(bolton, dt.date(2023, 5, 8), "good", leadership="outstanding")
    response = client.get(reverse("authorities:compare"), {"focus": "bolton", "a": ["rochdale"]})
    summaries = response.context["comparison"].summaries
    assert [s.authority.slug for s in summaries] == ["bolton", "rochdale"]
    assert summaries[0].latest_inspection.start_date == dt.date(2023, 5, 8)
    assert [g.grade for g in summaries[0].grades][:2] == ["good", "outstanding"]
    assert summaries[1].latest_inspection is None
    body = response.content.decode()
    assert "8 May 2023" in body
    assert "No record held" in body
    assert "Not judged" not in body


def test_the_chart_draws_the_focus_bold_and_the_others_faint(client: Client, authorities: None) -> None:
    bury, bolton, wigan = (Authority.objects.get(slug=s) for s in ("bury", "bolton", "wigan"))
    inspect(bury, dt.date(2016, 3, 1), "requires_improvement")
    inspect(bury, dt.date(2021, 3, 1), "inadequate")
    inspect(bolton, dt.date(2017, 3, 1), "good")
    inspect(bolton, dt.date(2022, 3, 1), "outstanding")
    inspect(wigan, dt.date(2015, 3, 1), "inadequate")
    response = client.get(compare_url(["bury", "bolton", "wigan"]))
    svg = ET.fromstring(str(response.context["comparison"].chart.svg))
    assert svg.find(f"{SVG}title").text.endswith("compared with 2 other authorities")
    others = [g for g in svg.iter(f"{SVG}g") if g.get("class") == "app-chart-comparator"]
    assert [g.get("data-authority") for g in others] == ["bolton", "wigan"]
    assert others[0].find(f"{SVG}title").text == "Bolton: good (2017), outstanding (2022)"
    assert len(others[0].find(f"{SVG}polyline").get("points").split()) == 2
    focus = next(g for g in svg.iter(f"{SVG}g") if g.get("data-strand") == "overall")
    assert focus.find(f"{SVG}polyline").get("stroke-width") == "3.5"
    assert float(others[0].find(f"{SVG}polyline").get("stroke-width")) < 3.5
    # The chart starts at the earliest inspection of any authority shown (Wigan's, 2015).
    assert "2015 to 2026" in svg.find(f"{SVG}title").text
    # Its table alternative lists every authority's grades in words.
    history = {row.authority.slug: row.grades for row in response.context["comparison"].history}
    assert history["wigan"] == ((dt.date(2015, 3, 1), "Inadequate"),)


def test_the_chart_without_comparators_is_unchanged(demo_history: None) -> None:
    bury = Authority.objects.get(name="Bury")
    events = list(
        Event.objects.filter(authority=bury)
        .select_related("authority")
        .prefetch_related("judgements")
        .order_by("start_date", "pk")
    )
    plain = trajectory_chart(events, authority=bury, today=TODAY)
    assert trajectory_chart(events, authority=bury, today=TODAY, comparators=[]).svg == plain.svg
    assert "app-chart-comparator" not in str(plain.svg)
    assert 'stroke-width="2.5"' in str(plain.svg)


def test_a_comparator_draws_no_overall_grade_for_ilacs_2026_which_gives_none(authorities: None) -> None:
    bolton = Authority.objects.get(slug="bolton")
    event = inspect(bolton, dt.date(2026, 6, 1), "", framework="ilacs_2026", leadership="good", in_care="inadequate")
    line = comparator(bolton, Event.objects.filter(pk=event.pk).prefetch_related("judgements"))
    assert line.points == ()


def test_the_set_is_capped_with_a_clear_message(client: Client, authorities: None) -> None:
    slugs = list(Authority.objects.current().order_by("name").values_list("slug", flat=True)[:25])
    response = client.get(compare_url(slugs))
    assert len(response.context["selection"].authorities) == MAX_AUTHORITIES
    body = response.content.decode()
    assert f"Up to {MAX_AUTHORITIES} authorities can be compared at once: the last 5 you chose are left out." in body


def test_unknown_and_repeated_names_are_reported_or_ignored(client: Client, authorities: None) -> None:
    selection = select(["bury", "BURY", "nowhere", "bolton"])
    assert selection.slugs == ["bury", "bolton"]
    assert selection.unknown == ("nowhere",)
    body = client.get(compare_url(["bury", "<script>x</script>"])).content.decode()
    assert "No authority is called “&lt;script&gt;x&lt;/script&gt;”" in body


def test_the_form_ticks_the_chosen_authorities_and_offers_the_region(client: Client, authorities: None) -> None:
    response = client.get(reverse("authorities:compare"), {"focus": "bury", "a": ["bolton"]})
    body = response.content.decode()
    assert 'value="bolton" checked' in body
    assert '<option value="bury" selected>' in body
    region_slugs = set(Authority.objects.current().filter(region_id="NW").values_list("slug", flat=True))
    add_url = response.context["add_region_url"]
    assert add_url.startswith(compare_url(["bury", "bolton"]))
    assert {part.removeprefix("a=") for part in add_url.split("?")[1].split("&")} == region_slugs
    assert "Add the other authorities in North West" in body


def test_an_empty_comparison_invites_a_choice(client: Client, authorities: None) -> None:
    response = client.get(reverse("authorities:compare"))
    assert response.status_code == 200
    assert "Choose the authorities to compare" in response.content.decode()
    assert client.get(reverse("authorities:authority-compare", kwargs={"slug": "nowhere"})).status_code == 404


def test_the_comparison_needs_the_same_queries_with_one_or_ten_events_each(client: Client, authorities: None) -> None:
    bury = Authority.objects.get(slug="bury")
    bulk_history([bury, *bury.ordered_neighbours()], ["good", "inadequate"] * 5)
    url = reverse("authorities:authority-compare", kwargs={"slug": "bury"})
    with CaptureQueriesContext(connection) as ten:
        assert client.get(url).status_code == 200
    Event.objects.exclude(start_date__year=2010).delete()
    assert Event.objects.count() == 11
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    assert len(one) == len(ten) <= 12
