"""Storing uploads and parsing stored documents: the steps the web upload, the worker and
`import_reports` share."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import traceback
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from authorities.models import Authority

from .models import Document, DocumentStatus
from .parsing import ParseContext, ParseError, parse_text
from .parsing.bounded import extract_text_within
from .parsing.pipeline import check_size

logger = logging.getLogger(__name__)

TRACEBACK_LIMIT = 5000


class Progress(StrEnum):
    """Short codes for what the worker is doing; templates turn them into words."""

    READING_FILE = "reading_file"
    EXTRACTING_TEXT = "extracting_text"
    READING_CONTENT = "reading_content"
    SAVING = "saving"
    DONE = "done"


PROGRESS_STEPS = len(Progress) - 1

# Set on a QUEUED document whose task could not be sent; the sweep sends it once the queue is back.
WAITING_FOR_QUEUE = "waiting_for_queue"


# The longest file name kept (Document.original_name holds 255); a longer one keeps its end, the extension.
NAME_MAX_CHARS = 200


def safe_name(name: str) -> str:
    """The file's own name without any folders, so a crafted name cannot point elsewhere, and without
    control or invisible formatting characters (NUL, escape codes, right-to-left overrides)."""
    printable = "".join(ch for ch in name if ch.isprintable())
    base = PurePath(printable.replace("\\", "/")).name.strip().lstrip(".")
    if len(base) > NAME_MAX_CHARS:
        # Shortened before the end, so the extension the upload form checks is still there.
        suffix = PurePath(base).suffix
        suffix = suffix if len(suffix) <= 10 else ""
        base = base[: NAME_MAX_CHARS - len(suffix)].rstrip() + suffix
    return base or "upload"


def _stored_suffix(name: str) -> str:
    """The extension kept on the stored file (letters and digits only): the name itself is the digest."""
    suffix = PurePath(name).suffix.lower()[:6]
    return suffix if re.fullmatch(r"\.[a-z0-9]{1,5}", suffix) else ""


def sha256_of(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    handle.seek(0)
    return digest.hexdigest()


def store_upload(
    handle: IO[bytes],
    name: str,
    *,
    user=None,
    publication_date: dt.date | None = None,
) -> tuple[Document, bool]:
    """Store the file with its SHA-256 before anything else. The same bytes again return the first
    Document (created=False) instead of a duplicate."""
    digest = sha256_of(handle)
    existing = Document.objects.filter(sha256=digest).first()
    if existing:
        return existing, False
    original = safe_name(name)
    document = Document(
        sha256=digest,
        original_name=original,
        size=_size(handle),
        uploaded_by=user if user is not None and user.is_authenticated else None,
        publication_date_given=publication_date,
        status=DocumentStatus.QUEUED,
    )
    # Stored under its digest, not the uploaded name: no clashes, nothing the uploader controls.
    # The file goes to storage before the row: if the database write fails, the same upload again finds
    # these bytes already stored under that name and reuses them rather than writing a second copy.
    name = document.file.field.generate_filename(document, f"{digest[:16]}{_stored_suffix(original)}")
    wrote = not document.file.storage.exists(name)
    if wrote:
        document.file.save(name.rsplit("/", 1)[-1], File(handle), save=False)
    else:
        document.file.name = name
    try:
        with transaction.atomic():  # a savepoint: a clash leaves the caller's transaction usable
            document.save()
    except IntegrityError:
        # The same bytes uploaded by someone else at the same moment: theirs committed first (PostgreSQL held this
        # insert until then). Link to it, as a later duplicate would, and remove the copy just written (a second
        # name beside theirs; a file found already stored is theirs and stays).
        existing = Document.objects.filter(sha256=digest).first()
        if existing is None:
            raise
        if wrote and document.file.name != existing.file.name:
            document.file.storage.delete(document.file.name)
        logger.info(
            "Upload of %s met the same file uploaded at the same moment: linked to document %s", original, existing.pk
        )
        return existing, False
    return document, True


def _size(handle: IO[bytes]) -> int:
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(0)
    return size


def enqueue(document: Document) -> bool:
    """Send the parse task for a QUEUED document; call it once the row is committed.

    If the broker cannot be reached after a few quick retries, the document stays QUEUED, marked as
    waiting for the task queue, and this returns False: the file is stored, and the stale sweep sends
    the task when the broker is back.
    """
    from .tasks import parse_document_upload  # the task module imports this one

    Document.objects.filter(pk=document.pk).update(queued_at=timezone.now())
    try:
        parse_document_upload.apply_async((document.pk,), retry=True, retry_policy=settings.TRAJECTORY_ENQUEUE_RETRY)
    except (BrokerError, OSError) as exc:  # OSError: the filesystem broker's folders, or a refused socket
        logger.warning("Could not queue document %s; the sweep will send it later: %s", document.pk, exc)
        wait_for_queue(document)
        return False
    Document.objects.filter(pk=document.pk, progress_code=WAITING_FOR_QUEUE).update(progress_code="")
    return True


def wait_for_queue(document: Document) -> None:
    """Leave a QUEUED document for the sweep to send, without trying the task queue (known to be down)."""
    Document.objects.filter(pk=document.pk, status=DocumentStatus.QUEUED).update(progress_code=WAITING_FOR_QUEUE)


def queue_sender() -> Callable[[Document], bool]:
    """`enqueue` for a batch: once the task queue refuses one document, the rest are only left waiting for the
    sweep, since each try waits for the broker's timeout and a batch of them would outlast the caller's own."""
    refused = False

    def send(document: Document) -> bool:
        nonlocal refused
        if refused:
            wait_for_queue(document)
            return False
        refused = not enqueue(document)
        return not refused

    return send


def claim(document_pk: int, task_id: str | None = None) -> bool:
    """Move a QUEUED document to PARSING and count the attempt; False if another worker got it first
    or it is not queued.

    The same task delivered again (acks_late: the worker that claimed it was killed before it finished)
    may claim its own PARSING document once more.
    """
    fields = {
        "status": DocumentStatus.PARSING,
        "started_at": timezone.now(),
        "finished_at": None,
        "task_id": task_id or "",
        "parse_attempts": F("parse_attempts") + 1,
        "progress_step": 0,
        "progress_of": PROGRESS_STEPS,
        "progress_code": Progress.READING_FILE,
        "error_code": "",
        "error_detail": "",
    }
    if Document.objects.filter(pk=document_pk, status=DocumentStatus.QUEUED).update(**fields):
        return True
    redelivered = Document.objects.filter(pk=document_pk, status=DocumentStatus.PARSING, task_id=task_id)
    return bool(task_id and redelivered.update(**fields))


def _progress(document: Document, step: Progress) -> None:
    document.progress_step = list(Progress).index(step)
    document.progress_code = step
    document.save(update_fields=["progress_step", "progress_code"])


def parse_stored(document: Document) -> Document:
    """Parse a claimed document's file and record the outcome on the row.

    PARSING → NEEDS_REVIEW with the extraction, or → FAILED with a code and a reason.
    A ParseError is an expected outcome, not a crash: this returns normally.
    """
    context = ParseContext(
        filename=document.original_name,
        max_bytes=settings.UPLOAD_MAX_BYTES,
        max_pages=settings.UPLOAD_MAX_PAGES,
    )
    try:
        _progress(document, Progress.READING_FILE)
        with document.file.open("rb") as handle:
            data = handle.read()
        check_size(data, context)
        _progress(document, Progress.EXTRACTING_TEXT)
        # In a child process with its own memory and CPU limits: a hostile file fails, the worker carries on.
        text = extract_text_within(
            data,
            filename=context.filename,
            max_pages=context.max_pages,
            memory_bytes=settings.TRAJECTORY_PARSE_MAX_MEMORY_MB * 1_048_576,
            cpu_seconds=settings.CELERY_TASK_TIME_LIMIT,
        )
        _progress(document, Progress.READING_CONTENT)
        parsed = parse_text(text, context)
    except ParseError as exc:
        return fail(document, str(exc.code), exc.detail)
    except FileNotFoundError as exc:
        return fail(document, "file_missing", "The stored file could not be found.", exc)
    _progress(document, Progress.SAVING)
    with transaction.atomic():
        document.extracted = parsed.to_json()
        document.text = text.full
        document.doc_kind = str(parsed.doc_kind)
        document.parser_version = parsed.parser_version
        document.authority = Authority.objects.named_by(parsed.la_code.found_value, parsed.urn.found_value)
        document.status = DocumentStatus.NEEDS_REVIEW
        document.finished_at = timezone.now()
        document.progress_step = PROGRESS_STEPS
        document.progress_code = Progress.DONE
        document.save()
    logger.info("Parsed document %s as %s", document.pk, parsed.doc_kind)
    return document


def fail(document: Document, code: str, detail: str, exc: BaseException | None = None) -> Document:
    """Record a failure with its reason; staff see a truncated traceback for unexpected ones."""
    if exc is not None:
        logger.error("Document %s failed: %s", document.pk, code, exc_info=exc)
        detail = f"{detail}\n\n{''.join(traceback.format_exception(exc))[-TRACEBACK_LIMIT:]}"
    else:
        logger.info("Document %s refused: %s", document.pk, code)
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.FAILED, error_code=code, error_detail=detail, finished_at=timezone.now()
    )
    document.refresh_from_db()
    return document


def requeue(documents: Iterable[Document]) -> list[Document]:
    """Put documents back in the queue to be parsed again (after a failure or a parser fix)."""
    queued = []
    for document in documents:
        if document.can_reparse:
            # Keep the last extraction so the review screen can show what a newer parser changed.
            keep = {"previous_extracted": document.extracted, "previous_parser_version": document.parser_version}
            Document.objects.filter(pk=document.pk).update(
                status=DocumentStatus.QUEUED,
                error_code="",
                error_detail="",
                progress_step=0,
                progress_code="",
                parse_attempts=0,
                **(keep if document.extracted else {}),
            )
            document.refresh_from_db()
            queued.append(document)
    return queued
