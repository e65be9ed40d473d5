"""Optimistic locking: a form carries the version of the row it was opened on, and a save goes ahead only if the
row still has that version, so a second editor's stale form can never silently undo the first's change.

The check is one conditional UPDATE (`... WHERE pk = %s AND version = %s`) run in the caller's transaction before
the model's own `save()`: that UPDATE locks the row, so of two concurrent saves from the same version exactly one
moves it on and the other finds nothing to update. The `save()` that follows still writes the change history.
"""

from __future__ import annotations

from django.db import models, transaction

VERSION_FIELD = "version"


def save_if_unchanged(instance: models.Model, expected_version: int, update_fields: list[str]) -> bool:
    """Save `update_fields` of `instance` (and move its version on by one) if the stored row still has
    `expected_version`; return False, saving nothing, if someone else has saved it since."""
    model = type(instance)
    with transaction.atomic():
        moved = model._default_manager.filter(pk=instance.pk, **{VERSION_FIELD: expected_version}).update(
            **{VERSION_FIELD: expected_version + 1}
        )
        if not moved:
            return False
        setattr(instance, VERSION_FIELD, expected_version + 1)
        instance.save(update_fields=[*update_fields, VERSION_FIELD])
    return True
