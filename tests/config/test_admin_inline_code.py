"""Every page of the Django admin, for every registered model, holds nothing the site's Content-Security-Policy
(`script-src 'self'; style-src 'self'`) would block: no inline script, event handler, style element or style
attribute. The quick, browser-free half of tests/e2e/test_admin_csp.py, which loads the pages in Chromium."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from tests.config.conftest import Samples
from tests.config.test_security import _InlineCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(db: None) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "x" * 20))
    return client


def _admin_urls(model: Any, model_admin: Any) -> list[str]:
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{prefix}_changelist"), reverse(f"{prefix}_add")]
    obj = model._default_manager.order_by("pk").first()
    if obj is not None:
        urls += [reverse(f"{prefix}_{view}", args=[obj.pk]) for view in ("change", "history", "delete")]
        if isinstance(model_admin, SimpleHistoryAdmin) and (record := obj.history.first()) is not None:
            urls.append(reverse(f"{prefix}_simple_history", args=[obj.pk, record.history_id]))
    return urls


def _problems(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return sorted(set(parser.problems))


@pytest.mark.slow
def test_no_admin_page_has_inline_script_handlers_or_styles(samples: Samples, superuser_client: Client) -> None:
    user = get_user_model().objects.get(username="root")
    urls = [
        reverse("admin:index"),
        reverse("admin:password_change"),
        reverse("admin:auth_user_password_change", args=[user.pk]),
        *(reverse("admin:app_list", args=[app]) for app in ("inspections", "improvement", "authorities", "auth")),
    ]
    for model, model_admin in admin.site._registry.items():
        urls += _admin_urls(model, model_admin)
    urls += [reverse("admin:inspections_event_changelist") + "?q=bury&kind__exact=inspection&_popup=1"]
    checked, found = [], {}
    for url in urls:
        response = superuser_client.get(url)
        if response.status_code == 403:  # a page its admin never allows (adding django-axes' records, say)
            continue
        assert response.status_code == 200, url
        if problems := _problems(response.text):
            found[url] = problems
        checked.append(url)
    assert not found, f"inline code the CSP blocks: {found}"
    assert len(checked) > 40


def test_the_change_history_list_is_the_projects_own_without_a_style_attribute(
    samples: Samples, superuser_client: Client
) -> None:
    """django-simple-history's list gives its paginator style="border-top: 0"; templates/simple_history overrides it."""
    event = samples.event
    event.summary = "Changed once"
    event.save()
    response = superuser_client.get(reverse("admin:inspections_event_history", args=[event.pk]))
    assert "simple_history/object_history_list.html" in [t.name for t in response.templates]
    assert '<nav class="paginator"' in response.text
    assert "style=" not in response.text


def test_the_history_list_override_matches_the_installed_simple_history() -> None:
    """The override is a copy of the library's template: a new major version needs it compared again."""
    import simple_history

    assert simple_history.__version__.startswith("3."), (
        "django-simple-history changed major version: compare templates/simple_history/object_history_list.html "
        "with the library's and keep it free of inline style"
    )
