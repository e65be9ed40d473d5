"""Committee briefing pages and files, and the national data downloads."""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseStopPolling

from authorities.models import Authority
from config.http import HtmxHttpRequest

from . import data_export
from .briefing import build_briefing
from .briefing_render import MIME_TYPES, render_html
from .export_forms import BriefingForm
from .export_jobs import queue_export, requeue
from .models import BriefingExport, ExportFormat, ExportStatus

logger = logging.getLogger(__name__)

ADD_EXPORT = "improvement.add_briefingexport"
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
    }
    return render(request, "improvement/briefing_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def briefing(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The cover fields. Preview goes to the print-ready page; Create PDF / Word queues a file (signed in only)."""
    authority = _get_authority(slug)
    if request.method == "GET":
        form = BriefingForm(request.GET) if request.GET else BriefingForm()
        if request.GET:
            form.is_valid()  # coming back from the preview: show the values, and any errors, as they were
        return _form_page(request, authority, form)
    form = BriefingForm(request.POST)
    action = request.POST.get("action", "preview")
    if action not in {"preview", *ExportFormat.values}:
        return _form_page(request, authority, form, status=400)
    if action != "preview" and not request.user.has_perm(ADD_EXPORT):
        if request.user.is_authenticated:
            raise PermissionDenied
        return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
    if not form.is_valid():
        return _form_page(request, authority, form, status=400)
    query = urlencode(form.as_query())
    if action == "preview":
        return HttpResponseRedirect(f"{reverse('exports:briefing-preview', args=[slug])}?{query}")
    with transaction.atomic():
        export = queue_export(authority, form.cleaned_data["as_of"], form.header(), action, request.user)
    messages.success(request, f"Your {export.get_format_display()} is being built. It will be listed below when ready.")
    return HttpResponseRedirect(f"{reverse('exports:briefing', args=[slug])}?{query}#exports")


@require_GET
def briefing_preview(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The print-ready briefing, built while you wait. Anyone who can read the authority's page can read this."""
    authority = _get_authority(slug)
    form = BriefingForm(request.GET)
    if not form.is_valid():
        return _form_page(request, authority, form, status=400)
    content = build_briefing(authority, form.cleaned_data["as_of"], form.header())
    change_url = f"{reverse('exports:briefing', args=[slug])}?{urlencode(form.as_query())}"
    return HttpResponse(render_html(content, change_url=change_url))


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
    if queued:
        messages.success(request, "The file is queued to be built again.")
    else:
        messages.info(request, "That file is not waiting for another try.")
    return HttpResponseRedirect(f"{reverse('exports:briefing', args=[export.authority.slug])}#exports")


@require_GET
def data_downloads(request: HtmxHttpRequest) -> HttpResponse:
    context = {"latest_columns": data_export.LATEST_COLUMNS, "history_columns": data_export.HISTORY_COLUMNS}
    return render(request, "improvement/export_data.html", context)


def _dated(name: str, extension: str) -> str:
    return f"trajectory-{name}-{timezone.localdate().isoformat()}.{extension}"


def _csv(name: str, columns: tuple[data_export.Column, ...], rows: object) -> StreamingHttpResponse:
    response = StreamingHttpResponse(data_export.csv_lines(columns, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_dated(name, "csv")}"'
    return response


def _xlsx(name: str, columns: tuple[data_export.Column, ...], rows: object, title: str) -> HttpResponse:
    response = HttpResponse(
        data_export.xlsx_bytes(columns, rows, title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_dated(name, "xlsx")}"'
    return response


@require_GET
def latest_csv(request: HtmxHttpRequest) -> StreamingHttpResponse:
    return _csv("latest", data_export.LATEST_COLUMNS, data_export.latest_rows())


@require_GET
def latest_xlsx(request: HtmxHttpRequest) -> HttpResponse:
    return _xlsx("latest", data_export.LATEST_COLUMNS, data_export.latest_rows(), "Latest grades")


@require_GET
def history_csv(request: HtmxHttpRequest) -> StreamingHttpResponse:
    return _csv("history", data_export.HISTORY_COLUMNS, data_export.history_rows())


@require_GET
def history_xlsx(request: HtmxHttpRequest) -> HttpResponse:
    return _xlsx("history", data_export.HISTORY_COLUMNS, data_export.history_rows(), "History")
