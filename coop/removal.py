"""Deleting a record the rest of the books depend on is refused in words, before the database would refuse
it with a ProtectedError (a server error) or quietly empty a column (the history's record of who acted)."""

from django.db import models


def dependants(obj: models.Model, *, ignore: tuple = ()) -> list[str]:
    """The kinds of record that still refer to `obj`, by their Chinese names, empty when nothing does.
    History rows that name it are its past, not dependants; `ignore` leaves out the models named."""
    kinds = set()
    for relation in obj._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete and (relation.one_to_many or relation.one_to_one)):
            continue
        related = relation.related_model
        if relation.on_delete is models.DO_NOTHING or related._meta.auto_created or related in ignore:
            continue
        if related._base_manager.filter(**{relation.field.name: obj}).exists():
            kinds.add(str(related._meta.verbose_name_plural))
    return sorted(kinds)
