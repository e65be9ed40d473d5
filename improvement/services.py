"""Tagging events with practice themes, building improvement plans, and finding concerns that recur."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from authorities.models import Authority
from inspections.models import OFSTED_KINDS, Event

from . import themes as vocabulary
from .models import (
    Action,
    ActionStatus,
    ImprovementPlan,
    ProgressUpdate,
    TagPart,
    TagSource,
    Theme,
    ThemeTag,
)


def sync_themes(theme_model: Any = Theme) -> None:
    """Create or update a Theme row for every theme of the vocabulary (idempotent).

    Takes the model so a data migration can pass its historical one. Rows whose key has left the
    vocabulary are kept: tags may point at them.
    """
    for theme in vocabulary.THEMES:
        theme_model.objects.update_or_create(
            key=theme.key, defaults={"label": theme.label, "phrases": list(theme.phrases)}
        )


def _themes_by_key() -> dict[str, Theme]:
    rows = {t.key: t for t in Theme.objects.all()}
    if set(vocabulary.THEMES_BY_KEY) - set(rows):
        sync_themes()
        rows = {t.key: t for t in Theme.objects.all()}
    return rows


# (part, recommendation pk or None, finding index or None, theme key)
_Slot = tuple[str, int | None, int | None, str]


def _slot(tag: ThemeTag, theme_key: str) -> _Slot:
    return (tag.part, tag.recommendation_id, tag.finding_index, theme_key)


@transaction.atomic
def tag_event(event: Event) -> list[ThemeTag]:
    """Tag the event's recommendations, findings and areas with themes; return its live tags.

    Idempotent: running it again changes nothing unless the text changed. The tagger's own rows are
    refreshed; rows a person added (MANUAL) or marked `removed` are kept as they are, so a correction
    survives re-tagging. Removed tags are not in the result.
    """
    themes = _themes_by_key()
    wanted: dict[_Slot, vocabulary.ThemeMatch] = {}
    texts: list[tuple[str, int | None, int | None, str]] = [
        (TagPart.RECOMMENDATION, rec.pk, None, rec.text) for rec in event.recommendations.all()
    ]
    texts += [(TagPart.FINDING, None, i, text) for i, text in enumerate(event.findings or [])]
    texts += [(TagPart.AREA, None, i, text) for i, text in enumerate(event.themes or [])]
    for part, rec_pk, index, text in texts:
        for match in vocabulary.tag(text):
            wanted[(part, rec_pk, index, match.key)] = match

    existing = {_slot(tag, tag.theme.key): tag for tag in event.theme_tags.select_related("theme")}
    for slot, tag in existing.items():
        if tag.source == TagSource.AUTO and not tag.removed and slot not in wanted:
            tag.delete()  # the text no longer says it
    for slot, match in wanted.items():
        tag = existing.get(slot)
        if tag is None:
            part, rec_pk, index, key = slot
            ThemeTag.objects.create(
                event=event,
                part=part,
                recommendation_id=rec_pk,
                finding_index=index,
                theme=themes[key],
                matched_phrase=match.phrase[:200],
                offset=match.offset,
                source=TagSource.AUTO,
            )
        elif tag.source == TagSource.AUTO and (tag.matched_phrase, tag.offset) != (match.phrase[:200], match.offset):
            tag.matched_phrase, tag.offset = match.phrase[:200], match.offset
            tag.save(update_fields=["matched_phrase", "offset", "updated_at"])
    return list(event.theme_tags.filter(removed=False).select_related("theme", "recommendation"))


@transaction.atomic
def plan_from_recommendations(event: Event, owner_default: str = "") -> ImprovementPlan:
    """The event's improvement plan, with one action per recommendation to the council.

    Calling it again returns the same plan and adds actions only for recommendations that have none,
    so actions already being tracked are never duplicated or reset.
    """
    plan, _ = ImprovementPlan.objects.get_or_create(
        responds_to=event,
        defaults={
            "authority": event.authority,
            "title": f"Improvement plan: {event.label()} ({event.start_date:%B %Y})",
        },
    )
    covered = set(plan.actions.exclude(recommendation=None).values_list("recommendation_id", flat=True))
    for rec in event.recommendations.filter(for_lscb=False).order_by("order"):
        if rec.pk in covered:
            continue
        Action.objects.create(plan=plan, recommendation=rec, order=rec.order, description=rec.text, owner=owner_default)
    return plan


@transaction.atomic
def record_progress(action: Action, date: dt.date, note: str, status: str, evidence_url: str = "") -> ProgressUpdate:
    """Record what happened to an action and move it to `status`; raise ValueError for a move not allowed."""
    status = ActionStatus(status)
    if not action.can_move_to(status):
        raise ValueError(f"An action cannot go from {action.get_status_display()} to {status.label}.")
    update = ProgressUpdate.objects.create(
        action=action,
        date=date,
        note=note,
        evidence_url=evidence_url,
        status_before=action.status,
        status_after=status,
    )
    if action.status != status:
        action.status = status
        action.save(update_fields=["status"])
    return update


@dataclass(frozen=True)
class Appearance:
    event: Event
    date: dt.date
    kind: str
    matched_phrase: str
    mentions: int  # how many recommendations, findings and areas of the event raised the theme


@dataclass(frozen=True)
class Concern:
    theme: Theme
    appearances: tuple[Appearance, ...]  # one per event, oldest first

    @property
    def first_raised(self) -> dt.date:
        return self.appearances[0].date

    @property
    def last_raised(self) -> dt.date:
        return self.appearances[-1].date


_PART_ORDER = {TagPart.RECOMMENDATION: 0, TagPart.FINDING: 1, TagPart.AREA: 2}


def recurring_concerns(authority: Authority) -> list[Concern]:
    """Themes raised at two or more of the authority's Ofsted inspections and visits, by first appearance.

    Uses the tags as corrected by people: removed tags do not count. Events must have been tagged first.
    """
    tags = (
        ThemeTag.objects.filter(event__authority=authority, event__kind__in=OFSTED_KINDS, removed=False)
        .select_related("event", "theme", "recommendation")
        .order_by("event__start_date", "event_id")
    )
    by_theme: dict[int, dict[int, list[ThemeTag]]] = defaultdict(lambda: defaultdict(list))
    for tag in tags:
        by_theme[tag.theme_id][tag.event_id].append(tag)

    concerns = []
    for per_event in by_theme.values():
        if len(per_event) < 2:
            continue
        appearances = []
        for event_tags in per_event.values():
            first = min(
                event_tags,
                key=lambda t: (
                    _PART_ORDER[TagPart(t.part)],
                    t.recommendation.order if t.recommendation else 0,
                    t.finding_index or 0,
                ),
            )
            event = first.event
            appearances.append(
                Appearance(
                    event=event,
                    date=event.start_date,
                    kind=event.kind,
                    matched_phrase=first.matched_phrase,
                    mentions=len(event_tags),
                )
            )
        appearances.sort(key=lambda a: (a.date, a.event.pk))
        concerns.append(Concern(theme=event_tags[0].theme, appearances=tuple(appearances)))
    concerns.sort(key=lambda c: (c.first_raised, c.theme.label))
    return concerns
