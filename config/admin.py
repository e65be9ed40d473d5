"""The admin's user pages for Administrators: they manage people by putting them in the three roles.

Django's own user admin lets anyone with "change user" tick "Superuser status" and grant any permission, including
to themselves. Here only a superuser sees and sets superuser and staff status and raw permissions; anyone else
chooses roles only, and cannot open a superuser's account at all (changing its password would be the same as
being it). Staff status, which opens the admin, follows the Administrator role when an Administrator sets roles.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from config.roles import ADMIN, ROLE_INCLUDES

User = get_user_model()

# Fields that give powers beyond the three roles: only a superuser may set them.
SUPERUSER_ONLY_FIELDS = frozenset({"is_superuser", "is_staff", "user_permissions"})
# Shown to Administrators, not editable: whether someone has the admin or every power.
SHOWN_READ_ONLY = ("is_staff", "is_superuser")


class RoleUserAdmin(UserAdmin):
    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:  # the add form asks for a username and password only
            return fieldsets
        restricted = []
        for name, options in fieldsets:
            fields = [f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS or f in SHOWN_READ_ONLY]
            if fields:
                restricted.append((name, {**options, "fields": fields}))
        return restricted

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser or obj is None:
            return readonly
        return (*readonly, *SHOWN_READ_ONLY)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        users = super().get_queryset(request)
        return users if request.user.is_superuser else users.filter(is_superuser=False)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ROLE_INCLUDES).order_by("name")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        other_groups: list[Group] = []
        if change and not request.user.is_superuser:
            # Groups a superuser gave beyond the roles are not offered here, so the form would drop them.
            other_groups = list(form.instance.groups.exclude(name__in=ROLE_INCLUDES))
        super().save_related(request, form, formsets, change)
        if request.user.is_superuser:
            return
        user = form.instance
        user.groups.add(*other_groups)
        is_admin = user.groups.filter(name=ADMIN).exists()
        if user.is_staff != is_admin:
            user.is_staff = is_admin
            user.save(update_fields=["is_staff"])


admin.site.unregister(User)
admin.site.register(User, RoleUserAdmin)
