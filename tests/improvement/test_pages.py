"""The improvement pages, driven through the views as a council officer would: Bury's 2021 inspection
(from the demonstration history, with its recommendations added) and its August 2023 monitoring visit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from markupsafe import escape

from authorities.models import Authority
from improvement.models import Action, ActionStatus, ImprovementPlan, TagPart, TagSource, Theme, ThemeTag
from improvement.services import plan_from_recommendations, record_progress, recurring_concerns, tag_event
from inspections.models import Event, EventKind, Recommendation

from .conftest import RECOMMENDATIONS_2021, VISIT_FINDINGS_2023

pytestmark = pytest.mark.django_db


@pytest.fixture
def bury(demo_history: None) -> Authority:
    return Authority.objects.get(slug="bury")


@pytest.fixture
def inspection_2021(bury: Authority) -> Event:
    """The demonstration history's 2021 inspection, with the recommendations its report would bring."""
    event = Event.objects.get(authority=bury, kind=EventKind.INSPECTION, start_date=dt.date(2021, 10, 25))
    Recommendation.objects.bulk_create(
        Recommendation(event=event, order=i, text=text) for i, text in enumerate(RECOMMENDATIONS_2021, start=1)
    )
    return event


@pytest.fixture
def visit_2023(bury: Authority) -> Event:
    event = Event.objects.get(authority=bury, kind=EventKind.MONITORING_VISIT, start_date=dt.date(2023, 8, 1))
    event.findings = list(VISIT_FINDINGS_2023)
    event.save(update_fields=["findings"])
    return event


@pytest.fixture
def viewer_client(client: Client, viewer: Any) -> Client:
    client.force_login(viewer)
    return client


def _start_plan(client: Client, event: Event, **data: Any) -> Any:
    return client.post(reverse("improvement:plan-create", kwargs={"pk": event.pk}), data)


def _progress(client: Client, action: Action, status: str, **extra: Any) -> Any:
    data = {"date": "2022-03-01", "note": "Audit of supervision completed.", "status": status, "evidence_url": ""}
    return client.post(reverse("improvement:action-progress", kwargs={"pk": action.pk}), data | extra)


# Plans and actions


def test_an_editor_starts_a_plan_from_the_chosen_recommendations(editor_client: Client, inspection_2021: Event) -> None:
    form = editor_client.get(reverse("improvement:plan-create", kwargs={"pk": inspection_2021.pk}))
    assert form.status_code == 200
    recs = list(inspection_2021.recommendations.order_by("order"))
    assert form.content.decode().count("checked") == len(recs)  # every recommendation is ticked at first

    response = _start_plan(
        editor_client, inspection_2021, recommendations=[r.pk for r in recs[:3]], owner="Head of Children's Services"
    )

    plan = ImprovementPlan.objects.get(responds_to=inspection_2021)
    assert response.status_code == 302
    assert response.url == reverse("improvement:plan", kwargs={"pk": plan.pk})
    actions = list(plan.actions.all())
    assert [a.recommendation for a in actions] == recs[:3]
    assert {a.owner for a in actions} == {"Head of Children's Services"}
    page = editor_client.get(response.url).content.decode()
    assert "Amber: not started" in page
    assert "Recommendations without an action" in page
    assert recs[3].text in page


def test_starting_a_plan_needs_a_recommendation_or_finding(editor_client: Client, inspection_2021: Event) -> None:
    response = _start_plan(editor_client, inspection_2021, owner="Someone")
    assert response.status_code == 400
    assert "Choose at least one recommendation or finding" in response.content.decode()
    assert not ImprovementPlan.objects.exists()


def test_a_visits_findings_become_actions_not_tied_to_a_recommendation(
    editor_client: Client, visit_2023: Event
) -> None:
    response = _start_plan(editor_client, visit_2023, findings=["1", "2"])

    plan = ImprovementPlan.objects.get(responds_to=visit_2023)
    assert response.status_code == 302
    assert [(a.recommendation, a.description) for a in plan.actions.all()] == [
        (None, VISIT_FINDINGS_2023[1]),
        (None, VISIT_FINDINGS_2023[2]),
    ]
    assert "Areas for improvement and other actions" in editor_client.get(response.url).content.decode()


def test_an_extra_action_can_answer_a_recommendation_or_none(editor_client: Client, inspection_2021: Event) -> None:
    plan = plan_from_recommendations(inspection_2021)
    rec = inspection_2021.recommendations.get(order=2)
    url = reverse("improvement:action-create", kwargs={"pk": plan.pk})

    editor_client.post(url, {"recommendation": rec.pk, "description": "Audit strategy meeting attendance."})
    editor_client.post(url, {"recommendation": "", "description": "Recruit permanent team managers.", "owner": "HR"})
    refused = editor_client.post(url, {"recommendation": "", "description": ""})

    assert refused.status_code == 400
    assert "Enter what will be done" in refused.content.decode()
    assert rec.actions.count() == 2
    extra = plan.actions.get(recommendation=None)
    assert (extra.owner, extra.order) == ("HR", 1000)


def test_an_editor_changes_an_actions_owner_and_due_date(editor_client: Client, inspection_2021: Event) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()
    url = reverse("improvement:action-edit", kwargs={"pk": action.pk})

    response = editor_client.post(
        url,
        {
            "description": action.description,
            "owner": "Principal Social Worker",
            "due_date": "2022-06-30",
            "version": action.version,  # the version the form was opened at (issue 15, item 11)
        },
    )
    refused = editor_client.post(url, {"description": "", "owner": "Nobody", "due_date": "not a date", "version": 2})

    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.due_date) == ("Principal Social Worker", dt.date(2022, 6, 30))
    assert refused.status_code == 400
    assert "Enter what will be done" in refused.content.decode()
    assert Action.objects.get(pk=action.pk).owner == "Principal Social Worker"
    # Due in June 2022 and not complete: flagged on the plan.
    assert "Overdue" in editor_client.get(reverse("improvement:plan", kwargs={"pk": action.plan_id})).content.decode()


def test_recording_progress_moves_the_status_and_shows_its_rag(editor_client: Client, inspection_2021: Event) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()

    response = _progress(editor_client, action, ActionStatus.OFF_TRACK, evidence_url="https://bury.gov.uk/audit.pdf")

    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.OFF_TRACK
    update = action.updates.get()
    assert (update.status_before, update.status_after) == (ActionStatus.NOT_STARTED, ActionStatus.OFF_TRACK)
    assert update.evidence_url == "https://bury.gov.uk/audit.pdf"
    page = editor_client.get(reverse("improvement:action", kwargs={"pk": action.pk})).content.decode()
    assert "Red: off track" in page
    assert 'href="https://bury.gov.uk/audit.pdf"' in page
    # The action page carries its own audit trail: who moved the status, from what to what.
    history = page[page.index("History of changes") :]
    assert "alice" in history
    assert "Not started" in history
    assert "Off track" in history
    assert (
        "Red: off track"
        in editor_client.get(reverse("improvement:plan", kwargs={"pk": action.plan_id})).content.decode()
    )


def test_with_htmx_progress_is_added_in_place(editor_client: Client, inspection_2021: Event) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()

    response = editor_client.post(
        reverse("improvement:action-progress", kwargs={"pk": action.pk}),
        {"date": "2022-03-01", "note": "Relaunched supervision policy.", "status": ActionStatus.ON_TRACK},
        headers={"HX-Request": "true"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    # The progress section, and out of band the action's summary with its plan's ratings (issue 14, item 10).
    assert html.lstrip().startswith('<div id="action-summary" hx-swap-oob="true">')
    assert '<div id="progress">' in html
    assert "<html" not in html
    assert "Relaunched supervision policy." in html
    assert "Green: on track" in html
    assert "Red 0 · Amber 3 · Green 1 · Complete 0" in html


def test_an_action_under_way_cannot_go_back_to_not_started(editor_client: Client, inspection_2021: Event) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()
    record_progress(action, dt.date(2022, 3, 1), "Started.", ActionStatus.ON_TRACK)

    response = _progress(editor_client, action, ActionStatus.NOT_STARTED)

    assert response.status_code == 400
    assert "cannot go back to not started" in response.content.decode()
    action.refresh_from_db()
    assert action.status == ActionStatus.ON_TRACK
    assert action.updates.count() == 1


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("javascript:alert(1)", "Enter a link that starts with http or https"),
        ("ftp://files.example.org/audit.pdf", "Enter a link that starts with http or https"),
        ("data:text/html,<script>alert(1)</script>", "Enter a link that starts with http or https"),
    ],
)
def test_evidence_links_must_be_http_or_https(
    editor_client: Client, inspection_2021: Event, link: str, message: str
) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()
    response = _progress(editor_client, action, ActionStatus.ON_TRACK, evidence_url=link)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not action.updates.exists()


def test_progress_cannot_be_dated_in_the_future(editor_client: Client, inspection_2021: Event) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()
    response = _progress(editor_client, action, ActionStatus.ON_TRACK, date="2999-01-01")
    assert response.status_code == 400
    assert "The date must be today or in the past" in response.content.decode()


def test_an_editor_corrects_a_progress_update_and_its_history_keeps_the_old_words(
    editor_client: Client, inspection_2021: Event
) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()
    update = record_progress(action, dt.date(2022, 3, 1), "Audit of supervison completed.", ActionStatus.AT_RISK)
    url = reverse("improvement:progress-edit", kwargs={"pk": update.pk})
    page = editor_client.get(reverse("improvement:action", kwargs={"pk": action.pk})).content.decode()
    assert f'href="{url}"' in page

    form = editor_client.get(url)
    assert form.status_code == 200
    assert "Audit of supervison completed." in form.content.decode()
    response = editor_client.post(
        url, {"date": "2022-03-02", "note": " Audit of supervision completed. ", "evidence_url": "bury.gov.uk/a.pdf"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith(f"#update-{update.pk}")
    update.refresh_from_db()
    action.refresh_from_db()
    assert (update.date, update.note, update.evidence_url) == (
        dt.date(2022, 3, 2),
        "Audit of supervision completed.",
        "https://bury.gov.uk/a.pdf",
    )
    # The statuses it recorded, and so the action's, stay: only a new update moves them.
    assert (update.status_before, update.status_after, action.status) == (
        ActionStatus.NOT_STARTED,
        ActionStatus.AT_RISK,
        ActionStatus.AT_RISK,
    )
    page = editor_client.get(reverse("improvement:action", kwargs={"pk": action.pk})).content.decode()
    history = page[page.index("History of changes") :]
    assert "Audit of supervison completed." in history
    assert "alice" in history


def test_a_correction_is_checked_like_an_update(editor_client: Client, inspection_2021: Event) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()
    update = record_progress(action, dt.date(2022, 3, 1), "Started.", ActionStatus.ON_TRACK)
    url = reverse("improvement:progress-edit", kwargs={"pk": update.pk})

    response = editor_client.post(url, {"date": "2999-01-01", "note": "", "evidence_url": "javascript:alert(1)"})

    body = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in body
    assert "The date must be today or in the past" in body
    assert "Enter what happened" in body
    assert "Enter a link that starts with http or https" in body
    update.refresh_from_db()
    assert (update.date, update.note) == (dt.date(2022, 3, 1), "Started.")


def test_updates_keep_the_order_their_statuses_changed_in(editor_client: Client, inspection_2021: Event) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()
    first = record_progress(action, dt.date(2022, 3, 1), "Started.", ActionStatus.ON_TRACK)
    second = record_progress(action, dt.date(2022, 5, 1), "Slipping.", ActionStatus.AT_RISK)
    third = record_progress(action, dt.date(2022, 7, 1), "Back on track.", ActionStatus.ON_TRACK)

    def correct(update: Any, date: str) -> Any:
        url = reverse("improvement:progress-edit", kwargs={"pk": update.pk})
        return editor_client.post(url, {"date": date, "note": update.note, "evidence_url": ""})

    too_early, too_late = correct(second, "2022-02-01"), correct(second, "2022-08-01")
    assert "on or after 1 March 2022, the date of the update before it" in too_early.content.decode()
    assert "on or before 1 July 2022, the date of the update after it" in too_late.content.decode()
    assert correct(second, "2022-06-30").status_code == 302
    assert correct(first, "2021-12-01").status_code == 302  # the first has only a later one to keep before
    assert correct(third, "2022-06-30").status_code == 302
    # A new update cannot be dated before the latest one either.
    response = _progress(editor_client, action, ActionStatus.COMPLETE, date="2022-06-01")
    assert "on or after 30 June 2022, the date of the update before it" in response.content.decode()
    assert action.updates.count() == 3


def test_a_viewer_sees_no_correct_link_and_is_refused(viewer_client: Client, inspection_2021: Event) -> None:
    action = plan_from_recommendations(inspection_2021).actions.first()
    update = record_progress(action, dt.date(2022, 3, 1), "Started.", ActionStatus.ON_TRACK)
    url = reverse("improvement:progress-edit", kwargs={"pk": update.pk})
    assert url not in viewer_client.get(reverse("improvement:action", kwargs={"pk": action.pk})).content.decode()
    assert viewer_client.post(url, {"date": "2022-03-01", "note": "Changed", "evidence_url": ""}).status_code == 403
    update.refresh_from_db()
    assert update.note == "Started."


# Permissions


def _post_urls(inspection: Event, visit: Event) -> dict[str, str]:
    plan = plan_from_recommendations(inspection)
    action = plan.actions.first()
    tag = tag_event(visit)[0]
    return {
        "plan-create": reverse("improvement:plan-create", kwargs={"pk": visit.pk}),
        "action-create": reverse("improvement:action-create", kwargs={"pk": plan.pk}),
        "action-edit": reverse("improvement:action-edit", kwargs={"pk": action.pk}),
        "action-progress": reverse("improvement:action-progress", kwargs={"pk": action.pk}),
        "tag-add": reverse("improvement:tag-add", kwargs={"pk": visit.pk}),
        "tag-remove": reverse("improvement:tag-remove", kwargs={"pk": tag.pk}),
        "tag-restore": reverse("improvement:tag-restore", kwargs={"pk": tag.pk}),
        "event-retag": reverse("improvement:event-retag", kwargs={"pk": visit.pk}),
        "authority-retag": reverse("improvement:authority-retag", kwargs={"slug": visit.authority.slug}),
    }


def test_a_viewer_reads_plans_but_every_change_is_refused(
    viewer_client: Client, inspection_2021: Event, visit_2023: Event
) -> None:
    urls = _post_urls(inspection_2021, visit_2023)
    before = (Action.objects.count(), ThemeTag.objects.filter(removed=True).count(), ImprovementPlan.objects.count())

    statuses = {
        name: viewer_client.post(url, {"owner": "x", "description": "x"}).status_code for name, url in urls.items()
    }

    assert statuses == dict.fromkeys(urls, 403)
    assert (
        Action.objects.count(),
        ThemeTag.objects.filter(removed=True).count(),
        ImprovementPlan.objects.count(),
    ) == before
    plan = ImprovementPlan.objects.get()
    assert viewer_client.get(reverse("improvement:plan", kwargs={"pk": plan.pk})).status_code == 200
    assert viewer_client.get(reverse("improvement:plan-create", kwargs={"pk": visit_2023.pk})).status_code == 403
    page = viewer_client.get(reverse("improvement:event-themes", kwargs={"pk": visit_2023.pk})).content.decode()
    assert "Remove<span" not in page  # nothing offered that would be refused


def test_anonymous_people_are_sent_to_sign_in_for_plans_and_changes(
    client: Client, inspection_2021: Event, visit_2023: Event
) -> None:
    urls = _post_urls(inspection_2021, visit_2023)
    plan = ImprovementPlan.objects.get()
    login = reverse("login")

    for url in [*urls.values(), reverse("improvement:plan", kwargs={"pk": plan.pk})]:
        response = client.post(url) if url in urls.values() else client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(login), url
    # Themes and concerns come from published reports: read like the authority and event pages.
    improvement = client.get(reverse("improvement:authority", kwargs={"slug": "bury"}))
    assert improvement.status_code == 200
    assert plan.title not in improvement.content.decode()
    assert client.get(reverse("improvement:event-themes", kwargs={"pk": visit_2023.pk})).status_code == 200


# Theme tags


def test_a_tag_correction_survives_tagging_again(editor_client: Client, visit_2023: Event) -> None:
    tag_event(visit_2023)
    wrong = ThemeTag.objects.get(event=visit_2023, part=TagPart.FINDING, theme__key="strategy_meetings")
    themes_url = reverse("improvement:event-themes", kwargs={"pk": visit_2023.pk})

    removed = editor_client.post(reverse("improvement:tag-remove", kwargs={"pk": wrong.pk}))
    editor_client.post(reverse("improvement:event-retag", kwargs={"pk": visit_2023.pk}))

    assert removed.url == f"{themes_url}#part-finding-{wrong.finding_index}"
    wrong.refresh_from_db()
    assert wrong.removed
    assert "Removed by a person:" in editor_client.get(themes_url).content.decode()

    editor_client.post(reverse("improvement:tag-restore", kwargs={"pk": wrong.pk}))
    wrong.refresh_from_db()
    assert not wrong.removed

    voice = Theme.objects.get(key="voice_of_child")
    editor_client.post(
        reverse("improvement:tag-add", kwargs={"pk": visit_2023.pk}), {"part": "finding:1", "theme": voice.pk}
    )
    editor_client.post(reverse("improvement:event-retag", kwargs={"pk": visit_2023.pk}))
    added = ThemeTag.objects.get(event=visit_2023, theme=voice)
    assert (added.part, added.finding_index, added.source, added.removed) == (
        TagPart.FINDING,
        1,
        TagSource.MANUAL,
        False,
    )

    again = editor_client.post(
        reverse("improvement:tag-add", kwargs={"pk": visit_2023.pk}), {"part": "finding:1", "theme": voice.pk}
    )
    assert again.status_code == 400
    assert "The voice of the child is already tagged there." in again.content.decode()
    outside = editor_client.post(
        reverse("improvement:tag-add", kwargs={"pk": visit_2023.pk}), {"part": "finding:99", "theme": voice.pk}
    )
    assert outside.status_code == 400


def test_the_themes_page_shows_the_matched_phrase_in_its_sentence(client: Client, visit_2023: Event) -> None:
    tag_event(visit_2023)
    page = client.get(reverse("improvement:event-themes", kwargs={"pk": visit_2023.pk})).content.decode()
    assert "Matched “Supervision”" in page
    assert "<mark>Supervision</mark> is regular, but it does not always challenge drift" in page
    # The breadcrumbs name the event itself, linked to its page.
    link = f'<a class="govuk-breadcrumbs__link" href="{visit_2023.get_absolute_url()}">{escape(visit_2023.label())}</a>'
    assert link in page


def test_the_concerns_page_shows_a_theme_raised_at_two_events(
    client: Client, bury: Authority, inspection_2021: Event, visit_2023: Event
) -> None:
    tag_event(inspection_2021)
    tag_event(visit_2023)

    page = client.get(reverse("improvement:authority", kwargs={"slug": "bury"})).content.decode()

    table = page[page.index('id="theme-oversight_supervision"') :]
    table = table[: table.index("</table>")]
    assert "raised 2 times, October 2021 to August 2023" in table
    assert "25 October 2021" in table
    assert "1 August 2023" in table
    assert "<mark>management oversight</mark>" in table
    assert "<mark>Supervision</mark>" in table
    assert reverse("improvement:event-themes", kwargs={"pk": visit_2023.pk}) in table
    # Assessments were raised in 2021 but not by the visit, which did raise other themes.
    not_since = page[page.index('id="not-raised-since"') :]
    assert "Quality of assessments" in not_since


def test_an_editor_can_tag_every_event_of_the_authority_again(
    editor_client: Client, bury: Authority, inspection_2021: Event, visit_2023: Event
) -> None:
    assert not recurring_concerns(bury)
    response = editor_client.post(reverse("improvement:authority-retag", kwargs={"slug": "bury"}))
    assert response.status_code == 302
    assert {c.theme.key for c in recurring_concerns(bury)} == {"missing", "oversight_supervision", "strategy_meetings"}


def test_the_seed_monitoring_letter_raises_again_what_the_2021_inspection_raised(
    seeds_dir: Path, client: Client, bury: Authority, inspection_2021: Event
) -> None:
    from inspections.parsing import extract_text, parse_text
    from inspections.services import EventData, upsert_event

    paths = sorted(seeds_dir.glob("001_*.txt"))
    if not paths:
        pytest.skip(f"no 001_*.txt seed in {seeds_dir}")
    parsed = parse_text(extract_text(paths[0].read_bytes(), filename=paths[0].name))
    visit, created = upsert_event(
        EventData(
            authority=bury,
            kind=EventKind.MONITORING_VISIT,
            framework="ilacs",
            sequence_number=parsed.visit_number.value,
            triggered_by=inspection_2021,
            start_date=parsed.visit_start.value,
            themes=parsed.areas.value or (),
            findings=parsed.findings,
        )
    )
    assert not created  # the letter is the demonstration history's fourth visit, now with its findings
    tag_event(inspection_2021)
    tag_event(visit)

    concerns = {c.theme.key: c for c in recurring_concerns(bury)}

    assert {"oversight_supervision", "strategy_meetings", "missing", "assessments"} <= set(concerns)
    assert [a.event for a in concerns["strategy_meetings"].appearances] == [inspection_2021, visit]
    page = client.get(reverse("improvement:authority", kwargs={"slug": "bury"})).content.decode()
    assert "<mark>strategy meetings</mark>" in page


# Query counts


def _busy_plan(inspection: Event, visit: Event, per_recommendation: int) -> ImprovementPlan:
    plan = plan_from_recommendations(inspection, owner_default="Director")
    for rec in inspection.recommendations.all():
        for n in range(per_recommendation):
            action = Action.objects.create(plan=plan, recommendation=rec, order=rec.order, description=f"Step {n}")
            record_progress(action, dt.date(2022, 1, 1), "Begun.", ActionStatus.ON_TRACK)
            record_progress(action, dt.date(2022, 2, 1), "Slipping.", ActionStatus.AT_RISK)
    tag_event(inspection)
    tag_event(visit)
    return plan


@pytest.mark.parametrize("per_recommendation", [1, 6])
def test_pages_take_a_fixed_number_of_queries(
    editor_client: Client,
    inspection_2021: Event,
    visit_2023: Event,
    django_assert_max_num_queries: Any,
    per_recommendation: int,
) -> None:
    plan = _busy_plan(inspection_2021, visit_2023, per_recommendation)
    action = plan.actions.first()
    pages = [
        reverse("improvement:authority", kwargs={"slug": "bury"}),
        reverse("improvement:plan", kwargs={"pk": plan.pk}),
        reverse("improvement:action", kwargs={"pk": action.pk}),
        reverse("improvement:event-themes", kwargs={"pk": inspection_2021.pk}),
        reverse("improvement:event-themes", kwargs={"pk": visit_2023.pk}),
    ]
    for url in pages:
        with django_assert_max_num_queries(12):
            assert editor_client.get(url).status_code == 200
