"""Improvement pages: an authority's plans and recurring concerns, plans and actions, an event's theme tags.

Themes and concerns come from published reports, so they are read like the authority and event pages.
Plans, actions and progress are a council's working record: reading them needs signing in with the view
permission, and every change needs the editor's permissions, checked here on the server.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from authorities.models import Authority
from config.govuk import error_list, render_component
from config.http import HtmxHttpRequest
from config.page_cache import cache_for_readers
from config.versioning import save_if_unchanged
from inspections.models import OFSTED_KINDS, Event, Recommendation

from .forms import (
    ActionEditForm,
    ActionForm,
    ManualTagForm,
    PlanForm,
    PlanTitleForm,
    ProgressDetailsForm,
    ProgressForm,
)
from .models import (
    RAG_FOR_STATUS,
    READ_PLANS,
    Action,
    ActionStatus,
    ImprovementPlan,
    ProgressUpdate,
    Rag,
    TagPart,
    Theme,
    ThemeTag,
)
from .services import (
    add_action,
    add_manual_tag,
    concern_overview,
    correct_progress,
    plan_from_recommendations,
    record_progress,
    set_tag_removed,
    tag_event,
)
from .templatetags.plans import status_tag


def plan_data[View: Callable[..., HttpResponse]](view: View) -> View:
    """Mark the view's responses private: they hold plan data, for signed-in roles only, so neither the page
    cache (config.page_cache keeps nothing private) nor a shared cache on the way may keep them for others."""

    @functools.wraps(view)
    def wrapper(request: HtmxHttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response

    return wrapper  # type: ignore[return-value]  # functools.wraps: it takes what the view takes


CREATE_PLAN = ("improvement.add_improvementplan", "improvement.add_action")
EDITABLE_ACTION_FIELDS = ["description", "owner", "due_date"]
CORRECT_TAGS = ("improvement.add_themetag", "improvement.change_themetag")


def _row(key: str, value: object) -> dict[str, Any]:
    """A GOV.UK summary list row; a value already made HTML (a tag, say) goes in as HTML."""
    return {"key": {"text": key}, "value": {"html": value} if isinstance(value, SafeString) else {"text": str(value)}}


def _overdue_tag(text: str) -> SafeString:
    return render_component("tag", {"text": text, "classes": "govuk-tag--red"})


def _statuses(rag: Rag) -> list[str]:
    return [status for status, rated in RAG_FOR_STATUS.items() if rated == rag]


def _rag_counts(prefix: str, today: dt.date) -> dict[str, Count]:
    """Count annotations of actions by RAG rating on `today` (`Action.rag_on`); `prefix` is the path from the
    annotated model to Action."""
    late_unstarted = Q(**{f"{prefix}status": ActionStatus.NOT_STARTED, f"{prefix}due_date__lt": today})
    counts = {}
    for rag in Rag:
        rated = Q(**{f"{prefix}status__in": _statuses(rag)})
        if rag == Rag.RED:
            rated |= late_unstarted
        elif rag == Rag.AMBER:
            rated &= ~late_unstarted
        counts[rag.value] = Count(f"{prefix}pk", filter=rated, distinct=True)
    return counts | {"total": Count(f"{prefix}pk", distinct=True)}


@require_GET
@cache_for_readers
def authority_improvement(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    authority = get_object_or_404(Authority, slug=slug)
    overview = concern_overview(authority)
    context: dict[str, Any] = {
        "authority": authority,
        "overview": overview,
        "can_read_plans": request.user.has_perm(READ_PLANS),
        "can_create_plans": request.user.has_perms(CREATE_PLAN),
        "can_correct_tags": request.user.has_perms(CORRECT_TAGS),
        "events_total": Event.objects.filter(authority=authority, kind__in=OFSTED_KINDS).count(),
        "rags": list(Rag),
    }
    if context["can_read_plans"]:
        today = timezone.localdate()
        overdue = Q(actions__due_date__lt=today) & ~Q(actions__status=ActionStatus.COMPLETE)
        context["plans"] = (
            ImprovementPlan.objects.filter(authority=authority)
            .select_related("responds_to")
            .annotate(**_rag_counts("actions__", today), overdue=Count("actions", filter=overdue, distinct=True))
            .order_by("-responds_to__start_date")
        )
    if context["can_create_plans"]:
        # Inspections and visits with something to act on and no plan yet.
        context["startable"] = (
            Event.objects.filter(authority=authority, kind__in=OFSTED_KINDS, improvement_plans__isnull=True)
            .annotate(recommendation_count=Count("recommendations", filter=Q(recommendations__for_lscb=False)))
            .filter(Q(recommendation_count__gt=0) | ~Q(findings=[]))
            .order_by("-start_date")
        )
    response = render(request, "improvement/authority.html", context)
    if context["can_read_plans"]:
        patch_cache_control(response, private=True)  # plan data: see `plan_data`
    return response


@login_required
@permission_required(CORRECT_TAGS, raise_exception=True)
@require_POST
def authority_retag(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    authority = get_object_or_404(Authority, slug=slug)
    events = list(Event.objects.filter(authority=authority, kind__in=OFSTED_KINDS).prefetch_related("recommendations"))
    for event in events:
        tag_event(event)  # keeps every tag a person added or removed
    messages.success(request, f"Tagged {len(events)} inspections and visits of {authority.name} again.")
    return HttpResponseRedirect(reverse("improvement:authority", kwargs={"slug": authority.slug}))


# Plans and actions


@plan_data
@login_required
@permission_required(CREATE_PLAN, raise_exception=True)
@require_http_methods(["GET", "POST"])
def plan_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("authority"), pk=pk, kind__in=OFSTED_KINDS)
    existing = ImprovementPlan.objects.filter(responds_to=event).first()
    if existing is not None:
        messages.info(request, "This inspection or visit already has a plan: add actions to it here.")
        return HttpResponseRedirect(reverse("improvement:plan", kwargs={"pk": existing.pk}))
    recommendations = list(event.recommendations.filter(for_lscb=False).order_by("order"))
    form = PlanForm(request.POST or None, event=event, recommendations=recommendations)
    if request.method == "POST" and form.is_valid():
        plan = plan_from_recommendations(
            event,
            owner_default=form.cleaned_data["owner"].strip(),
            recommendations=[int(pk) for pk in form.cleaned_data["recommendations"]],
            findings=[int(i) for i in form.cleaned_data["findings"]],
        )
        count = plan.actions.count()
        messages.success(request, f"Plan started with {count} action{'s' if count != 1 else ''}.")
        return HttpResponseRedirect(reverse("improvement:plan", kwargs={"pk": plan.pk}))
    # The form's own error (nothing chosen) shows on, and links to, the first group of checkboxes.
    first_group = "recommendations" if recommendations else "findings"
    errors = error_list([form])
    for item in errors:
        item.setdefault("href", f"#{form[first_group].auto_id}")
    checkbox_groups = {
        name: {
            # Each group is headed, so its legend holds an h2.
            "legend": format_html('<h2 class="govuk-fieldset__heading">{}</h2>', form[name].label),
            "error": " ".join(map(str, [*form[name].errors, *(form.non_field_errors() if name == first_group else [])]))
            or None,
        }
        for name in ("recommendations", "findings")
    }
    context = {
        "event": event,
        "form": form,
        "recommendations": recommendations,
        "error_list": errors,
        "checkbox_groups": checkbox_groups,
    }
    return render(request, "improvement/plan_form.html", context, status=400 if form.errors else 200)


@dataclass
class ActionGroup:
    recommendation: Recommendation | None
    actions: list[Action] = field(default_factory=list)


@plan_data
@login_required
@permission_required(READ_PLANS, raise_exception=True)
@require_GET
def plan_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _render_plan(request, _plan(pk))


def _plan(pk: int) -> ImprovementPlan:
    return get_object_or_404(ImprovementPlan.objects.select_related("authority", "responds_to"), pk=pk)


def _render_plan(
    request: HtmxHttpRequest,
    plan: ImprovementPlan,
    title_form: PlanTitleForm | None = None,
    conflict: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    actions = list(
        plan.actions.select_related("recommendation").prefetch_related(
            Prefetch("updates", queryset=ProgressUpdate.objects.order_by("date", "pk"))
        )
    )
    recommendations = list(plan.responds_to.recommendations.filter(for_lscb=False).order_by("order"))
    groups = {rec.pk: ActionGroup(rec) for rec in recommendations}
    others = ActionGroup(None)
    for action in actions:
        updates = list(action.updates.all())
        action.latest = updates[-1] if updates else None
        action.overdue = action.is_overdue(today)
        group = groups.get(action.recommendation_id) if action.recommendation_id else None
        (group or others).actions.append(action)
    rag_totals = {rag: sum(1 for a in actions if a.rag_on(today) == rag) for rag in Rag}
    overdue_count = sum(1 for a in actions if a.overdue)
    context = {
        "plan": plan,
        "event": plan.responds_to,
        "groups": [g for g in groups.values() if g.actions],
        "others": others,
        "unanswered": [g.recommendation for g in groups.values() if not g.actions],
        "rag_totals": rag_totals,
        "overdue_count": overdue_count,
        "action_count": len(actions),
        "summary_rows": [
            _row("Actions", len(actions)),
            _row("By RAG rating", " · ".join(f"{rag.label} {count}" for rag, count in rag_totals.items())),
            _row("Overdue", _overdue_tag(f"{overdue_count} overdue") if overdue_count else "None"),
        ],
    }
    context["title_form"] = title_form or PlanTitleForm(instance=plan)
    context["conflict"] = conflict
    return render(request, "improvement/plan.html", context, status=status)


@plan_data
@login_required
@permission_required("improvement.change_improvementplan", raise_exception=True)
@require_POST
def plan_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Change a plan's title; a save from a form opened before someone else's is refused and shows theirs."""
    plan = _plan(pk)
    typed = request.POST.get("title", "")
    form = PlanTitleForm(request.POST, instance=plan)
    if not form.is_valid():
        plan.refresh_from_db(fields=["title", "version"])
        return _render_plan(request, plan, title_form=form, status=400)
    if save_if_unchanged(plan, form.cleaned_data["version"], ["title"]):
        messages.success(request, "Plan updated.")
        return HttpResponseRedirect(reverse("improvement:plan", kwargs={"pk": plan.pk}))
    stored = _plan(pk)
    data = request.POST.copy()
    data["version"] = str(stored.version)
    retry = PlanTitleForm(data, instance=_plan(pk))
    retry.is_valid()
    conflict = _conflict(stored, [("Title of the plan", stored.title, typed.strip())])
    return _render_plan(request, stored, title_form=retry, conflict=conflict, status=409)


def _conflict(stored: Any, rows: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Who saved `stored` last and when, and the fields where what they saved differs from what was typed."""
    latest = stored.history.order_by("-history_date", "-history_id").select_related("history_user").first()
    user = latest.history_user if latest else None
    return {
        "who": (user.get_full_name() or user.get_username()) if user else "Someone else",
        "when": latest.history_date if latest else None,
        "rows": [row for row in rows if row[1] != row[2]],
    }


@plan_data
@login_required
@permission_required("improvement.add_action", raise_exception=True)
@require_http_methods(["GET", "POST"])
def action_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(ImprovementPlan.objects.select_related("authority", "responds_to"), pk=pk)
    initial = {"recommendation": request.GET.get("recommendation")} if request.GET.get("recommendation") else None
    form = ActionForm(request.POST or None, initial=initial, plan_event=plan.responds_to)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = add_action(
            plan,
            data["description"].strip(),
            owner=data["owner"].strip(),
            due_date=data["due_date"],
            recommendation=data["recommendation"],
        )
        messages.success(request, "Action added.")
        return HttpResponseRedirect(reverse("improvement:action", kwargs={"pk": action.pk}))
    context = {
        "plan": plan,
        "event": plan.responds_to,
        "form": form,
    }
    return render(request, "improvement/action_form.html", context, status=400 if form.errors else 200)


def _plan_ratings(action: Action, today: dt.date) -> str:
    """The plan's actions by RAG rating on `today`, and how many are overdue: one line of the action's summary."""
    actions = list(Action.objects.filter(plan_id=action.plan_id).only("status", "due_date"))
    ratings = " · ".join(f"{rag.label} {sum(1 for a in actions if a.rag_on(today) == rag)}" for rag in Rag)
    overdue = sum(1 for a in actions if a.is_overdue(today))
    return f"{ratings}; {overdue} overdue" if overdue else ratings


def _action_rows(action: Action, overdue: bool) -> list[dict[str, Any] | None]:
    """The summary list of an action: what it answers and what will be done, by whom, when, and how it stands,
    with its plan's ratings (updated with it when progress is recorded)."""
    due: str | SafeString = date_format(action.due_date, "j F Y") if action.due_date else "Not set"
    if overdue:
        due = format_html("{} {}", due, _overdue_tag("Overdue"))
    return [
        _row("Recommendation", action.recommendation.text) if action.recommendation else None,
        _row("What will be done", linebreaksbr(action.description, autoescape=True)),
        _row("Owner", action.owner or "Not set"),
        _row("Due", due),
        _row("Status", format_html('<span id="action-status">{}</span>', status_tag(action.status, overdue))),
        _row("Plan's actions", _plan_ratings(action, timezone.localdate())),
    ]


def _action(pk: int) -> Action:
    return get_object_or_404(
        Action.objects.select_related("plan__authority", "plan__responds_to", "recommendation"), pk=pk
    )


def _render_action(
    request: HtmxHttpRequest,
    action: Action,
    edit_form: ActionEditForm | None = None,
    progress_form: ProgressForm | None = None,
    status: int = 200,
    template: str = "improvement/action.html",
    conflict: dict[str, Any] | None = None,
) -> HttpResponse:
    overdue = action.is_overdue(timezone.localdate())
    context = {
        "action": action,
        "plan": action.plan,
        "event": action.plan.responds_to,
        "updates": list(action.updates.order_by("-date", "-pk")),
        "overdue": overdue,
        "summary_rows": _action_rows(action, overdue),
        "edit_form": edit_form or ActionEditForm(instance=action),
        "progress_form": progress_form or ProgressForm(action=action),
        "conflict": conflict,
    }
    return render(request, template, context, status=status)


@plan_data
@login_required
@permission_required(READ_PLANS, raise_exception=True)
@require_GET
def action_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _render_action(request, _action(pk))


@plan_data
@login_required
@permission_required("improvement.change_action", raise_exception=True)
@require_POST
def action_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    action = _action(pk)
    form = ActionEditForm(request.POST, instance=action)
    if form.is_valid():
        if save_if_unchanged(action, form.cleaned_data["version"], EDITABLE_ACTION_FIELDS):
            messages.success(request, "Action updated.")
            return HttpResponseRedirect(reverse("improvement:action", kwargs={"pk": action.pk}))
        return _action_conflict(request, pk, form)
    action.refresh_from_db(fields=[*EDITABLE_ACTION_FIELDS, "version"])  # show the stored values beside the errors
    return _render_action(request, action, edit_form=form, status=400)


def _action_conflict(request: HtmxHttpRequest, pk: int, form: ActionEditForm) -> HttpResponse:
    """Someone saved the action after this form was opened: nothing is saved; the page shows what they saved beside
    what this person typed, and the form (now at the stored version) keeps this person's words to save again."""
    stored = _action(pk)
    theirs = {
        "description": stored.description,
        "owner": stored.owner or "Not set",
        "due_date": date_format(stored.due_date, "j F Y") if stored.due_date else "Not set",
    }
    yours = form.cleaned_data
    yours_text = {
        "description": yours["description"],
        "owner": yours["owner"] or "Not set",
        "due_date": date_format(yours["due_date"], "j F Y") if yours["due_date"] else "Not set",
    }
    data = request.POST.copy()
    data["version"] = str(stored.version)
    retry = ActionEditForm(data, instance=_action(pk))
    retry.is_valid()
    rows = [(str(form.fields[name].label), theirs[name], yours_text[name]) for name in EDITABLE_ACTION_FIELDS]
    conflict = _conflict(stored, rows)
    return _render_action(request, stored, edit_form=retry, status=409, conflict=conflict)


@plan_data
@login_required
@permission_required(("improvement.add_progressupdate", "improvement.change_action"), raise_exception=True)
@require_POST
def action_progress(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Record a progress update; with htmx, answer with the progress section only, so it updates in place."""
    action = _action(pk)
    form = ProgressForm(request.POST, action=action)
    partial = "improvement/action.html#progress" if request.htmx else "improvement/action.html"
    if not form.is_valid():
        # htmx swaps only successful responses, so the errors come back as 200 there.
        return _render_action(
            request, action, progress_form=form, status=200 if request.htmx else 400, template=partial
        )
    data = form.cleaned_data
    record_progress(action, data["date"], data["note"], data["status"], evidence_url=data["evidence_url"])
    messages.success(request, f"Progress recorded: the action is now {action.get_status_display().lower()}.")
    if request.htmx:
        return _render_action(request, action, template=partial)
    return HttpResponseRedirect(reverse("improvement:action", kwargs={"pk": action.pk}))


@plan_data
@login_required
@permission_required("improvement.change_progressupdate", raise_exception=True)
@require_http_methods(["GET", "POST"])
def progress_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Correct a progress update's date, words or evidence link (a status is changed by recording a new update)."""
    update = get_object_or_404(ProgressUpdate.objects.select_related("action__plan__authority"), pk=pk)
    action = update.action
    action_url = reverse("improvement:action", kwargs={"pk": action.pk})
    initial = {"date": update.date, "note": update.note, "evidence_url": update.evidence_url}
    form = ProgressDetailsForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        after=action.updates.filter(pk__lt=update.pk).order_by("pk").last(),
        before=action.updates.filter(pk__gt=update.pk).order_by("pk").first(),
    )
    if form.is_valid():
        data = form.cleaned_data
        if correct_progress(update, data["date"], data["note"], data["evidence_url"]):
            messages.success(request, f"The update of {update.date:%-d %B %Y} is corrected.")
        return HttpResponseRedirect(f"{action_url}#update-{update.pk}")
    context = {"update": update, "action": action, "plan": action.plan, "form": form, "action_url": action_url}
    return render(request, "improvement/progress_edit.html", context, status=400 if form.errors else 200)


# Theme tags


@dataclass
class TaggedPart:
    """One recommendation, finding or area of an event with its theme tags."""

    key: str  # what the add form posts: recommendation:<pk>, finding:<i> or area:<i>
    heading: str
    text: str
    tags: list[ThemeTag] = field(default_factory=list)
    removed: list[ThemeTag] = field(default_factory=list)
    addable: list[Theme] = field(default_factory=list)
    error: str = ""

    @property
    def anchor(self) -> str:
        return self.key.replace(":", "-")

    @property
    def theme_items(self) -> list[dict[str, Any]]:
        """The options of the add form's select: a prompt, then each theme not tagged yet."""
        return [{"value": "", "text": "Choose a theme"}] + [{"value": t.pk, "text": t.label} for t in self.addable]


def _tagged_parts(event: Event, themes: list[Theme]) -> list[TaggedPart]:
    recommendations = sorted(event.recommendations.all(), key=lambda r: (r.for_lscb, r.order))
    parts: dict[tuple[str, int | None], TaggedPart] = {}
    for rec in recommendations:
        heading = f"{'Recommendation to the safeguarding board' if rec.for_lscb else 'Recommendation'} {rec.order}"
        parts[(TagPart.RECOMMENDATION, rec.pk)] = TaggedPart(f"recommendation:{rec.pk}", heading, rec.text)
    for i, text in enumerate(event.findings or []):
        parts[(TagPart.FINDING, i)] = TaggedPart(f"finding:{i}", f"Headline finding {i + 1}", text)
    for i, text in enumerate(event.themes or []):
        parts[(TagPart.AREA, i)] = TaggedPart(f"area:{i}", f"Area covered {i + 1}", text)
    tags = event.theme_tags.select_related("theme").order_by("offset", "theme__label")
    for tag in tags:
        slot = (tag.part, tag.recommendation_id if tag.part == TagPart.RECOMMENDATION else tag.finding_index)
        part = parts.get(slot)
        if part is not None:  # a tag of a finding no longer in the text is not shown
            (part.removed if tag.removed else part.tags).append(tag)
    for part in parts.values():
        present = {t.theme_id for t in part.tags}
        part.addable = [theme for theme in themes if theme.pk not in present]
    return list(parts.values())


def _event_for_tags(pk: int) -> Event:
    return get_object_or_404(Event.objects.select_related("authority").prefetch_related("recommendations"), pk=pk)


def _render_themes(request: HtmxHttpRequest, event: Event, errors: dict[str, str] | None = None) -> HttpResponse:
    parts = _tagged_parts(event, list(Theme.objects.order_by("label")))
    for part in parts:
        part.error = (errors or {}).get(part.key, "")
    context = {
        "event": event,
        "parts": parts,
        "tag_count": sum(len(p.tags) for p in parts),
        "can_correct_tags": request.user.has_perms(CORRECT_TAGS),
        "errors": [(p, p.error) for p in parts if p.error],
        "error_list": [{"text": f"{p.heading}: {p.error}", "href": f"#theme-{p.anchor}"} for p in parts if p.error],
    }
    return render(request, "improvement/event_themes.html", context, status=400 if errors else 200)


@require_GET
@cache_for_readers
def event_themes(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _render_themes(request, _event_for_tags(pk))


def _back_to_themes(event_pk: int, anchor: str = "") -> HttpResponseRedirect:
    url = reverse("improvement:event-themes", kwargs={"pk": event_pk})
    return HttpResponseRedirect(f"{url}#{anchor}" if anchor else url)


def _part_anchor(tag: ThemeTag) -> str:
    number = tag.recommendation_id if tag.part == TagPart.RECOMMENDATION else tag.finding_index
    return f"part-{tag.part}-{number}"


@login_required
@permission_required(CORRECT_TAGS, raise_exception=True)
@require_POST
def tag_remove(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(ThemeTag.objects.select_related("theme"), pk=pk)
    set_tag_removed(tag, True)
    messages.success(request, f"{tag.theme.label} removed. Tagging the report again will keep it removed.")
    return _back_to_themes(tag.event_id, _part_anchor(tag))


@login_required
@permission_required(CORRECT_TAGS, raise_exception=True)
@require_POST
def tag_restore(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(ThemeTag.objects.select_related("theme"), pk=pk)
    set_tag_removed(tag, False)
    messages.success(request, f"{tag.theme.label} restored.")
    return _back_to_themes(tag.event_id, _part_anchor(tag))


@login_required
@permission_required(CORRECT_TAGS, raise_exception=True)
@require_POST
def tag_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    event = _event_for_tags(pk)
    form = ManualTagForm(request.POST)
    part_key = request.POST.get("part", "")
    if not form.is_valid():
        return _render_themes(
            request, event, {part_key: " ".join(str(e) for errs in form.errors.values() for e in errs)}
        )
    kind, number = form.cleaned_data["part"]
    recommendation = None
    if kind == TagPart.RECOMMENDATION:
        recommendation = next((r for r in event.recommendations.all() if r.pk == number), None)
    try:
        tag = add_manual_tag(
            event,
            form.cleaned_data["theme"],
            kind,
            recommendation=recommendation,
            finding_index=None if kind == TagPart.RECOMMENDATION else number,
        )
    except ValueError as exc:
        return _render_themes(request, event, {part_key: str(exc)})
    messages.success(request, f"{tag.theme.label} added.")
    return _back_to_themes(event.pk, _part_anchor(tag))


@login_required
@permission_required(CORRECT_TAGS, raise_exception=True)
@require_POST
def event_retag(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    event = _event_for_tags(pk)
    tags = tag_event(event)
    messages.success(request, f"Tagged again: {len(tags)} themes. Corrections made by people were kept.")
    return _back_to_themes(event.pk)
