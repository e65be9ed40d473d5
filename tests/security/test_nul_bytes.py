"""A NUL byte in a page's parameters: PostgreSQL refuses it in a query, so a view that filtered on it answered 500
(a database error). Every page now refuses it with a plain 400 first (config.access.RefuseNulBytesMiddleware).
Run on PostgreSQL to see the behaviour this guards against: `DATABASE_URL=postgres://… pytest this file`."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


# (page, query string): every public page's parameters, and the editor's document list.
NUL_QUERIES = [
    ("authorities:list", "q=bu%00ry"),
    ("authorities:list", "region=E12000002%00"),
    ("authorities:list", "q%00=bury"),
    ("authorities:compare", "a=bury&a=bol%00ton"),
    ("authorities:compare", "focus=%00"),
    ("authorities:overview", "region=%00&grade=%00&framework=%00&type=%00"),
    ("authorities:map", "region=%00"),
    ("inspections:search", "q=%00&kind=%00&authority=%00&date_from=%00"),
    ("inspections:documents", "status=%00&ids=1%00"),
]


def test_a_nul_byte_in_a_pages_parameters_is_a_plain_400(editor: Any, settings: Any) -> None:
    """No rows needed: PostgreSQL refuses the query whatever the tables hold."""
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(editor)
    answers = {}
    for url_name, query in NUL_QUERIES:
        response = client.get(f"{reverse(url_name)}?{query}")
        answers[f"{url_name}?{query}"] = response.status_code
        if response.status_code == 400:
            assert "The request could not be handled" in response.content.decode()
    assert set(answers.values()) == {400}, answers


def test_the_same_pages_answer_without_the_nul_byte(authorities: None) -> None:
    client = Client()
    response = client.get(reverse("authorities:list") + "?q=bury")
    assert response.status_code == 200
    assert "Bury" in response.content.decode()
    assert client.get(reverse("authorities:compare") + "?a=bury&a=bolton").status_code == 200
