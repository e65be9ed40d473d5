from django.contrib import admin

from .models import Authority, Region, Reorganisation, StatisticalNeighbour


class NeighbourInline(admin.TabularInline):
    model = StatisticalNeighbour
    fk_name = "authority"
    extra = 0
    autocomplete_fields = ["neighbour"]


@admin.register(Authority)
class AuthorityAdmin(admin.ModelAdmin):
    list_display = ["name", "la_code", "urn", "gss_code", "region", "authority_type", "is_current"]
    list_filter = ["region", "authority_type", "is_current"]
    search_fields = ["name", "la_code", "urn", "gss_code", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [NeighbourInline]


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "gss_code"]


@admin.register(Reorganisation)
class ReorganisationAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "successor", "date"]
    autocomplete_fields = ["predecessor", "successor"]
