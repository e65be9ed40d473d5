"""Pages across authorities: comparison, the national and regional overview, the map.

Read-only: who may read is decided once for every page (the reading setting), not here.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from authorities.models import Authority, AuthorityBoundary, AuthorityType, Region
from config.fragment_cache import render_shared, shared
from config.page_cache import cache_for_readers

from .comparison import MAX_AUTHORITIES, compare, compare_url, neighbours_of, select
from .frameworks import FrameworkCode, Strand
from .geo import LEGEND, NOT_IN_FRAMEWORK_FILL, england_map, legend_swatch, map_rows
from .overview import GRADE_CHOICES, LEVELS, NOT_IN_FRAMEWORK, Filters, national_overview, records_for, year_chart
from .standing import RULE_HOLDS, RULE_MISSING
from .summaries import LIST_STRANDS


def _compare_page(request: HttpRequest, slugs: list[str], *, heading_for: Authority | None = None) -> HttpResponse:
    # The share link is absolute: the scheme and host it names are part of the key.
    parts = [request.build_absolute_uri("/"), heading_for.pk if heading_for else "", *slugs]
    context = {
        "heading_for": heading_for,
        "shared_content": shared(
            "compare",
            parts,
            lambda: render_shared("authorities/compare.html#content", _compare_context(request, slugs, heading_for)),
        ),
    }
    return render(request, "authorities/compare.html", context)


def _compare_context(request: HttpRequest, slugs: list[str], heading_for: Authority | None) -> dict[str, Any]:
    today = timezone.localdate()
    selection = select(slugs)
    comparison = compare(selection, today=today)
    # For the chooser: each authority's name and slug, by region.
    everyone = list(
        Authority.objects.current()
        .select_related("region")
        .only("name", "slug", "region__name")
        .order_by("region__name", "name")
    )
    by_region: dict[Region, list[Authority]] = defaultdict(list)
    for authority in everyone:
        by_region[authority.region].append(authority)
    chosen = set(selection.slugs)
    focus = selection.focus
    add_region_url = None
    if focus is not None and focus.is_current:
        extra = [a.slug for a in by_region[focus.region] if a.slug not in chosen]
        if extra:
            add_region_url = compare_url(selection.slugs + extra)
    return {
        "comparison": comparison,
        "selection": selection,
        "focus": focus,
        "heading_for": heading_for,
        "strands": LIST_STRANDS,
        "regions": [(r, members, any(a.slug in chosen for a in members)) for r, members in by_region.items()],
        "everyone": everyone,
        "chosen": chosen,
        "max_authorities": MAX_AUTHORITIES,
        "add_region_url": add_region_url,
        "neighbours_url": compare_url([a.slug for a in neighbours_of(focus)]) if focus else None,
        "share_url": request.build_absolute_uri(compare_url(selection.slugs)) if selection.authorities else None,
    }


@require_GET
@cache_for_readers
def compare_authorities(request: HttpRequest) -> HttpResponse:
    """`?focus=bury&a=bolton&a=…`: the focus (bold on the chart) first, then the others in order."""
    focus = request.GET.get("focus", "")
    slugs = request.GET.getlist("a")
    return _compare_page(request, [focus, *slugs] if focus else slugs)


@require_GET
@cache_for_readers
def authority_compare(request: HttpRequest, slug: str) -> HttpResponse:
    """An authority beside its ten statistical neighbours."""
    authority = get_object_or_404(Authority, slug=slug)
    return _compare_page(request, [a.slug for a in neighbours_of(authority)], heading_for=authority)


@require_GET
@cache_for_readers
def national_overview_page(request: HttpRequest) -> HttpResponse:
    content = shared(
        "overview",
        [request.GET.urlencode()],
        lambda: render_shared("authorities/overview.html#content", _overview_context(request)),
    )
    return render(request, "authorities/overview.html", {"shared_content": content})


def _overview_context(request: HttpRequest) -> dict[str, Any]:
    regions = list(Region.objects.all())
    filters = Filters.from_query(request.GET, regions)
    today = timezone.localdate()
    result = national_overview(filters, today=today)
    return {
        "filters": filters,
        "overview": result,
        "today": today,
        "levels": LEVELS,
        "regions": regions,
        "grade_choices": GRADE_CHOICES,
        "framework_choices": FrameworkCode.choices,
        "type_choices": AuthorityType.choices,
        "year_chart": year_chart(result.years),
        "not_in_framework": NOT_IN_FRAMEWORK,
        "rule_holds": RULE_HOLDS,
        "rule_missing": RULE_MISSING,
    }


@require_GET
@cache_for_readers
def england_map_page(request: HttpRequest) -> HttpResponse:
    """`?strand=leadership`: colour by another judgement than overall effectiveness, which ILACS 2026 lacks."""
    strand = next((s for s in LIST_STRANDS if s.value == request.GET.get("strand")), Strand.OVERALL)
    content = shared("map", [strand.value], lambda: render_shared("authorities/map.html#content", _map_context(strand)))
    return render(request, "authorities/map.html", {"strand": strand, "shared_content": content})


def _map_context(strand: Strand) -> dict[str, Any]:
    today = timezone.localdate()
    records = records_for(Authority.objects.current(), today=today)
    rows = map_rows(records, strand)
    paths = dict(AuthorityBoundary.objects.values_list("authority_id", "path"))
    areas = [row.area(paths[row.authority.pk]) for row in rows if row.authority.pk in paths]
    return {
        "map_svg": england_map(areas) if areas else None,
        "rows": rows,
        "strand": strand,
        "strand_items": [{"value": s.value, "text": str(s.label), "selected": s == strand} for s in LIST_STRANDS],
        "replaced": sum(1 for r in rows if r.fill == NOT_IN_FRAMEWORK_FILL),
        "legend": [(legend_swatch(fill), label) for fill, label in LEGEND],
        "boundaries_path": settings.BOUNDARIES_PATH,
    }
