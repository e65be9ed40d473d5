"""The briefing pages, the export task (called directly), and who may create and download the files."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from authorities.models import Authority
from config import jobs
from config.celery import app
from improvement.briefings import exports
from improvement.briefings.build import Header
from improvement.briefings.tasks import build_briefing_export
from improvement.models import BriefingExport, ExportStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

PASSWORD = "correct horse battery staple"
COVER = {
    "report_to": "Cabinet",
    "meeting_date_0": "4",
    "meeting_date_1": "3",
    "meeting_date_2": "2026",
    "report_of": "Executive Director of Children's Services",
    "lead_officer": "<b>Jo Bloggs</b>",
    "classification": "Open",
    "wards": "All wards",
    "key_decision": "No",
    "as_of_0": "15",
    "as_of_1": "1",
    "as_of_2": "2026",
}


@pytest.fixture
def bury(demo_history: None) -> Authority:
    return Authority.objects.get(slug="bury")


def _client(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _export(authority: Authority, user: Any, fmt: str = "pdf") -> BriefingExport:
    return BriefingExport.objects.create(
        authority=authority,
        as_of=dt.date(2026, 1, 15),
        header=Header(report_to="Cabinet").to_json(),
        format=fmt,
        requested_by=user,
    )


def test_anyone_sees_the_form_but_only_signed_in_readers_get_the_create_buttons(bury: Authority, viewer: Any) -> None:
    url = reverse("briefings:briefing", args=["bury"])
    anonymous = Client().get(url)
    assert anonymous.status_code == 200
    assert b"Preview the briefing" in anonymous.content
    assert b"Create PDF" not in anonymous.content
    assert 'value="Children&#39;s Scrutiny Committee"' in anonymous.content.decode()

    signed_in = _client(viewer).get(url)
    assert b"Create PDF" in signed_in.content
    assert b"Create Word document" in signed_in.content


def test_preview_answers_the_post_with_the_print_ready_page_and_keeps_the_cover_out_of_addresses(
    bury: Authority,
) -> None:
    client = Client(enforce_csrf_checks=True)
    form = client.get(reverse("briefings:briefing", args=["bury"]))
    token = form.cookies["csrftoken"].value
    response = client.post(
        reverse("briefings:briefing", args=["bury"]), {**COVER, "action": "preview", "csrfmiddlewaretoken": token}
    )
    html = response.content.decode()
    assert response.status_code == 200  # no redirect: the cover fields never go into an address or a log line
    assert "Location" not in response
    assert "private" in response["Cache-Control"]
    assert "&lt;b&gt;Jo Bloggs&lt;/b&gt;" in html
    assert "<b>Jo Bloggs" not in html
    assert "4 March 2026" in html
    assert "Cabinet" in html
    assert "?lead_officer" not in html
    assert "lead_officer=" not in html

    # Changing the cover goes back by POST too, with the values and a CSRF token in the form.
    assert 'name="action" value="change"' in html
    change = client.post(
        reverse("briefings:briefing", args=["bury"]), {**COVER, "action": "change", "csrfmiddlewaretoken": token}
    )
    assert change.status_code == 200
    assert 'value="&lt;b&gt;Jo Bloggs&lt;/b&gt;"' in change.content.decode()


def test_the_cover_fields_are_refused_by_get_and_without_a_csrf_token(bury: Authority) -> None:
    preview = reverse("briefings:briefing-preview", args=["bury"])
    assert Client().get(preview, {**COVER}).status_code == 405
    refused = Client(enforce_csrf_checks=True).post(preview, COVER)
    assert refused.status_code == 403


def test_an_invalid_date_shows_the_form_with_an_error(bury: Authority) -> None:
    data = {**COVER, "meeting_date_0": "31", "meeting_date_1": "2", "action": "preview"}
    response = Client().post(reverse("briefings:briefing", args=["bury"]), data)
    assert response.status_code == 400
    assert "Enter a real date." in response.content.decode()
    assert "<title>Error:" in response.content.decode()


def test_creating_a_file_needs_sign_in(bury: Authority) -> None:
    response = Client().post(reverse("briefings:briefing", args=["bury"]), {**COVER, "action": "pdf"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not BriefingExport.objects.exists()


def test_a_signed_in_reader_queues_a_file_after_commit(
    bury: Authority, viewer: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _client(viewer).post(reverse("briefings:briefing", args=["bury"]), {**COVER, "action": "docx"})
    assert response.status_code == 302
    export = BriefingExport.objects.get()
    assert (export.status, export.format, export.requested_by) == (ExportStatus.QUEUED, "docx", viewer)
    assert export.as_of == dt.date(2026, 1, 15)
    assert export.header["lead_officer"] == "<b>Jo Bloggs</b>"
    assert len(callbacks) == 1


def test_the_task_builds_and_stores_a_pdf(bury: Authority, viewer: Any) -> None:
    export = _export(bury, viewer)

    assert build_briefing_export(export.pk) == ExportStatus.DONE

    export.refresh_from_db()
    assert export.status == ExportStatus.DONE
    assert export.finished_at is not None
    assert export.progress_code == "done"
    assert export.progress_step == export.progress_of
    assert export.file.name.startswith("exports/")
    assert export.file.name.endswith(".pdf")
    with export.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert build_briefing_export(export.pk) == "skipped"  # a second delivery finds nothing to do


def test_a_failure_is_recorded_with_its_reason_and_can_be_tried_again(
    bury: Authority, viewer: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    export = _export(bury, viewer)

    def broken(briefing: object) -> bytes:
        raise RuntimeError("renderer exploded")

    monkeypatch.setitem(exports.RENDERERS, "pdf", broken)
    assert build_briefing_export(export.pk) == ExportStatus.FAILED
    export.refresh_from_db()
    assert export.error_code == "internal_error"
    assert export.error_summary == "Something went wrong while building this file."
    assert "renderer exploded" in export.error_detail
    assert not export.file

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _client(viewer).post(reverse("briefings:retry", args=[export.pk]))
    assert response.status_code == 302
    assert len(callbacks) == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.QUEUED
    assert export.error_code == ""
    assert build_briefing_export(export.pk) == ExportStatus.DONE


def test_a_build_delivered_again_after_its_worker_died_reclaims_its_export_and_another_task_is_skipped(
    bury: Authority, viewer: Any
) -> None:
    """acks_late: the worker building the file was killed, and the broker hands the same task to another worker."""
    export = _export(bury, viewer)
    assert jobs.claim(BriefingExport, export.pk, task_id="task-1")
    assert build_briefing_export.apply(args=(export.pk,), task_id="task-2").get() == "skipped"
    assert build_briefing_export.apply(args=(export.pk,), task_id="task-1").get() == ExportStatus.DONE
    export.refresh_from_db()
    assert (export.status, export.attempts, export.task_id) == (ExportStatus.DONE, 2, "task-1")


def test_a_build_that_kills_the_worker_every_time_ends_failed_not_delivered_forever(
    bury: Authority, viewer: Any, settings: Any
) -> None:
    settings.TRAJECTORY_PARSE_MAX_ATTEMPTS = 3
    export = _export(bury, viewer)
    for _ in range(3):  # three deliveries, each killed mid-build
        assert jobs.claim(BriefingExport, export.pk, task_id="task-1")
    assert build_briefing_export.apply(args=(export.pk,), task_id="task-1").get() == ExportStatus.FAILED
    export.refresh_from_db()
    assert export.error_code == "worker_lost"
    assert export.error_summary == "The worker stopped while building this file 3 times."
    assert not export.file


def test_the_sweep_command_and_its_beat_task_fail_a_build_left_by_a_dead_worker_after_the_last_attempt(
    bury: Authority, viewer: Any, settings: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.TRAJECTORY_PARSE_MAX_ATTEMPTS = 3
    long_ago = timezone.now() - dt.timedelta(hours=2)
    by_hand, by_beat = _export(bury, viewer), _export(bury, viewer)
    BriefingExport.objects.update(status=ExportStatus.BUILDING, claimed_at=long_ago, attempts=3)
    BriefingExport.objects.filter(pk=by_beat.pk).update(claimed_at=timezone.now())  # still within the time limit

    call_command("sweep_exports")
    assert "0 task(s) sent again, 0 export(s) queued again, 1 failed." in capsys.readouterr().out
    by_hand.refresh_from_db()
    assert (by_hand.status, by_hand.error_code) == (ExportStatus.FAILED, "worker_lost")

    BriefingExport.objects.filter(pk=by_beat.pk).update(claimed_at=long_ago)
    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].endswith("sweep_stale_exports")]
    assert app.tasks[entry["task"]].apply().get() == {"resent": 0, "requeued": 0, "failed": 1}
    by_beat.refresh_from_db()
    assert by_beat.status == ExportStatus.FAILED


def test_the_status_fragment_stops_polling_once_the_file_is_ready(bury: Authority, viewer: Any) -> None:
    export = _export(bury, viewer, fmt="docx")
    client = _client(viewer)
    url = reverse("briefings:status", args=[export.pk])

    queued = client.get(url, headers={"HX-Request": "true"})
    assert queued.status_code == 200
    assert b'hx-trigger="every 2s"' in queued.content

    build_briefing_export(export.pk)
    done = client.get(url, headers={"HX-Request": "true"})
    assert done.status_code == 286
    assert b"hx-get" not in done.content
    assert reverse("briefings:download", args=[export.pk]).encode() in done.content


def test_the_download_is_an_attachment_only_its_owner_can_fetch(bury: Authority, viewer: Any, editor: Any) -> None:
    export = _export(bury, viewer, fmt="docx")
    build_briefing_export(export.pk)
    url = reverse("briefings:download", args=[export.pk])

    response = _client(viewer).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="briefing-bury-2026-01-15.docx"'
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert b"".join(response.streaming_content)[:2] == b"PK"

    assert _client(editor).get(url).status_code == 404  # someone else's file
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))


def test_the_form_page_lists_your_files_in_a_fixed_number_of_queries(
    bury: Authority, viewer: Any, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        _export(bury, viewer)
    client = _client(viewer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("briefings:briefing", args=["bury"]))
    assert response.content.decode().count('class="app-export"') == 5
