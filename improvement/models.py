from __future__ import annotations

import datetime as dt
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from authorities.models import Authority
from config.audit import AuditedHistory
from config.jobs import Lifecycle, TrackedJob
from inspections.models import Event, Recommendation


class Theme(models.Model):
    """A practice theme of the curated vocabulary. Mirrors `improvement.themes.THEMES`; synced by a migration."""

    key = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=120)
    phrases = models.JSONField(default=list, blank=True, help_text="The patterns that signal the theme.")

    class Meta:
        ordering = ["label"]

    def __str__(self) -> str:
        return self.label


class TagSource(models.TextChoices):
    AUTO = "auto", "Found by the tagger"
    MANUAL = "manual", "Added by a person"


class TagPart(models.TextChoices):
    RECOMMENDATION = "recommendation", "Recommendation"
    FINDING = "finding", "Headline finding"
    AREA = "area", "Area covered or theme"


class ThemeTag(models.Model):
    """A theme found in one part of an event: a recommendation, a finding, or an area a visit covered.

    `finding_index` is the position in `event.findings` (part FINDING) or `event.themes` (part AREA); a
    recommendation tag points at the recommendation instead. The tagger owns AUTO rows and rewrites them;
    a person corrects it by adding MANUAL rows or by setting `removed` on an AUTO row, which re-tagging keeps.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="theme_tags")
    part = models.CharField(max_length=16, choices=TagPart.choices)
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.CASCADE, related_name="theme_tags"
    )
    finding_index = models.PositiveSmallIntegerField(null=True, blank=True)
    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="tags")
    matched_phrase = models.CharField(max_length=200, blank=True)
    offset = models.PositiveIntegerField(null=True, blank=True, help_text="Where the phrase starts in the text.")
    source = models.CharField(max_length=8, choices=TagSource.choices, default=TagSource.AUTO)
    removed = models.BooleanField(default=False, help_text="Set by a person: the theme does not apply here.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["event", "part", "finding_index", "recommendation", "theme"]
        indexes = [
            models.Index(fields=["theme", "removed"]),
            models.Index(fields=["event", "removed"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(part="recommendation", recommendation__isnull=False, finding_index__isnull=True)
                    | models.Q(part__in=["finding", "area"], recommendation__isnull=True, finding_index__isnull=False)
                ),
                name="theme_tag_points_at_one_part",
            ),
            models.UniqueConstraint(
                fields=["recommendation", "theme"],
                condition=models.Q(recommendation__isnull=False),
                name="theme_once_per_recommendation",
            ),
            models.UniqueConstraint(
                fields=["event", "part", "finding_index", "theme"],
                condition=models.Q(finding_index__isnull=False),
                name="theme_once_per_finding",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme} in {self.event} ({self.get_part_display().lower()})"

    def text(self) -> str:
        """The words that were tagged."""
        if self.recommendation is not None:  # no query when there is no recommendation_id
            return self.recommendation.text
        items = self.event.findings if self.part == TagPart.FINDING else self.event.themes
        return items[self.finding_index] if self.finding_index is not None and self.finding_index < len(items) else ""


# Plans and all drawn from them are for signed-in roles with this permission, in every page, fragment and export.
READ_PLANS = "improvement.view_improvementplan"


class ImprovementPlan(models.Model):
    """A council's plan in response to one inspection or visit."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="improvement_plans")
    responds_to = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="improvement_plans")
    title = models.CharField(max_length=200)
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, help_text="Moves on with every edit (config.versioning).")
    history = AuditedHistory()

    class Meta:
        ordering = ["authority", "-created"]
        indexes = [models.Index(fields=["authority", "created"])]
        constraints = [models.UniqueConstraint(fields=["responds_to"], name="one_plan_per_event")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.responds_to_id and self.authority_id and self.responds_to.authority_id != self.authority_id:
            raise ValidationError({"responds_to": "Choose an inspection or visit of the same authority."})


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"
    COMPLETE = "complete", "Complete"


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"


RAG_FOR_STATUS = {
    ActionStatus.NOT_STARTED: Rag.AMBER,  # nothing done yet is a risk, not yet a failure
    ActionStatus.ON_TRACK: Rag.GREEN,
    ActionStatus.AT_RISK: Rag.AMBER,
    ActionStatus.OFF_TRACK: Rag.RED,
    ActionStatus.COMPLETE: Rag.COMPLETE,
}

# Anything may move to anything else, except back to NOT_STARTED once work has been reported.
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    ActionStatus.NOT_STARTED: frozenset(ActionStatus),
    **{s: frozenset(ActionStatus) - {ActionStatus.NOT_STARTED} for s in ActionStatus if s != ActionStatus.NOT_STARTED},
}


class Action(models.Model):
    """One thing the council will do, usually answering one recommendation.

    Transitions (each recorded by a ProgressUpdate): NOT_STARTED → ON_TRACK / AT_RISK / OFF_TRACK / COMPLETE;
    ON_TRACK ⇄ AT_RISK ⇄ OFF_TRACK; any of those → COMPLETE; COMPLETE → ON_TRACK / AT_RISK / OFF_TRACK (reopened).
    Nothing returns to NOT_STARTED.
    """

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="actions")
    recommendation = models.ForeignKey(
        Recommendation, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    order = models.PositiveSmallIntegerField(default=0)
    description = models.TextField()
    owner = models.CharField(max_length=120, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    version = models.PositiveIntegerField(default=1, help_text="Moves on with every edit (config.versioning).")
    history = AuditedHistory()

    # Not stored: set for the plan page (views._render_plan) from the updates it fetched.
    latest: ProgressUpdate | None
    overdue: bool

    class Meta:
        ordering = ["plan", "order", "pk"]
        indexes = [
            models.Index(fields=["plan", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def rag(self) -> Rag:
        """The rating its status gives, whatever the date (see `rag_on`)."""
        return RAG_FOR_STATUS[ActionStatus(self.status)]

    def rag_on(self, today: dt.date) -> Rag:
        """The rating on `today`: an action past its due date and not started is red, not amber."""
        if self.status == ActionStatus.NOT_STARTED and self.is_overdue(today):
            return Rag.RED
        return self.rag

    def can_move_to(self, status: str) -> bool:
        return status in ALLOWED_TRANSITIONS[self.status]

    def is_overdue(self, today: dt.date) -> bool:
        return self.due_date is not None and self.status != ActionStatus.COMPLETE and self.due_date < today


class ProgressUpdate(models.Model):
    """What happened to an action on a date, and the status it left the action in."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    note = models.TextField()
    evidence_url = models.URLField(max_length=500, blank=True)
    status_before = models.CharField(max_length=12, choices=ActionStatus.choices)
    status_after = models.CharField(max_length=12, choices=ActionStatus.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["action", "date", "pk"]
        indexes = [models.Index(fields=["action", "date"])]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.get_status_after_display()}"


class ExportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    DOCX = "docx", "Word document"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    BUILDING = "building", "Building"
    DONE = "done", "Ready"
    FAILED = "failed", "Failed"


class BuildStep(StrEnum):
    """What the worker building a briefing file is doing (its progress_code)."""

    GATHERING = "gathering"
    RENDERING = "rendering"
    SAVING = "saving"
    DONE = "done"


class BriefingExport(TrackedJob):
    """A committee briefing file (PDF or Word) built in the background, and the state of that build: a tracked job
    (config.jobs; the build is `improvement.briefings.tasks.build_briefing_export`).

    Transitions: QUEUED → BUILDING → DONE, or → FAILED with error_code and error_detail;
    FAILED → QUEUED (try again); BUILDING → QUEUED (the sweep, after a worker died), or → FAILED after
    TRAJECTORY_PARSE_MAX_ATTEMPTS builds. A QUEUED row whose task could not be sent (broker down) has
    progress_code "waiting_for_queue" and is sent by the sweep. The row is stored before any work starts; the file
    only once it is complete.
    `header` holds the cover fields as typed (see `improvement.briefings.build.Header`).
    """

    lifecycle = Lifecycle(
        running=ExportStatus.BUILDING,
        done=ExportStatus.DONE,
        task="improvement.briefings.tasks.build_briefing_export",
        steps=BuildStep,
        work="building this file",
        requested_at="created_at",
    )

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="briefing_exports")
    as_of = models.DateField(help_text="The date the briefing describes; later events are left out.")
    header = models.JSONField(default=dict, blank=True)
    format = models.CharField(max_length=8, choices=ExportFormat.choices)
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    file = models.FileField(upload_to="exports/%Y/%m/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["authority", "created_at"]),
            models.Index(fields=["requested_by", "created_at"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_format_display()} briefing on {self.authority} ({self.as_of:%d %b %Y})"
