"""Two editors change one action: the second save, from a form opened before the first was saved, is refused and
shows what the first saved beside what the second typed, instead of silently undoing it (issue 15, item 11)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from config.roles import EDITOR
from config.versioning import save_if_unchanged
from improvement.models import Action, ImprovementPlan
from inspections.models import Event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(inspection_2021: Event) -> Action:
    plan = ImprovementPlan.objects.create(authority=inspection_2021.authority, responds_to=inspection_2021, title="P")
    return Action.objects.create(plan=plan, description="Audit strategy meetings", owner="Head of Service")


def _editor(username: str) -> Client:
    client = Client()
    client.force_login(UserFactory(username=username, first_name=username.title(), role=EDITOR))
    return client


def _form_version(client: Client, action: Action) -> str:
    page = client.get(reverse("improvement:action", args=[action.pk])).content.decode()
    match = re.search(r'<input type="hidden" name="version" value="(\d+)"', page)
    assert match, "the edit form carries the action's version"
    return match.group(1)


def test_a_stale_save_is_refused_and_shows_the_other_editors_change(action: Action) -> None:
    alice, bob = _editor("alice"), _editor("bob")
    url = reverse("improvement:action-edit", args=[action.pk])
    alice_version, bob_version = _form_version(alice, action), _form_version(bob, action)

    first = alice.post(
        url,
        {
            "description": "Audit every strategy meeting monthly",
            "owner": "Alice Adams",
            "due_date": "",
            "version": alice_version,
        },
    )
    assert first.status_code == 302
    second = bob.post(
        url, {"description": "Audit strategy meetings", "owner": "Bob Brown", "due_date": "", "version": bob_version}
    )

    assert second.status_code == 409
    action.refresh_from_db()
    assert (action.description, action.owner) == ("Audit every strategy meeting monthly", "Alice Adams")
    page = second.content.decode()
    assert "Alice changed this action while you were editing it" in page
    assert "Audit every strategy meeting monthly" in page  # theirs, shown
    assert "Bob Brown" in page  # yours, kept in the form and the comparison
    assert action.history.count() == 2  # created, then Alice's change: nothing written for Bob's stale form

    # Having seen Alice's change, Bob saves his on purpose: the form now carries the stored version.
    again = re.search(r'<input type="hidden" name="version" value="(\d+)"', page)
    assert again is not None
    assert again.group(1) == str(action.version)
    third = bob.post(
        url, {"description": "Audit strategy meetings", "owner": "Bob Brown", "due_date": "", "version": again.group(1)}
    )
    assert third.status_code == 302
    action.refresh_from_db()
    assert action.owner == "Bob Brown"


def test_a_form_without_a_version_saves_nothing(action: Action) -> None:
    response = _editor("alice").post(
        reverse("improvement:action-edit", args=[action.pk]), {"description": "New", "owner": "", "due_date": ""}
    )
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.description == "Audit strategy meetings"


def test_the_version_check_is_one_conditional_update(action: Action) -> None:
    stale = Action.objects.get(pk=action.pk)
    action.description = "First"
    assert save_if_unchanged(action, 1, ["description"])
    stale.description = "Second"
    assert not save_if_unchanged(stale, 1, ["description"])
    stored = Action.objects.get(pk=action.pk)
    assert (stored.description, stored.version) == ("First", 2)


def test_an_action_can_still_be_created_without_a_version(action: Action, editor: Any) -> None:
    client = Client()
    client.force_login(editor)
    response = client.post(
        reverse("improvement:action-create", args=[action.plan_id]),
        {"description": "Recruit two managers", "owner": "", "due_date": "", "recommendation": ""},
    )
    assert response.status_code == 302
    assert Action.objects.filter(description="Recruit two managers", version=1).exists()


def test_the_same_holds_for_a_plans_title(action: Action) -> None:
    plan = action.plan
    alice, bob = _editor("alice"), _editor("bob")
    page = bob.get(reverse("improvement:plan", args=[plan.pk])).content.decode()
    version = re.search(r'<input type="hidden" name="version" value="(\d+)"', page)
    assert version is not None
    url = reverse("improvement:plan-edit", args=[plan.pk])

    assert alice.post(url, {"title": "Children's services improvement plan", "version": "1"}).status_code == 302
    stale = bob.post(url, {"title": "Improvement plan 2021", "version": version.group(1)})

    assert stale.status_code == 409
    plan.refresh_from_db()
    assert (plan.title, plan.version) == ("Children's services improvement plan", 2)
    html = stale.content.decode()
    assert "Alice changed this plan while you were editing it" in html
    assert "Improvement plan 2021" in html
    assert "<title>Error:" in html
