"""What the load test requests: page URLs built with Django's `reverse` from the loaded database, written to
JSON for the locustfile (which runs outside Django, under gevent). Pages whose URL name does not exist
(yet) are skipped, so the load test follows the project as pages are added."""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

# Words a reader might search reports for.
SEARCH_WORDS = ("care leavers", "permanence", "exploitation", "supervision", "front door", "missing", "caseloads")
STATUS_PK = 999999999
SAMPLE_SIZE = 200  # distinct authorities / events per page kind: enough that caches do not hide the queries


def _with_query(path: str, params: dict[str, Any]) -> str:
    return f"{path}?{urlencode(params, doseq=True)}"


def build_plan(seed: int = 1, upload_files: list[Path] | None = None) -> dict[str, Any]:
    """Pages (name, weight, paths) for readers and the URLs the uploading editor uses."""
    from authorities.models import Authority, Region
    from inspections.models import Event

    rng = random.Random(seed)
    authorities = list(Authority.objects.current().order_by("name").values_list("slug", "name"))
    slugs = [slug for slug, _ in authorities]
    regions = list(Region.objects.values_list("code", flat=True))
    events = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    events = rng.sample(events, min(SAMPLE_SIZE, len(events)))
    name_words = sorted({name.split()[0][:5].lower() for _, name in authorities})

    def compare_sets() -> list[str]:
        base = reverse("authorities:compare")
        return [_with_query(base, {"focus": focus, "a": rng.sample(slugs, 4)}) for focus in rng.sample(slugs, 20)]

    home = "authorities:list"
    # (name, weight, paths): weights are a reader's mix, authority pages most of all.
    candidates: list[tuple[str, int, Callable[[], list[str]]]] = [
        ("authority list", 3, lambda: [reverse(home)]),
        ("authority list search", 2, lambda: [_with_query(reverse(home), {"q": w}) for w in name_words]),
        (
            "authority list region",
            1,
            lambda: [_with_query(reverse(home), {"region": r}) for r in regions],
        ),
        ("authority", 6, lambda: [reverse("authorities:detail", args=[s]) for s in slugs]),
        ("event", 4, lambda: [reverse("inspections:event", args=[pk]) for pk in events]),
        ("neighbours", 1, lambda: [reverse("authorities:authority-compare", args=[s]) for s in slugs[::3]]),
        ("compare", 1, compare_sets),
        ("overview", 1, lambda: [reverse("authorities:overview")]),
        ("map", 1, lambda: [reverse("authorities:map")]),
        (
            "search",
            2,
            lambda: [
                _with_query(reverse("inspections:search"), {"q": q})
                for q in itertools.chain(SEARCH_WORDS, (name for _, name in authorities[::15]))
            ],
        ),
    ]
    pages, skipped = [], []
    for name, weight, paths in candidates:
        try:
            built = paths()
        except NoReverseMatch:
            skipped.append(name)
            continue
        if built:
            pages.append({"name": name, "weight": weight, "paths": built})
    return {
        "pages": pages,
        "skipped": skipped,
        "login": reverse("login"),
        "upload": reverse("inspections:upload"),
        "documents": reverse("inspections:documents"),
        # A document's status fragment, with STATUS_PK standing for the document's id.
        "status": reverse("inspections:document-status", args=[STATUS_PK]),
        "upload_files": [str(p) for p in upload_files or ()],
    }
