"""Administrators manage people through the three roles (config/admin.py): superuser and staff status and raw
permissions are a superuser's to give, so an Administrator cannot raise itself or anyone else above the roles."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from config.roles import ADMIN, EDITOR, VIEWER
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def administrator(db: None) -> Any:
    return UserFactory(username="carol", role=ADMIN, is_staff=True)


@pytest.fixture
def admin_client(administrator: Any) -> Client:
    client = Client()
    client.force_login(administrator)
    return client


def _change_form(user: Any, **changes: Any) -> dict[str, Any]:
    """What the change page sends back, with every field a superuser's page has, plus `changes`."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(changes)
    return data


def test_an_administrator_cannot_make_itself_superuser_or_grant_itself_permissions(
    admin_client: Client, administrator: Any
) -> None:
    url = reverse("admin:auth_user_change", args=[administrator.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="is_staff"' not in page
    assert 'name="user_permissions"' not in page
    assert "Superuser status" in page  # shown, not offered

    every_permission = list(Permission.objects.values_list("pk", flat=True))
    response = admin_client.post(
        url, _change_form(administrator, is_superuser="on", is_staff="on", user_permissions=every_permission)
    )
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    assert not administrator.user_permissions.exists()
    assert not administrator.has_perm("auth.delete_user")


def test_an_administrator_gives_roles_and_staff_status_follows_the_administrator_role(admin_client: Client) -> None:
    person = UserFactory(username="dave", role=VIEWER)
    url = reverse("admin:auth_user_change", args=[person.pk])
    page = admin_client.get(url).content.decode()
    roles = set(Group.objects.filter(name__in=(VIEWER, EDITOR, ADMIN)).values_list("pk", flat=True))
    Group.objects.create(name="Everything").permissions.set(Permission.objects.all())
    offered = {int(pk) for pk in _group_options(page)}
    assert offered == roles  # only the three roles, not any other group

    admin_client.post(url, _change_form(person, groups=[Group.objects.get(name=ADMIN).pk]))
    person.refresh_from_db()
    assert list(person.groups.values_list("name", flat=True)) == [ADMIN]
    assert person.is_staff
    assert not person.is_superuser

    admin_client.post(url, _change_form(person, groups=[Group.objects.get(name=EDITOR).pk]))
    person.refresh_from_db()
    assert not person.is_staff

    # A group outside the roles is refused, not joined.
    response = admin_client.post(url, _change_form(person, groups=[Group.objects.get(name="Everything").pk]))
    assert response.status_code == 200  # the form again, with the error
    assert not person.groups.filter(name="Everything").exists()


def test_a_superusers_account_is_out_of_an_administrators_reach(admin_client: Client) -> None:
    root = User.objects.create_superuser("root", "root@example.com", "x" * 20)
    assert admin_client.get(reverse("admin:auth_user_change", args=[root.pk])).status_code == 302  # "doesn't exist"
    assert admin_client.get(reverse("admin:auth_user_password_change", args=[root.pk])).status_code == 404
    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "a new password 123", "password2": "a new password 123", "usable_password": "true"},
    )
    assert response.status_code == 404
    root.refresh_from_db()
    assert root.check_password("x" * 20)
    assert "root" not in admin_client.get(reverse("admin:auth_user_changelist")).content.decode()


def test_a_superuser_still_grants_superuser_staff_and_permissions(db: None) -> None:
    root = User.objects.create_superuser("root", "root@example.com", "x" * 20)
    client = Client()
    client.force_login(root)
    person = UserFactory(username="dave")
    permission = Permission.objects.get(codename="delete_user")
    url = reverse("admin:auth_user_change", args=[person.pk])
    assert 'name="is_superuser"' in client.get(url).content.decode()
    client.post(url, _change_form(person, is_staff="on", user_permissions=[permission.pk]))
    person.refresh_from_db()
    assert person.is_staff
    assert list(person.user_permissions.all()) == [permission]


def _group_options(page: str) -> list[str]:
    select = re.search(r'<select name="groups"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None
    return re.findall(r'<option value="(\d+)"', select.group(1))
