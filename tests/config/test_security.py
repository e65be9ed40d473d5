"""Failed sign-in throttling, the Content-Security-Policy with no inline script, and the security headers."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from config.access import client_ip
from tests.config.conftest import Samples
from tests.config.test_permissions import ROUTES

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1") -> Any:
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_five_failed_sign_ins_pause_signing_in_and_say_until_when(editor: Any, settings: Any) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _sign_in(client, "alice", "wrong")
        assert response.status_code == 200
        assert "Enter a correct username and password" in response.text
    locked = _sign_in(client, "alice", "wrong")
    assert locked.status_code == 429
    assert locked["Retry-After"] == str(15 * 60)
    assert "Sign in paused" in locked.text
    assert "You can try again after" in locked.text
    assert "in 15 minutes" in locked.text
    # The right password does not help while paused.
    assert _sign_in(client, "alice", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_pause_is_for_that_username_from_that_address_and_ends(editor: Any, settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(Client(), "alice", "wrong")
    assert _sign_in(Client(), "alice", PASSWORD).status_code == 429
    # Someone else at another address is not locked out by an attacker guessing alice's password.
    assert _sign_in(Client(), "alice", PASSWORD, address="10.0.0.2").status_code == 302
    # After the cool-off period it works again from the first address too.
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert _sign_in(Client(), "alice", PASSWORD).status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(editor: Any, settings: Any) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(Client(), "alice", "wrong")
    assert _sign_in(Client(), "alice", PASSWORD).status_code == 302
    assert _sign_in(Client(), "alice", "wrong").status_code == 200  # the count started again


def test_the_test_client_can_still_sign_in_without_a_request(editor: Any) -> None:
    client = Client()
    assert client.login(username="alice", password=PASSWORD)
    assert client.get(reverse("inspections:upload")).status_code == 200


def test_the_client_address_behind_a_proxy_is_the_one_the_proxy_saw(rf: Any, settings: Any) -> None:
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "10.0.0.9"  # no proxy configured: the header is not trusted
    settings.TRAJECTORY_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.7"  # the forged first entry is ignored


class _InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, event-handler and style attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.htmx_config = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "script" and not names.get("src"):
            self.problems.append("<script> without src")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "meta" and names.get("name") == "htmx-config":
            self.htmx_config = names.get("content") or ""
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f"<{tag} style=…>")
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…>")
            if name.startswith("hx-on"):
                self.problems.append(f"<{tag} {name}=…> (htmx evaluates it)")


def test_the_policy_allows_no_inline_script_or_style(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]


def test_security_headers(client: Client, db: None) -> None:
    response = client.get(reverse("login"))
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_page_has_inline_script_handlers_or_styles(samples: Samples, clients: dict[str, Client]) -> None:
    """Every page of the project (every GET in the permission table), as the role that sees most of it."""
    checked = []
    for name, route in ROUTES.items():
        if route.method != "GET":
            continue
        url = reverse(name, kwargs=route.kwargs(samples)) + (f"?{route.query}" if route.query else "")
        response = clients["administrator"].get(url)
        if response.streaming:  # read a download to the end, so the test client closes its file
            b"".join(response.streaming_content)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _InlineCode()
        parser.feed(response.text)
        assert not parser.problems, f"{url}: {sorted(set(parser.problems))}"
        if "django_htmx/htmx" in response.text:  # every page that loads htmx configures it first
            assert '"allowEval": false' in parser.htmx_config, url
            assert '"includeIndicatorStyles": false' in parser.htmx_config, url
        checked.append(name)
    assert {"authorities:list", "authorities:detail", "inspections:event", "login", "inspections:upload"} <= set(
        checked
    )
