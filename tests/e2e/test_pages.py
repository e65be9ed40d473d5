"""The main pages in headless Chromium: the authority page's chart and events expanding in place, search,
and an axe-core accessibility check (WCAG 2.2 AA, no serious or critical violations) on each page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from authorities.models import Authority
from config.roles import EDITOR
from inspections.frameworks import FrameworkCode
from inspections.models import EventKind
from inspections.services import EventData, RecommendationData, upsert_event
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import DocumentFactory, UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.browser]

OVERSIGHT = "Senior leaders lack management oversight of child protection enquiries <script>alert(1)</script>."


@pytest.fixture
def history(transactional_db: None, demo_history: None, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _published_report(authority: str, start: dt.date, text: str, doc_kind: str = "ilacs_inspection") -> None:
    document = DocumentFactory(authority=Authority.objects.get(name=authority), text=text, doc_kind=doc_kind)
    upsert_event(
        EventData(
            authority=document.authority,
            kind=EventKind.INSPECTION,
            framework=FrameworkCode.ILACS,
            start_date=start,
            judgements={"overall": "inadequate"},
            findings=("Managers do not oversee child protection enquiries.",),
            recommendations=(RecommendationData(text="Improve management oversight of enquiries."),),
            source_document=document,
        )
    )


def test_the_authority_page_shows_the_chart_and_expands_events_in_place(page: Any, history: None) -> None:
    page.goto("/authorities/bury/")
    chart = page.locator("figure svg:has(#trajectory-title)")
    assert chart.count() == 1
    assert "Bury" in chart.locator("#trajectory-title").text_content()

    event = page.locator(".app-events > li").filter(has_text="ILACS standard inspection").first
    toggle = event.locator("[data-event-toggle]")
    details = event.locator(".app-event-details-slot")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert details.is_hidden()

    toggle.click()
    details.locator("h4", has_text="Judgements").wait_for()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert details.is_visible()
    assert "Impact of leaders on social work practice" in details.inner_text()
    assert toggle.inner_text().startswith("Hide details")
    assert page.url.endswith("/authorities/bury/")  # expanded in place, not navigated
    assert_accessible(page)

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert details.is_hidden()
    assert event.locator("table").first.is_visible()  # the row's own judgements are back

    toggle.click()  # opens again from what was already loaded
    assert details.is_visible()


def test_search_shows_passages_and_filters(page: Any, history: None) -> None:
    _published_report("Bury", dt.date(2021, 10, 25), "Introduction. " + OVERSIGHT)
    _published_report("Wigan", dt.date(2023, 2, 6), "Wigan's " + OVERSIGHT, doc_kind="focused_visit")
    _published_report("Salford", dt.date(2022, 5, 9), "Children in care are well supported.")

    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/search/")
    page.get_by_label("Words to find").fill("oversight")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=oversight*")
    results = page.locator("#results")
    assert "2 reports found" in results.inner_text()
    assert results.locator("mark").first.inner_text().lower() == "oversight"
    # The reports' text holds a <script>: it never becomes markup (PostgreSQL's passages leave such tags out).
    assert results.locator("script").count() == 0
    assert dialogs == []
    assert "Salford" not in results.inner_text()
    assert_accessible(page)

    page.get_by_text("Filter by authority, kind of report and date").click()
    page.get_by_label("Authority").select_option(label="Wigan")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**authority=wigan*")
    assert "1 report found" in results.inner_text()
    assert "Wigan" in results.inner_text()
    assert "Bury" not in results.inner_text()


def test_the_main_pages_have_no_serious_accessibility_violations(page: Any, history: None) -> None:
    _published_report("Bury", dt.date(2024, 1, 8), OVERSIGHT)
    event = Authority.objects.get(name="Bury").events.get(start_date=dt.date(2024, 1, 8))
    UserFactory(username="alice", role=EDITOR)

    for path in ["/", "/authorities/bury/", event.get_absolute_url(), "/search/?q=oversight", "/accessibility/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)

    page.goto("/")
    page.get_by_role("link", name="Accessibility statement").click()
    assert page.get_by_role("heading", name="Accessibility statement").is_visible()

    page.goto("/accounts/login/")
    assert_accessible(page)
    sign_in(page, "alice")
    for path in ["/upload/", "/documents/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        assert_accessible(page)
