"""Committee briefing pages, and the files built from them: queued, followed, downloaded, retried."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from authorities.models import Authority
from config.http import HtmxHttpRequest

from ..models import READ_PLANS, BriefingExport, ExportFormat, ExportStatus
from .build import build_briefing
from .exports import queue_export, requeue
from .forms import BriefingForm
from .render import MIME_TYPES, render_html

logger = logging.getLogger(__name__)

ADD_EXPORT = "improvement.add_briefingexport"
_COVER_KEY = "briefing-cover"  # the cover fields last used, in the session
VIEW_ANY_EXPORT = "improvement.view_briefingexport"
RECENT_EXPORTS = 10


def _get_authority(slug: str) -> Authority:
    return get_object_or_404(Authority.objects.select_related("region"), slug=slug)


def _get_export_for_user(request: HtmxHttpRequest, pk: int) -> BriefingExport:
    """The export, if the user may create exports and it is theirs (or they may see everyone's); 404 otherwise."""
    if not request.user.has_perm(ADD_EXPORT):
        raise Http404
    export = get_object_or_404(BriefingExport.objects.select_related("authority"), pk=pk)
    if export.requested_by_id != request.user.pk and not request.user.has_perm(VIEW_ANY_EXPORT):
        raise Http404
    return export


def may_read_plans(user: Any) -> bool:
    """Plans are for signed-in roles only, in every page, fragment and file (the same permission as the plan pages)."""
    return bool(user.is_authenticated and user.has_perm(READ_PLANS))


def _form_page(request: HtmxHttpRequest, authority: Authority, form: BriefingForm, status: int = 200) -> HttpResponse:
    can_export = request.user.has_perm(ADD_EXPORT)
    exports = BriefingExport.objects.filter(authority=authority, requested_by=request.user.pk).select_related(
        "authority"
    )
    context = {
        "authority": authority,
        "form": form,
        "exports": list(exports.order_by("-created_at")[:RECENT_EXPORTS]) if can_export else [],
        "can_export": can_export,
        "includes_plan": may_read_plans(request.user),
    }
    return render(request, "improvement/briefing_form.html", context, status=status)


def _preview(request: HtmxHttpRequest, authority: Authority, form: BriefingForm) -> HttpResponse:
    """The print-ready page, answered to the POST itself: the cover fields (a lead officer's contact details, say)
    never go into an address, a server log or the browser's history."""
    include_plan = may_read_plans(request.user)
    content = build_briefing(authority, form.cleaned_data["as_of"], form.header(), include_plan=include_plan)
    change = {
        "url": reverse("briefings:briefing", args=[authority.slug]),
        "csrf_token": get_token(request),
        "fields": sorted(form.as_query().items()),
    }
    response = HttpResponse(render_html(content, change=change))
    # Typed by one person (and with a plan, for signed-in readers only): never kept by the page cache or a proxy.
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "POST"])
def briefing(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The cover fields, sent by POST. Preview answers with the print-ready page; Create PDF / Word queues a file
    (signed in only); "Change the cover details" on the preview comes back here with the values."""
    authority = _get_authority(slug)
    if request.method == "GET":
        last_used = request.session.get(_COVER_KEY)
        form = BriefingForm(last_used) if last_used else BriefingForm()
        if last_used:
            form.is_valid()  # show the values as they were sent
        return _form_page(request, authority, form)
    form = BriefingForm(request.POST)
    action = request.POST.get("action", "preview")
    if action not in {"preview", "change", *ExportFormat.values}:
        return _form_page(request, authority, form, status=400)
    if action in ExportFormat.values and not request.user.has_perm(ADD_EXPORT):
        if request.user.is_authenticated:
            raise PermissionDenied
        return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
    if not form.is_valid() or action == "change":
        return _form_page(request, authority, form, status=400 if form.errors else 200)
    if action == "preview":
        return _preview(request, authority, form)
    with transaction.atomic():
        export = queue_export(authority, form.cleaned_data["as_of"], form.header(), action, request.user)
    # Kept in the (server-side) session, not the address, so the form shows them again after the redirect.
    request.session[_COVER_KEY] = form.as_query()
    if export.waiting_for_queue:
        messages.warning(
            request,
            f"The task queue is not available just now: your {export.get_format_display()} request is kept and "
            "will be built when the queue is back.",
        )
    else:
        messages.success(
            request, f"Your {export.get_format_display()} is being built. It will be listed below when ready."
        )
    return HttpResponseRedirect(f"{reverse('briefings:briefing', args=[slug])}#exports")


@require_POST
def briefing_preview(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The print-ready briefing for the POSTed cover fields (the form's Preview button does the same)."""
    authority = _get_authority(slug)
    form = BriefingForm(request.POST)
    if not form.is_valid():
        return _form_page(request, authority, form, status=400)
    return _preview(request, authority, form)


@login_required
@require_GET
def export_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The status fragment an export polls; stops the polling once the file is built or has failed."""
    export = _get_export_for_user(request, pk)
    response = render(request, "improvement/export_status.html", {"export": export})
    if export.is_terminal and request.htmx:
        response.status_code = HttpResponseStopPolling.status_code
    return response


@login_required
@require_GET
def export_download(request: HtmxHttpRequest, pk: int) -> FileResponse:
    """The built file, as an attachment with a safe name (never through MEDIA_URL)."""
    export = _get_export_for_user(request, pk)
    if export.status != ExportStatus.DONE or not export.file:
        raise Http404
    name = f"briefing-{export.authority.slug}-{export.as_of.isoformat()}.{export.format}"
    try:
        handle = export.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=name, content_type=MIME_TYPES[export.format])


@login_required
@require_POST
def export_retry(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    export = _get_export_for_user(request, pk)
    with transaction.atomic():
        queued = requeue(export)
    if queued and export.waiting_for_queue:
        messages.warning(request, "The task queue is still not available: the file will be built when it is back.")
    elif queued:
        messages.success(request, "The file is queued to be built again.")
    else:
        messages.info(request, "That file is not waiting for another try.")
    return HttpResponseRedirect(f"{reverse('briefings:briefing', args=[export.authority.slug])}#exports")
