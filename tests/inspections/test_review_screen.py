"""The review screen: unread values are never defaulted, each kind is asked only what it has, dates are GOV.UK date
inputs, two reviewers cannot silently overwrite each other, and publishing what is published says so."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.test import Client

from authorities.models import Authority
from config.roles import EDITOR
from inspections.models import Document, DocumentStatus, Event
from tests.factories import UserFactory


def _form_values(page: str) -> dict[str, str]:
    """What a browser would send from the review form: inputs (a checkbox only when ticked), selects, textareas."""
    form = page[page.index('<form method="post" novalidate>') :]
    form = form[: form.index("</form>")]
    values: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'\sname="([^"]+)"', tag)
        value = re.search(r'\svalue="([^"]*)"', tag)
        if name and ('type="checkbox"' not in tag or " checked" in tag):
            values[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, body in re.findall(r'<select[^>]*\sname="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        values[name] = selected.group(1) if selected else ""
    for name, body in re.findall(r'<textarea[^>]*\sname="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        values[name] = html.unescape(body).strip()
    return values


pytestmark = pytest.mark.django_db


def found(value: Any, page: int = 1, passage: str = "") -> dict[str, Any]:
    return {"value": value, "state": "found", "confidence": 0.9, "page": page, "passage": passage or str(value)}


MISSING = {"value": None, "state": "missing", "confidence": 0.0, "page": None, "passage": None}
NOT_APPLICABLE = {"value": None, "state": "not_applicable", "confidence": 1.0, "page": None, "passage": None}


def sif_report(**changes: Any) -> dict[str, Any]:
    """What the parser stores for a 2016 SIF report whose care leavers' grade it could not read (Bury's seed),
    and whose team a parser version before issue 14.3 marked not applicable."""
    grades = {
        "overall": "requires improvement",
        "help_and_protection": "requires improvement",
        "looked_after": "good",
        "adoption": "good",
        "leadership": "requires improvement",
        "lscb": "requires improvement",
    }
    return {
        "la_name": found("Bury"),
        "inspection_start": found("2016-01-11", passage="Inspection date: 11 January 2016 to 3 February 2016"),
        "inspection_end": found("2016-02-03"),
        "publication_date": found("2016-03-24"),
        "lead_inspector": found("Jane Doe", page=40, passage="Lead inspector: Jane Doe"),
        "inspectors": NOT_APPLICABLE,
        "judgements": {**{k: found(v) for k, v in grades.items()}, "care_leavers": MISSING},
        "recommendations": [{"text": "Improve the quality of plans.", "page": 5}],
        **changes,
    }


def document(doc_kind: str, extracted: dict[str, Any], name: str = "report.pdf") -> Document:
    from tests.factories import DocumentFactory

    return DocumentFactory(
        doc_kind=doc_kind,
        status=DocumentStatus.NEEDS_REVIEW,
        authority=Authority.objects.get(slug="bury"),
        extracted=extracted,
        original_name=name,
    )


@pytest.fixture
def sif(authorities: None, media_root: Any) -> Document:
    return document("sif_inspection", sif_report())


def test_an_unread_grade_is_not_defaulted_and_publishing_waits_until_it_is_set_or_marked(
    editor_client: Client, sif: Document
) -> None:
    page = editor_client.get(sif.get_absolute_url()).content.decode()
    select = re.search(r'<select[^>]*name="judgement_care_leavers".*?</select>', page, re.S).group(0)
    assert "Not judged" not in select
    assert re.findall(r'<option value="([^"]*)"[^>]*selected', select) == [""]  # only "Choose a grade"
    # The unread value is an error-styled field and listed at the top, linking to it.
    summary = page[page.index("Some values could not be read") :]
    assert 'href="#id_judgement_care_leavers"' in summary[: summary.index("</ul>")]
    assert "Could not be read from the document" in page

    values = _form_values(page)
    refused = editor_client.post(sif.get_absolute_url(), values)
    assert refused.status_code == 400
    assert "care leavers could not be read" in refused.content.decode()
    assert not Event.objects.filter(source_document=sif).exists()

    marked = editor_client.post(
        sif.get_absolute_url(), values | {"judgement_care_leavers_absent": "on", "inspectors_absent": "on"}
    )
    assert marked.status_code == 302, marked.content.decode()[:3000]
    event = Event.objects.get(source_document=sif)
    assert set(event.judgements.values_list("area", flat=True)) == {
        "overall",
        "help_and_protection",
        "looked_after",
        "adoption",
        "leadership",
        "lscb",
    }


def test_an_unread_grade_entered_by_the_reviewer_is_published(editor_client: Client, sif: Document) -> None:
    values = _form_values(editor_client.get(sif.get_absolute_url()).content.decode())
    response = editor_client.post(
        sif.get_absolute_url(),
        values | {"judgement_care_leavers": "good", "inspectors_absent": "on"},
    )
    assert response.status_code == 302
    event = Event.objects.get(source_document=sif)
    assert event.judgements.get(area="care_leavers").grade == "good"


def test_a_value_both_entered_and_marked_not_in_the_report_is_refused(editor_client: Client, sif: Document) -> None:
    values = _form_values(editor_client.get(sif.get_absolute_url()).content.decode())
    response = editor_client.post(
        sif.get_absolute_url(),
        values | {"judgement_care_leavers": "good", "judgement_care_leavers_absent": "on", "inspectors_absent": "on"},
    )
    assert response.status_code == 400
    assert "not both" in response.content.decode()


def test_a_sif_team_is_asked_and_never_said_not_to_be_in_the_report(editor_client: Client, sif: Document) -> None:
    page = editor_client.get(sif.get_absolute_url()).content.decode()
    assert "Not in this kind of report" not in page
    assert 'name="inspectors"' in page
    assert 'href="#id_inspectors"' in page  # could not be read: listed at the top


def test_a_monitoring_letter_is_not_asked_for_recommendations(editor_client: Client, authorities: None) -> None:
    letter = document(
        "monitoring_visit",
        {
            "la_name": found("Bury"),
            "visit_start": found("2023-08-01"),
            "visit_end": found("2023-08-02"),
            "letter_date": found("2023-08-30"),
            "visit_number": found(4),
            "inspectors": found(["Jane Doe", "John Roe"]),
            "areas": found(["Children in care"]),
            "recommendations": [],
        },
        name="letter.txt",
    )
    page = editor_client.get(letter.get_absolute_url()).content.decode()
    assert "Recommendations" not in page
    assert "Could not be read" not in page
    assert "Lead inspector" not in page  # letters name their inspectors, no lead
    assert 'name="sequence_number"' in page


def test_a_committee_report_is_asked_its_meeting_date_only(editor_client: Client, authorities: None) -> None:
    report = document("committee_report", {"la_name": found("Bury"), "meeting_date": found("2024-03-12")})
    page = editor_client.get(report.get_absolute_url()).content.decode()
    form = page[page.index('<form method="post" novalidate>') :]
    assert "Meeting date" in form
    for absent in ("Start date", "Lead inspector", "Other inspectors", "Publication date", "Recommendations"):
        assert absent not in form, absent
    assert "Could not be read" not in form


def test_dates_are_day_month_and_year_boxes_not_the_browsers_date_picker(editor_client: Client, sif: Document) -> None:
    page = editor_client.get(sif.get_absolute_url()).content.decode()
    assert 'type="date"' not in page
    assert 'class="govuk-date-input"' in page
    values = _form_values(page)
    assert (values["start_date_0"], values["start_date_1"], values["start_date_2"]) == ("11", "1", "2016")
    values |= {"start_date_0": "12", "judgement_care_leavers_absent": "on", "inspectors_absent": "on"}
    assert editor_client.post(sif.get_absolute_url(), values).status_code == 302
    assert str(Event.objects.get(source_document=sif).start_date) == "2016-01-12"
    # An impossible date is refused in words.
    values |= {"start_date_0": "31", "start_date_1": "2"}
    response = editor_client.post(sif.get_absolute_url(), values)
    assert "The start date must be a real date" in response.content.decode()


def test_publishing_a_published_document_again_unchanged_says_so_and_keeps_its_reviewer(
    editor_client: Client, sif: Document
) -> None:
    values = _form_values(editor_client.get(sif.get_absolute_url()).content.decode())
    values |= {"judgement_care_leavers_absent": "on", "inspectors_absent": "on"}
    assert editor_client.post(sif.get_absolute_url(), values).status_code == 302
    event = Event.objects.get(source_document=sif)
    history = event.history.count()

    carol = Client()
    carol.force_login(UserFactory(username="carol", role=EDITOR))
    again = _form_values(carol.get(sif.get_absolute_url()).content.decode())
    response = carol.post(sif.get_absolute_url(), again, follow=True)
    assert "already published with these values" in response.content.decode()
    sif.refresh_from_db()
    assert sif.reviewed_by.username == "alice"
    assert event.history.count() == history


def test_a_second_review_starts_from_what_the_first_published(editor_client: Client, sif: Document) -> None:
    values = _form_values(editor_client.get(sif.get_absolute_url()).content.decode())
    values |= {"lead_inspector": "Janet Doe", "judgement_care_leavers_absent": "on", "inspectors_absent": "on"}
    editor_client.post(sif.get_absolute_url(), values)
    again = _form_values(editor_client.get(sif.get_absolute_url()).content.decode())
    assert again["lead_inspector"] == "Janet Doe"
    assert again.get("judgement_care_leavers_absent") == "on"


def test_a_save_from_a_stale_form_shows_the_other_persons_change_instead_of_overwriting_it(
    editor_client: Client, sif: Document
) -> None:
    carol = Client()
    carol.force_login(UserFactory(username="carol", role=EDITOR))
    # Both open the form before either publishes.
    alices = _form_values(editor_client.get(sif.get_absolute_url()).content.decode())
    carols = _form_values(carol.get(sif.get_absolute_url()).content.decode())
    settled = {"judgement_care_leavers_absent": "on", "inspectors_absent": "on"}
    first = editor_client.post(sif.get_absolute_url(), alices | settled | {"lead_inspector": "Alice's Name"})
    assert first.status_code == 302

    stale = carol.post(sif.get_absolute_url(), carols | settled | {"lead_inspector": "Carol's Name"})
    assert stale.status_code == 409
    page = stale.content.decode()
    assert "Someone else published this document while you were editing it" in page
    conflict = html.unescape(page[page.index("review-conflict") : page.index("Check the form below")])
    assert "alice published changes" in conflict
    assert re.search(r"Lead inspector</th>\s*<td[^>]*>Alice's Name</td>\s*<td[^>]*>Carol's Name</td>", conflict)
    event = Event.objects.get(source_document=sif)
    assert event.inspector_roles.get(role="lead").inspector.name == "Alice's Name"

    # Having seen it, Carol publishes again from the refreshed form on purpose: that goes through.
    again = _form_values(page)
    assert carol.post(sif.get_absolute_url(), again).status_code == 302
    assert event.inspector_roles.get(role="lead").inspector.name == "Carol's Name"


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_the_same_moment_from_one_version_publish_once(authorities: None, media_root: Any) -> None:
    """The version is claimed by a compare-and-set in the database, so two requests racing (two web processes) cannot
    both pass a check made before either writes."""
    import threading

    from django.db import connection

    sif = document("sif_inspection", sif_report())
    clients = []
    for name in ("alice", "carol"):
        client = Client()
        client.force_login(UserFactory(username=name, role=EDITOR))
        clients.append(client)
    values = _form_values(clients[0].get(sif.get_absolute_url()).content.decode())
    values |= {"judgement_care_leavers_absent": "on", "inspectors_absent": "on"}
    start = threading.Barrier(2)
    statuses: list[int] = []

    def save(client: Client, lead: str) -> None:
        try:
            start.wait()
            statuses.append(client.post(sif.get_absolute_url(), values | {"lead_inspector": lead}).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(c, lead)) for c, lead in zip(clients, ("One", "Two"), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [302, 409]
    sif.refresh_from_db()
    assert sif.review_version == 1
