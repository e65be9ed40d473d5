"""Publishing an inspection again with fewer recommendations (a reviewer's correction, or a newer parser reading
the report again): what goes is in the history with what it said, and the improvement action that answered it
records being unlinked, with who and why, instead of losing its link in a bare UPDATE no history sees."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from authorities.models import Authority
from config.audit import history_of
from config.roles import EDITOR
from improvement.models import Action, ImprovementPlan
from inspections.frameworks import FrameworkCode
from inspections.models import Document, EventKind, Provenance, Recommendation
from inspections.publishing import publish
from inspections.services import EventData, RecommendationData
from tests.factories import UserFactory, document_to_review

pytestmark = pytest.mark.django_db

START = dt.date(2023, 3, 6)
FIRST, SECOND = "Improve supervision.", "Strengthen the front door <b>now</b>."


def _inspection(authority: Authority, document: Document, *recommendations: str) -> EventData:
    return EventData(
        authority=authority,
        kind=EventKind.INSPECTION,
        framework=FrameworkCode.ILACS,
        start_date=START,
        judgements={"overall": "good"},
        recommendations=tuple(RecommendationData(text=text) for text in recommendations),
        provenance=Provenance.PARSED,
        source_document=document,
    )


def test_a_recommendation_dropped_on_republishing_is_kept_in_the_history_and_its_action_records_the_unlinking(
    authorities: None, editor: Any
) -> None:
    bury = Authority.objects.get(slug="bury")
    first = document_to_review("first.pdf")
    [event] = publish(first, [_inspection(bury, first, FIRST, SECOND)], editor)
    second_rec = Recommendation.objects.get(event=event, order=2)
    plan = ImprovementPlan.objects.create(authority=bury, responds_to=event, title="Plan")
    action = Action.objects.create(plan=plan, recommendation=second_rec, description="Redesign the front door")

    carol = UserFactory(username="carol", role=EDITOR)
    second = document_to_review("second.pdf")
    publish(second, [_inspection(bury, second, FIRST)], carol)

    assert list(event.recommendations.values_list("text", flat=True)) == [FIRST]
    action.refresh_from_db()
    assert action.recommendation is None  # the action itself stays
    unlinked = action.history.latest()
    assert unlinked.recommendation_id is None
    assert unlinked.history_user == carol
    assert unlinked.history_change_reason == f"Published from document {second.pk} (second.pdf) reviewed by carol"
    [entry] = [e for e in history_of(action) if e.kind == "Changed"]
    assert [(c.field, c.before, c.after) for c in entry.changes] == [("Recommendation", str(second_rec.pk), "—")]

    # The event's page says what the deleted recommendation said, who removed it and why.
    [deleted] = [e for e in history_of(event, ("recommendations",)) if e.kind == "Deleted"]
    assert deleted.subject == "Recommendation 2"
    assert [(c.field, c.before, c.after) for c in deleted.changes] == [("Text", SECOND, "—")]
    assert deleted.user == carol
    client = Client()
    client.force_login(carol)
    page = client.get(reverse("inspections:event", args=[event.pk])).content.decode()
    history = page[page.index("History of changes") :]
    assert "Deleted: Recommendation 2" in history
    assert "<del>Strengthen the front door &lt;b&gt;now&lt;/b&gt;.</del>" in history
    assert "<b>now</b>" not in history
