from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from improvement.models import Action, ActionStatus, Rag
from improvement.services import plan_from_recommendations, record_progress
from inspections.models import Event
from inspections.services import EventData, RecommendationData, upsert_event

from .conftest import RECOMMENDATIONS_2021

pytestmark = pytest.mark.django_db


def test_a_plan_has_one_action_per_recommendation_in_the_reports_order(inspection_2021: Event) -> None:
    plan = plan_from_recommendations(inspection_2021, owner_default="Director of Children's Services")

    assert plan.authority == inspection_2021.authority
    assert plan.responds_to == inspection_2021
    actions = list(plan.actions.all())
    assert [a.description for a in actions] == list(RECOMMENDATIONS_2021)
    assert [a.recommendation.order for a in actions] == [1, 2, 3, 4]
    assert {a.owner for a in actions} == {"Director of Children's Services"}
    assert {a.status for a in actions} == {ActionStatus.NOT_STARTED}


def test_making_the_plan_again_returns_it_without_duplicating_actions(inspection_2021: Event) -> None:
    plan = plan_from_recommendations(inspection_2021)
    action = plan.actions.first()
    record_progress(action, dt.date(2022, 3, 1), "Supervision policy relaunched.", ActionStatus.ON_TRACK)

    again = plan_from_recommendations(inspection_2021)

    assert again == plan
    assert again.actions.count() == len(RECOMMENDATIONS_2021)
    assert Action.objects.get(pk=action.pk).status == ActionStatus.ON_TRACK


def test_recommendations_to_the_safeguarding_board_get_no_council_action(inspection_2021: Event) -> None:
    event, _ = upsert_event(
        EventData(
            authority=inspection_2021.authority,
            kind=inspection_2021.kind,
            framework=inspection_2021.framework,
            start_date=inspection_2021.start_date,
            recommendations=(
                RecommendationData("Improve the quality of plans."),
                RecommendationData("Audit multi-agency practice.", for_lscb=True),
            ),
        )
    )
    plan = plan_from_recommendations(event)
    assert [a.description for a in plan.actions.all()] == ["Improve the quality of plans."]


def test_a_progress_update_moves_the_action_and_its_rag_rating(inspection_2021: Event) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()
    assert action.rag == Rag.AMBER

    update = record_progress(
        action,
        dt.date(2022, 6, 30),
        "Audit shows supervision is not yet reflective.",
        ActionStatus.OFF_TRACK,
        evidence_url="https://example.org/audit.pdf",
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.OFF_TRACK
    assert action.rag == Rag.RED
    assert (update.status_before, update.status_after) == (ActionStatus.NOT_STARTED, ActionStatus.OFF_TRACK)
    assert update.evidence_url == "https://example.org/audit.pdf"

    record_progress(action, dt.date(2022, 9, 30), "Improving.", ActionStatus.AT_RISK)
    assert action.rag == Rag.AMBER
    record_progress(action, dt.date(2022, 12, 31), "Back on track.", ActionStatus.ON_TRACK)
    assert action.rag == Rag.GREEN
    record_progress(action, dt.date(2023, 3, 31), "Done.", ActionStatus.COMPLETE)
    action.refresh_from_db()
    assert action.rag == Rag.COMPLETE
    assert [u.status_after for u in action.updates.all()] == ["off_track", "at_risk", "on_track", "complete"]


def test_an_action_under_way_cannot_go_back_to_not_started(inspection_2021: Event) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()
    record_progress(action, dt.date(2022, 3, 1), "Started.", ActionStatus.ON_TRACK)
    with pytest.raises(ValueError, match="cannot go from On track to Not started"):
        record_progress(action, dt.date(2022, 4, 1), "Oops.", ActionStatus.NOT_STARTED)
    assert action.updates.count() == 1


def test_an_action_is_overdue_only_until_it_is_complete(inspection_2021: Event) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()
    action.due_date = dt.date(2022, 1, 31)
    assert action.is_overdue(dt.date(2022, 2, 1))
    assert not action.is_overdue(dt.date(2022, 1, 31))
    record_progress(action, dt.date(2022, 2, 1), "Done late.", ActionStatus.COMPLETE)
    assert not action.is_overdue(dt.date(2022, 2, 1))


def test_an_editor_may_write_plans_and_correct_tags_but_a_viewer_may_not(editor: Any, viewer: Any) -> None:
    wanted = {"improvement.add_action", "improvement.change_progressupdate", "improvement.change_themetag"}
    assert all(editor.has_perm(p) for p in wanted)
    assert not any(viewer.has_perm(p) for p in wanted)
