"""Addresses of objects (an authority's page, an event's) without a whole `reverse()` for each.

A page can link to some 300 authorities or events, and `reverse()` costs about 30 µs a call (the namespace is
resolved and the pattern checked every time). Here a URL pattern is reversed once, with a placeholder for its one
argument, and each value is put in the placeholder's place. Only values that need no quoting and that the
pattern is known to accept take that path; anything else goes through `reverse()`, so the address (or the
NoReverseMatch) is always the one Django would give. Meant for int, slug, str and path converters, which write
a value as `str(value)`, in patterns that do not change with the active language (there are no i18n_patterns).
"""

from __future__ import annotations

import re

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

# A value of each type that the int, slug, str and path converters all accept, and that no route contains.
_PLACEHOLDERS: dict[type, int | str] = {int: 2718281828, str: "x2718281828x"}
# What the slug converter accepts, and what needs no quoting in a path.
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")

_templates: dict[tuple[str, str, type, str, str | None], tuple[str, str] | None] = {}


def object_url(viewname: str, name: str, value: int | str) -> str:
    """`reverse(viewname, kwargs={name: value})`, for a URL pattern with that one argument."""
    kind = type(value)
    plain = (type(value) is int and value >= 0) or (type(value) is str and _PLAIN.fullmatch(value) is not None)
    if not plain:
        return reverse(viewname, kwargs={name: value})
    # The script prefix and URL configuration can differ between requests and under test settings.
    key = (viewname, name, kind, get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))
    try:
        parts = _templates[key]
    except KeyError:
        parts = _templates[key] = _template(viewname, name, _PLACEHOLDERS[kind])
    if parts is None:  # the pattern does not take this type of value: let reverse() say so
        return reverse(viewname, kwargs={name: value})
    return f"{parts[0]}{value}{parts[1]}"


def _template(viewname: str, name: str, placeholder: int | str) -> tuple[str, str] | None:
    try:
        url = reverse(viewname, kwargs={name: placeholder})
    except NoReverseMatch:
        return None
    head, _, tail = url.rpartition(str(placeholder))
    return head, tail
