"""The service navigation every page shows, as GOV.UK service navigation items."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

# (URL name, label, permission needed or None); in the order the header shows them.
SECTIONS: tuple[tuple[str, str, str | None], ...] = (
    ("authorities:list", "Authorities", None),
    ("authorities:overview", "Overview", None),
    ("authorities:map", "Map", None),
    ("authorities:compare", "Compare", None),
    ("inspections:search", "Search", None),
    ("inspections:upload", "Upload", "inspections.add_document"),
    ("inspections:documents", "Documents", "inspections.view_document"),
    ("inspections:ofsted-new", "New from Ofsted", "inspections.view_document"),
    ("inspections:disagreements", "Disagreements", "inspections.change_disagreement"),
)


def navigation_items(request: HttpRequest) -> list[dict[str, Any]]:
    # An error page for a request refused before authentication ran (a forged Host header) has no user:
    # it gets the sections anyone may see.
    user = getattr(request, "user", None)
    items = []
    for url_name, label, permission in SECTIONS:
        if permission and (user is None or not user.has_perm(permission)):
            continue
        href = reverse(url_name)
        items.append({"href": href, "text": label, "current": request.path == href})
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: ``service_navigation``, the header's items for this user and page."""
    return {"service_navigation": navigation_items(request)}
