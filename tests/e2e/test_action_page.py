"""An action's page in headless Chromium: an overdue action not started is red and marked overdue, recording
progress updates the action's summary and its plan's ratings in place (an htmx out-of-band swap), and the page
breaks no rule of the Content-Security-Policy (`style-src 'self'`: no inline style)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from authorities.services import load_authorities
from config.roles import EDITOR
from improvement.models import Action, ImprovementPlan
from inspections.frameworks import FrameworkCode
from inspections.models import Authority, EventKind
from inspections.services import EventData, upsert_event
from tests.e2e.conftest import sign_in
from tests.e2e.test_admin_csp import LISTEN
from tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _late_actions() -> Action:
    load_authorities()
    event, _ = upsert_event(
        EventData(
            authority=Authority.objects.get(slug="bury"),
            kind=EventKind.INSPECTION,
            framework=FrameworkCode.ILACS,
            inspection_type="standard",
            start_date=dt.date(2024, 3, 4),
            end_date=dt.date(2024, 3, 15),
        )
    )
    plan = ImprovementPlan.objects.create(authority=event.authority, responds_to=event, title="Improvement plan 2024")
    last_month = dt.date.today() - dt.timedelta(days=30)
    late = Action.objects.create(plan=plan, description="Audit every strategy meeting", due_date=last_month, order=1)
    Action.objects.create(plan=plan, description="Recruit two team managers", order=2)
    return late


def test_an_overdue_action_is_red_and_progress_updates_the_summary_without_breaking_the_csp(
    browser: Any, live_server: Any
) -> None:
    late = _late_actions()
    UserFactory(username="alice", role=EDITOR)
    context = browser.new_context(base_url=live_server.url)
    violations: list[dict[str, Any]] = []
    context.expose_function("reportCspViolation", lambda violation: violations.append(violation))
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15_000)
    console_errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    sign_in(page, "alice")

    page.goto(f"/plans/{late.plan_id}/")
    row = page.get_by_role("row").filter(has_text="Audit every strategy meeting")
    assert row.locator(".app-rag.govuk-tag--red", has_text="Red: not started, overdue").count() == 1
    assert row.locator(".govuk-tag--red:not(.app-rag)", has_text="Overdue").count() == 1
    other = page.get_by_role("row").filter(has_text="Recruit two team managers")
    assert other.locator(".app-rag.govuk-tag--orange", has_text="Amber: not started").count() == 1

    page.goto(f"/actions/{late.pk}/")
    summary = page.locator("#action-summary")
    assert summary.locator(".app-rag.govuk-tag--red", has_text="Red: not started, overdue").count() == 1
    assert "Red 1 · Amber 1 · Green 0 · Complete 0; 1 overdue" in summary.inner_text()

    page.get_by_label("What happened").fill("Audit of March meetings under way.")
    page.get_by_label("Status after this update").select_option("on_track")
    with page.expect_response(lambda r: r.url.endswith(f"/actions/{late.pk}/progress/")) as answer:
        page.get_by_role("button", name="Record progress").click()
    assert answer.value.status == 200
    page.locator("#progress").get_by_text("Audit of March meetings under way.").wait_for()
    # The summary above the form was swapped out of band: no reload, and the plan's ratings moved.
    assert "Red 0 · Amber 1 · Green 1 · Complete 0; 1 overdue" in page.locator("#action-summary").inner_text()
    assert summary.locator(".app-rag.govuk-tag--green", has_text="Green: on track, overdue").count() == 1
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1

    # A refused edit re-renders the page with its errors (the details open): no inline style there either.
    page.get_by_text("Change what will be done, the owner or the due date").click()
    page.get_by_label("What will be done").fill("")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_role("alert").wait_for()

    csp = [text for text in console_errors if "Content Security Policy" in text]
    assert not csp, csp
    assert not violations, violations
    context.close()
