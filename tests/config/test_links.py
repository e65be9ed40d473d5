"""Object addresses from a once-reversed pattern (config/links.py) are exactly reverse()'s."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, path, reverse, set_script_prefix

from config.links import object_url


def _view(request: Any) -> None:
    return None


urlpatterns = [
    path("places/<slug:slug>/", _view, name="place"),
    path("numbers/<int:pk>/", _view, name="number"),
    path("words/<str:word>/", _view, name="word"),
]


@pytest.mark.parametrize(
    ("viewname", "name", "value"),
    [
        ("authorities:detail", "slug", "bury"),
        ("authorities:detail", "slug", "bath-and-north-east-somerset"),
        ("authorities:detail", "slug", "under_score-9"),
        ("authorities:detail", "slug", 123),
        ("authorities:authority-compare", "slug", "bury"),
        ("inspections:event", "pk", 1),
        ("inspections:event", "pk", 1645),
        ("inspections:event", "pk", 2718281828),
        ("inspections:event", "pk", "12"),  # reverse() takes it, as text
    ],
)
def test_it_gives_the_address_reverse_gives(viewname: str, name: str, value: int | str) -> None:
    expected = reverse(viewname, kwargs={name: value})
    assert object_url(viewname, name, value) == expected
    assert object_url(viewname, name, value) == expected  # and again, from the kept pattern


@pytest.mark.parametrize(
    ("viewname", "name", "value"),
    [
        ("authorities:detail", "slug", "not a slug"),
        ("authorities:detail", "slug", ""),
        ("authorities:detail", "slug", "dorset/../x"),
        ("inspections:event", "pk", -1),
        ("inspections:event", "pk", "twelve"),
        ("inspections:event", "pk", None),
        ("inspections:event", "pk", True),
    ],
)
def test_a_value_the_pattern_refuses_is_refused_as_reverse_refuses_it(viewname: str, name: str, value: Any) -> None:
    with pytest.raises(NoReverseMatch):
        reverse(viewname, kwargs={name: value})
    with pytest.raises(NoReverseMatch):
        object_url(viewname, name, value)


def test_a_value_that_needs_quoting_is_quoted_as_reverse_quotes_it(settings: Any) -> None:
    settings.ROOT_URLCONF = __name__
    for value in ("café au lait", "a?b#c", "50%"):
        assert object_url("word", "word", value) == reverse("word", kwargs={"word": value})


def test_it_follows_the_script_prefix() -> None:
    assert object_url("authorities:detail", "slug", "bury") == "/authorities/bury/"
    set_script_prefix("/trajectory/")
    try:
        assert object_url("authorities:detail", "slug", "bury") == "/trajectory/authorities/bury/"
        assert object_url("inspections:event", "pk", 7) == "/trajectory/events/7/"
    finally:
        clear_script_prefix()
    assert object_url("authorities:detail", "slug", "bury") == "/authorities/bury/"


def test_it_follows_a_changed_url_configuration(settings: Any) -> None:
    assert object_url("inspections:event", "pk", 7) == "/events/7/"
    settings.ROOT_URLCONF = __name__
    assert object_url("place", "slug", "bury") == "/places/bury/"
    assert object_url("number", "pk", 7) == "/numbers/7/"
    with pytest.raises(NoReverseMatch):
        object_url("inspections:event", "pk", 7)
