"""The Celery application; configuration comes from Django settings under CELERY_."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("trajectory")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# Tasks that live in an app's subpackage rather than its own tasks module.
app.autodiscover_tasks(["improvement.briefings"])
