"""A briefing export asked for while the task queue is down is kept, not lost: the page says so (no 500), the sweep
sends it once the queue is back, "Try again" sends it at once, and a build whose worker died is queued again
(issue 15, item 9). The broker is made unreachable as in tests/inspections/test_queue_down_batches.py."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from config import jobs
from improvement.briefings.build import Header
from improvement.briefings.tasks import build_briefing_export
from improvement.models import BriefingExport, ExportStatus

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_root")]

COVER = {
    "report_to": "Cabinet",
    "report_of": "Director of Children's Services",
    "lead_officer": "Jo Bloggs",
    "classification": "Open",
    "wards": "All wards",
    "key_decision": "No",
}


@pytest.fixture
def broker_down() -> Any:
    refused = BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with mock.patch.object(build_briefing_export, "apply_async", side_effect=refused) as apply_async:
        yield apply_async


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_export_asked_for_with_the_queue_down_is_kept_and_sent_by_the_sweep(
    authorities: None, viewer: Any, broker_down: mock.MagicMock
) -> None:
    client = _signed_in(viewer)
    response = client.post(reverse("briefings:briefing", args=["bury"]), {**COVER, "action": "pdf"}, follow=True)

    assert response.status_code == 200
    assert "The task queue is not available just now" in response.content.decode()
    export = BriefingExport.objects.get()
    assert (export.status, export.progress_code) == (ExportStatus.QUEUED, jobs.WAITING_FOR_QUEUE)
    assert "Waiting" in response.content.decode()

    # Still down: the sweep tries once and leaves it waiting.
    assert jobs.sweep(BriefingExport)["resent"] == 0
    assert BriefingExport.objects.get().progress_code == jobs.WAITING_FOR_QUEUE

    with mock.patch.object(build_briefing_export, "apply_async") as sent:
        assert jobs.sweep(BriefingExport)["resent"] == 1
    assert sent.call_args.args[0] == (export.pk,)
    export.refresh_from_db()
    assert (export.status, export.progress_code) == (ExportStatus.QUEUED, "")


def test_try_again_sends_a_waiting_export_once_the_queue_is_back(
    authorities: None, viewer: Any, broker_down: mock.MagicMock
) -> None:
    client = _signed_in(viewer)
    client.post(reverse("briefings:briefing", args=["bury"]), {**COVER, "action": "docx"})
    export = BriefingExport.objects.get()
    assert export.progress_code == jobs.WAITING_FOR_QUEUE

    with mock.patch.object(build_briefing_export, "apply_async") as sent:
        response = client.post(reverse("briefings:retry", args=[export.pk]), follow=True)
    assert "queued to be built again" in response.content.decode()
    assert sent.call_count == 1
    export.refresh_from_db()
    assert (export.status, export.progress_code) == (ExportStatus.QUEUED, "")


def test_a_failed_export_tried_again_with_the_queue_down_is_kept_waiting(
    authorities: None, viewer: Any, broker_down: mock.MagicMock
) -> None:
    from authorities.models import Authority

    export = BriefingExport.objects.create(
        authority=Authority.objects.get(slug="bury"),
        as_of=dt.date(2026, 1, 15),
        header=Header().to_json(),
        format="pdf",
        requested_by=viewer,
        status=ExportStatus.FAILED,
        error_code="internal_error",
    )
    response = _signed_in(viewer).post(reverse("briefings:retry", args=[export.pk]), follow=True)
    assert response.status_code == 200
    assert "still not available" in response.content.decode()
    export.refresh_from_db()
    assert (export.status, export.progress_code) == (ExportStatus.QUEUED, jobs.WAITING_FOR_QUEUE)


def test_the_sweep_requeues_an_export_whose_worker_died_and_fails_it_after_the_last_attempt(
    authorities: None, viewer: Any, settings: Any
) -> None:
    from authorities.models import Authority

    long_ago = timezone.now() - dt.timedelta(hours=2)
    export = BriefingExport.objects.create(
        authority=Authority.objects.get(slug="bury"),
        as_of=dt.date(2026, 1, 15),
        header=Header().to_json(),
        format="pdf",
        requested_by=viewer,
    )
    BriefingExport.objects.filter(pk=export.pk).update(status=ExportStatus.BUILDING, claimed_at=long_ago, attempts=1)
    with mock.patch.object(build_briefing_export, "apply_async") as sent:
        assert jobs.sweep(BriefingExport) == {"resent": 0, "requeued": 1, "failed": 0}
    assert sent.call_count == 1
    assert BriefingExport.objects.get().status == ExportStatus.QUEUED

    BriefingExport.objects.filter(pk=export.pk).update(
        status=ExportStatus.BUILDING, claimed_at=long_ago, attempts=settings.TRAJECTORY_PARSE_MAX_ATTEMPTS
    )
    assert jobs.sweep(BriefingExport) == {"resent": 0, "requeued": 0, "failed": 1}
    export.refresh_from_db()
    assert (export.status, export.error_code) == (ExportStatus.FAILED, "worker_lost")


def test_the_export_sweep_runs_under_celery_beat(settings: Any) -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "improvement.briefings.tasks.sweep_stale_exports" in tasks
