"""Full-text search over the text of parsed documents.

PostgreSQL: `websearch_to_tsquery` against `Document.search_vector` (the English tsvector of the text, kept by a
trigger and covered by a GIN index), ranked with `ts_rank`; `ts_headline` cuts the passages of the page shown.
SQLite: every word or "quoted phrase" must occur (case-insensitive LIKE, which Django escapes), newest first,
the passage cut around the first hit in Python.

Passages are escaped here and only our own <mark> tags are added, so a document's text never becomes markup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from authorities.models import Authority

from .models import PUBLIC_STATUSES, Document, DocumentStatus, Event
from .publishing import KIND_MAP, doc_kind_label

SEARCH_CONFIG = "english"  # the text-search configuration; the GIN index uses the same one
MAX_QUERY_LENGTH = 200
MAX_TERMS = 10
PASSAGE_CHARS = 320
# Private-use characters stand for <mark> and </mark> until the passage is escaped.
MARK_START, MARK_STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{MARK_START}([^{MARK_START}{MARK_STOP}]*){MARK_STOP}")
_TERMS = re.compile(r'"([^"]+)"|(\w+(?:[\'’-]\w+)*)')


DOC_KIND_CHOICES = sorted(((key, doc_kind_label(key)) for key in KIND_MAP), key=lambda choice: choice[1])


def visible_statuses(user: Any) -> tuple[str, ...]:
    """Which documents' text a person may search: everyone sees published reports; reviewers also see
    those still waiting for review (which may hold misread values nobody has checked)."""
    if user.has_perm("inspections.publish_document"):
        return (DocumentStatus.PUBLISHED, DocumentStatus.NEEDS_REVIEW)
    return (DocumentStatus.PUBLISHED,)


def searchable(statuses: tuple[str, ...]) -> Q:
    """Documents in one of `statuses`, and published reports while they are read again: their events stay
    published and the file is the same, so they stay in everyone's search (not superseded ones: a newer
    upload of the report replaced them)."""
    return Q(status__in=statuses) | (Q(published_at__isnull=False) & ~Q(status__in=PUBLIC_STATUSES))


class SearchForm(forms.Form):
    """The search page's query string: ?q=&authority=<slug>&kind=&from=&to= (from/to are ISO dates)."""

    q = forms.CharField(max_length=MAX_QUERY_LENGTH, required=False, strip=True)
    authority = forms.ModelChoiceField(queryset=Authority.objects.none(), to_field_name="slug", required=False)
    kind = forms.ChoiceField(choices=[("", "Any kind"), *DOC_KIND_CHOICES], required=False)
    date_from = forms.DateField(required=False, error_messages={"invalid": "Enter the ‘from’ date as a real date"})
    date_to = forms.DateField(required=False, error_messages={"invalid": "Enter the ‘to’ date as a real date"})

    def __init__(self, params: Any, *, statuses: tuple[str, ...]) -> None:
        data = {
            "q": params.get("q", "")[: MAX_QUERY_LENGTH * 2],
            "authority": params.get("authority", ""),
            "kind": params.get("kind", ""),
            "date_from": params.get("from", ""),
            "date_to": params.get("to", ""),
        }
        super().__init__(data)
        # Only authorities that have a document the person may search.
        cast(forms.ModelChoiceField, self.fields["authority"]).queryset = (
            Authority.objects.filter(Exists(Document.objects.filter(searchable(statuses), authority=OuterRef("pk"))))
            .only("slug", "name")
            .order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The ‘to’ date must be the same as or after the ‘from’ date")
        return cleaned


@dataclass(frozen=True)
class Filters:
    query: str
    authority: Authority | None = None
    kind: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def terms_of(query: str) -> list[str]:
    """The words and "quoted phrases" of a query, at most MAX_TERMS; punctuation on its own is dropped."""
    terms = [(phrase or word).strip() for phrase, word in _TERMS.findall(query)]
    return [t for t in terms if t][:MAX_TERMS]


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def search_documents(filters: Filters, statuses: tuple[str, ...]) -> QuerySet[Document]:
    """Matching documents, best first, each annotated with `rank` (PostgreSQL) and, on PostgreSQL, `headline`.
    Empty when the query has no searchable word. Call `add_passages()` on the page of results shown."""
    documents = (
        Document.objects.filter(searchable(statuses))
        .select_related("authority")
        .prefetch_related(Prefetch("events", queryset=Event.objects.select_related("authority").order_by("start_date")))
        .defer("extracted", "previous_extracted", "error_detail")
    )
    if filters.authority is not None:
        documents = documents.filter(authority=filters.authority)
    if filters.kind:
        documents = documents.filter(doc_kind=filters.kind)
    if filters.date_from or filters.date_to:
        # Dated by the inspection or visit a document reports: only published documents have events.
        events = Event.objects.filter(source_document=OuterRef("pk"))
        if filters.date_from:
            events = events.filter(Q(end_date__gte=filters.date_from) | Q(start_date__gte=filters.date_from))
        if filters.date_to:
            events = events.filter(start_date__lte=filters.date_to)
        documents = documents.filter(Exists(events))
    if not terms_of(filters.query):
        return documents.none()
    if is_postgresql():
        return _postgresql(documents, filters.query)
    return _fallback(documents, filters.query)


def _postgresql(documents: QuerySet[Document], query_text: str) -> QuerySet[Document]:
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(query_text, search_type="websearch", config=SEARCH_CONFIG)
    return (
        documents.defer("text", "search_vector")
        .filter(search_vector=query)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by("-rank", "-uploaded_at", "-pk")
    )


def _headlines(documents: list[Document], query_text: str) -> dict[int, str]:
    """PostgreSQL's passages for one page of results, in one query (ts_headline re-reads each text, so
    it runs for the page shown, never for every match)."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    query = SearchQuery(query_text, search_type="websearch", config=SEARCH_CONFIG)
    headline = SearchHeadline(
        "text",
        query,
        config=SEARCH_CONFIG,
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        max_words=45,
        min_words=20,
        max_fragments=2,
        fragment_delimiter=" … ",
    )
    rows = Document.objects.filter(pk__in=[d.pk for d in documents]).annotate(found=headline)
    return dict(rows.values_list("pk", "found"))


def add_passages(documents: list[Document], query_text: str) -> None:
    """Set `passage` on each document of a page of results (see `passage`)."""
    if is_postgresql():
        headlines = _headlines(documents, query_text)
        for document in documents:
            document.headline = headlines.get(document.pk) or ""
    for document in documents:
        document.passage = passage(document, query_text)


def _fallback(documents: QuerySet[Document], query_text: str) -> QuerySet[Document]:
    for term in terms_of(query_text):
        documents = documents.filter(text__icontains=term)
    return documents.order_by("-uploaded_at", "-pk")


def _tightest_hits(text: str, pattern: re.Pattern[str], limit: int = 5000) -> tuple[int, int]:
    """(start, end) of the shortest stretch of `text` holding every term it has hits for, earliest first."""
    hits = []
    for match in pattern.finditer(text):
        hits.append((match.start(), match.end(), match.group(1).lower()))
        if len(hits) >= limit:
            break
    if not hits:
        return 0, 0
    wanted = len({term for _, _, term in hits})
    best = (hits[0][0], hits[-1][1])
    in_window: Counter[str] = Counter()
    left = 0
    for _, end, term in hits:
        in_window[term] += 1
        while len(in_window) == wanted:
            if end - hits[left][0] < best[1] - best[0]:
                best = (hits[left][0], end)
            dropped = hits[left][2]
            in_window[dropped] -= 1
            if not in_window[dropped]:
                del in_window[dropped]
            left += 1
    return best


def passage(document: Document, query_text: str) -> SafeString:
    """The result's passage as safe HTML: the document's words escaped, the query's hits in <mark>."""
    headline = getattr(document, "headline", None)
    raw = headline if headline is not None else _cut_passage(document.text, terms_of(query_text))
    escaped = escape(" ".join(plain_text(raw).split()))
    marked = _MARKED.sub(r"<mark>\1</mark>", escaped)
    return mark_safe(marked.replace(MARK_START, "").replace(MARK_STOP, ""))  # the text was escaped above


# Markdown's marks, as text uploads carry them: a passage shows the words, not "##" or "- 11.".
_MARKDOWN_LINE = re.compile(r"^[ \t]*(?:>[ \t]*)*(?:#{1,6}(?=\s|$)|[-*+•](?=[ \t])|[-*_=]{3,}[ \t]*$)", re.MULTILINE)
_MARKDOWN_HASHES = re.compile(r"(?<!\S)#{1,6}(?=\s)")  # a heading's marks inside a passage that began mid-line
_MARKDOWN_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")
_MARKDOWN_EMPHASIS = re.compile(r"(\*{1,3}|_{2,3}|`+)(?=\S)(.+?)(?<=\S)\1")
_MARKDOWN_PIPE = re.compile(r"[ \t]*\|[ \t]*")
_MARKDOWN_RULE = re.compile(r"(?<!\S):?-{3,}:?(?!\S)")


def plain_text(text: str) -> str:
    """`text` without Markdown's marks (headings, bullets, emphasis, links, table rules), its words kept: the
    numbers of a numbered list ("11.") are the report's own and stay."""
    text = _MARKDOWN_LINE.sub("", text)
    text = _MARKDOWN_HASHES.sub("", text)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_EMPHASIS.sub(r"\2", text)
    return _MARKDOWN_RULE.sub(" ", _MARKDOWN_PIPE.sub(" ", text))


def _cut_passage(text: str, terms: list[str]) -> str:
    """About PASSAGE_CHARS characters of `text` where the terms occur closest together, hits wrapped in the
    markers. A hit runs to the end of its word, since the fallback matches "child" in "children" too."""
    text = text.replace(MARK_START, "").replace(MARK_STOP, "")
    if not terms:
        return text[:PASSAGE_CHARS]
    pattern = re.compile(
        "(" + "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)) + r")\w*", re.IGNORECASE
    )
    first, last = _tightest_hits(text, pattern)
    # Centre the hits in the passage, but keep the first one in its first third.
    start = max(0, first - min(max(0, PASSAGE_CHARS - (last - first)) // 2, PASSAGE_CHARS // 3))
    end = min(len(text), start + PASSAGE_CHARS)
    if start > 0:  # begin at a word
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    window = pattern.sub(lambda m: f"{MARK_START}{m.group(0)}{MARK_STOP}", text[start:end])
    return ("… " if start > 0 else "") + window + (" …" if end < len(text) else "")
