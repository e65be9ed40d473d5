from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from config.http import HtmxHttpRequest

from .models import Event


@require_GET
def event_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(
        Event.objects.select_related("authority", "triggered_by", "source_document").prefetch_related(
            "judgements", "recommendations", "inspector_roles__inspector", "follow_ups"
        ),
        pk=pk,
    )
    return render(request, "inspections/event.html", {"event": event})
