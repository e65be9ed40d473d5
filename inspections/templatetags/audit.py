"""`{% history_for obj "judgements" "recommendations" %}`: the audit trail of a record, and of its related records."""

from __future__ import annotations

from typing import Any

from django import template

from config.audit import history_of

register = template.Library()


@register.inclusion_tag("includes/history.html", takes_context=True)
def history_for(
    context: template.Context, obj: Any, *related: str, limit: int = 50, show_names: bool | None = None
) -> dict[str, Any]:
    """`show_names` is given where the page is rendered with no request (config/fragment_cache.py); otherwise the
    signed-in user decides."""
    if show_names is None:
        user = context.get("user")
        show_names = bool(user and user.is_authenticated)
    return {
        "entries": history_of(obj, tuple(related), limit=limit),
        "limit": limit,
        # Who changed what is shown to signed-in people only, even when reading is public.
        "show_names": show_names,
    }
