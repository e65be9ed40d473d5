"""Issue 14.14: at 390 px wide (a phone) the trajectory chart's text can be read. Shrunk to the screen it was about
4 px high; it is drawn at full size in a region that scrolls sideways, the page itself not wider than the screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from authorities.services import load_authorities
from inspections.demo import load_demo_history

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
LEGIBLE_PX = 12  # the height of a line of 13px text is about 15px


@pytest.fixture
def history(transactional_db: None, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    load_authorities()
    load_demo_history()


def _text_heights(page: Any, chart: str) -> list[float]:
    return page.eval_on_selector_all(
        f"{chart} text", "texts => texts.map(t => t.getBoundingClientRect().height).filter(h => h > 0)"
    )


@pytest.mark.parametrize("url", ["/authorities/bury/", "/compare/?focus=bury&a=bolton"])
def test_the_chart_text_is_legible_at_390_px_wide(browser: Any, live_server: Any, history: None, url: str) -> None:
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto(url)
        chart = "svg.app-trajectory-chart"
        assert page.locator(chart).count() == 1
        heights = _text_heights(page, chart)
        assert heights
        assert min(heights) >= LEGIBLE_PX, f"chart text {min(heights):.1f}px high at 390px wide"
        region = page.locator(f'[role="region"]:has({chart})')
        assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the chart scrolls sideways in its region
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # the page does not
    finally:
        context.close()
