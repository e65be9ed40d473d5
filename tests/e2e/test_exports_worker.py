"""Briefing exports end to end: a real Celery worker (exports queue) builds a PDF; the pages pass axe-core."""

from __future__ import annotations

import time
from typing import Any

import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse

from config.roles import VIEWER
from improvement.models import BriefingExport, ExportStatus
from tests.e2e.conftest import BRIEFING_COVER, assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.slow


@pytest.mark.worker
def test_a_pdf_briefing_is_built_by_the_worker_and_downloaded(celery_worker_process: Any, demo_history: None) -> None:
    UserFactory(username="bob", role=VIEWER)
    client = Client()
    assert client.login(username="bob", password="correct horse battery staple")

    response = client.post(reverse("briefings:briefing", args=["bury"]), BRIEFING_COVER)
    assert response.status_code == 302
    export = BriefingExport.objects.get()

    # What the page's htmx polling does: ask for the status fragment until it says to stop (HTTP 286).
    status_url = reverse("briefings:status", args=[export.pk])
    deadline = time.monotonic() + 90
    status = client.get(status_url, headers={"HX-Request": "true"})
    while status.status_code != 286 and time.monotonic() < deadline:
        time.sleep(0.5)
        status = client.get(status_url, headers={"HX-Request": "true"})
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE, export.error_detail
    assert b"Download" in status.content

    download = client.get(reverse("briefings:download", args=[export.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith('attachment; filename="briefing-bury-')
    pdf = pypdfium2.PdfDocument(b"".join(download.streaming_content))
    try:
        text = " ".join(" ".join(page.get_textpage().get_text_range() for page in pdf).split())
    finally:
        pdf.close()
    assert "Ofsted inspections of children's services in Bury" in text
    assert "8. Comparison with statistical neighbours and region" in text


@pytest.mark.browser
def test_the_briefing_form_and_its_preview_are_accessible(page: Any, demo_history: None) -> None:
    UserFactory(username="bob", role=VIEWER)
    sign_in(page, "bob")
    page.goto(reverse("briefings:briefing", args=["bury"]))
    assert page.get_by_role("button", name="Create PDF").is_visible()
    assert_accessible(page)

    page.get_by_label("Lead officer (optional)").fill("<script>window.pwned=1</script>")
    page.get_by_role("button", name="Preview the briefing").click()
    page.get_by_role("heading", level=1, name="Ofsted inspections of children's services in Bury").wait_for()
    assert page.evaluate("window.pwned") is None
    assert page.get_by_text("<script>window.pwned=1</script>").is_visible()
    assert_accessible(page)
