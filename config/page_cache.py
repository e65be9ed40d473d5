"""Pages rendered once for every reader who is not signed in, until what they show changes.

Most readers (councillors, the public) are not signed in and all see the same page, so it is rendered once and
kept, keyed on everything its content depends on:

- the content version (config.content_version), which database triggers move with every committed change to the
  tables the pages read, in the same transaction: a page rendered before such a change is never served after it;
- today's date (pages count days since an inspection and time spent inadequate);
- the code's fingerprint (templates, modules, the libraries that render markup), so a new release never serves the
  old one's markup; under DEBUG also the templates' newest modification time, so an edited template shows at once;
- the full address with its query, and whether htmx asked for a fragment.

Only plain readers get cached pages: a request with a session or messages cookie (signed in, or a message waiting)
is rendered for itself. A response is kept only if it is a complete 200 that sets no cookie, wrote no session,
used no CSRF token and added no message, so a page with a form that posts, or meant for one reader, is never shared.
A kept page also expires after TRAJECTORY_PAGE_CACHE_SECONDS, whatever happens. If the cache cannot be reached,
pages are rendered as usual. `X-Page-Cache: hit` or `miss` says what happened (absent when the cache was not used).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import zlib
from collections.abc import Callable
from contextvars import ContextVar
from importlib.metadata import version
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers

from . import content_version

logger = logging.getLogger(__name__)

# The content version read for the page being rendered, so its fragments (config/fragment_cache.py) need not read it
# again: what was read before rendering is as current for them as for the page.
version_read: ContextVar[str | None] = ContextVar("version_read", default=None)

CACHE_ALIAS = "pages"
HEADER = "X-Page-Cache"
# What the rendered HTML depends on besides the data: the code that renders it.
_SOURCE_FOLDERS = ("config", "authorities", "inspections", "improvement", "templates", "static/src", "static/js")
_SOURCE_SUFFIXES = frozenset({".py", ".html", ".json", ".csv", ".js", ".scss"})
_RENDERING_PACKAGES = ("django", "django-htmx", "govuk-frontend-jinja", "jinja2")


@functools.cache
def code_fingerprint() -> str:
    """A hash of what renders the pages: the project's templates and modules, the front-end build's lock file, the
    versions of the libraries that render markup, and TRAJECTORY_RELEASE if set. Made once per process, when it
    starts (config/apps.py), so a process still running old code never files its pages under a new release's."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in _SOURCE_FOLDERS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in _SOURCE_SUFFIXES and "migrations" not in path.parts and path.is_file():
                digest.update(path.relative_to(base).as_posix().encode())
                digest.update(path.read_bytes())
    lock = base / "package-lock.json"
    if lock.is_file():
        digest.update(lock.read_bytes())
    for package in _RENDERING_PACKAGES:
        digest.update(f"{package}=={version(package)}".encode())
    digest.update(os.environ.get("TRAJECTORY_RELEASE", "").encode())
    return digest.hexdigest()[:16]


def _serves_from_cache(request: HttpRequest) -> bool:
    return (
        settings.TRAJECTORY_PAGE_CACHE
        and settings.TRAJECTORY_PUBLIC_READ
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def templates_edited_at() -> str:
    """The newest modification time among the templates. Under DEBUG it joins the key: runserver restarts for an
    edited module but not for an edited template, which would otherwise stay hidden behind the page kept before."""
    folder = Path(settings.BASE_DIR) / "templates"
    return str(max((path.stat().st_mtime_ns for path in folder.rglob("*.html")), default=0))


def cache_key(kind: str, version: str, *fields: str) -> str:
    """A kept page's or fragment's key: the code, the content version and the day, then what was asked for."""
    parts = [code_fingerprint(), version, timezone.localdate().isoformat(), *fields]
    if settings.DEBUG:
        parts.append(templates_edited_at())
    return f"{kind}:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _key(request: HttpRequest, version: str) -> str:
    fragment = "htmx" if request.headers.get("HX-Request") == "true" else "page"
    return cache_key("page", version, fragment, request.build_absolute_uri())


def _may_keep(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "_messages", None), "added_new", False)  # a message meant for this reader
        # A session written for this reader: its cookie is set after the view, where `response.cookies` cannot show it.
        and not getattr(getattr(request, "session", None), "modified", False)
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _stored(response: HttpResponse) -> tuple[bytes, list[tuple[str, str]]]:
    return zlib.compress(response.content, 1), list(response.items())


def _restored(entry: tuple[bytes, list[tuple[str, str]]]) -> HttpResponse:
    body, headers = entry
    response = HttpResponse(zlib.decompress(body))
    for name, value in headers:
        response[name] = value
    return response


def cache_for_readers[View: Callable[..., HttpResponse]](view: View) -> View:
    """Serve the view's page from the page cache to readers who are not signed in (see the module's docstring)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _serves_from_cache(request):
            return view(request, *args, **kwargs)
        cache = caches[CACHE_ALIAS]
        try:
            version = content_version.current()  # read before rendering: a change committed meanwhile moves later keys
            key = _key(request, version)
            entry = cache.get(key)
        except Exception:  # the cache or the version unreachable: render as if there were no cache
            logger.warning("Page cache unavailable; rendering %s", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        if entry is not None:
            response = _restored(entry)
            response[HEADER] = "hit"
        else:
            token = version_read.set(version)
            try:
                response = view(request, *args, **kwargs)
            finally:
                version_read.reset(token)
            if _may_keep(request, response):
                try:
                    cache.set(key, _stored(response), settings.TRAJECTORY_PAGE_CACHE_SECONDS)
                except Exception:
                    logger.warning("Could not keep %s in the page cache", request.path, exc_info=True)
                response[HEADER] = "miss"
        # Shared caches between here and the reader must not hand a signed-in person's page to others or back.
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper  # type: ignore[return-value]  # functools.wraps: it takes what the view takes
