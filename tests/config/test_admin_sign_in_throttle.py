"""The admin's own sign-in page is throttled like the site's: the same failures pause the same username from
the same address, and the pause holds on either page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from config.roles import ADMIN
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _admin_sign_in(password: str, address: str = "10.0.0.1") -> Any:
    return Client().post(
        reverse("admin:login"), {"username": "carol", "password": password, "next": "/admin/"}, REMOTE_ADDR=address
    )


def test_failed_admin_sign_ins_pause_signing_in_on_both_pages(settings: Any) -> None:
    UserFactory(username="carol", role=ADMIN, is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _admin_sign_in("wrong").status_code == 200
    locked = _admin_sign_in("wrong")
    assert locked.status_code == 429
    assert "Sign in paused" in locked.content.decode()
    assert _admin_sign_in(PASSWORD).status_code == 429  # the right password does not help while paused
    site = Client().post(reverse("login"), {"username": "carol", "password": PASSWORD}, REMOTE_ADDR="10.0.0.1")
    assert site.status_code == 429
    assert _admin_sign_in(PASSWORD, address="10.0.0.2").status_code == 302  # not someone else elsewhere
