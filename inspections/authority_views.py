from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from authorities.models import Authority, Follow, Region
from config.fragment_cache import render_shared, shared
from config.http import HtmxHttpRequest
from config.page_cache import cache_for_readers

from .charts import trajectory_chart
from .coverage import record_coverage
from .frameworks import COMBINED_IN_CARE_LABEL, Grade
from .models import Event, EventInspector
from .position import current_position
from .standing import RULE_HOLDS, RULE_MISSING
from .summaries import LIST_STRANDS, summarise, summary_of


@require_GET
@vary_on_headers("HX-Request")
@cache_for_readers
def authority_list(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    region_code = request.GET.get("region", "")
    authorities = Authority.objects.current().select_related("region")
    if query:
        authorities = authorities.filter(Q(name__icontains=query) | Q(la_code=query) | Q(urn=query))
    if region_code:
        authorities = authorities.filter(region_id=region_code)

    def results() -> str:
        summaries = summarise(authorities)
        context = {
            "summaries": summaries,
            # Said only where some authority has no record: it costs a query.
            "coverage": record_coverage if any(s.latest_inspection is None for s in summaries) else None,
            "strands": LIST_STRANDS,
        }
        return render_shared("authorities/list.html#results", context)

    shared_results = shared("authority-list", [query, region_code], results)
    if request.htmx:
        return HttpResponse(shared_results)
    context = {
        "shared_results": shared_results,
        "regions": Region.objects.all(),
        "query": query,
        "region_code": region_code,
    }
    return render(request, "authorities/list.html", context)


@require_GET
@cache_for_readers
def authority_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    authority = get_object_or_404(Authority.objects.select_related("region"), slug=slug)
    context = {
        "authority": authority,
        "shared_body": shared(
            "authority-detail",
            [authority.pk],
            lambda: render_shared("authorities/detail.html#body", _detail_context(authority)),
        ),
        # Signed-in people only: the page a reader who is not signed in gets (and the page cache keeps) has no button.
        "following": request.user.is_authenticated
        and Follow.objects.filter(user=request.user, authority=authority).exists(),
    }
    return render(request, "authorities/detail.html", context)


def _detail_context(authority: Authority) -> dict[str, Any]:
    """What the authority page shows every reader alike: its record, chart, position and neighbours."""
    lineage = authority.lineage()
    events = list(
        Event.objects.filter(authority__in=lineage)
        # Each role with its inspector in one query, rather than a second prefetch for the inspectors.
        .prefetch_related("judgements", Prefetch("inspector_roles", EventInspector.objects.select_related("inspector")))
        .order_by("-start_date", "-pk")
    )
    in_lineage = {a.pk: a for a in lineage}
    for event in events:
        event.authority = in_lineage[event.authority_id]  # already read: not joined and built again for each event
    today = timezone.localdate()
    # The position is the authority's own: a predecessor's grades do not pass to its successor.
    position = current_position([e for e in events if e.authority_id == authority.pk], today=today)
    summary = summary_of(authority, position.last_inspection)
    overall = position.strands[0]  # the last overall judgement, however old
    previous_overall = None
    if summary.latest_inspection and not summary.grades[0].grade and overall.grade and overall.event:
        previous_overall = {"grade_label": Grade(overall.grade).label, "event": overall.event}
    return {
        "authority": authority,
        "previous_overall": previous_overall,
        "combined_label": COMBINED_IN_CARE_LABEL,
        "events": events,
        "chart": trajectory_chart(events, authority=authority, today=today, full_size=True),
        "position": position,
        "summary": summary,
        "predecessors": lineage[1:],
        "successors": authority.successors(),
        "neighbours": authority.ordered_neighbours(),
        "strands": LIST_STRANDS,
        "coverage": record_coverage,
        "rule_holds": RULE_HOLDS,
        "rule_missing": RULE_MISSING,
    }
