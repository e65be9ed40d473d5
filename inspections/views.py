from __future__ import annotations

import logging
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseStopPolling

from authorities.models import Authority
from config.http import HtmxHttpRequest
from config.page_cache import cache_for_readers

from . import ingest
from .extraction import changes, value
from .forms import ReviewForm, UploadForm
from .ingest import requeue, store_upload
from .models import Disagreement, Document, DocumentStatus, Event
from .official import settle
from .publishing import PublishError, events_from_extraction, publish
from .search import Filters, SearchForm, add_passages, search_documents, searchable, terms_of, visible_statuses

logger = logging.getLogger(__name__)

SEARCH_PAGE_SIZE = 20


def _get_document_for_user(request: HtmxHttpRequest, pk: int, permission: str) -> Document:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(Document.objects.select_related("authority", "uploaded_by"), pk=pk)


def enqueue(documents: list[Document]) -> list[Document]:
    """Queue parsing once the rows are committed, so the worker never looks for a row not yet visible.
    The list returned fills, at commit, with the documents whose task could not be sent (broker down); the
    stale sweep sends them later.

    Once the queue has refused one file, the rest are not tried (`ingest.queue_sender`): fifty tries would outlast
    the web server's own timeout, leaving the uploader with no answer.
    """
    unsent: list[Document] = []
    send_task = ingest.queue_sender()

    def send(document: Document) -> None:
        try:
            if send_task(document):
                return
        except DatabaseError:  # the rows are committed; the sweep finds any document still QUEUED
            logger.warning("Could not record the queueing of document %s", document.pk, exc_info=True)
        unsent.append(document)

    for document in documents:
        transaction.on_commit(lambda document=document: send(document))
    return unsent


@require_GET
@vary_on_headers("HX-Request")
@cache_for_readers
def event_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The event's page; for htmx, only its details (judgements, recommendations, findings, themes, source),
    which the authority page expands in place."""
    related = ["judgements", "recommendations", "theme_tags__theme"]
    if not request.htmx:
        related += ["inspector_roles__inspector", "follow_ups"]
    event = get_object_or_404(
        Event.objects.select_related("authority", "triggered_by", "source_document").prefetch_related(
            *related, "official_records"
        ),
        pk=pk,
    )
    document = event.source_document
    context = {
        "event": event,
        "themes": _themes(event),
        "source_file_visible": document is not None and _may_download(request.user, document),
    }
    if request.htmx:
        return render(request, "inspections/event.html#details", context | {"heading_level": 4})
    return render(request, "inspections/event.html", context | {"heading_level": 2})


def _themes(event: Event) -> list[tuple[str, int]]:
    """Practice themes tagged in the event (not those a person removed), with how many parts each was found in."""
    counts = Counter(tag.theme.label for tag in event.theme_tags.all() if not tag.removed)
    return sorted(counts.items())


def _may_download(user: Any, document: Document) -> bool:
    """Public files for everyone (`Document.is_public`); anything never published only for editors."""
    return document.is_public or user.has_perm("inspections.change_document")


@require_GET
def document_file(request: HtmxHttpRequest, pk: int) -> FileResponse:
    """The uploaded file itself. Only PDFs open in the browser: any other upload (HTML above all) is
    downloaded, so a hostile file cannot run in the site's origin."""
    document = get_object_or_404(Document, pk=pk)
    if not _may_download(request.user, document):
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    is_pdf = document.original_name.lower().endswith(".pdf")
    response = FileResponse(
        handle,
        as_attachment=not is_pdf,
        filename=document.original_name,
        content_type="application/pdf" if is_pdf else "application/octet-stream",
    )
    # A PDF opened in the browser's viewer may carry JavaScript: sandboxing gives it no script and no origin.
    response.headers["Content-Security-Policy"] = "sandbox"
    return response


@require_GET
@cache_for_readers
def search(request: HtmxHttpRequest) -> HttpResponse:
    """Full-text search over the documents a person may read (see inspections.search)."""
    statuses = visible_statuses(request.user)
    form = SearchForm(request.GET, statuses=statuses)
    form.auto_id = "search-%s"  # the page's ids (#search-q), which the error summary links to
    form.fields["authority"].empty_label = "Any authority"
    page = None
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"]
        filters = Filters(query, data["authority"], data["kind"], data["date_from"], data["date_to"])
        page = Paginator(search_documents(filters, statuses), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        add_passages(list(page), query)
    # With no results, say whether there was anything to search at all (a fresh install has no report text).
    nothing_to_search = (
        page is not None and not page.object_list and not Document.objects.filter(searchable(statuses)).exists()
    )
    context = {
        "form": form,
        "query": query,
        "page": page,
        "has_terms": bool(terms_of(query)),
        "nothing_to_search": nothing_to_search,
        "includes_unpublished": DocumentStatus.NEEDS_REVIEW in statuses,
    }
    return render(request, "inspections/search.html", context)


@login_required
@permission_required("inspections.add_document", raise_exception=True)
@require_http_methods(["GET", "POST"])
def upload(request: HtmxHttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        new, duplicates = [], []
        try:
            with transaction.atomic():
                for file in form.cleaned_data["files"]:
                    document, created = store_upload(
                        file, file.name, user=request.user, publication_date=form.cleaned_data["publication_date"]
                    )
                    (new if created else duplicates).append(document)
                unsent = enqueue(new)
        except DatabaseError:
            logger.exception("Upload not saved: the database is unavailable")
            form.add_error(None, "The database is not available just now, so nothing was saved. Try again shortly.")
            return render(request, "inspections/upload.html", {"form": form}, status=503)
        if new:
            messages.success(request, f"{len(new)} file{'s' if len(new) != 1 else ''} uploaded and queued for reading.")
        if unsent:
            messages.warning(
                request,
                f"The task queue is not available just now: {len(unsent)} file{'s are' if len(unsent) != 1 else ' is'} "
                "stored and will be read automatically when the queue is back.",
            )
        for document in duplicates:
            messages.info(request, f"{document.original_name} was uploaded before; showing the earlier upload.")
        ids = ",".join(str(d.pk) for d in [*new, *duplicates])
        return HttpResponseRedirect(f"{reverse('inspections:documents')}?ids={ids}")
    return render(request, "inspections/upload.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@permission_required("inspections.view_document", raise_exception=True)
@require_GET
def document_list(request: HtmxHttpRequest) -> HttpResponse:
    documents = Document.objects.select_related("authority").order_by("-uploaded_at")
    status = request.GET.get("status", "")
    if status in DocumentStatus.values:
        documents = documents.filter(status=status)
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.isdigit()]
    if ids:
        documents = documents.filter(pk__in=ids)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    context = {"page": page, "status": status, "statuses": DocumentStatus.choices, "ids": ids}
    return render(request, "inspections/documents.html", context)


@login_required
@permission_required("inspections.view_document", raise_exception=True)
@require_GET
def document_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The status fragment a document row polls; stops the polling once the status is final."""
    document = _get_document_for_user(request, pk, "inspections.view_document")
    response = render(request, "inspections/_document_status.html", {"document": document})
    if document.is_terminal and request.htmx:
        response.status_code = HttpResponseStopPolling.status_code
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The review screen: every extracted field with its source, editable, then publish."""
    document = _get_document_for_user(request, pk, "inspections.view_document")
    context: dict[str, Any] = {"document": document}
    form = None
    if document.status in {DocumentStatus.NEEDS_REVIEW, DocumentStatus.PUBLISHED} and document.doc_kind:
        events = events_from_extraction(document, strict=False)
        form = ReviewForm(request.POST or None, initial_event=events[0])
        context |= {
            "form": form,
            "related_events": events[1:],
            "provenance": _provenance(document, form),
            "candidates": _candidates(document),
            "changes": _changes_table(document),
        }
    if request.method == "POST":
        if not request.user.has_perm("inspections.publish_document"):
            raise PermissionDenied
        if form is not None and form.is_valid():
            try:
                published = publish(document, [form.event_data(), *context["related_events"]], request.user)
            except PublishError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Published: {published[0]}.")
                return HttpResponseRedirect(published[0].authority.get_absolute_url())
        return render(request, "inspections/document.html", context, status=400)
    return render(request, "inspections/document.html", context)


@login_required
@require_POST
def document_reparse(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    document = _get_document_for_user(request, pk, "inspections.change_document")
    with transaction.atomic():
        queued = requeue([document])
        enqueue(queued)
    if queued:
        messages.success(request, f"{document.original_name} is queued to be read again.")
    else:
        messages.info(request, f"{document.original_name} is already being read.")
    return HttpResponseRedirect(document.get_absolute_url())


def _changes_table(document: Document) -> dict[str, Any] | None:
    """What a new reading changed, as the GOV.UK table's parameters; None when nothing did (or it was read once)."""
    changed = changes(document.previous_extracted, document.extracted) if document.previous_extracted else []
    if not changed:
        return None
    return {
        "firstCellIsHeader": True,
        "head": [{"text": "Field"}, {"text": "Before"}, {"text": "Now"}],
        "rows": [[{"text": name}, {"text": old or "–"}, {"text": new or "–"}] for name, old, new in changed],
    }


def _provenance(document: Document, form: ReviewForm) -> dict[str, dict[str, Any]]:
    """Form field name → what the parser said about it (value state, confidence, page, passage)."""
    extracted = document.extracted
    visit = document.doc_kind in {"monitoring_visit", "focused_visit", "jtai"}
    source_of = {
        "authority": "la_name",
        "start_date": "meeting_date"
        if document.doc_kind == "committee_report"
        else "visit_start"
        if visit
        else "inspection_start",
        "end_date": "visit_end" if visit else "inspection_end",
        "published_date": "letter_date" if visit else "publication_date",
        "lead_inspector": "lead_inspector",
        "inspectors": "inspectors",
        "inspection_type": "ilacs_type",
        "sequence_number": "visit_number",
        "focus": "focus_text",
        "themes": "areas",
    }
    result = {name: extracted.get(key) or {} for name, key in source_of.items() if name in form.fields}
    for name in form.fields:
        if name.startswith("judgement_"):
            area = name.removeprefix("judgement_")
            result[name] = extracted.get("judgements", {}).get(area) or {"state": "not_applicable"}
    recs = extracted.get("recommendations", [])
    result["recommendations"] = {
        "state": "found" if recs else "missing",
        "page": recs[0].get("page") if recs else None,
        "passage": f"{len(recs)} item{'s' if len(recs) != 1 else ''} read",
    }
    return result


def _candidates(document: Document) -> list[Authority]:
    codes = document.extracted.get("authority_candidates", [])
    if not codes or value(document.extracted, "urn"):
        return []
    # DfE codes since parser 0.2.3, so that former authorities without a URN are offered too; URNs before.
    found = Authority.objects.filter(Q(la_code__in=codes) | Q(urn__in=codes))
    return list(found.order_by("-is_current", "name"))


@login_required
@permission_required("inspections.change_disagreement", raise_exception=True)
@require_GET
def disagreement_list(request: HtmxHttpRequest) -> HttpResponse:
    """Where sources of one inspection disagree (a release against a report, the hand-checked history or an
    earlier release): open ones first, each with both values and where they came from."""
    show = request.GET.get("show", "open")
    rows = Disagreement.objects.select_related("event__authority", "settled_by")
    if show != "all":
        rows = rows.filter(status=Disagreement.Status.OPEN)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "inspections/disagreements.html",
        {"page": page, "show": show},
    )


@login_required
@permission_required("inspections.change_disagreement", raise_exception=True)
@require_POST
def disagreement_settle(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    disagreement = get_object_or_404(Disagreement.objects.select_related("event"), pk=pk)
    chosen = request.POST.get("chosen", "")
    if chosen not in Disagreement.Choice.values:
        messages.error(request, "Choose which value is right.")
    else:
        settle(disagreement, chosen, request.user, request.POST.get("note", "").strip()[:2000])
        messages.success(request, f"Settled: {disagreement.event} ({disagreement.field_label().lower()}).")
    return HttpResponseRedirect(reverse("inspections:disagreements"))
