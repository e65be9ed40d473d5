"""`manage.py ensure_admin`, which `make run` calls: the first admin, and how to sign in."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


def _ensure_admin() -> str:
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    return out.getvalue()


def test_the_first_run_creates_an_admin_and_prints_a_one_time_password_that_signs_in(monkeypatch: Any) -> None:
    monkeypatch.delenv("TRAJECTORY_ADMIN_USERNAME", raising=False)
    monkeypatch.delenv("TRAJECTORY_ADMIN_PASSWORD", raising=False)
    printed = _ensure_admin()
    password = printed.split("one-time password: ", 1)[1].split()[0]
    assert "Change your password, in the header" in printed
    assert Client().login(username="admin", password=password)
    assert get_user_model().objects.get(username="admin").is_superuser


def test_a_later_run_says_who_to_sign_in_as_and_creates_nobody(monkeypatch: Any) -> None:
    monkeypatch.setenv("TRAJECTORY_ADMIN_USERNAME", "carol")
    monkeypatch.setenv("TRAJECTORY_ADMIN_PASSWORD", "a password from the environment")
    assert "with the password from TRAJECTORY_ADMIN_PASSWORD" in _ensure_admin()
    assert "password" not in _ensure_admin().split("(")[0]  # never printed again
    assert "Sign in as 'carol'" in _ensure_admin()
    assert get_user_model().objects.count() == 1
    assert Client().login(username="carol", password="a password from the environment")
