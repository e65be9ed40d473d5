from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, ImprovementPlan, ProgressUpdate, Theme, ThemeTag


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["label", "key"]
    search_fields = ["label", "key"]
    readonly_fields = ["key", "phrases"]  # the vocabulary lives in improvement/themes.py


@admin.register(ThemeTag)
class ThemeTagAdmin(SimpleHistoryAdmin):  # history of changes: who, when, before and after
    list_display = ["event", "theme", "part", "matched_phrase", "source", "removed"]
    list_filter = ["theme", "part", "source", "removed", "event__kind"]
    search_fields = ["event__authority__name", "matched_phrase", "recommendation__text"]
    autocomplete_fields = ["event", "theme"]
    raw_id_fields = ["recommendation"]
    readonly_fields = ["offset", "created_at", "updated_at"]


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["order", "description", "owner", "due_date", "status"]


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(SimpleHistoryAdmin):  # history of changes: who, when, before and after
    list_display = ["title", "authority", "responds_to", "created"]
    list_filter = ["responds_to__kind", "authority__region"]
    search_fields = ["title", "authority__name"]
    autocomplete_fields = ["authority", "responds_to"]
    date_hierarchy = "created"
    inlines = [ActionInline]


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["date", "note", "evidence_url", "status_before", "status_after"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):  # history of changes: who, when, before and after
    list_display = ["description", "plan", "owner", "due_date", "status"]
    list_filter = ["status", "plan__authority"]
    search_fields = ["description", "owner", "plan__title", "plan__authority__name"]
    autocomplete_fields = ["plan"]
    raw_id_fields = ["recommendation"]
    inlines = [ProgressUpdateInline]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):  # history of changes: who, when, before and after
    list_display = ["action", "date", "status_before", "status_after"]
    list_filter = ["status_after", "date"]
    search_fields = ["note", "action__description", "action__plan__authority__name"]
    autocomplete_fields = ["action"]
    date_hierarchy = "date"
