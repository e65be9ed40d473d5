"""The three roles, as groups with permissions. Created after every migrate, so they always exist."""

from __future__ import annotations

from typing import Any

VIEWER = "Viewer"
EDITOR = "Editor"
ADMIN = "Administrator"

# app_label.codename for each role; an admin also has everything an editor has.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    VIEWER: (
        "authorities.view_authority",
        "inspections.view_event",
        "inspections.view_document",
        "improvement.view_improvementplan",
        "improvement.view_action",
        "improvement.view_progressupdate",
        "improvement.view_themetag",
        "improvement.add_briefingexport",  # signed-in readers may build briefing files (PDF, Word)
    ),
    EDITOR: (
        "inspections.add_document",
        "inspections.change_document",
        "inspections.publish_document",
        "inspections.add_event",
        "inspections.change_event",
        "inspections.add_judgement",
        "inspections.change_judgement",
        "inspections.add_recommendation",
        "inspections.change_recommendation",
        "inspections.view_disagreement",
        "inspections.change_disagreement",
        "improvement.add_themetag",
        "improvement.change_themetag",
        "improvement.add_improvementplan",
        "improvement.change_improvementplan",
        "improvement.add_action",
        "improvement.change_action",
        "improvement.add_progressupdate",
        "improvement.change_progressupdate",
    ),
    ADMIN: (
        "authorities.change_authority",
        "authorities.add_reorganisation",
        "authorities.change_reorganisation",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "improvement.view_briefingexport",  # download anyone's briefing files
    ),
}
ROLE_INCLUDES = {VIEWER: (), EDITOR: (VIEWER,), ADMIN: (VIEWER, EDITOR)}


def ensure_roles(**kwargs: Any) -> None:
    from django.contrib.auth.models import Group, Permission

    for role, included in ROLE_INCLUDES.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [p for r in (*included, role) for p in ROLE_PERMISSIONS[r]]
        permissions = []
        for dotted in wanted:
            app_label, codename = dotted.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is not None:  # a permission of an app not yet migrated appears on a later migrate
                permissions.append(permission)
        group.permissions.set(permissions)
