from __future__ import annotations

from django.db import models


class ContentVersion(models.Model):
    """One row (id 1) that changes whenever anything the public pages show changes.

    Database triggers on every table those pages read (config/content_version.py) update it in the same
    transaction as the change, so a change made any way at all (a form, `QuerySet.update`, a bulk load, the admin,
    raw SQL) moves it. The page cache puts it in its keys: a page rendered before a change is never served after.
    `changed_at` keeps the key unique even if the row is ever deleted and counting starts again.
    """

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"content version {self.number}"
