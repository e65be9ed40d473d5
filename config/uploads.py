"""Files over the size limit are refused while they arrive, not after they have been stored.

Django spools every uploaded file to disk before any form sees it: a 300 MB file took 9 s to write, and only then
was it refused. The declared length of the whole request is checked first (`UploadSizeMiddleware`, before anything
reads the body); then each file is counted as it arrives (`SizeLimitUploadHandler`) and skipped at the limit, so no
more of it is stored. The upload form says which files were too large (`request.uploads_too_large`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)

# Room for the form's other fields and each part's headers, beyond the files themselves.
MULTIPART_OVERHEAD_BYTES = 1024 * 1024


def largest_request_bytes() -> int:
    return settings.UPLOAD_MAX_BYTES * settings.UPLOAD_MAX_FILES + MULTIPART_OVERHEAD_BYTES


class UploadSizeMiddleware:
    """A form with files whose declared length is more than the most files of the most size one upload takes is
    answered 413 before a byte of it is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.content_type == "multipart/form-data":
            try:
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                declared = 0
            if declared > largest_request_bytes():
                logger.warning("Upload refused on its declared length: %d bytes to %s", declared, request.path)
                context = {
                    "declared_mb": declared / 1_048_576,
                    "max_files": settings.UPLOAD_MAX_FILES,
                    "max_mb": settings.UPLOAD_MAX_BYTES / 1_048_576,
                }
                return render(request, "413.html", context, status=413)
        return self.get_response(request)


class SizeLimitUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: passes each file's bytes on to Django's own handlers until the file passes
    UPLOAD_MAX_BYTES, then skips the rest of it and notes its name on the request."""

    def new_file(self, field_name: str, file_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, file_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            refused = getattr(self.request, "uploads_too_large", [])
            refused.append(self.file_name)
            self.request.uploads_too_large = refused  # type: ignore[union-attr]  # a note for the upload view
            logger.info("Upload %r refused at %d bytes: over the limit", self.file_name, self.received)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler, Django's own, makes the file
