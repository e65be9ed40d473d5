"""A local fake of Ofsted's reports and files sites, for the sync's tests and its timing.

It serves provider pages in the structure of Ofsted's own (`/provider/44/<URN>`, each document an
`a.publication-link` whose `span.nonvisual` gives its title, format and date) and the files they link to
(`/v1/file/<id>`), from real reports on disk. A route can instead answer with a status, or slowly, to play the
faults the sync must survive. Every request is logged with its time and User-Agent.

    python -m tests.ofsted_fake ../shared/corpus --port 8765     # serve every authority of the corpus
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


@dataclass
class Listed:
    """One document on a provider page."""

    file_id: str
    title: str  # as the page shows it, e.g. "Children's services inspection"
    published: dt.date
    path: Path | None = None  # the file served; None for a link whose file the route table answers
    format: str = "pdf"


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds before answering: longer than the client's timeout plays a timeout


@dataclass
class Hit:
    path: str
    at: float
    user_agent: str


@dataclass
class FakeOfsted:
    """The fake site. `pages[urn]` are the documents each provider page lists; `answers[path]` overrides what a
    path answers (a status, a delay, a changed page)."""

    pages: dict[str, tuple[str, list[Listed]]] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    log: list[Hit] = field(default_factory=list)
    host: str = "127.0.0.1"
    port: int = 0

    def __post_init__(self) -> None:
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def add(self, urn: str, name: str, *documents: Listed) -> None:
        self.pages[urn] = (name, list(documents))

    def hits(self, prefix: str = "") -> list[Hit]:
        with self._lock:
            return [hit for hit in self.log if hit.path.startswith(prefix)]

    def start(self) -> FakeOfsted:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with fake._lock:
                    fake.log.append(Hit(self.path, time.monotonic(), self.headers.get("User-Agent", "")))
                answer = fake.answer(self.path)
                if answer.delay:
                    time.sleep(answer.delay)
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", answer.content_type)
                    self.send_header("Content-Length", str(len(answer.body)))
                    self.end_headers()
                    self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up waiting (a timeout)
                    pass

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

        self._server = ThreadingHTTPServer((self.host, self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def answer(self, path: str) -> Answer:
        if path in self.answers:
            return self.answers[path]
        if (match := re.fullmatch(r"/provider/44/(\w+)", path)) and match[1] in self.pages:
            name, documents = self.pages[match[1]]
            return Answer(body=provider_page(name, documents, self.url).encode())
        if match := re.fullmatch(r"/v1/file/(\w+)", path):
            for _, documents in self.pages.values():
                for document in documents:
                    if document.file_id == match[1] and document.path is not None:
                        return Answer(body=document.path.read_bytes(), content_type="application/pdf")
        return Answer(404, b"<h1>Page not found</h1>")


def provider_page(name: str, documents: list[Listed], files_url: str) -> str:
    """A provider page as Ofsted's reports site lays it out: a timeline of days, newest first, each with its
    publications as links to the files site."""
    days = []
    for document in sorted(documents, key=lambda d: d.published, reverse=True):
        label = f"{document.title.lower()}, {document.format} - {document.published:%-d %B %Y}".lower()
        day = f"{document.published:%-d %B %Y}"
        days.append(
            f"""
      <li class="timeline__day">
        <p class="timeline__date"><time datetime="{document.published:%Y-%m-%d}">{day}</time></p>
        <div class="event">
          <span class="event__title heading--sub">{html.escape(document.title)}</span>
          <p class="publication">
            <a class="publication-link" href="{files_url}/v1/file/{document.file_id}" target="_blank">
              {html.escape(document.title)}
              <span class="nonvisual">{html.escape(label)}</span>
            </a>
          </p>
        </div>
      </li>"""
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{html.escape(name)} - Open - Find an Inspection Report - Ofsted</title></head>
<body>
  <header class="header"><a href="/" class="header__logo">Ofsted</a></header>
  <main id="main-content" role="main">
    <div class="info">
      <h1 class="heading--title">{html.escape(name)}</h1>
      <p class="info__address">Local authority children's services</p>
    </div>
    <h2 class="heading--sub">Reports</h2>
    <div class="timeline">
      <ul class="timeline__list">{"".join(days)}
      </ul>
    </div>
  </main>
</body>
</html>
"""


def from_corpus(corpus: Path, fake: FakeOfsted | None = None) -> FakeOfsted:
    """Every authority of the shared corpus, its reports, focused visits and area SEND reports listed with the
    title and date in each file's name ("children's services inspection - 29 july 2025.pdf")."""
    fake = fake or FakeOfsted()
    number = 50_000_000
    for folder in sorted(p for kind in ("ofsted", "focused", "send") for p in (corpus / kind).glob("*_*")):
        urn, name = folder.name.split("_", 1)
        for path in sorted(folder.glob("*.pdf")):
            match = re.fullmatch(r"(.+) - (\d{1,2} [a-z]+ \d{4})\.pdf", path.name)
            if not match:
                continue
            number += 1
            published = dt.datetime.strptime(match[2], "%d %B %Y").date()
            title = match[1][:1].upper() + match[1][1:]
            fake.pages.setdefault(urn, (name.title(), []))[1].append(Listed(str(number), title, published, path))
    return fake


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    fake = from_corpus(args.corpus, FakeOfsted(port=args.port)).start()
    count = sum(len(documents) for _, documents in fake.pages.values())
    print(f"Serving {len(fake.pages)} provider pages and {count} files at {fake.url} (Ctrl-C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
