"""The audit trail: who changed a published record, when, why, and each field before and after."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from authorities.models import Authority
from config.audit import attributed, history_of
from config.roles import EDITOR
from improvement.models import Action, ActionStatus, ImprovementPlan
from inspections.frameworks import FrameworkCode
from inspections.models import Document, DocumentStatus, Event, EventKind, Judgement, Provenance
from inspections.publishing import publish
from inspections.services import EventData, RecommendationData
from tests.factories import UserFactory, document_to_review

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

START = dt.date(2023, 3, 6)


def _inspection(authority: Authority, document: Document, overall: str, recommendation: str) -> EventData:
    return EventData(
        authority=authority,
        kind=EventKind.INSPECTION,
        framework=FrameworkCode.ILACS,
        start_date=START,
        judgements={"overall": overall, "leadership": "good"},
        recommendations=(RecommendationData(text=recommendation),),
        provenance=Provenance.PARSED,
        source_document=document,
    )


@pytest.fixture
def published_twice(authorities: None, editor: Any) -> tuple[Event, Document, Document, Any]:
    bury = Authority.objects.get(slug="bury")
    first = document_to_review("first.pdf")
    publish(first, [_inspection(bury, first, "good", "Improve supervision.")], editor)
    carol = UserFactory(username="carol", role=EDITOR)
    second = document_to_review("second.pdf")
    [event] = publish(second, [_inspection(bury, second, "inadequate", "Improve supervision and audit.")], carol)
    return event, first, second, carol


def test_a_changed_grade_keeps_before_after_who_and_why(published_twice: Any) -> None:
    event, _first, second, carol = published_twice
    overall = Judgement.objects.get(event=event, area="overall")
    latest, created = overall.history.order_by("-history_date")[:2]
    assert (created.history_type, created.grade, created.history_user.username) == ("+", "good", "alice")
    assert latest.history_type == "~"
    assert latest.history_user == carol
    assert latest.history_change_reason == f"Published from document {second.pk} (second.pdf) reviewed by carol"
    [change] = latest.diff_against(created, excluded_fields={"id"}).changes
    assert (change.field, change.old, change.new) == ("grade", "good", "inadequate")
    # An unchanged grade is not rewritten, so it has only its creation in the trail.
    assert Judgement.objects.get(event=event, area="leadership").history.count() == 1


def test_republishing_supersedes_the_first_document_and_the_event_records_its_new_source(published_twice: Any) -> None:
    event, first, second, _carol = published_twice
    first.refresh_from_db()
    assert first.status == DocumentStatus.SUPERSEDED  # kept, not deleted
    assert event.history.latest().source_document_id == second.pk
    assert event.history.earliest().source_document_id == first.pk
    assert Event.objects.filter(pk=event.pk).exists()


def test_the_history_include_lists_who_when_and_what_changed(
    published_twice: Any, django_assert_max_num_queries: Any
) -> None:
    event, _first, _second, carol = published_twice
    template = Template('{% load audit %}{% history_for event "judgements" "recommendations" %}')
    with django_assert_max_num_queries(3):  # one per model, whatever the length of the history
        html = template.render(Context({"event": event, "user": carol}))
    assert "History of changes" in html
    assert "Judgement: Overall" in html
    assert "<del>Good</del>" in html
    assert "<ins>Inadequate</ins>" in html
    assert "<del>Improve supervision.</del>" in html
    assert "reviewed by carol" in html
    assert "carol" in html
    assert "alice" in html
    # Without signing in, the trail says what changed and when, but not who (names are in the reasons too).
    anonymous = template.render(Context({"event": event, "user": AnonymousUser()}))
    assert "<ins>Inadequate</ins>" in anonymous
    assert "A signed-in editor" in anonymous
    assert "carol" not in anonymous


def test_history_queries_do_not_grow_with_its_length(authorities: None, django_assert_max_num_queries: Any) -> None:
    bury = Authority.objects.get(slug="bury")
    plan_event = Event.objects.create(authority=bury, kind=EventKind.FOCUSED_VISIT, start_date=START)
    plan = ImprovementPlan.objects.create(authority=bury, responds_to=plan_event, title="Plan")
    action = Action.objects.create(plan=plan, description="Audit")
    for number in range(30):
        action.owner = f"Owner {number}"
        action.save()
    with django_assert_max_num_queries(1):
        entries = history_of(action, limit=20)
    assert len(entries) == 20
    assert entries[0].changes[0].before == "Owner 28"
    assert entries[0].changes[0].after == "Owner 29"


def test_an_editor_changing_an_action_is_recorded_as_its_author(authorities: None, editor: Any) -> None:
    bury = Authority.objects.get(slug="bury")
    visit = Event.objects.create(authority=bury, kind=EventKind.FOCUSED_VISIT, start_date=START)
    plan = ImprovementPlan.objects.create(authority=bury, responds_to=visit, title="Plan")
    action = Action.objects.create(plan=plan, description="Audit strategy meetings")
    client = Client()
    client.force_login(editor)
    response = client.post(
        reverse("improvement:action-progress", kwargs={"pk": action.pk}),
        {"date": "2024-01-10", "note": "Audit started", "status": ActionStatus.ON_TRACK},
    )
    assert response.status_code == 302, response.content[:500]
    record = action.history.latest()
    assert record.status == ActionStatus.ON_TRACK
    assert record.history_user == editor
    [entry] = [e for e in history_of(action) if e.kind == "Changed"]
    assert [(c.field, c.before, c.after) for c in entry.changes] == [("Status", "Not started", "On track")]


def test_changes_outside_a_request_can_say_who_and_why(authorities: None, editor: Any) -> None:
    bury = Authority.objects.get(slug="bury")
    with attributed(editor, "Corrected from the published report"):
        event = Event.objects.create(authority=bury, kind=EventKind.FOCUSED_VISIT, start_date=START)
    record = event.history.get()
    assert (record.history_user, record.history_change_reason) == (editor, "Corrected from the published report")
    event.focus = "Care leavers"
    event.save()  # outside the block: no one, no reason
    assert event.history.latest().history_user is None
    assert event.history.latest().history_change_reason is None


def test_a_bulk_import_without_review_says_so(authorities: None) -> None:
    bury = Authority.objects.get(slug="bury")
    document = document_to_review("bulk.pdf")
    [event] = publish(document, [_inspection(bury, document, "good", "Improve supervision.")])
    record = event.history.get()
    assert record.history_user is None
    assert (
        record.history_change_reason == f"Published from document {document.pk} (bulk.pdf) without review (bulk import)"
    )


def test_a_change_of_inspectors_on_republish_is_in_the_event_history(authorities: None, editor: Any) -> None:
    bury = Authority.objects.get(slug="bury")
    first = document_to_review("first.pdf")
    data = _inspection(bury, first, "good", "Improve supervision.")
    publish(first, [dataclasses.replace(data, lead_inspector="Pat Lead", inspectors=("Sam Team",))], editor)
    second = document_to_review("second.pdf")
    again = dataclasses.replace(data, source_document=second, lead_inspector="Kit Lead", inspectors=("Sam Team",))
    [event] = publish(second, [again], editor)

    assert [(r.inspector.name, r.role) for r in event.inspector_roles.all()] == [
        ("Kit Lead", "lead"),
        ("Sam Team", "team"),
    ]
    entries = [(e.kind, e.subject) for e in history_of(event, ("inspector_roles",))]
    assert ("Deleted", "Lead inspector: Pat Lead") in entries
    assert ("Created", "Lead inspector: Kit Lead") in entries
    assert entries.count(("Created", "Inspector: Sam Team")) == 1  # kept, not deleted and made again
    assert ("Deleted", "Inspector: Sam Team") not in entries


def test_the_lead_can_become_a_team_inspector_and_back(authorities: None, editor: Any) -> None:
    bury = Authority.objects.get(slug="bury")
    first = document_to_review("first.pdf")
    data = _inspection(bury, first, "good", "Improve supervision.")
    publish(first, [dataclasses.replace(data, lead_inspector="Pat Lead", inspectors=("Sam Team",))], editor)
    second = document_to_review("second.pdf")
    swapped = dataclasses.replace(data, source_document=second, lead_inspector="Sam Team", inspectors=("Pat Lead",))
    [event] = publish(second, [swapped], editor)
    assert {r.inspector.name: r.role for r in event.inspector_roles.all()} == {"Sam Team": "lead", "Pat Lead": "team"}
    changes = [c for e in history_of(event, ("inspector_roles",)) for c in e.changes if c.field == "Role"]
    assert len(changes) == 2
