"""An event's details: the event page, the same details loaded into the authority page's row by htmx,
the source document's file, and queries that do not grow with the rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.models import Authority
from improvement.models import TagPart, Theme, ThemeTag
from inspections.frameworks import FrameworkCode
from inspections.models import DocumentStatus, Event, EventKind
from inspections.services import EventData, RecommendationData, upsert_event
from tests.factories import DocumentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

HTMX = {"HX-Request": "true"}


def _inspection(authority: str = "Bury", *, recommendations: int = 1) -> Event:
    document = DocumentFactory(original_name="bury-ilacs.pdf")
    event, _ = upsert_event(
        EventData(
            authority=Authority.objects.get(name=authority),
            kind=EventKind.INSPECTION,
            framework=FrameworkCode.ILACS,
            start_date=dt.date(2021, 10, 25),
            judgements={"overall": "inadequate", "leadership": "inadequate"},
            findings=("Managers do not oversee child protection enquiries.",),
            recommendations=tuple(
                RecommendationData(text=f"Improve the quality of plans, part {i}.")
                for i in range(1, recommendations + 1)
            ),
            source_document=document,
        )
    )
    return event


def _tag(event: Event, theme: Theme, *, removed: bool = False, index: int = 0) -> None:
    ThemeTag.objects.create(event=event, part=TagPart.FINDING, finding_index=index, theme=theme, removed=removed)


def test_htmx_gets_only_the_details_with_judgements_recommendations_findings_themes_and_source(
    client: Client, authorities: None
) -> None:
    event = _inspection()
    kept, removed = Theme.objects.all()[:2]
    _tag(event, kept)
    _tag(event, removed, removed=True)
    body = client.get(event.get_absolute_url(), headers=HTMX).content.decode()
    assert body.lstrip().startswith('<div class="app-event-details">')
    assert "<html" not in body
    assert '<h4 class="govuk-heading-m">Judgements</h4>' in body
    assert "Impact of leaders on social work practice" in body
    assert "Improve the quality of plans, part 1." in body
    assert "Managers do not oversee child protection enquiries." in body
    assert kept.label in body
    assert removed.label not in body
    assert reverse("inspections:document-file", args=[event.source_document.pk]) in body
    assert "bury-ilacs.pdf" in body


def test_the_event_page_uses_the_same_details_under_level_two_headings(client: Client, authorities: None) -> None:
    event = _inspection()
    response = client.get(event.get_absolute_url())
    body = response.content.decode()
    assert "<html" in body
    assert body.count("<h1") == 1
    assert '<h2 class="govuk-heading-m">Recommendations</h2>' in body
    assert response.headers["Vary"]
    assert "HX-Request" in response.headers["Vary"]


def test_the_authority_page_offers_each_event_in_place_with_a_link_fallback(client: Client, demo_history: None) -> None:
    bury = Authority.objects.get(name="Bury")
    body = client.get(bury.get_absolute_url()).content.decode()
    events = list(bury.events.all())
    for event in events:
        url = event.get_absolute_url()
        assert f'href="{url}" hx-get="{url}" hx-target="#details-of-event-{event.pk}"' in body
    assert body.count("data-event-toggle") == len(events)
    assert "js/event-details.js" in body


def test_details_queries_do_not_grow_with_recommendations_or_themes(client: Client, authorities: None) -> None:
    one = _inspection(recommendations=1)
    _tag(one, Theme.objects.first())
    with CaptureQueriesContext(connection) as few:
        client.get(one.get_absolute_url(), headers=HTMX)
    many = _inspection("Wigan", recommendations=12)
    for theme in Theme.objects.all()[:6]:
        _tag(many, theme)
    with CaptureQueriesContext(connection) as lots:
        body = client.get(many.get_absolute_url(), headers=HTMX).content.decode()
    assert "part 12." in body
    assert len(lots) == len(few) <= 7  # with the official statistics rows that name its sources
    # The full page adds the event's change history, in a fixed number of queries too.
    with CaptureQueriesContext(connection) as page_of_one:
        client.get(one.get_absolute_url())
    with CaptureQueriesContext(connection) as page_of_many:
        client.get(many.get_absolute_url())
    assert len(page_of_many) == len(page_of_one) <= 13


def test_authority_page_queries_do_not_grow_with_events(client: Client, authorities: None) -> None:
    bury = Authority.objects.get(name="Bury")
    upsert_event(
        EventData(
            authority=bury,
            kind=EventKind.INSPECTION,
            framework=FrameworkCode.ILACS,
            start_date=dt.date(2018, 1, 8),
            judgements={"overall": "good"},
            lead_inspector="A Person",
        )
    )
    with CaptureQueriesContext(connection) as one:
        client.get(bury.get_absolute_url())
    for number in range(1, 8):
        upsert_event(
            EventData(
                authority=bury,
                kind=EventKind.MONITORING_VISIT,
                sequence_number=number,
                start_date=dt.date(2019, number, 4),
                lead_inspector=f"Inspector {number}",
            )
        )
    with CaptureQueriesContext(connection) as eight:
        body = client.get(bury.get_absolute_url()).content.decode()
    assert "Monitoring visit 7" in body
    assert len(eight) == len(one)


def test_a_published_report_can_be_downloaded_by_anyone(client: Client, authorities: None) -> None:
    event = _inspection()
    response = client.get(reverse("inspections:document-file", args=[event.source_document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # Opened in the browser's PDF viewer, a report's own JavaScript gets no script and no origin.
    assert response["Content-Security-Policy"] == "sandbox"
    assert b"".join(response.streaming_content) == b"report"


def test_an_unpublished_file_is_only_for_editors_and_html_is_never_shown_inline(
    client: Client, authorities: None, viewer: Any, editor: Any
) -> None:
    document = DocumentFactory(original_name="page.html", status=DocumentStatus.NEEDS_REVIEW)
    url = reverse("inspections:document-file", args=[document.pk])
    assert client.get(url).status_code == 404
    client.force_login(viewer)
    assert client.get(url).status_code == 404
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream"
    response.close()
