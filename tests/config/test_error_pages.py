"""Not found, not allowed and server error: pages in the service's own look that say what to do, not Django's bare
defaults, and with nothing the Content-Security-Policy would block."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.config.test_security import _InlineCode

pytestmark = pytest.mark.django_db


def _no_inline_code(page: str) -> None:
    parser = _InlineCode()
    parser.feed(page)
    assert not parser.problems


def test_a_missing_page_says_so_and_offers_the_list(client: Client, settings: Any) -> None:
    settings.DEBUG = False
    response = client.get("/authorities/atlantis/")
    assert response.status_code == 404
    page = response.content.decode()
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in page
    assert f'href="{reverse("authorities:list")}"' in page
    _no_inline_code(page)


def test_a_page_beyond_someones_role_says_which_role_it_needs(client: Client, viewer: Any, settings: Any) -> None:
    settings.DEBUG = False
    client.force_login(viewer)
    response = client.get(reverse("inspections:upload"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot do this" in page
    assert "Editor role" in page
    _no_inline_code(page)


def test_an_unexpected_error_gets_the_services_page(client: Client, settings: Any, monkeypatch: Any) -> None:
    settings.DEBUG = False

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr("inspections.authority_views.summarise", broken)
    client.raise_request_exception = False
    response = client.get(reverse("authorities:list"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, there is a problem with the service" in page
    assert "a bug" not in page
    _no_inline_code(page)


@pytest.mark.parametrize("https_redirect", [False, True])
@pytest.mark.parametrize("host", ["attacker.example", "", "127.0.0.1:8000@evil"])
def test_a_forged_or_empty_host_header_is_a_plain_400(
    client: Client, settings: Any, caplog: Any, host: str, https_redirect: bool
) -> None:
    """Refused in the middleware before authentication ran (in production the HTTPS redirect is the first to read
    the host), so the page has no user to read; it still renders, with the public navigation, and the log has the
    one line without a traceback."""
    settings.DEBUG = False
    settings.SECURE_SSL_REDIRECT = https_redirect
    client.raise_request_exception = False
    with caplog.at_level("WARNING"):
        response = client.get(reverse("authorities:list"), HTTP_HOST=host)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The request could not be handled" in page
    assert 'href="/overview/"' in page
    assert "Upload" not in page
    _no_inline_code(page)
    refused = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert len(refused) == 1
    assert refused[0].exc_info is None
    assert not [r for r in caplog.records if r.levelname == "ERROR" and r.name == "django.request"]
