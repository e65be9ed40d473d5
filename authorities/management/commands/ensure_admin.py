"""Make sure someone can sign in: create the first admin, never with a hard-coded password."""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the first admin if there is none. Username from TRAJECTORY_ADMIN_USERNAME (default 'admin'), "
        "password from TRAJECTORY_ADMIN_PASSWORD, or a one-time password printed once."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        existing = User.objects.filter(is_superuser=True).order_by("pk").first()
        if existing:
            self.stdout.write(
                f"Sign in as '{existing.get_username()}' (forgotten the password? "
                f"run: .venv/bin/python manage.py changepassword {existing.get_username()})."
            )
            return
        username = os.environ.get("TRAJECTORY_ADMIN_USERNAME", "admin")
        password = os.environ.get("TRAJECTORY_ADMIN_PASSWORD", "")
        generated = not password
        if generated:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created admin '{username}' with one-time password: {password}\n"
                    "It is shown only now; change it after signing in (Change your password, in the header)."
                )
            )
        else:
            self.stdout.write(f"Created admin '{username}' with the password from TRAJECTORY_ADMIN_PASSWORD.")
