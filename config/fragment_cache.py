"""Parts of pages that are the same for everyone, rendered once until what they show changes: the fragment cache.

The page cache (config/page_cache.py) serves whole pages, but only to readers who are not signed in. Signed-in
readers, and everyone when reading is not public, get their page rendered for them; most of it (charts, tables, the
overview's figures, the list's rows, the map) is still the same for every reader, so a view renders those parts
with `shared` and puts them into the page around what is personal (navigation, follow buttons, links only some
roles may follow).

A fragment can never carry one reader's data to another:

- it is rendered by `render_shared`, with no request: no user, no permissions, no CSRF token, no messages, so a
  template that asks for any of them in a shared part gets nothing;
- whatever else varies between readers (a file only editors may download) is passed in by the view and is part
  of the key, so a fragment is only ever served to readers for whom it was rendered the same.

Keys are those of the page cache: the content version (a fragment rendered before a change is never served after
it), today's date, the code's fingerprint (and under DEBUG the templates' edit time), the fragment's name and its
parts. Fragments are kept in the "pages" cache for up to TRAJECTORY_PAGE_CACHE_SECONDS. If the cache cannot be
reached, fragments are rendered as usual. TRAJECTORY_FRAGMENT_CACHE=false renders every fragment every time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from . import content_version
from .page_cache import CACHE_ALIAS, cache_key, version_read

logger = logging.getLogger(__name__)


def key(name: str, parts: Iterable[Any], version: str) -> str:
    return cache_key("fragment", version, name, *map(str, parts))


def render_shared(template_name: str, context: Mapping[str, Any]) -> SafeString:
    """Render a template (or a template's partial, "name.html#partial") with no request, so nothing personal."""
    return mark_safe(render_to_string(template_name, dict(context)))


def shared(name: str, parts: Iterable[Any], render: Callable[[], Any]) -> Any:
    """What `render()` returns (rendered HTML, or a dict or tuple of it), kept under `name` and `parts` until the
    content version moves. `parts` must name everything the result depends on besides the data and the date."""
    if not settings.TRAJECTORY_FRAGMENT_CACHE:
        return render()
    cache = caches[CACHE_ALIAS]
    try:
        # Read before rendering, as the page cache does (which may have read it for this page already).
        kept_as = key(name, parts, version_read.get() or content_version.current())
        found = cache.get(kept_as)
    except Exception:  # the cache or the version unreachable: render as if there were no cache
        logger.warning("Fragment cache unavailable; rendering %s", name, exc_info=True)
        return render()
    if found is not None:
        return found
    result = render()
    try:
        # Pickled as it is: a SafeString comes back a SafeString.
        cache.set(kept_as, result, settings.TRAJECTORY_PAGE_CACHE_SECONDS)
    except Exception:
        logger.warning("Could not keep the fragment %s", name, exc_info=True)
    return result
