"""Storing uploads and parsing stored documents: the steps the web upload, the worker and
`import_reports` share."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from collections.abc import Iterable
from pathlib import PurePath
from typing import IO

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Q

from authorities.models import Authority
from config import jobs

from .models import REPARSABLE_STATUSES, Document, DocumentStatus, ParseStep
from .parsing import ParseContext, ParseError, parse_text
from .parsing.bounded import extract_text_within
from .parsing.pipeline import check_size

logger = logging.getLogger(__name__)

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
    user: User | AnonymousUser | None = None,
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
        if wrote and document.file.name and document.file.name != existing.file.name:
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
        jobs.progress(document, ParseStep.READING_FILE)
        with document.file.open("rb") as handle:
            data = handle.read()
        check_size(data, context)
        jobs.progress(document, ParseStep.EXTRACTING_TEXT)
        # In a child process with its own memory and CPU limits: a hostile file fails, the worker carries on.
        text = extract_text_within(
            data,
            filename=context.filename,
            max_pages=context.max_pages,
            memory_bytes=settings.TRAJECTORY_PARSE_MAX_MEMORY_MB * 1_048_576,
            cpu_seconds=settings.CELERY_TASK_TIME_LIMIT,
        )
        jobs.progress(document, ParseStep.READING_CONTENT)
        parsed = parse_text(text, context)
    except ParseError as exc:
        return jobs.fail(document, str(exc.code), exc.detail)
    except FileNotFoundError as exc:
        return jobs.fail(document, "file_missing", "The stored file could not be found.", exc)
    jobs.progress(document, ParseStep.SAVING)
    with transaction.atomic():
        document.extracted = parsed.to_json()
        document.text = text.full
        document.doc_kind = str(parsed.doc_kind)
        document.parser_version = parsed.parser_version
        document.authority = Authority.objects.named_by(parsed.la_code.found_value, parsed.urn.found_value)
        finished = jobs.finish(document)  # → NEEDS_REVIEW
        document.save(update_fields=["extracted", "text", "doc_kind", "parser_version", "authority", *finished])
    logger.info("Parsed document %s as %s", document.pk, parsed.doc_kind)
    return document


def requeue(documents: Iterable[Document]) -> list[Document]:
    """Put documents back in the queue to be read again (after a failure or a parser fix); those already queued or
    being read are left alone. The caller sends their tasks once committed (`config.jobs.queue_sender`)."""
    queued = []
    for document in documents:
        # Keep the last extraction so the review screen can show what a newer parser changed.
        keep = {"previous_extracted": document.extracted, "previous_parser_version": document.parser_version}
        if jobs.retry(document, Q(status__in=REPARSABLE_STATUSES), **(keep if document.extracted else {})):
            queued.append(document)
    return queued
