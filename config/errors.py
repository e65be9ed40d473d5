"""Error pages Django's defaults leave bare or unclear: the database cannot be reached, and a form refused by the
CSRF check.

With the database down, a request fails before any view can say so (the session and the signed-in user are read
from the database first), and Django's default answer is a bare "Server Error (500)". `server_error`, the
project's handler500, answers those with a 503 page that says what happened and what to do, rendered without the
request so that it does not touch the database again. Any other error gets Django's default 500 page.

A form sent without a valid CSRF token (the page was open for longer than a session lasts, or the browser blocks
cookies) gets Django's technical "CSRF verification failed" page, whose inline <style> the site's CSP also
blocks; `csrf_failure` (CSRF_FAILURE_VIEW) says instead that nothing was saved and what to do.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as default_server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60

DATABASE_UNAVAILABLE = """{% extends "base.html" %}
{% block title %}The service is not available just now{% endblock %}
{% block content %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">The service is not available just now</h1>
<p class="govuk-body">Trajectory cannot reach its database. If you were sending something, such as an upload,
a review or a change to a plan, it was not saved.</p>
<p class="govuk-body">Try again in a few minutes.</p>
</div></div>
{% endblock %}
"""


def database_unavailable() -> HttpResponse:
    """The 503 page, rendered without the request (its user, session and messages live in the database)."""
    html = engines["django"].from_string(DATABASE_UNAVAILABLE).render({})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    # Called by Django while it handles the uncaught exception, so sys.exc_info() is that exception.
    # Connection problems only: an IntegrityError (also a DatabaseError) is a bug, not an outage.
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        logger.error("Database unavailable while handling %s %s: %s", request.method, request.path, error)
        return database_unavailable()
    return default_server_error(request, template_name)


class WithoutTraceback(logging.Filter):
    """Keeps a refused request's one line in the log without its traceback: a forged Host header is the client's
    mistake or a scan, answered 400, not a fault of the service."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


CSRF_REFUSED = """{% extends "base.html" %}
{% block title %}Your form could not be sent{% endblock %}
{% block content %}
<div class="govuk-grid-row"><div class="govuk-grid-column-two-thirds">
<h1 class="govuk-heading-l">Your form could not be sent</h1>
<p class="govuk-body">The page you sent it from had expired, or your browser did not send this site's cookie with
it, so nothing was saved.</p>
<p class="govuk-body">Go back, reload the page and try again. If this keeps happening, check that your browser
accepts cookies from this site.</p>
</div></div>
{% endblock %}
"""


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    logger.warning("Form refused by the CSRF check: %s %s (%s)", request.method, request.path, reason)
    html = engines["django"].from_string(CSRF_REFUSED).render({}, request)
    return HttpResponse(html, status=403)
