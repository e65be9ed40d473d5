"""Who may read, how failed sign-ins are throttled, and the security headers Django has no setting for.

Reading is public or sign-in-only (`TRAJECTORY_PUBLIC_READ`), decided once here for every view, so a new
page is covered without doing anything. Writing is decided by each view's own permission checks.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

logger = logging.getLogger(__name__)

# Views anyone may open even when reading needs sign-in: signing in and out, changing one's own password
# (the view itself requires sign-in) and the accessibility statement. Matched on the URL name.
OPEN_URL_NAMES = frozenset({"login", "logout", "password_change", "password_change_done", "accessibility"})
# The admin site has its own sign-in and staff check.
OPEN_NAMESPACES = frozenset({"admin"})


def open_to_all[View: Callable[..., Any]](view: View) -> View:
    """Mark a view as readable by anyone even when reading needs sign-in (e.g. a status page)."""
    view.open_to_all = True  # type: ignore[attr-defined]  # a mark on the function, read by the middleware below
    return view


def may_read(user: Any) -> bool:
    return bool(user.has_perm(settings.TRAJECTORY_READ_PERMISSION))


class ReadAccessMiddleware:
    """When reading is not public, every view except the open ones needs a signed-in user who may read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if settings.TRAJECTORY_PUBLIC_READ or getattr(view_func, "open_to_all", False):
            return None
        match = request.resolver_match
        if match is not None and (match.url_name in OPEN_URL_NAMES or OPEN_NAMESPACES & set(match.namespaces)):
            return None
        if may_read(request.user):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise PermissionDenied


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy and Cross-Origin-Resource-Policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if settings.CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault("Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY)
        return response


class RefuseNulBytesMiddleware:
    """A NUL byte in the address's parameters is refused with 400 before any view sees it: no form or link ever
    sends one, and PostgreSQL refuses it in a query, which would be a 500 wherever a view filters on a parameter
    directly (the authority list's search, the comparison's authorities)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists()):
            raise BadRequest("NUL byte in the query string")
        return self.get_response(request)


class SignInThrottleBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for sign-ins that come with a request (the sign-in page, the admin's).

    Code that authenticates without a request (the test client's `login`, a shell) has no client address
    to throttle by; it goes straight to the next backend instead of failing.
    """

    def authenticate(self, request: HttpRequest | None, *args: Any, **kwargs: Any) -> None:
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or behind `TRAJECTORY_PROXY_COUNT` trusted proxies the address the
    first of them saw (counted from the right of X-Forwarded-For, so a client cannot forge it)."""
    proxies = settings.TRAJECTORY_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """The sign-in page, saying that sign-in is paused and until when (429, with Retry-After)."""
    cool_off: dt.timedelta | None = get_cool_off(request)
    logger.warning("Sign-in paused after %d failures from %s", settings.AXES_FAILURE_LIMIT, client_ip(request))
    context: dict[str, Any] = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cool_off": cool_off}
    if cool_off:
        context["retry_at"] = timezone.localtime() + cool_off
        context["cool_off_minutes"] = max(1, round(cool_off.total_seconds() / 60))
    response = render(request, "registration/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
