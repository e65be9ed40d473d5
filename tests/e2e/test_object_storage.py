"""Several machines (issue #15): a web process (gunicorn) and a Celery worker, each with an empty media folder of its
own, share one S3 bucket (moto's S3 server). An editor uploads a real report through the web process, the worker reads
it from the bucket, and a briefing the worker builds into the bucket is downloaded through the web process."""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pypdfium2
import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse
from moto.server import ThreadedMotoServer

from config.roles import EDITOR
from improvement.models import BriefingExport, ExportStatus
from inspections.models import Document, DocumentStatus
from tests.e2e.conftest import BRIEFING_COVER, ROOT, celery_worker, free_port, process_env, stop_process
from tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.worker]

BUCKET = "trajectory-e2e"
PREFIX = "shared"
REGION = "eu-west-2"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def s3_server() -> Iterator[str]:
    """moto's S3 server on a free local port, with an empty bucket; its address."""
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def bucket(s3_server: str) -> Any:
    s3 = boto3.client(
        "s3", endpoint_url=s3_server, region_name=REGION, aws_access_key_id="k", aws_secret_access_key="s"
    )
    s3.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
    return s3


class Visitor:
    """A person's HTTP client for a server run without DEBUG: it keeps the session and CSRF cookies itself, as they are
    marked Secure (a proxy terminates TLS in production) and a cookie jar would not send them over plain HTTP."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        response = requests.request(
            method, self.base + path, cookies=self.cookies, allow_redirects=False, timeout=60, **kwargs
        )
        self.cookies.update(response.cookies.get_dict())
        return response

    def form_token(self, path: str) -> str:
        page = self.request("GET", path)
        assert page.status_code == 200, page.text[:500]
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def post_form(self, form_path: str, data: dict[str, str], **kwargs: Any) -> requests.Response:
        """GET the form's page (for its CSRF token), then POST to it."""
        token = self.form_token(form_path)
        return self.request("POST", form_path, data=data | {"csrfmiddlewaretoken": token}, **kwargs)


def _wait(what: str, done: Callable[[], bool], seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        if time.monotonic() > deadline:
            pytest.fail(f"Gave up waiting for {what}; the worker's log ends:\n" + log.read_text()[-3000:])
        time.sleep(0.3)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_web_and_worker_on_different_disks_share_documents_and_exports_through_the_bucket(
    transactional_db: None, demo_history: None, corpus_dir: Path, bucket: Any, s3_server: str, tmp_path: Path
) -> None:
    editor = UserFactory(username="alice", role=EDITOR)
    # The web process keeps Django's default hashers (the tests' fast MD5 is only set in this process).
    editor.password = PBKDF2PasswordHasher().encode(PASSWORD, "e2esalt", iterations=1000)
    editor.save(update_fields=["password"])
    storage = {
        "TRAJECTORY_STORAGE": "s3",
        "S3_BUCKET": BUCKET,
        "S3_PREFIX": PREFIX,
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": REGION,
        "S3_ACCESS_KEY_ID": "k",
        "S3_SECRET_ACCESS_KEY": "s",
    }
    web_media, worker_media = tmp_path / "web-media", tmp_path / "worker-media"
    web_media.mkdir()
    worker_media.mkdir()
    port = free_port()
    web_env = process_env(web_media, **storage) | {
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    worker_log, web_log = tmp_path / "worker.log", tmp_path / "web.log"
    with web_log.open("w") as web_output:
        # Started first: it loads while the worker starts (which waits until it is ready).
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py"],
            cwd=ROOT,
            env=web_env,
            stdout=web_output,
            stderr=subprocess.STDOUT,
        )
        try:
            with celery_worker(process_env(worker_media, **storage), worker_log):
                _exercise(Visitor(f"http://127.0.0.1:{port}"), web, web_log, worker_log, corpus_dir, bucket)
        finally:
            stop_process(web)
    assert _files(web_media) == []
    assert _files(worker_media) == []


def _exercise(
    alice: Visitor, web: subprocess.Popen, web_log: Path, worker_log: Path, corpus_dir: Path, bucket: Any
) -> None:
    def answers() -> bool:
        if web.poll() is not None:
            pytest.fail("gunicorn stopped: " + web_log.read_text()[-3000:])
        try:
            return requests.get(alice.base + reverse("login"), timeout=30).status_code == 200
        except requests.ConnectionError:  # not listening yet
            return False

    # A busy machine takes a while for gunicorn's first answer (Django, templates): this is the wait for it.
    _wait("the web process", answers, 60, web_log)
    signed_in = alice.post_form(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert signed_in.status_code == 302, web_log.read_text()[-3000:]

    report = corpus_dir / "ofsted" / "80443_bury" / "children's services inspection - 17 december 2021.pdf"
    data = report.read_bytes()
    uploaded = alice.post_form(
        reverse("inspections:upload"), {}, files=[("files", (report.name, data, "application/pdf"))]
    )
    assert uploaded.status_code == 302, uploaded.text[:500]
    document = Document.objects.get()

    def read() -> bool:
        document.refresh_from_db()
        return document.status not in {DocumentStatus.QUEUED, DocumentStatus.PARSING}

    _wait("the worker to read the report", read, 60, worker_log)
    assert document.status == DocumentStatus.NEEDS_REVIEW, document.error_detail
    assert document.authority.slug == "bury"
    key = f"{PREFIX}/{document.file.name}"
    assert bucket.get_object(Bucket=BUCKET, Key=key)["Body"].read() == data
    served = alice.request("GET", reverse("inspections:document-file", args=[document.pk]))
    assert served.status_code == 200
    assert served.content == data

    asked = alice.post_form(reverse("briefings:briefing", args=["bury"]), BRIEFING_COVER)
    assert asked.status_code == 302, re.findall(r'govuk-error-message">(.*?)<', asked.text, re.S)
    export = BriefingExport.objects.get()

    def built() -> bool:
        export.refresh_from_db()
        return export.status in {ExportStatus.DONE, ExportStatus.FAILED}

    _wait("the worker to build the briefing", built, 60, worker_log)
    assert export.status == ExportStatus.DONE, export.error_detail
    stored = bucket.get_object(Bucket=BUCKET, Key=f"{PREFIX}/{export.file.name}")["Body"].read()
    download = alice.request("GET", reverse("briefings:download", args=[export.pk]))
    assert download.status_code == 200
    assert download.headers["Content-Disposition"].startswith('attachment; filename="briefing-bury-')
    assert download.content == stored
    pdf = pypdfium2.PdfDocument(download.content)
    try:
        text = " ".join(" ".join(page.get_textpage().get_text_range() for page in pdf).split())
    finally:
        pdf.close()
    assert "Ofsted inspections of children's services in Bury" in text
    keys = {item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert keys == {key, f"{PREFIX}/{export.file.name}"}
