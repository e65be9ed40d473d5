"""Tagging events with practice themes, building improvement plans, and finding concerns that recur."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max

from authorities.models import Authority
from inspections.models import OFSTED_KINDS, Event, Recommendation

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
    for slot, stale in existing.items():
        if stale.source == TagSource.AUTO and not stale.removed and slot not in wanted:
            stale.delete()  # the text no longer says it
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


def set_tag_removed(tag: ThemeTag, removed: bool) -> ThemeTag:
    """A person's correction: the theme does (not) apply here. Kept when the event is tagged again."""
    if tag.removed != removed:
        tag.removed = removed
        tag.save(update_fields=["removed", "updated_at"])
    return tag


@transaction.atomic
def add_manual_tag(
    event: Event,
    theme: Theme,
    part: str,
    recommendation: Recommendation | None = None,
    finding_index: int | None = None,
) -> ThemeTag:
    """Tag one part of the event with a theme by hand; a removed tag of that theme there is restored.

    Raises ValueError when the part is not the event's or the theme is already there.
    """
    part = TagPart(part)
    if part == TagPart.RECOMMENDATION:
        if recommendation is None or recommendation.event_id != event.pk:
            raise ValueError("Choose one of this inspection's recommendations.")
        finding_index = None
        existing = ThemeTag.objects.filter(recommendation=recommendation, theme=theme).first()
    else:
        items = (event.findings if part == TagPart.FINDING else event.themes) or []
        if finding_index is None or not 0 <= finding_index < len(items):
            raise ValueError("Choose one of this event's findings or areas.")
        recommendation = None
        existing = ThemeTag.objects.filter(event=event, part=part, finding_index=finding_index, theme=theme).first()
    if existing is not None:
        if not existing.removed:
            raise ValueError(f"{theme.label} is already tagged there.")
        return set_tag_removed(existing, False)
    return ThemeTag.objects.create(
        event=event,
        part=part,
        recommendation=recommendation,
        finding_index=finding_index,
        theme=theme,
        source=TagSource.MANUAL,
    )


@transaction.atomic
def plan_from_recommendations(
    event: Event,
    owner_default: str = "",
    recommendations: Collection[int] | None = None,
    findings: Collection[int] = (),
) -> ImprovementPlan:
    """The event's improvement plan, with one action per recommendation to the council.

    `recommendations` limits the actions to those recommendations (primary keys; None means all), and
    `findings` adds an action for each of those headline findings (positions in `event.findings`), the
    areas for improvement of a visit that makes no recommendations.
    Calling it again returns the same plan and adds actions only for recommendations and findings that
    have none, so actions already being tracked are never duplicated or reset.
    """
    plan, _ = ImprovementPlan.objects.get_or_create(
        responds_to=event,
        defaults={
            "authority": event.authority,
            "title": f"Improvement plan: {event.label()} ({event.start_date:%B %Y})",
        },
    )
    covered = set(plan.actions.exclude(recommendation=None).values_list("recommendation_id", flat=True))
    wanted = event.recommendations.filter(for_lscb=False).order_by("order")
    if recommendations is not None:
        wanted = wanted.filter(pk__in=recommendations)
    for rec in wanted:
        if rec.pk in covered:
            continue
        Action.objects.create(plan=plan, recommendation=rec, order=rec.order, description=rec.text, owner=owner_default)
    described = set(plan.actions.filter(recommendation=None).values_list("description", flat=True))
    texts = event.findings or []
    for index in sorted(set(findings)):
        if 0 <= index < len(texts) and texts[index] not in described:
            add_action(plan, texts[index], owner=owner_default)
    return plan


# Recommendations are numbered from 1 in a report; actions that answer none come after them all.
FINDING_ACTION_ORDER = 1000


def add_action(
    plan: ImprovementPlan,
    description: str,
    owner: str = "",
    due_date: dt.date | None = None,
    recommendation: Recommendation | None = None,
) -> Action:
    """A further action: a second one for a recommendation, or one not tied to any (from a finding)."""
    if recommendation is not None and recommendation.event_id != plan.responds_to_id:
        raise ValueError("The recommendation is not one of the inspection or visit the plan responds to.")
    last = plan.actions.aggregate(last=Max("order"))["last"] or 0
    # Actions for a recommendation sort with it; others after every recommendation.
    order = recommendation.order if recommendation is not None else max(last + 1, FINDING_ACTION_ORDER)
    return Action.objects.create(
        plan=plan, recommendation=recommendation, order=order, description=description, owner=owner, due_date=due_date
    )


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


def correct_progress(update: ProgressUpdate, date: dt.date, note: str, evidence_url: str) -> list[str]:
    """Correct what an update says happened (its date, words or evidence link); the statuses it recorded stay, so
    the action's path is changed only by recording a new update. Returns the fields that changed."""
    values = {"date": date, "note": note, "evidence_url": evidence_url}
    changed = [name for name, value in values.items() if getattr(update, name) != value]
    for name in changed:
        setattr(update, name, values[name])
    if changed:
        update.save(update_fields=changed)
    return changed


@dataclass(frozen=True)
class Appearance:
    event: Event
    date: dt.date
    kind: str
    matched_phrase: str
    mentions: int  # how many recommendations, findings and areas of the event raised the theme
    part: str = ""  # the part the first mention is in (TagPart)
    tag: ThemeTag | None = None  # the first mention, for its words in context


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
    return [c for c in _theme_histories(_live_tags(authority)) if len(c.appearances) >= 2]


@dataclass(frozen=True)
class ConcernOverview:
    """What an authority's inspections and visits said, theme by theme, for a committee."""

    recurring: list[Concern]  # raised at two or more events, by first appearance
    # Themes last raised before at least one later event that raised other themes, with those later events.
    not_raised_since: list[tuple[Concern, list[Event]]]
    tagged_events: list[Event]  # the events that raised any theme, oldest first


def concern_overview(authority: Authority) -> ConcernOverview:
    """Recurring concerns and the themes not raised again since, from one query.

    A theme counts as "not raised since" only against later events that raised something, so an event
    whose text was never recorded or tagged does not make a concern look resolved.
    """
    tags = _live_tags(authority)
    histories = _theme_histories(tags)
    events = list({tag.event_id: tag.event for tag in tags}.values())
    events.sort(key=lambda e: (e.start_date, e.pk))
    not_raised_since = []
    for concern in histories:
        last = concern.appearances[-1]
        later = [e for e in events if (e.start_date, e.pk) > (last.date, last.event.pk)]
        if later:
            not_raised_since.append((concern, later))
    not_raised_since.sort(key=lambda item: (item[0].last_raised, item[0].theme.label))
    return ConcernOverview(
        recurring=[c for c in histories if len(c.appearances) >= 2],
        not_raised_since=not_raised_since,
        tagged_events=events,
    )


def _live_tags(authority: Authority) -> list[ThemeTag]:
    return list(
        ThemeTag.objects.filter(event__authority=authority, event__kind__in=OFSTED_KINDS, removed=False)
        .select_related("event", "theme", "recommendation")
        .order_by("event__start_date", "event_id")
    )


def _theme_histories(tags: list[ThemeTag]) -> list[Concern]:
    """Every theme the tags raise, with one appearance per event, by first appearance."""
    by_theme: dict[int, dict[int, list[ThemeTag]]] = defaultdict(lambda: defaultdict(list))
    for tag in tags:
        by_theme[tag.theme_id][tag.event_id].append(tag)

    concerns = []
    for per_event in by_theme.values():
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
                    part=first.part,
                    tag=first,
                )
            )
        appearances.sort(key=lambda a: (a.date, a.event.pk))
        concerns.append(Concern(theme=event_tags[0].theme, appearances=tuple(appearances)))
    concerns.sort(key=lambda c: (c.first_raised, c.theme.label))
    return concerns
