"""Comparison, overview and map in headless Chromium: used without JavaScript tricks, checked with axe-core."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from authorities.boundaries import load_boundaries
from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.slow, pytest.mark.browser]


@pytest.fixture
def history(transactional_db: None, demo_history: None) -> None:
    """The demonstration history, committed for the live server."""


def test_choosing_authorities_to_compare(page: Any, history: None) -> None:
    page.goto("/compare/")
    assert page.get_by_role("heading", level=1).inner_text() == "Compare authorities"
    page.get_by_label("Authority in focus").select_option(label="Bury")
    page.locator("summary", has_text="North West").click()
    page.get_by_label("Bolton").check()
    page.get_by_label("Rochdale").check()
    page.get_by_role("button", name="Compare").click()

    page.wait_for_url("**/compare/?focus=bury&a=bolton&a=rochdale")
    rows = page.locator("#comparison-table tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).locator("th a").inner_text() == "Bury"
    assert [rows.nth(i).locator("th a").inner_text() for i in (1, 2)] == ["Bolton", "Rochdale"]
    assert page.locator("svg.app-trajectory-chart g.app-chart-comparator").count() >= 1
    assert_accessible(page)

    # The neighbours' comparison is one link away from the authority's own URL.
    page.goto("/authorities/bury/compare/")
    assert page.locator("#comparison-table tbody tr").count() == 11
    assert_accessible(page)


def test_filtering_the_overview(page: Any, history: None) -> None:
    page.goto("/overview/")
    assert page.locator("#overview-count").inner_text().startswith("153 authorities")
    everyone = page.locator("#inadequate-now tbody tr").count()
    assert everyone >= 1
    assert_accessible(page)

    page.get_by_role("combobox", name="Region").select_option(label="North West")
    page.get_by_role("combobox", name="Current grade").select_option(label="Inadequate")
    page.get_by_role("button", name="Apply filters").click()

    page.wait_for_url("**/overview/?region=NW&grade=inadequate**")
    count = page.locator("#overview-count").inner_text()
    assert "match the filters" in count
    names = page.locator("#inadequate-now tbody th").all_inner_texts()
    assert names
    assert len(names) <= everyone
    assert int(count.split()[0]) == len(names)  # every North West authority inadequate now is listed
    assert page.get_by_role("combobox", name="Region").input_value() == "NW"
    assert_accessible(page)


def test_the_map_is_accessible(page: Any, history: None, tmp_path: Path) -> None:
    page.goto("/map/")
    assert page.locator("#map-missing").is_visible()
    assert_accessible(page)

    square = [[[-2.35, 53.55], [-2.25, 53.55], [-2.25, 53.65], [-2.35, 53.65], [-2.35, 53.55]]]
    geojson = tmp_path / "bury.geojson"
    geojson.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"LAD23CD": "E08000002"},
                        "geometry": {"type": "Polygon", "coordinates": square},
                    }
                ],
            }
        )
    )
    load_boundaries(geojson)
    page.goto("/map/")
    area = page.get_by_role("link", name="Bury: requires improvement")
    assert area.count() == 1
    assert_accessible(page)
    area.click()
    page.wait_for_url("**/authorities/bury/")
