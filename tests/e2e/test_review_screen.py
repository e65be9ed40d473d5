"""A reviewer in the browser: a value that could not be read stands out, is listed at the top, and must be entered or
marked not in the report before publishing; its passage can be seen marked on a picture of its page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from fpdf import FPDF

from authorities.models import Authority
from authorities.services import load_authorities
from config.roles import EDITOR
from inspections.ingest import store_upload
from inspections.models import Document, DocumentStatus, Event
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory
from tests.inspections.test_review_screen import sif_report

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _report_pdf() -> bytes:
    pdf = FPDF()
    for text in ("Inspection date: 11 January 2016 to 3 February 2016", "Lead inspector: Jane Doe"):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(text=text)
    return bytes(pdf.output())


def test_a_reviewer_settles_each_unread_value_before_publishing(page: Any, live_server: Any) -> None:
    load_authorities()
    UserFactory(username="alice", role=EDITOR)
    document, _ = store_upload(io.BytesIO(_report_pdf()), "bury-2016.pdf")
    lead = {"value": "Jane Doe", "state": "found", "confidence": 0.9, "page": 2, "passage": "Lead inspector: Jane Doe"}
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.NEEDS_REVIEW,
        doc_kind="sif_inspection",
        authority=Authority.objects.get(slug="bury"),
        extracted=sif_report(lead_inspector=lead, page_count=2),
    )
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, "alice")
    page.goto(document.get_absolute_url())

    # Listed at the top; the link takes the reviewer to the field, which has no grade chosen for them.
    summary = page.locator(".govuk-error-summary", has_text="Some values could not be read")
    assert summary.is_visible()
    summary.get_by_role("link", name="Experiences and progress of care leavers: could not be read").click()
    assert page.evaluate("document.activeElement.id") == "id_judgement_care_leavers"
    grade = page.locator("#id_judgement_care_leavers")
    assert grade.input_value() == ""
    assert page.locator(".govuk-form-group--error").filter(has=grade).count() >= 1
    # Dates are three boxes, not the browser's date picker.
    assert page.locator("input[type=date]").count() == 0
    assert page.locator("#id_start_date_0").input_value() == "11"

    page.get_by_role("button", name="Publish").click()
    assert page.title().startswith("Error:")
    assert page.locator(".govuk-error-message", has_text="care leavers could not be read").is_visible()
    assert not Event.objects.filter(source_document=document).exists()

    # The lead inspector's passage, marked on a picture of page 2, opens beside the form.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="See it on page 2").click()
    picture = opened.value
    picture.wait_for_load_state()
    assert picture.url.endswith("/pages/2.png?field=lead_inspector")
    assert picture.evaluate("document.images[0].naturalWidth") > 500
    picture.close()

    page.get_by_label("Not in the report (Experiences and progress of care leavers)").check()
    page.get_by_label("Not in the report (Other inspectors)").check()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/authorities/bury/")
    event = Event.objects.get(source_document=document)
    assert not event.judgements.filter(area="care_leavers").exists()
    assert event.judgements.get(area="overall").grade == "requires_improvement"
    # The refused publish answers 400, which the console reports; anything else (a CSP violation, a script error)
    # is a fault.
    assert [e for e in errors if "status of 400" not in e] == []
