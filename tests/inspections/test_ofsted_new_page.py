"""The *New from Ofsted* page: what arrived from Ofsted's site, when, and its status; for signed-in roles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from authorities.models import Authority, Follow
from inspections.models import Document, OfstedSync, OfstedSyncStatus
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def arrivals(authorities: None) -> list[Document]:
    bury, bolton = Authority.objects.get(slug="bury"), Authority.objects.get(slug="bolton")
    OfstedSync.objects.create(
        status=OfstedSyncStatus.PROBLEMS,
        authorities_checked=153,
        documents_fetched=2,
        problems=["Bolton: https://files.ofsted.gov.uk/v1/file/3 answered 404 (4 attempts)"],
    )
    return [
        DocumentFactory(
            status="needs_review",
            authority=bury,
            ofsted_file_id="1",
            source_url="https://files.ofsted.gov.uk/v1/file/1",
            publication_date_given=dt.date(2025, 7, 29),
        ),
        DocumentFactory(
            status="queued",
            authority=bolton,
            doc_kind="",
            original_name="children's services focused visit - 3 march 2026.pdf",
            ofsted_file_id="2",
            source_url="https://files.ofsted.gov.uk/v1/file/2",
        ),
        DocumentFactory(status="needs_review", authority=bury, original_name="uploaded-by-hand.pdf"),
    ]


def test_it_lists_what_arrived_from_ofsted_with_status_and_the_checks(
    client: Client, viewer, arrivals: list[Document]
) -> None:
    client.force_login(viewer)
    page = client.get(reverse("inspections:ofsted-new")).content.decode()
    assert "ILACS inspection" in page
    assert "29 Jul 2025" in page
    assert "children&#x27;s services focused visit - 3 march 2026.pdf" in page  # not read yet: its name
    assert "uploaded-by-hand.pdf" not in page  # an upload is not from Ofsted
    assert 'href="https://files.ofsted.gov.uk/v1/file/1"' in page
    assert "Needs review" in page
    assert "Queued" in page
    assert "answered 404 (4 attempts)" in page
    assert "Finished with problems" in page


def test_only_the_authorities_followed(client: Client, viewer, arrivals: list[Document]) -> None:
    Follow.objects.create(user=viewer, authority=Authority.objects.get(slug="bolton"))
    client.force_login(viewer)
    page = client.get(reverse("inspections:ofsted-new"), {"followed": "1"}).content.decode()
    assert "focused visit - 3 march 2026" in page
    assert "ILACS inspection" not in page


def test_the_navigation_links_to_it_only_for_signed_in_roles(client: Client, viewer, authorities: None) -> None:
    href = f'href="{reverse("inspections:ofsted-new")}"'
    assert href not in client.get(reverse("authorities:list")).content.decode()
    client.force_login(viewer)
    assert href in client.get(reverse("authorities:list")).content.decode()
    assert client.get(reverse("inspections:ofsted-new")).status_code == 200
