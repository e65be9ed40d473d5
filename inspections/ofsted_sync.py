"""New reports from Ofsted's site, without anyone uploading them.

For each authority the sync reads its provider page on Ofsted's reports site, picks the documents this service reads
(inspections, monitoring visits, focused visits, JTAIs, reviews of the safeguarding board) from each link's text,
and fetches those not yet held, known by Ofsted's file id and by SHA-256, into the same path as an upload: the file
is stored first (`ingest.store_upload`), then its parsing is queued (`config.jobs.queue_sender`; with the task queue
down the document waits for the stale sweep). Every page is read before any file is fetched, so a page whose structure
changed stops the run with nothing stored.

Polite to Ofsted: one request at a time, at most one a second by default (retries included), a timeout, a few
retries with doubling waits, and a User-Agent that names the service.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from authorities.models import Authority, Follow
from config import jobs

from .ingest import store_upload
from .models import Document, DocumentStatus, OfstedSync, OfstedSyncStatus
from .parsing import Field, FieldState
from .publishing import PublishError, events_from_extraction, publish

logger = logging.getLogger(__name__)

# Ofsted's provider pages for local authority children's services are under category 44.
PROVIDER_PATH = "/provider/44/{urn}"
# Statuses worth another try: not found (a file Ofsted has just published may not have reached every server),
# throttled, and the server's own troubles.
RETRY_STATUSES = frozenset({404, 408, 425, 429, 500, 502, 503, 504})
CHUNK = 64 * 1024
# "children's services inspection, pdf - 29 january 2025": the document's title, its format and its date.
LINK_TEXT = re.compile(r"^(?P<title>.+?),\s*(?P<format>[a-z0-9]+)\s+-\s+(?P<date>\d{1,2} [a-z]+ \d{4})$")
FORMATS = {"pdf": ".pdf"}


class SyncError(Exception):
    """The run cannot go on: nothing more is fetched."""


class PageStructureError(SyncError):
    """A provider page no longer has the structure the sync reads: Ofsted changed its site."""


class FetchError(Exception):
    """A page or file could not be fetched, after the retries."""


# What a link's title says → the kind of document, for the documents this service reads. Checked in order: the first
# pattern found decides. Area SEND inspections and any provider's reports (a children's home, say) are not read.
KINDS: tuple[tuple[re.Pattern[str], str | None], ...] = (
    (re.compile(r"\bsend\b|special educational needs|\bcsa\b|children's home|youth|adoption agency|fostering"), None),
    (re.compile(r"joint targeted area inspection|\bjtai\b"), "jtai"),
    (re.compile(r"monitoring visit"), "monitoring_visit"),
    (re.compile(r"focused visit"), "focused_visit"),
    (re.compile(r"safeguarding children board|\blscb\b"), "lscb_review"),
    (re.compile(r"children's services inspection|children's services re-inspection"), "inspection"),
    (re.compile(r"inspection of (?:local authority )?children's services"), "inspection"),
    (re.compile(r"safeguarding and looked after children|looked after children services"), "inspection"),
    (re.compile(r"services for children in need of help and protection"), "inspection"),
)


def kind_of(title: str) -> str | None:
    """The kind of document a link's title names, or None for a document this service does not read."""
    title = title.lower().replace("\u2019", "'")
    for pattern, kind in KINDS:
        if pattern.search(title):
            return kind
    return None


@dataclass(frozen=True)
class Publication:
    """One document a provider page lists."""

    authority_id: int
    file_id: str
    url: str
    title: str
    format: str
    published: dt.date
    kind: str | None

    @property
    def name(self) -> str:
        """The stored document's name, as Ofsted's own downloads are named."""
        return f"{self.title} - {self.published:%d %B %Y}".lower() + FORMATS.get(self.format, "")


@dataclass
class ProviderPage:
    """What a provider page lists: its documents, and the links that could not be read (skipped, reported)."""

    publications: list[Publication]
    unreadable: list[str]


def read_provider_page(html: str, page_url: str, authority_id: int) -> ProviderPage:
    """Every document the page lists, in its order. A link not as expected is skipped and reported; when no link
    at all can be read, the page's structure has changed: PageStructureError."""
    soup = BeautifulSoup(html, "html.parser")
    page = ProviderPage([], [])
    links = soup.select("a.publication-link")
    for link in links:
        try:
            page.publications.append(_read_link(link, page_url, authority_id))
        except PageStructureError as exc:
            page.unreadable.append(str(exc))
    if links and not page.publications:
        raise PageStructureError(
            f"None of the {len(links)} links on the page can be read; the first: {page.unreadable[0]}"
        )
    return page


def _read_link(link: Any, page_url: str, authority_id: int) -> Publication:
    label = link.select_one("span.nonvisual")
    href = link.get("href")
    if label is None or not isinstance(href, str) or not href.strip():
        raise PageStructureError(f"{page_url}: a publication link has no description or no address.")
    text = " ".join(label.get_text(" ").split()).lower().replace("\u2019", "'")
    match = LINK_TEXT.match(text)
    if match is None:
        raise PageStructureError(f"{page_url}: a publication link reads “{text[:120]}”, not “title, format - date”.")
    try:
        published = dt.datetime.strptime(match["date"], "%d %B %Y").date()
    except ValueError as exc:
        raise PageStructureError(f"{page_url}: “{match['date']}” is not a date.") from exc
    url = urljoin(page_url, href.strip())
    file_id = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    if not file_id:
        raise PageStructureError(f"{page_url}: the link {url} names no file.")
    title = match["title"].strip()
    return Publication(authority_id, file_id, url, title, match["format"], published, kind_of(title))


class RateLimiter:
    """At most one request every `interval` seconds, across threads. `clock` and `sleep` are for tests."""

    def __init__(
        self,
        interval: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._next = float("-inf")
        self._lock = threading.Lock()

    def wait(self) -> None:
        with self._lock:
            now = self.clock()
            if now < self._next:
                self.sleep(self._next - now)
                now = self._next
            self._next = now + self.interval


def user_agent() -> str:
    contact = f"; {settings.OFSTED_SYNC_CONTACT}" if settings.OFSTED_SYNC_CONTACT else ""
    return f"Trajectory/1 (children's services inspection dashboard; daily check for new reports{contact})"


class OfstedClient:
    """GETs from Ofsted's sites through one session: every attempt waits its turn at the rate limiter, and a
    transient failure (timeout, refused connection, a status in RETRY_STATUSES) is tried again after a wait that
    doubles each time. Retries are made here rather than by urllib3, so that they pass the rate limiter too."""

    def __init__(self, limiter: RateLimiter | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.limiter = limiter or RateLimiter(settings.OFSTED_SYNC_INTERVAL)
        self.sleep = sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent()
        self.requests = 0

    def close(self) -> None:
        self.session.close()

    def get(self, url: str, *, stream: bool = False) -> requests.Response:
        attempts = 1 + settings.OFSTED_SYNC_RETRIES
        for attempt in range(1, attempts + 1):
            self.limiter.wait()
            self.requests += 1
            try:
                response = self.session.get(url, timeout=settings.OFSTED_SYNC_TIMEOUT, stream=stream)
            except (requests.Timeout, requests.ConnectionError) as exc:
                reason = "timed out" if isinstance(exc, requests.Timeout) else "could not connect"
                retry_after = None
            else:
                if response.status_code == 200:
                    return response
                response.close()
                reason = f"answered {response.status_code}"
                if response.status_code not in RETRY_STATUSES:
                    raise FetchError(f"{url} {reason}")
                retry_after = response.headers.get("Retry-After")
            if attempt == attempts:
                break
            wait = settings.OFSTED_SYNC_BACKOFF * 2 ** (attempt - 1)
            if retry_after and retry_after.isdigit():
                wait = max(wait, min(int(retry_after), 300))
            logger.info("%s %s (attempt %d of %d); trying again in %.2f s", url, reason, attempt, attempts, wait)
            self.sleep(wait)
        raise FetchError(f"{url} {reason} ({attempts} attempts)")

    def download(self, url: str, max_bytes: int) -> tempfile.SpooledTemporaryFile[bytes]:
        """The file at `url`, in a temporary file; FetchError if it is larger than `max_bytes` or cut short."""
        response = self.get(url, stream=True)
        handle = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (the caller closes it)
        size = 0
        try:
            for chunk in response.iter_content(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{url} is larger than {max_bytes} bytes")
                handle.write(chunk)
        except requests.RequestException as exc:
            handle.close()
            raise FetchError(f"{url} broke off: {exc}") from exc
        except FetchError:
            handle.close()
            raise
        finally:
            response.close()
        handle.seek(0)
        return handle


@dataclass
class Arrival:
    document: Document
    publication: Publication


@dataclass
class SyncResult:
    run: OfstedSync
    arrivals: list[Arrival] = field(default_factory=list)
    out_of_scope: list[Publication] = field(default_factory=list)
    requests: int = 0


Progress = Callable[[Iterable[Any], str], Iterator[Any]]


def _no_progress(items: Iterable[Any], desc: str) -> Iterator[Any]:
    yield from items


def _allowed(url: str) -> bool:
    """Only Ofsted's two sites are fetched from, whatever a page links to."""
    hosts = {urlsplit(settings.OFSTED_REPORTS_URL).netloc, urlsplit(settings.OFSTED_FILES_URL).netloc}
    return urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc in hosts


def sync(
    authorities: Iterable[Authority] | None = None,
    *,
    since: dt.date | None = None,
    client: OfstedClient | None = None,
    progress: Progress = _no_progress,
) -> SyncResult:
    """Fetch the documents Ofsted lists for `authorities` (every current one with a URN by default), published on
    or after `since`, that are not yet held. Records the run as an OfstedSync; raises SyncError (after recording it
    FAILED) when a page's structure changed, with nothing stored."""
    if authorities is None:
        authorities = Authority.objects.current().exclude(urn__isnull=True).exclude(urn="").order_by("name")
    authorities = [a for a in authorities if a.urn]
    client = client or OfstedClient()
    run = OfstedSync.objects.create()
    result = SyncResult(run)
    try:
        wanted = _read_pages(client, authorities, since, result, progress)
        _fetch(client, wanted, result, progress)
    except BaseException as exc:  # Ctrl-C included: the run is not left "running"
        run.status = OfstedSyncStatus.FAILED
        run.error = str(exc) if isinstance(exc, SyncError) else f"The sync stopped: {exc!r}"
        _finish(run, result, client)
        notify_followers(result.arrivals)  # what was fetched before it stopped is held, and queued
        raise
    finally:
        client.close()
    run.status = OfstedSyncStatus.PROBLEMS if run.problems else OfstedSyncStatus.SUCCEEDED
    _finish(run, result, client)
    notify_followers(result.arrivals)
    return result


def _finish(run: OfstedSync, result: SyncResult, client: OfstedClient) -> None:
    run.finished_at = timezone.now()
    run.documents_fetched = len(result.arrivals)
    result.requests = client.requests
    run.save()


def _read_pages(
    client: OfstedClient,
    authorities: list[Authority],
    since: dt.date | None,
    result: SyncResult,
    progress: Progress,
) -> list[Publication]:
    """The documents to fetch: in scope, new enough and not yet held. Raises PageStructureError."""
    run = result.run
    listed: list[Publication] = []
    empty: list[str] = []
    for authority in progress(authorities, "Reading Ofsted's pages"):
        url = settings.OFSTED_REPORTS_URL + PROVIDER_PATH.format(urn=authority.urn)
        try:
            response = client.get(url)
            html = response.text
        except FetchError as exc:
            run.problems.append(f"{authority.name}: {exc}")
            continue
        page = read_provider_page(html, url, authority.pk)
        run.authorities_checked += 1
        if not page.publications:
            empty.append(authority.name)
            run.problems.append(f"{authority.name}: its page at {url} lists no documents")
        run.problems += [f"{authority.name}: skipped: {line}" for line in page.unreadable]
        listed.extend(page.publications)
    if empty and len(empty) == run.authorities_checked:
        raise PageStructureError(
            "No page read lists any document (no “a.publication-link”): Ofsted's pages may have changed. "
            f"Nothing was fetched. Pages without documents: {', '.join(empty[:10])}."
        )
    in_scope = []
    for publication in listed:
        if publication.kind is None or publication.format not in FORMATS:
            result.out_of_scope.append(publication)
        elif since is None or publication.published >= since:
            in_scope.append(publication)
    run.documents_listed = len(in_scope)
    held = set(
        Document.objects.filter(ofsted_file_id__in=[p.file_id for p in in_scope]).values_list(
            "ofsted_file_id", flat=True
        )
    )
    wanted: dict[str, Publication] = {}
    for publication in in_scope:
        if publication.file_id not in held:
            wanted.setdefault(publication.file_id, publication)
    return list(wanted.values())


def _fetch(client: OfstedClient, wanted: list[Publication], result: SyncResult, progress: Progress) -> None:
    run = result.run
    names = dict(Authority.objects.filter(pk__in={p.authority_id for p in wanted}).values_list("pk", "name"))
    send = jobs.queue_sender()
    for publication in progress(wanted, "Fetching new documents"):
        where = f"{names[publication.authority_id]}, {publication.title} of {publication.published:%-d %B %Y}"
        if not _allowed(publication.url):
            run.problems.append(f"{where}: not fetched, {publication.url} is not on Ofsted's sites")
            continue
        try:
            with client.download(publication.url, settings.UPLOAD_MAX_BYTES) as handle:
                if not handle.read(5).startswith(b"%PDF-"):
                    raise FetchError(f"{publication.url} did not answer with a PDF")
                handle.seek(0)
                document, created = store_upload(handle, publication.name, publication_date=publication.published)
        except FetchError as exc:
            run.problems.append(f"{where}: {exc}")
            continue
        if not _record_source(document, publication) or not created:
            continue  # the same file, already held (uploaded by hand, or listed under another id)
        document.refresh_from_db()
        send(document)
        result.arrivals.append(Arrival(document, publication))
        run.documents_fetched = len(result.arrivals)
        run.save(update_fields=["documents_fetched", "problems"])
        logger.info("Fetched %s from Ofsted as document %s", publication.url, document.pk)


def _record_source(document: Document, publication: Publication) -> bool:
    """Note Ofsted's file id and address on the document, unless it already has them (or another run got there
    first); also name its authority, until parsing reads the one the report names."""
    fields: dict[str, Any] = {"ofsted_file_id": publication.file_id, "source_url": publication.url}
    if document.authority_id is None and document.status in {DocumentStatus.QUEUED, DocumentStatus.PARSING}:
        fields["authority_id"] = publication.authority_id
    try:
        return bool(Document.objects.filter(pk=document.pk, ofsted_file_id__isnull=True).update(**fields))
    except IntegrityError:  # another run recorded this file id on another document meanwhile
        return False


def notify_followers(arrivals: list[Arrival]) -> int:
    """One email to each person following an authority with new documents, listing them. Returns how many were
    sent; a mail server that cannot be reached is logged, never a reason to fail the sync."""
    by_authority: dict[int, list[Arrival]] = defaultdict(list)
    for arrival in arrivals:
        by_authority[arrival.publication.authority_id].append(arrival)
    if not by_authority:
        return 0
    per_user: dict[Any, list[Arrival]] = defaultdict(list)
    follows = Follow.objects.filter(authority_id__in=by_authority).select_related("user", "authority")
    for follow in follows.order_by("user_id", "authority__name"):
        if follow.user.is_active and follow.user.email:
            per_user[follow.user].extend(by_authority[follow.authority_id])
    sent = 0
    names = dict(Authority.objects.filter(pk__in=by_authority).values_list("pk", "name"))
    for user, items in per_user.items():
        authorities = sorted({names[a.publication.authority_id] for a in items})
        subject = f"New from Ofsted: {', '.join(authorities)}" if len(authorities) <= 3 else "New from Ofsted"
        lines = [f"New documents from Ofsted on authorities you follow ({len(items)}):", ""]
        for arrival in items:
            pub = arrival.publication
            lines += [
                f"- {names[pub.authority_id]}: {pub.title[:1].upper()}{pub.title[1:]}, "
                f"published {pub.published:%-d %B %Y}",
                f"  In Trajectory: {settings.TRAJECTORY_SITE_URL}{arrival.document.get_absolute_url()}",
                f"  On Ofsted's site: {pub.url}",
            ]
        review = (
            "Each is read by the service: one read with high confidence throughout is published at once, the others "
            "wait for an editor's review."
            if settings.OFSTED_AUTO_PUBLISH
            else "Each is read by the service and waits for an editor's review before its facts are published."
        )
        lines += [
            "",
            review,
            f"Authorities you follow: {settings.TRAJECTORY_SITE_URL}{reverse('authorities:following')}",
        ]
        try:
            send_mail(subject, "\n".join(lines), None, [user.email])
        except Exception:  # SMTP refused or unreachable: the documents are stored whatever happens to the email
            logger.warning("Could not email %s about new documents", user.pk, exc_info=True)
            continue
        sent += 1
    return sent


def confidently_read(document: Document, threshold: float | None = None) -> bool:
    """Whether every value of the extraction was read with at least `threshold` confidence (or does not apply to
    this kind of document). A publication date the report does not print counts as read when Ofsted's page gave it."""
    threshold = settings.OFSTED_AUTO_PUBLISH_CONFIDENCE if threshold is None else threshold
    parsed = document.parsed
    if parsed is None:
        return False
    fields: list[tuple[str, Field[Any]]] = []
    for attribute in dataclasses.fields(parsed):
        item = getattr(parsed, attribute.name)
        if isinstance(item, Field):
            fields.append((attribute.name, item))
        elif isinstance(item, dict):
            fields += [(f"{attribute.name}.{k}", v) for k, v in item.items() if isinstance(v, Field)]
    for name, read in fields:
        if read.state is FieldState.NOT_APPLICABLE:
            continue
        if name == "publication_date" and read.state is FieldState.MISSING and document.publication_date_given:
            continue
        if not read.is_found or read.confidence < threshold:
            return False
    return parsed.urn.found_value is not None or document.authority_id is not None


def publish_if_confident(document: Document) -> bool:
    """With OFSTED_AUTO_PUBLISH on, publish a document fetched from Ofsted that parsing read with high confidence
    throughout, without review. Otherwise (and whenever publishing refuses) it waits for review. Returns whether
    it was published."""
    if not settings.OFSTED_AUTO_PUBLISH or not document.ofsted_file_id:
        return False
    if document.status != DocumentStatus.NEEDS_REVIEW or not confidently_read(document):
        return False
    try:
        publish(document, events_from_extraction(document))
    except PublishError as exc:
        logger.info("Document %s not published automatically: %s", document.pk, exc)
        return False
    logger.info("Published document %s from Ofsted automatically", document.pk)
    return True
