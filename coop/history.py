"""Saving with the acting user written into simple-history's row.

Operations run from the admin, from Excel imports and from management commands; only the first has a
request for simple-history's middleware to read, so every operation names its user explicitly."""

from django.db import models


def save_as(obj: models.Model, by=None, *, clean: bool = True) -> models.Model:
    """Validate (unless the caller already has) and save `obj`, recording `by` as the history user."""
    if by is not None:
        obj._history_user = by
    if clean:
        obj.full_clean()
    obj.save()
    return obj


def delete_as(obj: models.Model, by) -> None:
    """Delete `obj`, recording `by` as the user of simple-history's deletion row."""
    obj._history_user = by
    obj.delete()
