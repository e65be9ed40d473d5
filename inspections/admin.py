from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Disagreement,
    Document,
    Event,
    EventInspector,
    Inspector,
    Judgement,
    OfficialRecord,
    OfstedSync,
    Recommendation,
)


class JudgementInline(admin.TabularInline):
    model = Judgement
    extra = 0


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


class EventInspectorInline(admin.TabularInline):
    model = EventInspector
    extra = 0
    autocomplete_fields = ["inspector"]


class OfficialRecordInline(admin.TabularInline):
    """Where the event stands in Ofsted's official statistics: release, sheet and row, and what the row said."""

    model = OfficialRecord
    extra = 0
    fields = ["citation", "facts"]
    readonly_fields = ["citation", "facts"]
    can_delete = False

    @admin.display(description="Source")
    def citation(self, record: OfficialRecord) -> str:
        return record.citation

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):  # history of changes: who, when, before and after
    list_display = [
        "authority",
        "kind",
        "framework",
        "start_date",
        "end_date",
        "sequence_number",
        "provenance",
    ]
    list_filter = ["kind", "framework", "inspection_type", "provenance", "dated_by_publication", "authority__region"]
    search_fields = ["authority__name", "title", "focus", "inspectors__name"]
    date_hierarchy = "start_date"
    autocomplete_fields = ["authority", "triggered_by", "source_document"]
    inlines = [JudgementInline, EventInspectorInline, RecommendationInline, OfficialRecordInline]


@admin.register(Inspector)
class InspectorAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Judgement)
class JudgementAdmin(SimpleHistoryAdmin):  # history of changes: who, when, before and after
    list_display = ["event", "area", "strand", "grade"]
    list_filter = ["strand", "grade", "event__framework"]
    search_fields = ["event__authority__name"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "doc_kind", "authority", "uploaded_at", "error_code"]
    list_filter = ["status", "doc_kind"]
    search_fields = ["original_name", "sha256", "authority__name"]
    # The stored file is linked through the permission-checked view, never by its storage URL (a bucket's signed
    # address would bypass the app); it is not replaced here, as its digest and reading belong to the upload.
    exclude = ["file"]
    readonly_fields = [
        "stored_file",
        "sha256",
        "size",
        "uploaded_at",
        "claimed_at",
        "finished_at",
        "attempts",
        "parser_version",
    ]

    @admin.display(description="File")
    def stored_file(self, document: Document) -> str:
        if not document.pk or not document.file:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("inspections:document-file", args=[document.pk]), document.original_name
        )


@admin.register(OfstedSync)
class OfstedSyncAdmin(admin.ModelAdmin):
    """The sync's runs, as recorded (inspections.ofsted_sync): read only."""

    list_display = ["started_at", "status", "authorities_checked", "documents_listed", "documents_fetched"]
    list_filter = ["status"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: OfstedSync | None = None) -> bool:
        return False


@admin.register(Disagreement)
class DisagreementAdmin(SimpleHistoryAdmin):  # an editor's settling is kept in the history
    list_display = ["event", "field", "official_value", "recorded_value", "status", "chosen"]
    list_filter = ["status", "field"]
    search_fields = ["event__authority__name"]
    readonly_fields = ["event", "field", "official_value", "official_source", "recorded_value", "recorded_source"]
