"""A report on a former authority without a URN of its own (Dorset County Council, replaced by Dorset Council in
2019) is read under its successor's URN, as Ofsted's lookup files it, but stays the former authority's history."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from authorities.models import Authority
from inspections.models import Document, DocumentStatus, Event
from inspections.publishing import events_from_extraction
from inspections.tasks import parse_document_upload
from tests.factories import document_to_review
from tests.inspections.test_upload_and_review import _form_values
from tests.samples import SIF_FORMER_COUNCIL

pytestmark = pytest.mark.django_db


def _uploaded(client: Client, text: str, name: str = "dorset-2016.txt") -> Document:
    response = client.post(reverse("inspections:upload"), {"files": [SimpleUploadedFile(name, text.encode())]})
    assert response.status_code == 302
    document = Document.objects.get()
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.NEEDS_REVIEW, document.error_detail
    return document


def test_a_report_on_dorset_county_council_is_its_history_on_dorsets_page(
    editor_client: Client, authorities: None
) -> None:
    county = Authority.objects.get(la_code="835")
    document = _uploaded(editor_client, SIF_FORMER_COUNCIL)
    assert document.extracted["urn"]["value"] == "2532283"  # Dorset's, as Ofsted's lookup gives it
    assert document.authority == county

    page = editor_client.get(document.get_absolute_url()).content.decode()
    assert "The authority's name was not certain" not in page
    form = _form_values(page)
    assert form["authority"] == str(county.pk)
    response = editor_client.post(document.get_absolute_url(), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == county.get_absolute_url()

    event = Event.objects.get(source_document=document)
    assert (event.authority, event.framework, str(event.start_date)) == (county, "sif", "2016-06-06")
    dorset = Authority.objects.get(name="Dorset")
    body = editor_client.get(dorset.get_absolute_url()).content.decode()
    assert "Dorset County Council (predecessor)" in body
    assert f'id="event-{event.pk}"' in body


def test_dorset_council_by_name_is_the_current_authority_with_no_choice_to_make(
    editor_client: Client, authorities: None
) -> None:
    document = _uploaded(editor_client, SIF_FORMER_COUNCIL.replace("Dorset County Council", "Dorset Council"))
    assert document.authority == Authority.objects.get(name="Dorset")
    page = editor_client.get(document.get_absolute_url()).content.decode()
    assert "The authority's name was not certain" not in page
    assert _form_values(page)["authority"] == str(document.authority.pk)


def test_an_uncertain_name_offers_the_former_authority_beside_the_current_one(
    editor_client: Client, authorities: None
) -> None:
    document = _uploaded(editor_client, SIF_FORMER_COUNCIL.replace("Dorset County Council", "Dorsett County Council"))
    assert document.authority is None
    page = editor_client.get(document.get_absolute_url()).content.decode()
    assert "It could be: Dorset, Dorset County Council. Choose it below." in page
    county = Authority.objects.get(la_code="835")
    assert f'<option value="{county.pk}">Dorset County Council</option>' in page


def _committee_report(reported: dict[str, Any]) -> Document:
    document = document_to_review("cabinet.txt")
    document.doc_kind = "committee_report"
    document.extracted = {
        "meeting_date": {"value": "2019-01-15", "state": "found"},
        "reported_events": [
            {"doc_kind": "sif_inspection", "inspection_start": "2016-06-06", "judgements": {}, **reported}
        ],
    }
    document.save()
    return document


def test_an_event_a_committee_report_describes_goes_to_the_authority_it_names(authorities: None) -> None:
    document = _committee_report({"urn": "2532283", "la_code": "835", "la_name": "Dorset County Council"})
    dorset = Authority.objects.get(name="Dorset")
    _, described = events_from_extraction(document, dorset)
    assert described.authority.name == "Dorset County Council"


def test_an_extraction_without_a_dfe_code_still_finds_its_authority_by_urn(authorities: None) -> None:
    # Read by a parser before 0.2.3, which reported no code.
    document = _committee_report({"urn": "2532283", "la_name": "Dorset"})
    _, described = events_from_extraction(document, Authority.objects.get(name="Dorset"))
    assert described.authority.name == "Dorset"
