"""Template helpers for improvement plans and theme tags."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from config import govuk
from improvement.models import RAG_FOR_STATUS, ActionStatus, Rag, ThemeTag

register = template.Library()

_RAG_COLOURS = {Rag.RED: "red", Rag.AMBER: "orange", Rag.GREEN: "green", Rag.COMPLETE: "blue"}


@register.simple_tag
def status_tag(status: str, overdue: bool = False) -> str:
    """An action's status as a GOV.UK tag in its RAG colour; the rating and status are always written too.
    `overdue`: past its due date and not complete; one not started then is red (`Action.rag_on`)."""
    status = ActionStatus(status)
    rag = Rag.RED if overdue and status == ActionStatus.NOT_STARTED else RAG_FOR_STATUS[status]
    words = status.label if rag == Rag.COMPLETE else f"{rag.label}: {status.label.lower()}"
    if overdue and status != ActionStatus.COMPLETE:
        words = f"{words}, overdue"
    return govuk.tag(str(words), f"govuk-tag--{_RAG_COLOURS[rag]} app-rag")


CONTEXT_CHARS = 90


@register.simple_tag
def in_context(tag: ThemeTag, text: str | None = None) -> str:
    """The tagged words with the matched phrase marked, cut to a window around it."""
    text = tag.text() if text is None else text
    start = tag.offset
    if not tag.matched_phrase or start is None or text[start : start + len(tag.matched_phrase)] != tag.matched_phrase:
        return format_html("{}", _shorten(text, 2 * CONTEXT_CHARS))
    end = start + len(tag.matched_phrase)
    before = text[max(0, start - CONTEXT_CHARS) : start]
    after = text[end : end + CONTEXT_CHARS]
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        "…" if start > CONTEXT_CHARS else "",
        before,
        text[start:end],
        after,
        "…" if end + CONTEXT_CHARS < len(text) else "",
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + "…"
