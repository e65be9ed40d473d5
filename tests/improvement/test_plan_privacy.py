"""The page cache can never keep a page with plan data (issue 14, item 8): even a request that reaches the cache
as a plain reader's (no cookies) while its user may read plans, say from a proxy stripping cookies or a session
signed in by other means, leaves nothing behind for the next reader."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from authorities.models import Authority
from config.page_cache import HEADER
from improvement.models import Action, ImprovementPlan
from improvement.views import authority_improvement
from inspections.models import Event

pytestmark = pytest.mark.django_db


def _request(user: Any) -> Any:
    request = RequestFactory().get("/authorities/bury/improvement/")
    request.user = user
    request.session = SessionStore()
    request.htmx = False
    return request


def test_a_page_showing_plans_is_never_kept_for_the_next_reader(
    inspection_2021: Event, viewer: Any, settings: Any
) -> None:
    settings.TRAJECTORY_PAGE_CACHE = True
    settings.TRAJECTORY_PUBLIC_READ = True
    bury = Authority.objects.get(slug="bury")
    plan = ImprovementPlan.objects.create(authority=bury, responds_to=inspection_2021, title="Plan Zeta-7")
    Action.objects.create(plan=plan, description="Audit every strategy meeting")

    seen_by_viewer = authority_improvement(_request(viewer), slug="bury")
    assert "Plan Zeta-7" in seen_by_viewer.content.decode()
    assert "private" in seen_by_viewer["Cache-Control"]
    assert seen_by_viewer.get(HEADER) != "hit"

    anonymous = authority_improvement(_request(AnonymousUser()), slug="bury")
    assert anonymous.get(HEADER) == "miss"  # rendered for itself, not the viewer's page
    assert "Plan Zeta-7" not in anonymous.content.decode()
    again = authority_improvement(_request(AnonymousUser()), slug="bury")
    assert again.get(HEADER) == "hit"
    assert "Plan Zeta-7" not in again.content.decode()
