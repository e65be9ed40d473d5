"""The Django admin under the site's Content-Security-Policy (`script-src 'self'; style-src 'self'`), in headless
Chromium: the pages an administrator uses (sign-in, index, change lists with filters, search and actions, change
forms with inlines, calendars, autocompletes and pop-ups, the change history of django-simple-history with its
pages and records, users, groups and passwords, deletion) report no CSP violation, neither as a
`securitypolicyviolation` event nor in the console, and raise no script error.

A violation found here once: simple-history's history list gave its paginator `style="border-top: 0"`, blocked
by `style-src 'self'`; templates/simple_history/object_history_list.html overrides it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from authorities.models import Authority
from config.audit import attributed
from config.roles import ADMIN
from improvement.models import Action, ImprovementPlan
from inspections.frameworks import FrameworkCode
from inspections.models import EventKind, Judgement
from inspections.services import EventData, RecommendationData, upsert_event
from tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.browser]

PASSWORD = "correct horse battery staple"

# Added to every document before any of its own code runs (an init script, which the page's policy does not govern).
LISTEN = """
document.addEventListener('securitypolicyviolation', event => {
  window.reportCspViolation({
    page: document.location.pathname + document.location.search,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    sample: event.sample,
    source: event.sourceFile + ':' + event.lineNumber,
  });
}, true);
"""

Violations = list[dict[str, Any]]


@pytest.fixture
def admin_page(browser: Any, live_server: Any) -> Iterator[tuple[Any, Violations]]:
    """A page whose CSP violations (events and console messages) and script errors are collected."""
    violations: Violations = []
    context = browser.new_context(base_url=live_server.url)

    def report(violation: dict[str, Any]) -> None:
        violations.append(violation)

    context.expose_function("reportCspViolation", report)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(15_000)

    def on_console(message: Any) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            violations.append({"page": page.url, "console": message.text})

    page.on("console", on_console)
    page.on("pageerror", lambda error: violations.append({"page": page.url, "script error": str(error)}))
    yield page, violations
    context.close()


@pytest.fixture
def records(transactional_db: None, authorities: None, settings: Any, tmp_path: Path) -> dict[str, Any]:
    """An inspection with judgements, inspectors and a recommendation, a changed grade, and a plan whose action
    has more changes than one page of the admin's history shows."""
    settings.MEDIA_ROOT = tmp_path / "media"
    bury = Authority.objects.get(slug="bury")
    carol = UserFactory(username="carol", role=ADMIN, is_staff=True)
    data = EventData(
        authority=bury,
        kind=EventKind.INSPECTION,
        framework=FrameworkCode.ILACS,
        start_date=dt.date(2023, 3, 6),
        end_date=dt.date(2023, 3, 17),
        judgements={"overall": "good", "leadership": "good"},
        lead_inspector="Pat Example",
        recommendations=(RecommendationData(text="Improve supervision <script>alert(1)</script>."),),
    )
    with attributed(carol, "Entered for the admin test"):
        event, _ = upsert_event(data)
        judgement = Judgement.objects.get(event=event, area="overall")
        judgement.grade = "requires_improvement"
        judgement.save()
        plan = ImprovementPlan.objects.create(authority=bury, responds_to=event, title="Plan <b>bold</b>")
        action = Action.objects.create(plan=plan, description="Audit strategy meetings", due_date=dt.date(2024, 1, 1))
        for number in range(105):  # SimpleHistoryAdmin shows 100 a page
            action.owner = f"Owner {number}"
            action.save()
    return {"event": event, "judgement": judgement, "action": action, "carol": carol, "bury": bury}


def _visit(page: Any, path: str) -> None:
    response = page.goto(path)
    assert response is not None, path
    assert response.status == 200, f"{path}: {response.status}"
    assert "style-src 'self'" in response.headers["content-security-policy"], path
    page.wait_for_load_state("networkidle")


def _admin_sign_in(page: Any, username: str) -> None:
    _visit(page, "/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Site administration").is_visible()


def _assert_none(violations: Violations) -> None:
    assert not violations, "CSP violations in the admin:\n" + "\n".join(str(v) for v in violations)


def _use_a_change_form(page: Any, event_pk: int) -> None:
    """What an administrator does on a change form: the calendar, the autocomplete, another inline row."""
    _visit(page, f"/admin/inspections/event/{event_pk}/change/")
    page.locator("#calendarlink0").click()
    page.locator(".calendarbox").first.wait_for(state="visible")
    page.locator(".calendarbox .calendar-cancel a").first.click()
    page.locator("#id_start_date").fill("2023-03-07")
    page.locator("#select2-id_authority-container").click()
    page.locator(".select2-search__field").fill("Bol")
    page.locator(".select2-results__option", has_text="Bolton").first.wait_for()
    page.keyboard.press("Escape")
    page.locator("#judgements-group .add-row a").click()
    page.locator("#judgements-group tbody tr.form-row").nth(2).wait_for()


def test_the_admin_reports_no_csp_violation_to_an_administrator(
    admin_page: tuple[Any, Violations], records: dict[str, Any]
) -> None:
    """The Administrator role as deployed: staff, with the role's permissions (no deleting published records)."""
    page, violations = admin_page
    event, judgement, action, carol = records["event"], records["judgement"], records["action"], records["carol"]
    _admin_sign_in(page, "carol")

    record = judgement.history.earliest()
    for path in [
        "/admin/",
        "/admin/inspections/",
        "/admin/inspections/event/",
        "/admin/inspections/event/?q=bury&kind__exact=inspection",
        "/admin/inspections/event/?start_date__year=2023",
        f"/admin/inspections/event/{event.pk}/change/",
        f"/admin/inspections/event/{event.pk}/history/",
        "/admin/inspections/event/add/",
        "/admin/inspections/judgement/",
        f"/admin/inspections/judgement/{judgement.pk}/history/",
        f"/admin/inspections/judgement/{judgement.pk}/history/{record.history_id}/",
        f"/admin/improvement/action/{action.pk}/change/",
        f"/admin/authorities/authority/{records['bury'].pk}/change/",
        "/admin/authorities/reorganisation/add/?_to_field=id&_popup=1",
        "/admin/auth/user/",
        f"/admin/auth/user/{carol.pk}/change/",
        f"/admin/auth/user/{carol.pk}/password/",
        "/admin/auth/user/add/",
        "/admin/password_change/",
    ]:
        _visit(page, path)

    # The history of a much-changed action runs to two pages: the paginator the override restyles.
    _visit(page, f"/admin/improvement/action/{action.pk}/history/")
    paginator = page.locator("#content-main .paginator")
    assert "106 entries" in paginator.inner_text()
    paginator.get_by_text("2", exact=True).click()
    page.wait_for_url("**/history/?p=2")
    page.wait_for_load_state("networkidle")
    assert page.locator("#change-history tbody tr").count() == 6
    assert page.locator("#change-history").get_by_text("Entered for the admin test").count() == 6

    _use_a_change_form(page, event.pk)
    _assert_none(violations)


def test_the_admin_reports_no_csp_violation_to_a_superuser(
    admin_page: tuple[Any, Violations], records: dict[str, Any]
) -> None:
    """A superuser also sees groups, deletion and the actions menu."""
    page, violations = admin_page
    get_user_model().objects.create_superuser("root", "root@example.com", PASSWORD)
    _admin_sign_in(page, "root")
    judgement = records["judgement"]
    for path in [
        "/admin/auth/group/",
        "/admin/auth/group/add/",
        f"/admin/inspections/judgement/{judgement.pk}/delete/",
        "/admin/improvement/themetag/",
        "/admin/improvement/improvementplan/",
    ]:
        _visit(page, path)

    # Filter the permissions of a new group (SelectFilter2 builds its widgets with script).
    _visit(page, "/admin/auth/group/add/")
    page.locator("#id_permissions_input").fill("judgement")
    page.locator("#id_permissions_add_all").click()

    # A change list's action: select all, delete, the confirmation page.
    _visit(page, "/admin/inspections/judgement/")
    page.locator("#action-toggle").check()
    page.locator("select[name=action]").select_option("delete_selected")
    page.get_by_role("button", name="Run").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Delete multiple objects").count() or "Are you sure" in page.content()

    _use_a_change_form(page, records["event"].pk)
    _assert_none(violations)
