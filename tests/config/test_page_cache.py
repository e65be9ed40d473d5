"""The page cache for readers who are not signed in (config/page_cache.py): what is kept, for whom, and that a
change to the data is never hidden by a kept page."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import path, reverse
from django.utils.html import format_html

from authorities.models import Authority
from config import page_cache
from config.page_cache import HEADER, cache_for_readers
from inspections.frameworks import FrameworkCode
from inspections.models import Event, EventKind, Judgement
from inspections.services import EventData, upsert_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def bury(demo_history: None) -> Authority:
    return Authority.objects.get(name="Bury")


def _latest_overall(bury: Authority) -> Judgement:
    return Judgement.objects.filter(event__authority=bury, strand="overall").latest("event__start_date")


def test_a_reader_gets_the_same_page_from_the_cache_with_one_query(
    client: Client, bury: Authority, django_assert_max_num_queries: Any
) -> None:
    first = client.get(bury.get_absolute_url())
    with django_assert_max_num_queries(1):  # the content version, nothing else
        second = client.get(bury.get_absolute_url())
    assert (first[HEADER], second[HEADER]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "Cookie" in second["Vary"]


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda j: Judgement.objects.filter(pk=j.pk).update(grade="outstanding"), id="queryset update"),
        pytest.param(lambda j: setattr(j, "grade", "outstanding") or j.save(), id="model save"),
        pytest.param(
            lambda j: connection.cursor().execute(
                "UPDATE inspections_judgement SET grade = 'outstanding' WHERE id = %s", [j.pk]
            ),
            id="raw SQL",
        ),
    ],
)
def test_a_change_made_any_way_shows_at_once(client: Client, bury: Authority, change: Any) -> None:
    judgement = _latest_overall(bury)
    assert judgement.grade != "outstanding"
    client.get(bury.get_absolute_url())
    assert client.get(bury.get_absolute_url())[HEADER] == "hit"
    before = _event_item(client.get(bury.get_absolute_url()).content.decode(), judgement.event_id)
    assert "Outstanding" not in before
    change(judgement)
    after = client.get(bury.get_absolute_url())
    assert after[HEADER] == "miss"
    assert "Outstanding" in _event_item(after.content.decode(), judgement.event_id)


def _event_item(page: str, pk: int) -> str:
    """The authority page's list item of one event (the chart's axis names every grade, so look only here)."""
    start = page.index(f'id="event-{pk}"')
    return page[start : page.index("</li>", start)]


def test_a_new_event_and_a_removed_one_show_on_the_list_and_the_authority(client: Client, bury: Authority) -> None:
    visit = Event.objects.filter(authority=bury, kind="monitoring_visit").latest("start_date")
    list_url = reverse("authorities:list") + "?q=bury"
    for url in (bury.get_absolute_url(), list_url):
        client.get(url)
        assert client.get(url)[HEADER] == "hit"
    visit.delete()
    assert f'id="event-{visit.pk}"' not in client.get(bury.get_absolute_url()).content.decode()

    upsert_event(
        EventData(
            authority=bury,
            kind=EventKind.INSPECTION,
            framework=FrameworkCode.ILACS_2026,
            start_date=dt.date(2026, 6, 1),
            judgements={"leadership": "outstanding", "help_and_protection": "outstanding"},
        )
    )
    listed = client.get(list_url)
    assert listed[HEADER] == "miss"
    assert "Jun 2026" in listed.content.decode()
    assert "Jun 2026" not in client.get(reverse("authorities:list") + "?q=wigan").content.decode()


def test_each_address_query_host_and_fragment_is_kept_apart(client: Client, bury: Authority, settings: Any) -> None:
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    list_url = reverse("authorities:list")
    bury_list = client.get(list_url, {"q": "bury"})
    wigan_list = client.get(list_url, {"q": "wigan"})
    assert (bury_list[HEADER], wigan_list[HEADER]) == ("miss", "miss")
    assert ">Wigan<" in client.get(list_url, {"q": "wigan"}).content.decode()
    assert ">Wigan<" not in client.get(list_url, {"q": "bury"}).content.decode()
    assert client.get(list_url, {"q": "bury"}, headers={"HX-Request": "true"})[HEADER] == "miss"
    assert client.get(list_url, {"q": "bury"}, HTTP_HOST="other.example")[HEADER] == "miss"
    assert client.get(list_url, {"q": "bury"}, HTTP_HOST="other.example")[HEADER] == "hit"


def test_signed_in_people_never_get_or_leave_a_kept_page(client: Client, bury: Authority, viewer: Any) -> None:
    client.force_login(viewer)
    first = client.get(bury.get_absolute_url())
    second = client.get(bury.get_absolute_url())
    assert HEADER not in first
    assert HEADER not in second
    client.logout()
    assert client.get(bury.get_absolute_url())[HEADER] == "miss"


def test_a_reader_with_a_message_waiting_gets_the_page_rendered(client: Client, bury: Authority) -> None:
    client.get(bury.get_absolute_url())
    client.cookies[CookieStorage.cookie_name] = "a message"
    assert HEADER not in client.get(bury.get_absolute_url())


def test_the_fragment_and_the_page_are_kept_apart(client: Client, bury: Authority) -> None:
    event = Event.objects.filter(authority=bury).first()
    page = client.get(event.get_absolute_url())
    fragment = client.get(event.get_absolute_url(), headers={"HX-Request": "true"})
    assert fragment[HEADER] == "miss"
    assert b"<html" in page.content
    assert b"<html" not in fragment.content
    assert client.get(event.get_absolute_url(), headers={"HX-Request": "true"}).content == fragment.content


def test_a_new_day_renders_the_page_again(client: Client, bury: Authority, monkeypatch: pytest.MonkeyPatch) -> None:
    client.get(bury.get_absolute_url())
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    monkeypatch.setattr(page_cache.timezone, "localdate", lambda: tomorrow)
    assert client.get(bury.get_absolute_url())[HEADER] == "miss"


def test_new_code_renders_the_page_again(client: Client, bury: Authority, monkeypatch: pytest.MonkeyPatch) -> None:
    client.get(bury.get_absolute_url())
    monkeypatch.setattr(page_cache, "code_fingerprint", lambda: "a-new-release")
    assert client.get(bury.get_absolute_url())[HEADER] == "miss"


def test_under_debug_an_edited_template_renders_the_page_again(
    client: Client, bury: Authority, settings: Any, tmp_path: Any
) -> None:
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "page.html"
    template.write_text("<p>one</p>")
    settings.BASE_DIR = tmp_path  # only the key reads it; the pages' templates are found as before
    settings.DEBUG = True
    client.get(bury.get_absolute_url())
    assert client.get(bury.get_absolute_url())[HEADER] == "hit"
    os.utime(template, ns=(template.stat().st_atime_ns, template.stat().st_mtime_ns + 1_000_000_000))
    assert client.get(bury.get_absolute_url())[HEADER] == "miss"
    settings.DEBUG = False  # in production a template changes only with a release, which the fingerprint covers
    client.get(bury.get_absolute_url())
    os.utime(template, ns=(template.stat().st_atime_ns, template.stat().st_mtime_ns + 1_000_000_000))
    assert client.get(bury.get_absolute_url())[HEADER] == "hit"


def test_the_code_fingerprint_covers_templates_libraries_and_the_release(
    settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "templates").mkdir()
    page = tmp_path / "templates" / "page.html"
    page.write_text("<p>one</p>")
    settings.BASE_DIR = tmp_path

    def fingerprint() -> str:
        page_cache.code_fingerprint.cache_clear()
        return page_cache.code_fingerprint()

    try:
        seen = {fingerprint()}
        page.write_text("<p>two</p>")
        seen.add(fingerprint())
        monkeypatch.setattr(page_cache, "version", lambda package: "99.0")
        seen.add(fingerprint())
        monkeypatch.setenv("TRAJECTORY_RELEASE", "2026-12-05")
        seen.add(fingerprint())
        assert len(seen) == 4
    finally:
        page_cache.code_fingerprint.cache_clear()


def test_not_found_is_not_kept(client: Client, authorities: None) -> None:
    url = reverse("authorities:detail", args=["nowhere"])
    assert client.get(url).status_code == 404
    assert HEADER not in client.get(url)


def test_a_cache_that_fails_leaves_pages_working(
    client: Client, bury: Authority, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise ConnectionError("cache down")

    monkeypatch.setattr(caches["pages"], "get", broken)
    response = client.get(bury.get_absolute_url())
    assert response.status_code == 200
    assert HEADER not in response
    monkeypatch.setattr(caches["pages"], "get", lambda *a, **k: None)
    monkeypatch.setattr(caches["pages"], "set", broken)
    assert client.get(bury.get_absolute_url()).status_code == 200


def test_the_switch_turns_it_off(client: Client, bury: Authority, settings: Any) -> None:
    settings.TRAJECTORY_PAGE_CACHE = False
    client.get(bury.get_absolute_url())
    assert HEADER not in client.get(bury.get_absolute_url())


def test_sign_in_only_reading_is_not_bypassed_by_a_kept_page(client: Client, bury: Authority, settings: Any) -> None:
    assert client.get(bury.get_absolute_url())[HEADER] == "miss"
    settings.TRAJECTORY_PUBLIC_READ = False
    response = client.get(bury.get_absolute_url())
    assert response.status_code == 302
    assert HEADER not in response


# Views of this module's own, for what no page of the service does today (a form, a cookie).
@cache_for_readers
def _form_view(request: HttpRequest) -> HttpResponse:
    return HttpResponse(
        format_html('<form method="post"><input name="csrfmiddlewaretoken" value="{}"></form>', get_token(request))
    )


@cache_for_readers
def _cookie_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponse("chosen")
    response.set_cookie("choice", "1")
    return response


@cache_for_readers
def _message_view(request: HttpRequest) -> HttpResponse:
    messages.info(request, "Only for you")
    return HttpResponse("noted")


@cache_for_readers
def _session_view(request: HttpRequest) -> HttpResponse:
    request.session["seen"] = True
    return HttpResponse("remembered")


urlpatterns = [
    path("form/", _form_view),
    path("cookie/", _cookie_view),
    path("message/", _message_view),
    path("session/", _session_view),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize("url", ["/form/", "/cookie/", "/message/", "/session/"])
def test_a_page_with_a_csrf_token_a_cookie_a_message_or_a_session_is_never_shared(client: Client, url: str) -> None:
    first = client.get(url)
    assert first.status_code == 200
    assert HEADER not in first
    assert HEADER not in client.get(url)
