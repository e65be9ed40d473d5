"""An editor turns Bury's 2021 recommendations into a plan, records progress and sees the RAG rating."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from config.roles import EDITOR
from improvement.services import tag_event
from inspections.models import Event, EventKind, Recommendation
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory
from tests.improvement.conftest import RECOMMENDATIONS_2021, VISIT_FINDINGS_2023

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _bury_with_recommendations() -> Event:
    inspection = Event.objects.get(authority__slug="bury", kind=EventKind.INSPECTION, start_date=dt.date(2021, 10, 25))
    Recommendation.objects.bulk_create(
        Recommendation(event=inspection, order=i, text=text) for i, text in enumerate(RECOMMENDATIONS_2021, start=1)
    )
    visit = Event.objects.get(authority__slug="bury", kind=EventKind.MONITORING_VISIT, start_date=dt.date(2023, 8, 1))
    visit.findings = list(VISIT_FINDINGS_2023)
    visit.save(update_fields=["findings"])
    tag_event(inspection)
    tag_event(visit)
    return inspection


def test_an_editor_plans_records_progress_and_sees_the_rag_rating(page: Any, demo_history: None) -> None:
    _bury_with_recommendations()
    UserFactory(username="alice", role=EDITOR)

    sign_in(page, "alice")
    page.goto("/authorities/bury/improvement/")
    assert page.get_by_role("heading", name="Recurring concerns", exact=True).is_visible()
    assert page.get_by_role("table", name="Management oversight and supervision: raised 2 times").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Start a plan for the ILACS standard inspection of 25 October 2021").click()
    checkboxes = page.get_by_role("group", name="Recommendations that become actions").get_by_role("checkbox")
    assert checkboxes.count() == 4
    assert all(checkboxes.nth(i).is_checked() for i in range(4))
    assert_accessible(page)
    checkboxes.nth(3).uncheck()
    page.get_by_label("Owner of each action (optional)").fill("Head of Children's Social Care")
    page.get_by_role("button", name="Start the plan").click()

    assert page.get_by_role("heading", level=1).inner_text().startswith("Improvement plan: ILACS")
    assert page.locator(".app-rag", has_text="Amber: not started").count() == 3
    assert page.get_by_role("heading", name="Recommendations without an action").is_visible()
    assert_accessible(page)

    page.get_by_role("link", name=RECOMMENDATIONS_2021[0]).click()
    page.get_by_label("What happened").fill("Supervision policy relaunched; first audit booked.")
    page.get_by_label("Status after this update").select_option("on_track")
    page.get_by_label("Link to evidence (optional)").fill("https://www.bury.gov.uk/supervision-audit")
    page.get_by_role("button", name="Record progress").click()

    # htmx swaps the progress section in place: the update is listed without a page load.
    progress = page.locator("#progress")
    progress.get_by_text("Supervision policy relaunched; first audit booked.").wait_for()
    assert progress.locator(".app-rag", has_text="Green: on track").count() >= 1
    assert_accessible(page)

    # A slip in the words is corrected; the status the update recorded stays.
    page.get_by_role("link", name=re.compile("^Correct the update of")).click()
    assert page.get_by_role("heading", name="Correct a progress update").is_visible()
    assert_accessible(page)
    page.get_by_label("What happened").fill("Supervision policy relaunched; first audit held.")
    page.get_by_role("button", name="Save the correction").click()
    assert page.get_by_text("Supervision policy relaunched; first audit held.").first.is_visible()
    assert page.locator("#progress .app-rag", has_text="Green: on track").count() >= 1

    page.get_by_role("link", name="Improvement plan: ILACS").click()
    assert page.locator(".app-rag", has_text="Green: on track").count() == 1
    assert page.locator(".app-rag", has_text="Amber: not started").count() == 2

    # The theme tags behind the concerns, with the editor's correction controls.
    page.get_by_role("link", name="its themes").click()
    assert page.get_by_role("heading", name="Practice themes").is_visible()
    assert page.locator("mark", has_text="management oversight").count() == 1
    assert_accessible(page)
