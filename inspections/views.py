from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
from collections import Counter
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import DatabaseError, transaction
from django.db.models import F, Q, prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseStopPolling

from authorities.models import Authority
from config import jobs
from config.fragment_cache import render_shared, shared
from config.govuk import first_input_id
from config.govuk_forms import GovukDateField
from config.http import HtmxHttpRequest
from config.page_cache import cache_for_readers

from . import page_pictures, review
from .extraction import changes
from .forms import ReviewForm, UploadForm
from .ingest import requeue, store_upload
from .models import Disagreement, Document, DocumentStatus, Event
from .official import settle
from .publishing import AlreadyPublished, PublishError, events_from_extraction, publish
from .search import Filters, SearchForm, add_passages, search_documents, searchable, terms_of, visible_statuses

logger = logging.getLogger(__name__)

SEARCH_PAGE_SIZE = 20
REMOVED = "removed"  # the Documents filter for failed uploads an editor removed (a flag, not a status)


def _get_document_for_user(request: HtmxHttpRequest, pk: int, permission: str) -> Document:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(Document.objects.select_related("authority", "uploaded_by"), pk=pk)


def enqueue(documents: list[Document]) -> list[Document]:
    """Queue parsing once the rows are committed, so the worker never looks for a row not yet visible.
    The list returned fills, at commit, with the documents whose task could not be sent (broker down); the
    stale sweep sends them later.

    Once the queue has refused one file, the rest are not tried (`jobs.queue_sender`): fifty tries would outlast
    the web server's own timeout, leaving the uploader with no answer.
    """
    unsent: list[Document] = []
    send_task = jobs.queue_sender()

    def send(document: Document) -> None:
        try:
            if send_task(document):
                return
        except DatabaseError:  # the rows are committed; the sweep finds any document still QUEUED
            logger.warning("Could not record the queueing of document %s", document.pk, exc_info=True)
        unsent.append(document)

    for document in documents:
        transaction.on_commit(functools.partial(send, document))
    return unsent


@require_GET
@vary_on_headers("HX-Request")
@cache_for_readers
def event_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The event's page; for htmx, only its details (judgements, recommendations, findings, themes, source),
    which the authority page expands in place."""
    event = get_object_or_404(Event.objects.select_related("authority", "triggered_by", "source_document"), pk=pk)
    document = event.source_document
    # What differs between readers is in the key: a fragment is served only to readers who see the same links.
    file_visible = document is not None and _may_download(request.user, document)
    document_visible = document is not None and request.user.has_perm("inspections.view_document")
    heading_level = 4 if request.htmx else 2

    # Who changed what is shown to signed-in people only (includes/history.html): part of the key too.
    show_names = request.user.is_authenticated
    parts = [pk, heading_level, file_visible, document_visible, show_names]

    def context() -> dict[str, Any]:
        prefetch_related_objects([event], "judgements", "recommendations", "theme_tags__theme", "official_records")
        if not request.htmx:
            prefetch_related_objects([event], "inspector_roles__inspector", "follow_ups")
        return {
            "event": event,
            "themes": _themes(event),
            "source_file_visible": file_visible,
            "document_link_visible": document_visible,
            "heading_level": heading_level,
            "show_history_names": show_names,
        }

    if request.htmx:
        details = shared("event-details", parts[:4], lambda: render_shared("inspections/event.html#details", context()))
        return HttpResponse(details)

    def page() -> dict[str, str]:
        values = context()
        return {part: render_shared(f"inspections/event.html#{part}", values) for part in ("facts", "details", "rest")}

    return render(request, "inspections/event.html", {"event": event, "shared": shared("event-page", parts, page)})


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
    cast(forms.ModelChoiceField, form.fields["authority"]).empty_label = "Any authority"
    query = ""
    filters = None
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"]
        filters = Filters(query, data["authority"], data["kind"], data["date_from"], data["date_to"])
    includes_unpublished = DocumentStatus.NEEDS_REVIEW in statuses
    document_visible = request.user.has_perm("inspections.view_document")

    def results() -> str:
        page = None
        if filters is not None:
            page = Paginator(search_documents(filters, statuses), SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
            add_passages(list(page), query)
        # With no results, say whether there was anything to search at all (a fresh install has no report text).
        nothing_to_search = (
            page is not None and not page.object_list and not Document.objects.filter(searchable(statuses)).exists()
        )
        context = {
            "query": query,
            "page": page,
            "params": request.GET,
            "has_terms": bool(terms_of(query)),
            "nothing_to_search": nothing_to_search,
            "includes_unpublished": includes_unpublished,
            "document_link_visible": document_visible,
            "filters_given": any(form[name].value() for name in ("authority", "kind", "date_from", "date_to")),
        }
        return render_shared("inspections/search.html#results", context)

    # Documents waiting for review do not move the content version (only public ones do), so what reviewers see,
    # which includes them, is never kept.
    if filters is not None and not includes_unpublished:
        shown = shared("search", [request.GET.urlencode(), document_visible], results)
    else:
        shown = results()
    context = {"form": form, "query": query, "results": shown, "includes_unpublished": includes_unpublished}
    return render(request, "inspections/search.html", context)


@login_required
@permission_required("inspections.add_document", raise_exception=True)
@require_http_methods(["GET", "POST"])
def upload(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        data, files = request.POST, request.FILES  # reading the body notes the files stopped at the size limit
        form = UploadForm(data, files, too_large=getattr(request, "uploads_too_large", ()))
    else:
        form = UploadForm()
    if request.method == "POST" and form.is_valid():
        new: list[Document] = []
        duplicates: list[Document] = []
        try:
            with transaction.atomic():
                for file in form.cleaned_data["files"]:
                    document, created = store_upload(
                        file, file.name, user=request.user, publication_date=form.cleaned_data["publication_date"]
                    )
                    (new if created else duplicates).append(document)
                restored = _restore_removed(duplicates)
                unsent = enqueue([*new, *restored])
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


def _restore_removed(documents: list[Document]) -> list[Document]:
    """Removed uploads among the duplicates come back, queued to be read again: uploading the same file is asking
    for it to be read."""
    removed = [d for d in documents if d.removed_at is not None]
    if not removed:
        return []
    Document.objects.filter(pk__in=[d.pk for d in removed]).update(removed_at=None, removed_by=None)
    return requeue(removed)


@login_required
@permission_required("inspections.view_document", raise_exception=True)
@require_GET
def document_list(request: HtmxHttpRequest) -> HttpResponse:
    documents = Document.objects.select_related("authority").order_by("-uploaded_at")
    status = request.GET.get("status", "")
    if status == REMOVED:
        documents = documents.filter(removed_at__isnull=False)
    else:
        documents = documents.filter(removed_at__isnull=True)
        if status in DocumentStatus.values:
            documents = documents.filter(status=status)
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.isdigit()]
    if ids:
        documents = documents.filter(pk__in=ids)
    page = Paginator(documents, 50).get_page(request.GET.get("page"))
    statuses = [*DocumentStatus.choices, (REMOVED, "Removed")]
    context = {"page": page, "status": status, "statuses": statuses, "ids": ids}
    return render(request, "inspections/documents.html", context)


@login_required
@permission_required("inspections.view_document", raise_exception=True)
@require_GET
def document_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The status fragment a document row polls; stops the polling once the status is final."""
    document = _get_document_for_user(request, pk, "inspections.view_document")
    # The Documents table polls the whole row, so kind and authority appear as soon as they are read.
    template = "inspections/_document_row.html" if request.GET.get("row") else "inspections/_document_status.html"
    response = render(request, template, {"document": document, "in_row": bool(request.GET.get("row"))})
    if document.is_terminal and request.htmx:
        response.status_code = HttpResponseStopPolling.status_code
    return response


@login_required
@require_http_methods(["GET", "POST"])
def document_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The review screen: every extracted field with its source, editable, then publish."""
    document = _get_document_for_user(request, pk, "inspections.view_document")
    context: dict[str, Any] = {"document": document, "file_visible": _may_download(request.user, document)}
    form = None
    if document.status in {DocumentStatus.NEEDS_REVIEW, DocumentStatus.PUBLISHED} and document.doc_kind:
        events = events_from_extraction(document, strict=False)
        form = ReviewForm(
            request.POST or None,
            initial_event=events[0],
            doc_kind=document.doc_kind,
            version=document.review_version,
            found=review.found_fields(document),
            # Once published, the next review starts from what was published (the last reviewer's corrections).
            reviewed=document.reviewed_values if document.status == DocumentStatus.PUBLISHED else None,
        )
        context |= {
            "form": form,
            "related_events": events[1:],
            "candidates": _candidates(document),
            "changes": _changes_table(document),
        }
    if request.method == "POST":
        if not request.user.has_perm("inspections.publish_document"):
            raise PermissionDenied
        status = 400
        if form is not None and form.is_valid():
            try:
                with transaction.atomic():
                    _claim_review(document, form)
                    published = publish(document, [form.event_data(), *context["related_events"]], request.user)
            except ReviewConflict:
                status = 409
                context["conflict"] = _conflict(document, form)
            except AlreadyPublished as exc:
                messages.info(request, str(exc))
                return HttpResponseRedirect(document.get_absolute_url())
            except PublishError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"Published: {published[0]}.")
                return HttpResponseRedirect(published[0].authority.get_absolute_url())
        return render(request, "inspections/document.html", context | _review_rows(document, form), status=status)
    return render(request, "inspections/document.html", context | _review_rows(document, form))


class ReviewConflict(Exception):
    """Someone published the document after this form was shown."""


def _claim_review(document: Document, form: ReviewForm) -> None:
    """Move the document's review version on, only from the version the form was shown with (compare and set,
    so two saves at once cannot both pass), keeping the form's values to start the next review from."""
    claimed = Document.objects.filter(pk=document.pk, review_version=form.cleaned_data["version"]).update(
        review_version=F("review_version") + 1, reviewed_values=form.reviewed_values()
    )
    if not claimed:
        raise ReviewConflict


def _conflict(document: Document, form: ReviewForm) -> dict[str, Any]:
    """Who published over this form, when, and each value where theirs and this form's differ. The form then
    carries the current version, so publishing it again, once checked, is a decision and goes through."""
    document.refresh_from_db()
    theirs, yours = document.reviewed_values, form.reviewed_values()
    rows = [
        [
            {"text": form[name].label},
            {"text": _shown(form, name, theirs.get(name))},
            {"text": _shown(form, name, value)},
        ]
        for name, value in yours.items()
        if name in form.fields and theirs.get(name) != value and not (theirs.get(name) in (None, "") and not value)
    ]
    data = cast(QueryDict, form.data).copy()  # bound to request.POST
    data["version"] = str(document.review_version)
    form.data = data
    who = document.reviewed_by.get_username() if document.reviewed_by else "Someone"
    when = timezone.localtime(document.published_at).strftime("%H:%M on %-d %B %Y") if document.published_at else ""
    return {
        "who": who,
        "when": when,
        "table": {
            "firstCellIsHeader": True,
            "head": [{"text": "Field"}, {"text": f"Published by {who}"}, {"text": "Yours"}],
            "rows": rows,
        },
    }


def _shown(form: ReviewForm, name: str, value: Any) -> str:
    """A stored form value as the reviewer would read it (a grade's or an authority's name, a date in words)."""
    if value in (None, ""):
        return "–"
    field = form.fields[name]
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(field, GovukDateField):
        return date_format(dt.date.fromisoformat(value), "j F Y")
    if isinstance(field, forms.ModelChoiceField) and field.queryset is not None:
        found = field.queryset.filter(pk=value).first()
        return str(found) if found else str(value)
    if isinstance(field, forms.ChoiceField):
        # The field keeps its choices as (value, label) pairs.
        return str(dict(cast(list[tuple[Any, Any]], field.choices)).get(value, value))
    return str(value)


def _review_rows(document: Document, form: ReviewForm | None) -> dict[str, Any]:
    """Each asked field with its "not in the report" box, what the parser said about it, a picture of its passage
    on its page (PDFs), and whether it still waits for a value (could not be read, neither entered nor marked)."""
    if form is None:
        return {}
    names = [field.name for field, _ in form.main_fields()]
    said = review.sources(document, names)
    waiting = set(form.unresolved())
    pictured = (document.file.name or "").lower().endswith(".pdf")
    rows: list[dict[str, Any]] = []
    for field, absent in form.main_fields():
        source = said.get(field.name)
        picture = None
        if pictured and source and source.page and source.passage and not source.counted:
            url = reverse("inspections:document-page", args=[document.pk, source.page])
            picture = f"{url}?field={field.name}"
        rows.append(
            {"field": field, "absent": absent, "source": source, "picture": picture, "waiting": field.name in waiting}
        )
    summary = None
    if not form.is_bound and waiting:
        summary = [
            {"text": f"{row['field'].label}: could not be read", "href": f"#{first_input_id(row['field'])}"}
            for row in rows
            if row["waiting"]
        ]
    return {"rows": rows, "unread_summary": summary}


@login_required
@require_POST
def document_remove(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Take a failed upload off the Documents list. The row and its file stay, with who removed it and when:
    the same file uploaded again brings it back (`upload`)."""
    document = _get_document_for_user(request, pk, "inspections.change_document")
    removed = Document.objects.filter(pk=pk, status=DocumentStatus.FAILED, removed_at__isnull=True).update(
        removed_at=timezone.now(), removed_by=request.user
    )
    if removed:
        logger.info("Document %s removed by %s", pk, request.user.get_username())
        messages.success(request, f"{document.original_name} was removed from the list.")
    else:
        messages.info(request, f"{document.original_name} cannot be removed: only a failed upload can.")
    return HttpResponseRedirect(reverse("inspections:documents"))


@login_required
@require_GET
def document_page(request: HtmxHttpRequest, pk: int, page: int) -> FileResponse:
    """A picture of one page of a PDF with the passage a review form field was read from marked on it; for whoever
    may open the review screen. Drawn on demand and kept in storage, one file per document, page and passage."""
    document = _get_document_for_user(request, pk, "inspections.view_document")
    # Only pages the parser counted: a file that could not be read is never opened here.
    parsed = document.parsed
    pdf = (document.file.name or "").lower().endswith(".pdf")
    if not pdf or parsed is None or not 1 <= page <= parsed.page_count:
        raise Http404
    field = request.GET.get("field", "")
    said = review.sources(document, [field]).get(field) if field else None
    text = said.passage if said and said.page == page else None
    digest = hashlib.sha256((text or "").encode()).hexdigest()[:16]
    name = f"page-pictures/{document.sha256[:16]}/{page}-{digest}.png"
    if not default_storage.exists(name):
        try:
            with document.file.open("rb") as handle:
                picture = page_pictures.page_picture(handle.read(), page, text)
        except FileNotFoundError as exc:
            raise Http404 from exc
        except page_pictures.NoSuchPage as exc:
            raise Http404 from exc
        default_storage.save(name, ContentFile(picture))
    response = FileResponse(default_storage.open(name, "rb"), content_type="image/png")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


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
    before, now = document.previous_parsed, document.parsed
    changed = changes(before, now) if before and now else []
    if not changed:
        return None
    return {
        "firstCellIsHeader": True,
        "head": [{"text": "Field"}, {"text": "Before"}, {"text": "Now"}],
        "rows": [[{"text": name}, {"text": old or "–"}, {"text": new or "–"}] for name, old, new in changed],
    }


def _candidates(document: Document) -> list[Authority]:
    parsed = document.parsed
    if parsed is None or not parsed.authority_candidates or parsed.urn.found_value:
        return []
    codes = parsed.authority_candidates
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
