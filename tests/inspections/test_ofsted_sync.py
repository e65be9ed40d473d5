"""The sync with Ofsted's site, end to end against a local fake of it (tests/ofsted_fake.py) serving real reports."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from authorities.models import Authority, Follow
from inspections import ofsted_sync
from inspections.models import Document, DocumentStatus, Event, OfstedSync, OfstedSyncStatus
from inspections.ofsted_sync import OfstedClient, RateLimiter, SyncError, kind_of, read_provider_page
from inspections.tasks import parse_document_upload
from tests.factories import UserFactory
from tests.ofsted_fake import Answer, FakeOfsted, Listed

pytestmark = pytest.mark.django_db

BURY = "80443"
INSPECTION = "50283648"
FOCUSED = "50100001"
SEND = "50200002"


@pytest.fixture
def fake(corpus_dir: Path, settings: Any) -> Iterator[FakeOfsted]:
    """Bury's provider page: its 2025 inspection, a 2019 focused visit and an area SEND report (not read here)."""
    site = FakeOfsted()
    site.add(
        BURY,
        "Bury Metropolitan Borough Council",
        Listed(
            INSPECTION,
            "Children's services inspection",
            dt.date(2025, 7, 29),
            corpus_dir / "ofsted/80443_bury/children's services inspection - 29 july 2025.pdf",
        ),
        Listed(
            FOCUSED,
            "Children's services focused visit",
            dt.date(2019, 8, 23),
            corpus_dir / "focused/80443_bury/children's services focused visit - 23 august 2019.pdf",
        ),
        Listed(
            SEND,
            "Area SEND full inspection",
            dt.date(2024, 5, 7),
            corpus_dir / "send/80443_bury/area send full inspection - 07 may 2024.pdf",
        ),
    )
    site.start()
    settings.OFSTED_REPORTS_URL = site.url
    settings.OFSTED_FILES_URL = site.url
    # Polite by default; quick here: the limiter's and the backoff's own logic is tested without the network.
    settings.OFSTED_SYNC_INTERVAL = 0.0
    settings.OFSTED_SYNC_BACKOFF = 0.01
    settings.OFSTED_SYNC_RETRIES = 2
    settings.OFSTED_SYNC_TIMEOUT = 5
    settings.OFSTED_SYNC_CONTACT = "data-team@example.org"
    yield site
    site.stop()


@pytest.fixture
def sent() -> Iterator[mock.MagicMock]:
    """The parse task's sending, recorded instead of going to a broker."""
    with mock.patch.object(parse_document_upload, "apply_async") as apply_async:
        yield apply_async


@pytest.fixture
def bury(db: None) -> Authority:
    """Bury and Bolton only, with their real codes: the parser names Bury by its DfE code."""
    from authorities.models import Region

    region = Region.objects.create(code="NW", name="North West")
    Authority.objects.create(
        name="Bolton",
        slug="bolton",
        urn="80432",
        la_code="350",
        gss_code="E08000001",
        region=region,
        authority_type="metropolitan_district",
    )
    return Authority.objects.create(
        name="Bury",
        slug="bury",
        urn=BURY,
        la_code="351",
        gss_code="E08000002",
        region=region,
        authority_type="metropolitan_district",
    )


def _queued(sent: mock.MagicMock) -> set[int]:
    return {call.args[0][0] for call in sent.call_args_list}


def test_a_sync_stores_and_queues_the_reports_it_reads_and_skips_area_send(
    fake: FakeOfsted, sent: mock.MagicMock, bury: Authority
) -> None:
    result = ofsted_sync.sync([bury])

    documents = {d.ofsted_file_id: d for d in Document.objects.all()}
    assert set(documents) == {INSPECTION, FOCUSED}
    inspection = documents[INSPECTION]
    assert inspection.status == DocumentStatus.QUEUED
    assert inspection.source_url == f"{fake.url}/v1/file/{INSPECTION}"
    assert inspection.original_name == "children's services inspection - 29 july 2025.pdf"
    assert inspection.publication_date_given == dt.date(2025, 7, 29)  # ILACS reports do not print it; the page does
    assert inspection.authority == bury
    with inspection.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert _queued(sent) == {d.pk for d in documents.values()}
    # The area SEND report is never fetched.
    assert not fake.hits(f"/v1/file/{SEND}")
    assert [p.title for p in result.out_of_scope] == ["area send full inspection"]
    run = OfstedSync.objects.get()
    assert (run.status, run.authorities_checked, run.documents_listed, run.documents_fetched) == (
        OfstedSyncStatus.SUCCEEDED,
        1,
        2,
        2,
    )
    # Every request names the service and who to contact.
    agents = {hit.user_agent for hit in fake.hits()}
    assert len(agents) == 1
    agent = agents.pop()
    assert agent.startswith("Trajectory/")
    assert "data-team@example.org" in agent


def test_a_second_run_fetches_nothing(fake: FakeOfsted, sent: mock.MagicMock, bury: Authority) -> None:
    ofsted_sync.sync([bury])
    fake.log.clear()
    sent.reset_mock()

    result = ofsted_sync.sync([bury])

    assert result.arrivals == []
    assert [hit.path for hit in fake.hits()] == [f"/provider/44/{BURY}"]
    assert Document.objects.count() == 2
    assert not sent.called


def test_a_file_already_uploaded_by_hand_is_not_fetched_as_new_but_gets_its_ofsted_id(
    fake: FakeOfsted, sent: mock.MagicMock, bury: Authority, corpus_dir: Path
) -> None:
    from inspections.ingest import store_upload

    path = corpus_dir / "ofsted/80443_bury/children's services inspection - 29 july 2025.pdf"
    uploaded, _ = store_upload(io.BytesIO(path.read_bytes()), "bury-ilacs.pdf")

    result = ofsted_sync.sync([bury])

    assert [a.publication.file_id for a in result.arrivals] == [FOCUSED]
    uploaded.refresh_from_db()
    assert uploaded.ofsted_file_id == INSPECTION  # known by its SHA-256, and now by its Ofsted id
    assert Document.objects.count() == 2


@pytest.mark.parametrize(
    "page",
    [
        # The links lost their class.
        b'<main><ul><li><a class="report-link" href="/v1/file/1">Children\'s services inspection</a></li></ul></main>',
        # The hidden description changed its form.
        b'<main><a class="publication-link" href="/v1/file/1">Inspection'
        b'<span class="nonvisual">Published 29 January 2025 (PDF)</span></a></main>',
    ],
    ids=["no-publication-links", "description-changed"],
)
def test_a_page_whose_structure_changed_fails_clearly_and_stores_nothing(
    page: bytes, fake: FakeOfsted, sent: mock.MagicMock, bury: Authority
) -> None:
    fake.answers[f"/provider/44/{BURY}"] = Answer(body=page)

    with pytest.raises(SyncError, match=r"publication.link|title, format - date"):
        ofsted_sync.sync([bury])

    assert Document.objects.count() == 0
    assert not fake.hits("/v1/file/")
    run = OfstedSync.objects.get()
    assert run.status == OfstedSyncStatus.FAILED
    assert run.error


def test_one_odd_link_among_readable_ones_is_skipped_and_reported(
    fake: FakeOfsted, sent: mock.MagicMock, bury: Authority
) -> None:
    page = (
        f'<a class="publication-link" href="/v1/file/{INSPECTION}">'
        '<span class="nonvisual">children\'s services inspection, pdf - 29 july 2025</span></a>'
        '<a class="publication-link" href="/v1/file/7"><span class="nonvisual">Provider data summary</span></a>'
    )
    fake.answers[f"/provider/44/{BURY}"] = Answer(body=page.encode())

    result = ofsted_sync.sync([bury])

    assert [a.publication.file_id for a in result.arrivals] == [INSPECTION]
    assert result.run.problems == [
        f"Bury: skipped: {fake.url}/provider/44/{BURY}: a publication link reads “provider data summary”, "
        "not “title, format - date”."
    ]


def test_the_command_says_a_changed_page_stored_nothing(
    fake: FakeOfsted, sent: mock.MagicMock, bury: Authority
) -> None:
    fake.answers[f"/provider/44/{BURY}"] = Answer(body=b"<main><p>We have moved our reports.</p></main>")
    with pytest.raises(CommandError, match="Nothing was fetched"):
        call_command("sync_ofsted", "--authority", "bury")
    assert Document.objects.count() == 0


def test_a_pdf_that_answers_404_is_retried_then_reported_and_the_rest_is_fetched(
    fake: FakeOfsted, sent: mock.MagicMock, bury: Authority
) -> None:
    fake.answers[f"/v1/file/{FOCUSED}"] = Answer(404, b"Not found")
    out, err = io.StringIO(), io.StringIO()

    call_command("sync_ofsted", "--authority", "bury", stdout=out, stderr=err)

    assert len(fake.hits(f"/v1/file/{FOCUSED}")) == 3  # one try and OFSTED_SYNC_RETRIES more
    assert f"/v1/file/{FOCUSED} answered 404 (3 attempts)" in err.getvalue()
    assert "1 new fetched" in out.getvalue()
    assert list(Document.objects.values_list("ofsted_file_id", flat=True)) == [INSPECTION]
    run = OfstedSync.objects.get()
    assert run.status == OfstedSyncStatus.PROBLEMS
    assert "Bury, children's services focused visit of 23 August 2019" in run.problems[0]


def test_a_pdf_that_times_out_is_retried_then_reported(
    fake: FakeOfsted, sent: mock.MagicMock, bury: Authority, settings: Any
) -> None:
    settings.OFSTED_SYNC_TIMEOUT = 0.2
    settings.OFSTED_SYNC_RETRIES = 1
    fake.answers[f"/v1/file/{INSPECTION}"] = Answer(body=b"%PDF-1.7", delay=1.0)

    result = ofsted_sync.sync([bury])

    assert len(fake.hits(f"/v1/file/{INSPECTION}")) == 2
    assert [a.publication.file_id for a in result.arrivals] == [FOCUSED]
    assert "timed out (2 attempts)" in result.run.problems[0]
    # Not held, so the next run tries it again.
    assert not Document.objects.filter(ofsted_file_id=INSPECTION).exists()


def test_an_error_page_served_as_a_pdf_is_not_stored(fake: FakeOfsted, sent: mock.MagicMock, bury: Authority) -> None:
    fake.answers[f"/v1/file/{INSPECTION}"] = Answer(body=b"<html>Service unavailable</html>")
    result = ofsted_sync.sync([bury])
    assert "did not answer with a PDF" in result.run.problems[0]
    assert not Document.objects.filter(ofsted_file_id=INSPECTION).exists()


def test_since_leaves_out_what_was_published_before(fake: FakeOfsted, sent: mock.MagicMock, bury: Authority) -> None:
    out = io.StringIO()
    call_command("sync_ofsted", "--authority", "bury", "--since", "2025-01-01", stdout=out)
    assert list(Document.objects.values_list("ofsted_file_id", flat=True)) == [INSPECTION]
    assert "1 documents of the kinds read here listed, 1 new fetched" in out.getvalue()


def test_the_command_refuses_an_unknown_authority(db: None) -> None:
    with pytest.raises(CommandError, match="No authority"):
        call_command("sync_ofsted", "--authority", "atlantis")


def test_a_link_to_another_site_is_not_followed(fake: FakeOfsted, sent: mock.MagicMock, bury: Authority) -> None:
    page = (
        b'<a class="publication-link" href="http://example.org/v1/file/9">'
        b'<span class="nonvisual">children\'s services inspection, pdf - 29 july 2025</span></a>'
    )
    fake.answers[f"/provider/44/{BURY}"] = Answer(body=page)
    result = ofsted_sync.sync([bury])
    assert "is not on Ofsted's sites" in result.run.problems[0]
    assert Document.objects.count() == 0


def test_followers_get_one_email_listing_the_new_documents(
    fake: FakeOfsted, sent: mock.MagicMock, bury: Authority, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.mail.utils import DNS_NAME

    monkeypatch.setattr(DNS_NAME, "_fqdn", "localhost", raising=False)  # no DNS here: its lookup takes 5 s to fail
    follower = UserFactory(username="fiona", email="fiona@example.org")
    Follow.objects.create(user=follower, authority=bury)
    other = UserFactory(username="owen", email="owen@example.org")
    Follow.objects.create(user=other, authority=Authority.objects.get(slug="bolton"))

    ofsted_sync.sync([bury])
    ofsted_sync.sync([bury])  # nothing new: no second email

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["fiona@example.org"]
    assert message.subject == "New from Ofsted: Bury"
    assert "Children's services inspection, published 29 July 2025" in message.body
    assert "Children's services focused visit, published 23 August 2019" in message.body
    for document in Document.objects.all():
        assert document.get_absolute_url() in message.body


def test_the_limiter_spaces_requests_by_the_interval() -> None:
    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        now[0] += seconds

    limiter = RateLimiter(1.0, clock=lambda: now[0], sleep=sleep)
    limiter.wait()  # the first goes at once
    now[0] += 0.25
    limiter.wait()  # 0.25 s later: waits the 0.75 s left
    now[0] += 3.0
    limiter.wait()  # long after: at once
    limiter.wait()  # straight after: a whole interval
    assert slept == pytest.approx([0.75, 1.0])


def test_every_attempt_waits_its_turn_and_retries_back_off(fake: FakeOfsted, settings: Any) -> None:
    settings.OFSTED_SYNC_RETRIES = 3
    settings.OFSTED_SYNC_BACKOFF = 0.5
    fake.answers["/v1/file/1"] = Answer(503)
    limiter = mock.Mock(spec=RateLimiter)
    waits: list[float] = []
    client = OfstedClient(limiter, sleep=waits.append)

    with pytest.raises(ofsted_sync.FetchError, match="answered 503"):
        client.get(f"{fake.url}/v1/file/1")

    assert limiter.wait.call_count == 4 == len(fake.hits("/v1/file/1"))
    assert waits == [0.5, 1.0, 2.0]


def test_requests_to_the_fake_site_keep_the_interval(fake: FakeOfsted, settings: Any) -> None:
    client = OfstedClient(RateLimiter(0.1))
    for _ in range(4):
        client.get(f"{fake.url}/provider/44/{BURY}")
    times = [hit.at for hit in fake.hits()]
    # Measured where the requests arrive, so with the network's and a busy machine's jitter (0.2796 s was seen):
    # three intervals of 0.1 s between four requests, against some 10 ms with no limiter at all.
    assert times[-1] - times[0] >= 0.25


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("children's services inspection", "inspection"),
        ("children's services focused visit", "focused_visit"),
        ("monitoring visit of local authority children's services", "monitoring_visit"),
        ("joint targeted area inspection", "jtai"),
        ("review of the local safeguarding children board", "lscb_review"),
        ("inspection of safeguarding and looked after children services", "inspection"),
        ("area send full inspection", None),
        ("area send revisit", None),
        ("children's home full inspection", None),
    ],
)
def test_the_kind_is_told_from_the_links_title(title: str, kind: str | None) -> None:
    assert kind_of(title) == kind


def test_a_provider_page_is_read_link_by_link() -> None:
    page = """<a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/50283648">Children’s services
      inspection <span class="nonvisual">children’s services inspection, pdf - 29 january 2025</span></a>"""
    [publication] = read_provider_page(page, "https://reports.ofsted.gov.uk/provider/44/80443", 7).publications
    assert publication.file_id == "50283648"
    assert publication.url == "https://files.ofsted.gov.uk/v1/file/50283648"
    assert publication.published == dt.date(2025, 1, 29)
    assert (publication.title, publication.format, publication.kind) == (
        "children's services inspection",
        "pdf",
        "inspection",
    )


@pytest.mark.slow
@pytest.mark.parametrize("auto_publish", [False, True], ids=["auto-publish-off", "auto-publish-on"])
def test_auto_publishing_takes_only_what_was_read_with_high_confidence(
    auto_publish: bool, fake: FakeOfsted, sent: mock.MagicMock, bury: Authority, settings: Any
) -> None:
    settings.OFSTED_AUTO_PUBLISH = auto_publish
    ofsted_sync.sync([bury])

    for document in Document.objects.all():
        parse_document_upload(document.pk)  # what the worker does with the task the sync queued

    inspection = Document.objects.get(ofsted_file_id=INSPECTION)
    focused = Document.objects.get(ofsted_file_id=FOCUSED)
    # The inspection: every value read with confidence 0.9 or more, its publication date from Ofsted's page.
    assert ofsted_sync.confidently_read(inspection)
    # The focused visit: whether it set priority actions was read with less confidence (0.8).
    assert not ofsted_sync.confidently_read(focused)
    assert focused.status == DocumentStatus.NEEDS_REVIEW
    if auto_publish:
        assert inspection.status == DocumentStatus.PUBLISHED
        event = Event.objects.get(source_document=inspection)
        assert (event.authority, event.start_date, event.published_date) == (
            bury,
            dt.date(2025, 6, 9),
            dt.date(2025, 7, 29),
        )
    else:
        assert inspection.status == DocumentStatus.NEEDS_REVIEW
        assert not Event.objects.filter(source_document=inspection).exists()


def test_with_the_task_queue_down_the_documents_are_kept_for_the_sweep(
    fake: FakeOfsted, bury: Authority, settings: Any
) -> None:
    from kombu.exceptions import OperationalError as BrokerError

    from config.jobs import WAITING_FOR_QUEUE

    refused = BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with mock.patch.object(parse_document_upload, "apply_async", side_effect=refused) as apply_async:
        result = ofsted_sync.sync([bury])

    assert apply_async.call_count == 1  # once refused, the rest are left for the sweep without trying
    assert len(result.arrivals) == 2
    assert set(Document.objects.values_list("status", "progress_code")) == {(DocumentStatus.QUEUED, WAITING_FOR_QUEUE)}


def test_a_file_larger_than_the_upload_limit_is_not_stored(
    fake: FakeOfsted, sent: mock.MagicMock, bury: Authority, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 200_000  # the focused visit (170 KB) fits, the inspection (225 KB) does not
    result = ofsted_sync.sync([bury])
    assert [a.publication.file_id for a in result.arrivals] == [FOCUSED]
    assert "larger than 200000 bytes" in result.run.problems[0]


def test_the_daily_task_checks_every_current_authority(fake: FakeOfsted, sent: mock.MagicMock, bury: Authority) -> None:
    from django.conf import settings

    from inspections.tasks import sync_ofsted

    assert settings.CELERY_BEAT_SCHEDULE["sync-ofsted"]["task"] == sync_ofsted.name
    # Bolton's page is not on the fake site: it answers 404, is retried, and reported.
    assert sync_ofsted() == {"fetched": 2, "problems": 1}
    run = OfstedSync.objects.get()
    assert run.authorities_checked == 1
    assert run.problems[0].startswith(f"Bolton: {fake.url}/provider/44/80432 answered 404")


def test_a_run_stopped_by_an_error_is_recorded_failed_and_keeps_what_it_fetched(
    fake: FakeOfsted, sent: mock.MagicMock, bury: Authority
) -> None:
    real = ofsted_sync.store_upload
    calls = []

    def store_then_break(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    with mock.patch.object(ofsted_sync, "store_upload", side_effect=store_then_break), pytest.raises(RuntimeError):
        ofsted_sync.sync([bury])

    run = OfstedSync.objects.get()
    assert run.status == OfstedSyncStatus.FAILED
    assert "disk full" in run.error
    assert run.documents_fetched == 1
    assert list(Document.objects.values_list("ofsted_file_id", flat=True)) == [INSPECTION]
