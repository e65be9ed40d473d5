"""A person uploads a report in the browser; a real worker reads it; they review and publish it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from config.roles import EDITOR
from tests.e2e.conftest import sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.worker]


def test_an_uploaded_report_is_read_reviewed_and_shown_on_the_authority_page(
    page: Any, browser: Any, live_server: Any, celery_worker_process: Any, corpus_dir: Path, authorities: None
) -> None:
    UserFactory(username="alice", role=EDITOR)
    report = corpus_dir / "ofsted" / "80443_bury" / "children's services inspection - 17 december 2021.pdf"
    # A reader who is not signed in has Bury's page from the page cache before the report is published …
    reader = browser.new_context(base_url=live_server.url).new_page()
    assert reader.goto("/authorities/bury/").headers["x-page-cache"] == "miss"
    assert reader.goto("/authorities/bury/").headers["x-page-cache"] == "hit"
    assert reader.locator(".app-events li").filter(has_text="ILACS standard inspection").count() == 0

    sign_in(page, "alice")
    page.get_by_role("link", name="Upload").click()
    page.locator("input[type=file][name=files]").set_input_files(str(report))
    page.get_by_role("button", name="Upload", exact=True).click()

    # The status cell updates itself (htmx polling) until the worker has read the file.
    page.locator(".app-status .govuk-tag", has_text="Needs review").wait_for(timeout=60_000)
    # The whole row updated itself: its kind and authority are there without a reload.
    row = page.locator("tbody tr", has_text=report.name)
    assert row.locator("td").nth(0).inner_text() == "ILACS inspection"
    assert row.locator("td").nth(1).inner_text() == "Bury"
    page.get_by_role("link", name="Review").click()
    assert page.get_by_role("heading", name="Check what was read").is_visible()
    assert page.get_by_label("Overall effectiveness").input_value() == "inadequate"
    # ILACS reports of 2018-22 print no publication date and no separate care leavers' grade: the reviewer says so.
    unread = page.locator(".govuk-error-summary", has_text="Some values could not be read").get_by_role("link")
    assert unread.all_inner_texts() == [
        "Publication date: could not be read",
        "Experiences and progress of care leavers: could not be read",
    ]
    page.get_by_label("Not in the report (Publication date)").check()
    page.get_by_label("Not in the report (Experiences and progress of care leavers)").check()
    page.get_by_role("button", name="Publish").click()

    page.wait_for_url("**/authorities/bury/")
    event = page.locator(".app-events li").filter(has_text="ILACS standard inspection")
    assert event.count() == 1
    assert "Inadequate" in event.inner_text()
    # … and sees the published inspection at once.
    fresh = reader.goto("/authorities/bury/")
    assert fresh.headers["x-page-cache"] == "miss"
    assert "Inadequate" in reader.locator(".app-events li").filter(has_text="ILACS standard inspection").inner_text()
    reader.context.close()
