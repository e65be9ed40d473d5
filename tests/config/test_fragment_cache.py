"""The fragment cache (config/fragment_cache.py): what is the same for every reader is rendered once per content
version, for signed-in readers too, and never carries one reader's links, token or name to another."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from authorities.models import Authority
from config import fragment_cache, page_cache
from config.roles import EDITOR, VIEWER
from inspections.frameworks import FrameworkCode
from inspections.models import Event, EventKind, Judgement, Provenance
from inspections.publishing import publish
from inspections.services import EventData
from tests.factories import DocumentFactory, UserFactory, document_to_review

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'(?<=X-CSRFToken": ")[^"]+|(?<=name="csrfmiddlewaretoken" value=")[^"]+')


@pytest.fixture
def bury(demo_history: None) -> Authority:
    return Authority.objects.get(name="Bury")


@pytest.fixture(autouse=True)
def _no_page_cache(settings: Any) -> None:
    """Every page rendered, so each request below goes through its fragments (signed in or not)."""
    settings.TRAJECTORY_PAGE_CACHE = False


def _fragments() -> list[str]:
    return [key for key in caches["pages"]._cache if "fragment:" in key]  # type: ignore[attr-defined]


def _queries(client: Client, url: str, **extra: Any) -> tuple[str, int]:
    """The page (its CSRF token, masked afresh for each response, left out) and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    return TOKEN.sub("token", response.content.decode()), len(queries)


def _signed_in(role: str | None) -> Client:
    client = Client()
    if role is not None:
        client.force_login(UserFactory(role=role))
    return client


@pytest.fixture
def draft_source(bury: Authority) -> Event:
    """An event read from a document not yet published: only editors may open its file."""
    event = Event.objects.filter(authority=bury, kind="inspection").latest("start_date")
    document = DocumentFactory(status="needs_review", original_name="draft-report.pdf", authority=bury)
    Event.objects.filter(pk=event.pk).update(source_document=document, provenance="parsed")
    event.refresh_from_db()
    return event


def _file_link(event: Event) -> str:
    return reverse("inspections:document-file", args=[event.source_document_id])


def _document_link(event: Event) -> str:
    return f'href="{event.source_document.get_absolute_url()}"'


@pytest.mark.parametrize("first", [EDITOR, VIEWER, None], ids=["editor first", "viewer first", "reader first"])
def test_a_fragment_kept_for_one_role_never_shows_another_roles_links(draft_source: Event, first: str | None) -> None:
    """Whoever renders the event's details first, each role then sees exactly its own links, on the event's page
    and in the details the authority page loads in place."""
    sees = {  # role: (the unpublished file's link, the link to what was read from the document)
        EDITOR: (True, True),
        VIEWER: (False, True),
        None: (False, False),
    }
    clients = {role: _signed_in(role) for role in sees}
    url = draft_source.get_absolute_url()
    order = [first, *(role for role in sees if role != first)]
    for role in order * 2:  # the second round reads what the first kept
        for extra in ({}, {"headers": {"HX-Request": "true"}}):
            body = clients[role].get(url, **extra).content.decode()
            assert "draft-report.pdf" in body
            assert (_file_link(draft_source) in body, _document_link(draft_source) in body) == sees[role], (role, extra)
    assert _fragments()  # the details were kept, not rendered for each request


def test_the_authority_page_kept_for_a_signed_in_reader_shows_nothing_of_theirs_to_others(bury: Authority) -> None:
    viewer = UserFactory(role=VIEWER, username="vera-viewer")
    signed_in = Client()
    signed_in.force_login(viewer)
    mine, _ = _queries(signed_in, bury.get_absolute_url())
    assert "Sign out" in mine
    assert "csrfmiddlewaretoken" in mine
    assert "Follow<" in mine
    kept = _fragments()
    assert kept

    theirs, _ = _queries(Client(), bury.get_absolute_url())
    assert _fragments() == kept  # served from what the viewer's request kept
    for private in ("Sign out", "csrfmiddlewaretoken", "X-CSRFToken", "Follow<", "Authorities you follow"):
        assert private not in theirs, private
    # The record itself is the same for both.
    assert theirs[theirs.index("<h2") :].split("<footer")[0] in mine


def test_a_signed_in_reader_gets_the_kept_parts_and_a_change_shows_at_once(bury: Authority) -> None:
    client = _signed_in(VIEWER)
    url = bury.get_absolute_url()
    first, rendered = _queries(client, url)
    second, kept = _queries(client, url)
    assert kept < rendered - 3  # the record, chart and position not read again
    assert second == first

    judgement = Judgement.objects.filter(event__authority=bury, strand="overall").latest("event__start_date")
    assert judgement.grade != "outstanding"
    item = f'id="event-{judgement.event_id}"'
    assert "Outstanding" not in second[second.index(item) : second.index("</li>", second.index(item))]
    Judgement.objects.filter(pk=judgement.pk).update(grade="outstanding")
    after, _ = _queries(client, url)
    assert "Outstanding" in after[after.index(item) : after.index("</li>", after.index(item))]


@pytest.mark.parametrize(
    "url",
    [
        reverse("authorities:list") + "?q=bury",
        reverse("authorities:overview"),
        reverse("authorities:map"),
        reverse("authorities:compare") + "?focus=bury&a=wigan",
    ],
)
def test_every_page_with_fragments_keeps_them_for_signed_in_readers(bury: Authority, url: str) -> None:
    client = _signed_in(VIEWER)
    first, rendered = _queries(client, url)
    second, kept = _queries(client, url)
    assert kept < rendered
    assert second == first
    assert "Sign out" in second
    assert "Sign out" not in _queries(Client(), url)[0]


def test_the_list_keeps_each_search_apart_and_htmx_gets_the_same_rows(bury: Authority) -> None:
    client = _signed_in(VIEWER)
    list_url = reverse("authorities:list")
    bury_rows = client.get(list_url, {"q": "bury"}).content.decode()
    wigan_rows = client.get(list_url, {"q": "wigan"}).content.decode()
    assert ">Bury<" in bury_rows
    assert ">Wigan<" not in bury_rows
    assert ">Wigan<" in wigan_rows
    assert ">Bury<" not in wigan_rows
    fragment = client.get(list_url, {"q": "bury"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    assert fragment.strip() in bury_rows


def test_without_the_fragment_cache_every_part_is_rendered(bury: Authority, settings: Any) -> None:
    settings.TRAJECTORY_FRAGMENT_CACHE = False
    client = _signed_in(VIEWER)
    _, first = _queries(client, bury.get_absolute_url())
    _, second = _queries(client, bury.get_absolute_url())
    assert second == first
    assert not _fragments()


def test_an_unreachable_cache_renders_the_page(bury: Authority, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise ConnectionError("no cache")

    monkeypatch.setattr(caches["pages"], "get", unreachable)
    monkeypatch.setattr(caches["pages"], "set", unreachable)
    body, _ = _queries(_signed_in(VIEWER), bury.get_absolute_url())
    assert "Inspections and visits" in body


def test_the_key_names_the_version_day_code_and_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    base = fragment_cache.key("detail", [1], "5@t")
    assert fragment_cache.key("detail", [1], "6@t") != base
    assert fragment_cache.key("detail", [2], "5@t") != base
    assert fragment_cache.key("list", [1], "5@t") != base
    monkeypatch.setattr(page_cache, "code_fingerprint", lambda: "a-new-release")
    assert fragment_cache.key("detail", [1], "5@t") != base


@pytest.mark.usefixtures("media_root")
def test_the_event_history_kept_for_a_signed_in_reader_names_no_one_to_others(bury: Authority) -> None:
    """Who changed a record is shown to signed-in people only: a page kept for one is never a reader's."""
    carol = UserFactory(username="carol-the-editor", role=EDITOR)
    document = document_to_review("report.pdf")
    data = EventData(
        authority=bury,
        kind=EventKind.INSPECTION,
        framework=FrameworkCode.ILACS,
        start_date=dt.date(2023, 3, 6),
        judgements={"overall": "good"},
        provenance=Provenance.PARSED,
        source_document=document,
    )
    [event] = publish(document, [data], carol)
    url = event.get_absolute_url()
    signed_in = Client()  # signed in with no role: the same links as a reader who is not signed in
    signed_in.force_login(UserFactory())
    assert "carol-the-editor" in signed_in.get(url).content.decode()
    kept = _fragments()
    anonymous = Client().get(url).content.decode()
    assert len(_fragments()) == len(kept) + 1  # kept apart: its key says no names are shown
    assert "A signed-in editor" in anonymous
    assert "carol-the-editor" not in anonymous
    assert "carol-the-editor" in _signed_in(VIEWER).get(url).content.decode()


def test_search_results_are_kept_for_readers_but_never_carry_links_or_unpublished_reports_to_others(
    bury: Authority,
) -> None:
    published = DocumentFactory(authority=bury, text="Permanence planning was strong.", status="published")
    waiting = DocumentFactory(authority=bury, text="Permanence planning drifted.", status="needs_review")
    url = reverse("inspections:search") + "?q=permanence"
    document_page = f'href="{published.get_absolute_url()}"'

    viewer = _signed_in(VIEWER)
    first, rendered = _queries(viewer, url)
    again, kept = _queries(viewer, url)
    assert kept < rendered
    assert again == first
    assert document_page in first  # a viewer may see what was read from a report
    assert waiting.original_name not in first  # only reviewers search reports waiting for review

    reader = _queries(Client(), url)[0]
    assert published.original_name in reader
    assert document_page not in reader

    editor = _signed_in(EDITOR)
    assert waiting.original_name in editor.get(url).content.decode()
    later = DocumentFactory(authority=bury, text="Permanence again.", status="needs_review")
    assert later.original_name in editor.get(url).content.decode()  # what reviewers see is never kept
    assert later.original_name not in viewer.get(url).content.decode()
