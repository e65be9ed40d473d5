from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from authorities.models import Authority
from inspections.models import Event

pytestmark = pytest.mark.django_db


def test_the_list_shows_every_current_authority_with_latest_grades(
    client: Client, demo_history: None, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(6):
        response = client.get(reverse("authorities:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "153 authorities" in body
    assert "Bury" in body
    assert "Requires improvement" in body


def test_the_list_filters_by_name_and_region(client: Client, demo_history: None) -> None:
    response = client.get(reverse("authorities:list"), {"q": "bury", "region": "NW"})
    body = response.content.decode()
    assert "1 authority" in body
    assert ">Bury<" in body
    assert ">Salford<" not in body


def test_an_htmx_search_returns_only_the_results(client: Client, demo_history: None) -> None:
    response = client.get(reverse("authorities:list"), {"q": "gates"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "<html" not in body
    assert "Gateshead" in body


def test_the_authority_page_lists_events_with_a_bounded_number_of_queries(
    client: Client, demo_history: None, django_assert_max_num_queries
) -> None:
    bury = Authority.objects.get(name="Bury")
    with django_assert_max_num_queries(14):
        response = client.get(bury.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "Monitoring visit 4" in body
    assert "Impact of leaders on social work practice" in body
    assert body.count('id="event-') == bury.events.count()


def test_a_successor_shows_its_predecessors_history_marked(client: Client, authorities: None) -> None:
    import datetime as dt

    from inspections.frameworks import FrameworkCode
    from inspections.services import EventData, upsert_event

    cumbria = Authority.objects.get(name="Cumbria")
    upsert_event(
        EventData(
            authority=cumbria,
            kind="inspection",
            framework=FrameworkCode.ILACS,
            start_date=dt.date(2022, 1, 10),
            judgements={"overall": "good"},
        )
    )
    body = client.get(Authority.objects.get(name="Cumberland").get_absolute_url()).content.decode()
    assert "Cumbria (predecessor)" in body


def test_an_event_page_shows_judgements_and_inspectors(client: Client, demo_history: None) -> None:
    event = Event.objects.filter(authority__name="Bury", framework="sif").get()
    body = client.get(event.get_absolute_url()).content.decode()
    assert "Sheena Doyle (lead)" in body
    assert "Local Safeguarding Children Board" in body


def test_an_unknown_authority_is_not_found(client: Client, authorities: None) -> None:
    assert client.get("/authorities/atlantis/").status_code == 404
