from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.safestring import SafeString

from authorities.models import Authority
from config.audit import AuditedHistory
from config.jobs import Lifecycle, TrackedJob
from config.links import object_url

from .frameworks import (
    GRADE_CHOICES,
    GRADE_LEVEL,
    FrameworkCode,
    Grade,
    Strand,
    area_label,
    framework_for,
    is_combined_in_care,
)
from .parsing.types import ParsedDocument


class EventKind(models.TextChoices):
    INSPECTION = "inspection", "Inspection"
    FOCUSED_VISIT = "focused_visit", "Focused visit"
    MONITORING_VISIT = "monitoring_visit", "Monitoring visit"
    JTAI = "jtai", "Joint targeted area inspection"
    LSCB_REVIEW = "lscb_review", "Review of the safeguarding children board"
    # Not Ofsted's: milestones of DfE intervention and council reporting.
    IMPROVEMENT_NOTICE = "improvement_notice", "DfE improvement notice"
    STATUTORY_DIRECTION = "statutory_direction", "Statutory direction"
    COMMISSIONER = "commissioner", "Children's services commissioner appointed"
    IMPROVEMENT_BOARD = "improvement_board", "Improvement board established"
    DFE_ADVISER = "dfe_adviser", "DfE adviser appointed"
    COMMITTEE_REPORT = "committee_report", "Council committee report"


OFSTED_KINDS = frozenset(
    {
        EventKind.INSPECTION,
        EventKind.FOCUSED_VISIT,
        EventKind.MONITORING_VISIT,
        EventKind.JTAI,
        EventKind.LSCB_REVIEW,
    }
)
GRADED_KINDS = frozenset({EventKind.INSPECTION, EventKind.LSCB_REVIEW})


class InspectionType(models.TextChoices):
    STANDARD = "standard", "Standard"
    SHORT = "short", "Short"
    RE_INSPECTION = "re_inspection", "Re-inspection"


class Provenance(models.TextChoices):
    PARSED = "parsed", "Parsed from a document and reviewed"
    MANUAL = "manual", "Entered by hand"
    DEMO = "demo", "Demonstration data (hand-checked facts)"
    SYNTHETIC = "synthetic", "Synthetic sample for benchmarks"
    OFFICIAL = "official", "Ofsted official statistics"


# Frameworks whose reports graded "adequate" where Ofsted's official statistics now write "requires improvement
# to be good": the statistics' four-point words for the same grade, not a different one.
ADEQUATE_ERA = frozenset({FrameworkCode.SAFEGUARDING_LAC, FrameworkCode.LOOKED_AFTER, FrameworkCode.CHILD_PROTECTION})


class Inspector(models.Model):
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Event(models.Model):
    """Something that happened to an authority's children's services: an Ofsted inspection or visit,
    or a milestone of DfE intervention. Inspections carry judgements; visits carry findings."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    framework = models.CharField(max_length=24, choices=FrameworkCode.choices, blank=True)
    inspection_type = models.CharField(max_length=16, choices=InspectionType.choices, blank=True)
    sequence_number = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Monitoring visits: 1 for the first visit after the inspection."
    )
    triggered_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_ups",
        help_text="Monitoring visits: the inspection that judged the authority inadequate.",
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    published_date = models.DateField(null=True, blank=True)
    dated_by_publication = models.BooleanField(
        default=False,
        help_text="The only source gives the publication date, which stands in as the start date.",
    )
    title = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    focus = models.CharField(max_length=300, blank=True, help_text="Focused visits and JTAIs: what was looked at.")
    themes = models.JSONField(default=list, blank=True, help_text="Areas covered or themes, as phrased.")
    findings = models.JSONField(default=list, blank=True, help_text="Headline findings, in order.")
    priority_actions = models.BooleanField(null=True, blank=True)
    inspectors = models.ManyToManyField(Inspector, through="EventInspector", related_name="events")
    source_document = models.ForeignKey(
        "Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    provenance = models.CharField(max_length=10, choices=Provenance.choices, default=Provenance.MANUAL)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = AuditedHistory()

    class Meta:
        ordering = ["authority", "start_date", "pk"]
        indexes = [
            models.Index(fields=["authority", "start_date"]),
            models.Index(fields=["kind", "start_date"]),
            models.Index(fields=["framework"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="event_ends_after_it_starts",
            ),
            models.CheckConstraint(
                # The official statistics list monitoring visits without their number in the sequence.
                condition=~models.Q(kind="monitoring_visit")
                | models.Q(sequence_number__isnull=False, sequence_number__gte=1)
                | models.Q(provenance="official"),
                name="monitoring_visit_has_number",
            ),
            models.CheckConstraint(
                condition=models.Q(framework="") | models.Q(kind__in=sorted(OFSTED_KINDS)),
                name="only_ofsted_events_have_framework",
            ),
            models.UniqueConstraint(fields=["authority", "kind", "start_date"], name="one_event_of_a_kind_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.authority}: {self.label()} ({self.start_date:%b %Y})"

    def get_absolute_url(self) -> str:
        return object_url("inspections:event", "pk", self.pk)

    def clean(self) -> None:
        if (
            self.kind == EventKind.MONITORING_VISIT
            and not self.sequence_number
            and self.provenance != Provenance.OFFICIAL
        ):
            raise ValidationError({"sequence_number": "Give the monitoring visit's number in its sequence."})
        if self.inspection_type and self.kind != EventKind.INSPECTION:
            raise ValidationError({"inspection_type": "Only inspections are standard or short."})

    def label(self) -> str:
        if self.kind == EventKind.MONITORING_VISIT and self.sequence_number:
            return f"Monitoring visit {self.sequence_number}"
        if self.kind == EventKind.INSPECTION:
            framework = framework_for(self.framework)
            if self.inspection_type == InspectionType.RE_INSPECTION:
                return f"{framework.short_name if framework else 'Ofsted'} re-inspection"
            kind = f"{self.get_inspection_type_display().lower()} " if self.inspection_type else ""
            return f"{framework.short_name if framework else 'Ofsted'} {kind}inspection".replace("  ", " ")
        return self.get_kind_display()

    @property
    def is_ofsted(self) -> bool:
        return self.kind in OFSTED_KINDS

    @property
    def is_graded(self) -> bool:
        return self.kind in GRADED_KINDS

    @property
    def uses_later_wording(self) -> bool:
        """Whether a grade here may be the official statistics' "requires improvement" for a report's "adequate"."""
        return self.framework in ADEQUATE_ERA

    def judgement_for(self, strand: Strand) -> Judgement | None:
        """The judgement on `strand` (the framework's first area in that strand), if graded; for care leavers, an
        ILACS inspection's combined children in care and care leavers judgement before 2023."""
        for judgement in self.judgements.all():
            if judgement.strand == strand and judgement.is_primary:
                return judgement
        if strand == Strand.CARE_LEAVERS:
            for judgement in self.judgements.all():
                if judgement.is_primary and is_combined_in_care(self.framework, judgement.area, self.start_date):
                    return judgement
        return None

    def overall_grade(self) -> str | None:
        judgement = self.judgement_for(Strand.OVERALL)
        return judgement.grade if judgement else None


class EventInspector(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead inspector"
        TEAM = "team", "Inspector"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="inspector_roles")
    inspector = models.ForeignKey(Inspector, on_delete=models.PROTECT, related_name="roles")
    role = models.CharField(max_length=4, choices=Role.choices, default=Role.TEAM)
    order = models.PositiveSmallIntegerField(default=0)
    history = AuditedHistory()

    class Meta:
        ordering = ["event", "order"]
        constraints = [
            models.UniqueConstraint(fields=["event", "inspector"], name="inspector_once_per_event"),
            models.UniqueConstraint(fields=["event"], condition=models.Q(role="lead"), name="one_lead_inspector"),
        ]

    def __str__(self) -> str:
        return f"{self.inspector} ({self.get_role_display()})"


class Judgement(models.Model):
    """A grade given to one area of an inspection, under that inspection's framework."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="judgements")
    area = models.CharField(max_length=40, help_text="The framework's area key, e.g. help_and_protection.")
    strand = models.CharField(max_length=24, choices=Strand.choices)
    is_primary = models.BooleanField(default=True, help_text="The area a timeline follows for its strand.")
    grade = models.CharField(max_length=24, choices=GRADE_CHOICES)
    history = AuditedHistory()

    class Meta:
        ordering = ["event", "pk"]
        indexes = [models.Index(fields=["strand", "grade"])]
        constraints = [
            models.UniqueConstraint(fields=["event", "area"], name="one_grade_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.area_label()}: {self.get_grade_display()}"

    @property
    def level(self) -> int:
        return GRADE_LEVEL[Grade(self.grade)]

    def area_label(self) -> str:
        if not self.event_id:
            return self.area.replace("_", " ").capitalize()
        return area_label(self.event.framework, self.area, self.event.start_date)

    def clean(self) -> None:
        framework = framework_for(self.event.framework)
        if framework is None:
            raise ValidationError("Only an event under an inspection framework can be graded.")
        area = framework.area(self.area)
        if area is None:
            raise ValidationError({"area": f"{framework.short_name} does not judge “{self.area}”."})
        if Grade(self.grade) not in framework.grades:
            raise ValidationError({"grade": f"{framework.short_name} does not use the grade “{self.grade}”."})


class Recommendation(models.Model):
    """One item of an inspection's recommendations / 'what needs to improve', in the report's order."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="recommendations")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    timescale = models.CharField(max_length=40, blank=True)
    for_lscb = models.BooleanField(default=False, help_text="Addressed to the safeguarding board, not the council.")
    history = AuditedHistory()

    class Meta:
        ordering = ["event", "for_lscb", "order"]
        constraints = [
            models.UniqueConstraint(fields=["event", "for_lscb", "order"], name="recommendation_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text[:80]}"


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    PARSING = "parsing", "Parsing"
    NEEDS_REVIEW = "needs_review", "Needs review"
    PUBLISHED = "published", "Published"
    FAILED = "failed", "Failed"
    SUPERSEDED = "superseded", "Superseded"


# Uploads anyone may read, besides any once published and being read again (`published_at` stays set: re-parsing
# un-publishes nothing): published ones, and superseded ones (a newer upload replaced the file; its events stay).
PUBLIC_STATUSES = (DocumentStatus.PUBLISHED, DocumentStatus.SUPERSEDED)


def _parsed(extracted: dict[str, Any], doc_kind: str) -> ParsedDocument | None:
    # The row names its kind beside the extraction (and older extractions do not name their own); a row without
    # a kind has not been read.
    if not (doc_kind or extracted.get("doc_kind")):
        return None
    return ParsedDocument.from_json(extracted, doc_kind)


class ParseStep(StrEnum):
    """What the worker reading a document is doing (its progress_code); templates turn them into words."""

    READING_FILE = "reading_file"
    EXTRACTING_TEXT = "extracting_text"
    READING_CONTENT = "reading_content"
    SAVING = "saving"
    DONE = "done"


# A document a person may queue to be read again (after a failure or a parser fix).
REPARSABLE_STATUSES = (
    DocumentStatus.FAILED,
    DocumentStatus.NEEDS_REVIEW,
    DocumentStatus.SUPERSEDED,
    DocumentStatus.PUBLISHED,
)


class Document(TrackedJob):
    """An uploaded source document and the state of its parse, a tracked job (config.jobs: reading it is the
    worker's job, `inspections.tasks.parse_document_upload`).

    Transitions: QUEUED → PARSING → NEEDS_REVIEW → PUBLISHED; QUEUED/PARSING → FAILED;
    FAILED/NEEDS_REVIEW/SUPERSEDED/PUBLISHED → QUEUED (re-parse); PUBLISHED → SUPERSEDED.
    Re-parsing a published document un-publishes nothing: its events stay, and so does public access to its
    file (`published_at` stays set).
    The file is stored, with its SHA-256, before any parsing happens.
    """

    lifecycle = Lifecycle(
        running=DocumentStatus.PARSING,
        done=DocumentStatus.NEEDS_REVIEW,
        task="inspections.tasks.parse_document_upload",
        steps=ParseStep,
        work="reading this file",
        requested_at="uploaded_at",
    )

    # Not stored: set on a page of search results (search.add_passages); `headline` on PostgreSQL only.
    headline: str
    passage: SafeString

    file = models.FileField(upload_to="documents/%Y/%m/")
    sha256 = models.CharField(max_length=64, unique=True)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    status = models.CharField(max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED)
    doc_kind = models.CharField(max_length=32, blank=True)
    authority = models.ForeignKey(Authority, null=True, blank=True, on_delete=models.SET_NULL, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    parser_version = models.CharField(max_length=20, blank=True)
    extracted = models.JSONField(default=dict, blank=True)
    text = models.TextField(blank=True, help_text="Extracted text, kept for search and debugging.")
    # PostgreSQL only: kept equal to the English tsvector of `text` by a trigger (migration 0006), so a search
    # ranks stored vectors instead of re-reading each report. Always NULL on SQLite, which searches `text`.
    search_vector = SearchVectorField(null=True, editable=False)

    publication_date_given = models.DateField(
        null=True,
        blank=True,
        help_text="Publication date stated at upload, for reports that do not print it.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    previous_extracted = models.JSONField(
        default=dict, blank=True, help_text="The extraction before the latest re-parse, to show what changed."
    )
    previous_parser_version = models.CharField(max_length=20, blank=True)
    # Fetched from Ofsted's site (inspections.ofsted_sync) rather than uploaded: Ofsted's id for the file, which
    # the sync uses to know what it already holds, and the address it was fetched from.
    ofsted_file_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    source_url = models.URLField(max_length=500, blank=True)
    # The review form's optimistic lock: each publish from the review screen moves it on, so a second save from a
    # form read before the first is caught instead of silently overwriting it.
    review_version = models.PositiveIntegerField(default=0)
    reviewed_values = models.JSONField(
        default=dict, blank=True, help_text="The review form's values as last published, to start the next review."
    )
    published_values = models.JSONField(
        default=dict, blank=True, help_text="What the last publishing stored, to tell a publish that changes nothing."
    )
    # A failed upload an editor removed from the list: the row and its file stay (the same bytes again restore it).
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["status", "uploaded_at"])]
        permissions = [("publish_document", "Can review and publish a parsed document")]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("inspections:document", kwargs={"pk": self.pk})

    @property
    def is_public(self) -> bool:
        """Whether anyone may read the file (editors may read every one)."""
        return self.status in PUBLIC_STATUSES or self.published_at is not None

    @property
    def can_remove(self) -> bool:
        """Only a failed upload may be removed: anything read or published is a source of record."""
        return self.status == DocumentStatus.FAILED and self.removed_at is None

    @property
    def parsed(self) -> ParsedDocument | None:
        """The stored extraction, typed (None until the document has been read)."""
        return _parsed(self.extracted, self.doc_kind)

    @property
    def previous_parsed(self) -> ParsedDocument | None:
        """The extraction before the latest re-parse, typed (None if it was read once)."""
        return _parsed(self.previous_extracted, self.doc_kind) if self.previous_extracted else None

    @property
    def can_reparse(self) -> bool:
        return self.status in REPARSABLE_STATUSES


class OfstedSyncStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    PROBLEMS = "problems", "Finished with problems"
    FAILED = "failed", "Failed"


class OfstedSync(models.Model):
    """One run of the sync with Ofsted's reports site (inspections.ofsted_sync): what it checked, what it
    fetched, and what went wrong, for the *New from Ofsted* page.

    Transitions: RUNNING → SUCCEEDED, PROBLEMS (some pages or files could not be fetched; the rest was) or
    FAILED (a page's structure changed, and nothing was fetched; or the run stopped on an error, keeping what it
    had fetched by then).
    """

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=OfstedSyncStatus.choices, default=OfstedSyncStatus.RUNNING)
    authorities_checked = models.PositiveIntegerField(default=0)
    documents_listed = models.PositiveIntegerField(default=0, help_text="Documents of the kinds this service reads.")
    documents_fetched = models.PositiveIntegerField(default=0)
    problems = models.JSONField(default=list, blank=True, help_text="One line for each page or file not fetched.")
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = "Ofsted sync"

    def __str__(self) -> str:
        return f"Ofsted sync {self.started_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"


class OfficialRecord(models.Model):
    """Where an event stands in Ofsted's official statistics: one release's row (and, on a wide sheet, column
    group), with what that row said, so every fact shown can be traced to the cell it came from."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="official_records")
    as_at = models.DateField(help_text="The release: its “as at” date.")
    sheet = models.CharField(max_length=80)
    row = models.PositiveIntegerField(help_text="The spreadsheet's own row number.")
    group = models.CharField(max_length=80, blank=True, help_text="The column group on a wide sheet.")
    facts = models.JSONField(default=dict, help_text="What the row said: dates, type, grades, theme.")

    class Meta:
        ordering = ["event", "-as_at", "sheet", "row"]
        constraints = [
            models.UniqueConstraint(fields=["as_at", "sheet", "row", "group"], name="official_record_once"),
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def release(self) -> str:
        return f"Ofsted official statistics as at {self.as_at:%-d %B %Y}"

    @property
    def citation(self) -> str:
        """ "Ofsted official statistics as at 31 March 2025, ILACS inspection history, row 17"."""
        return f"{self.release}, {self.sheet}, row {self.row}" + (f" ({self.group})" if self.group else "")


class Disagreement(models.Model):
    """Two sources giving one inspection different values (a grade, a date): listed for editors until one
    settles which is right. Settling with the official value applies it to the event; either way the choice is
    kept in this record's history."""

    class Status(models.TextChoices):
        OPEN = "open", "To settle"
        SETTLED = "settled", "Settled"

    class Choice(models.TextChoices):
        OFFICIAL = "official", "the newest official statistics' value"
        RECORDED = "recorded", "the other source's value"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="disagreements")
    field = models.CharField(
        max_length=40, help_text="start_date, published_date, inspection_type, focus, or judgement:AREA"
    )
    official_value = models.CharField(max_length=120)
    official_source = models.CharField(max_length=250)
    recorded_value = models.CharField(max_length=120)
    recorded_source = models.CharField(max_length=250)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    chosen = models.CharField(max_length=8, choices=Choice.choices, blank=True)
    note = models.TextField(blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = AuditedHistory()

    class Meta:
        ordering = ["status", "event__authority__name", "event__start_date", "field"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "field", "official_value", "recorded_value"], name="disagreement_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event}: {self.field_label()}"

    def shown(self, value: str) -> str:
        """A stored value as a reader sees it: a grade's words, a date written out."""
        if self.field.startswith("judgement:"):
            return str(Grade(value).label) if value in Grade else value
        if self.field in {"start_date", "published_date"}:
            return f"{dt.date.fromisoformat(value):%-d %B %Y}"
        if self.field == "inspection_type":
            return str(InspectionType(value).label) if value in InspectionType.values else value
        return value

    def official_shown(self) -> str:
        return self.shown(self.official_value)

    def recorded_shown(self) -> str:
        return self.shown(self.recorded_value)

    def field_label(self) -> str:
        if self.field.startswith("judgement:"):
            area = self.field.split(":", 1)[1]
            framework = framework_for(self.event.framework)
            found = framework.area(area) if framework else None
            return f"Grade: {found.label if found else area}"
        return {
            "start_date": "Start date",
            "published_date": "Publication date",
            "inspection_type": "Inspection type",
            "focus": "Focus",
        }.get(self.field, self.field)
