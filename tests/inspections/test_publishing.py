"""Publishing parsed documents: the service the review screen and bulk import share."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.test import Client

from authorities.models import Authority
from inspections.extraction import changes
from inspections.ingest import requeue, store_upload
from inspections.models import Document, DocumentStatus, Event, EventKind
from inspections.publishing import PublishError, events_from_extraction, publish
from inspections.tasks import parse_document_upload

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MONITORING_SEED = "001_a7e1020f92c5b819.txt"
CABINET_SEED = "003_95edb556904ad52f.txt"


def _parsed(path: Path) -> Document:
    document, _ = store_upload(io.BytesIO(path.read_bytes()), path.name)
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.NEEDS_REVIEW, document.error_detail
    return document


def test_a_monitoring_letter_becomes_a_numbered_visit_after_its_inspection(demo_history: None, seeds_dir: Path) -> None:
    document = _parsed(seeds_dir / MONITORING_SEED)
    [visit] = publish(document, events_from_extraction(document))
    assert (visit.kind, visit.sequence_number, str(visit.start_date)) == ("monitoring_visit", 4, "2023-08-01")
    assert visit.triggered_by.framework == "ilacs"
    assert visit.triggered_by.start_date.isoformat() == "2021-10-25"
    assert visit.provenance == "parsed"
    # The demo event of the same visit was replaced, not duplicated.
    assert Event.objects.filter(authority__name="Bury", kind=EventKind.MONITORING_VISIT).count() == 2


def test_a_cabinet_report_adds_its_meeting_and_the_events_it_describes(authorities: None, seeds_dir: Path) -> None:
    document = _parsed(seeds_dir / CABINET_SEED)
    events = publish(document, events_from_extraction(document))
    kinds = [e.kind for e in events]
    assert kinds[0] == EventKind.COMMITTEE_REPORT
    assert EventKind.MONITORING_VISIT in kinds
    inspection = next(e for e in events if e.kind == EventKind.INSPECTION)
    assert inspection.overall_grade() == "inadequate"
    assert {e.authority.name for e in events} == {"Bury"}


def test_the_review_page_names_the_other_events_a_cabinet_report_describes(
    authorities: None, seeds_dir: Path, editor_client: Client
) -> None:
    document = _parsed(seeds_dir / CABINET_SEED)
    page = editor_client.get(document.get_absolute_url()).content.decode()
    also = page[page.index("Also published from this document") :]
    assert "Bury: monitoring visit 12 October 2022" in also
    assert "Bury: inspection 25 October 2021 (overall effectiveness inadequate)" in also
    assert "monitoring_visit" not in also


def test_a_document_without_an_authority_cannot_be_published(authorities: None, seeds_dir: Path) -> None:
    document = _parsed(seeds_dir / MONITORING_SEED)
    Document.objects.filter(pk=document.pk).update(authority=None)
    document.refresh_from_db()
    with pytest.raises(PublishError, match="Choose the authority"):
        events_from_extraction(document)


def test_republishing_from_a_second_document_supersedes_the_first(demo_history: None, seeds_dir: Path) -> None:
    first = _parsed(seeds_dir / MONITORING_SEED)
    publish(first, events_from_extraction(first))
    copy = seeds_dir / MONITORING_SEED
    second, _ = store_upload(io.BytesIO(copy.read_bytes() + b"\n"), "copy.txt")
    parse_document_upload(second.pk)
    second.refresh_from_db()
    publish(second, events_from_extraction(second))
    first.refresh_from_db()
    assert first.status == DocumentStatus.SUPERSEDED
    assert Event.objects.get(authority__name="Bury", sequence_number=4).source_document == second


def test_reading_again_keeps_the_last_extraction_and_shows_what_changed(authorities: None, seeds_dir: Path) -> None:
    document = _parsed(seeds_dir / MONITORING_SEED)
    older = dict(document.extracted)
    older["visit_number"] = {**older["visit_number"], "value": 3}
    Document.objects.filter(pk=document.pk).update(extracted=older, parser_version="0.0.1")
    document.refresh_from_db()
    requeue([document])
    parse_document_upload(document.pk)
    document.refresh_from_db()
    assert document.previous_parser_version == "0.0.1"
    assert ("visit_number", 3, 4) in changes(document.previous_parsed, document.parsed)


def test_published_events_stay_when_the_document_is_read_again(demo_history: None, seeds_dir: Path) -> None:
    document = _parsed(seeds_dir / MONITORING_SEED)
    publish(document, events_from_extraction(document))
    requeue([document])
    parse_document_upload(document.pk)
    assert Event.objects.filter(source_document=document).count() == 1
    assert Authority.objects.get(name="Bury").events.filter(sequence_number=4).count() == 1


def test_publishing_tags_the_visits_themes(demo_history: None, seeds_dir: Path) -> None:
    from improvement.models import ThemeTag

    document = _parsed(seeds_dir / MONITORING_SEED)
    [visit] = publish(document, events_from_extraction(document))
    themes = set(ThemeTag.objects.filter(event=visit, removed=False).values_list("theme__key", flat=True))
    assert {"exploitation", "missing"} <= themes
