"""A signed-in person finds how to change their password from any page, and the new one works."""

from __future__ import annotations

from typing import Any

import pytest

from config.roles import VIEWER
from tests.e2e.conftest import assert_accessible, sign_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def test_a_signed_in_person_changes_their_password_from_the_header(page: Any, authorities: None) -> None:
    UserFactory(username="bob", role=VIEWER)
    page.goto("/")
    assert page.get_by_role("link", name="Change your password").count() == 0  # not signed in: nothing to change

    sign_in(page, "bob")
    page.goto("/authorities/bury/")
    page.get_by_role("link", name="Change your password").click()
    page.wait_for_url("**/password_change/")
    assert page.get_by_role("heading", level=1).inner_text() == "Change your password"
    assert page.get_by_role("link", name="Change your password").get_attribute("aria-current") == "page"
    assert_accessible(page)

    page.get_by_label("Old password").fill("correct horse battery staple")
    page.get_by_label("New password", exact=True).fill("a much longer new passphrase")
    page.get_by_label("New password confirmation").fill("a much longer new passphrase")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/password_change/done/")
    assert page.get_by_role("heading", name="Password changed").is_visible()

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "bob", "a much longer new passphrase")
    assert page.get_by_role("button", name="Sign out").is_visible()
