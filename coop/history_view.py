"""The history page of every admin, as an auditor reads it: Chinese field names, choice labels, 空 for an empty
value, related rows by name, times in the project's time zone to the second, and people by their full names.

simple-history's own page diffs raw values (codes, ids, UTC datetimes with microseconds) and reads each related
row one query at a time. Here a page of records is diffed on raw values first, then every related id on the page
is named with one query per related model (and one more into that model's history for rows since deleted), so
the page costs the same few queries whether it shows one change or a hundred.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TIME_FORMAT = "%Y-%m-%d %H:%M:%S"


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    """One row of the history page."""

    record: object
    when: datetime
    kind: str
    who: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    is_creation: bool = False  # its changes are the values it was created with: no "old → new"

    @property
    def when_text(self) -> str:
        return local_time(self.when)

    @property
    def when_iso(self) -> str:
        return timezone.localtime(self.when).replace(microsecond=0).isoformat()


def local_time(value: datetime) -> str:
    """A moment as the users' clock shows it (Asia/Shanghai), to the second."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime(TIME_FORMAT)


KINDS = {"+": gettext_lazy("新建"), "~": gettext_lazy("修改"), "-": gettext_lazy("删除")}


def entries(model: type[models.Model], records: list, older=None, masks: dict | None = None) -> list[Entry]:
    """The page's rows, newest first as `records` come. `older` is the record just before the page's last one
    (on the next page), so that the last row still shows what it changed; the very first record, the creation,
    shows the values it was created with. `masks` maps a field's name to how this reader may see its values (an
    ID number masked for an auditor): the history must not show what the object's own page hides."""
    masks = masks or {}
    fields = _tracked_fields(model, records)
    previous = [*records[1:], older] if records else []  # a row made before its history was kept has none
    raw = [(record, before, _diff(fields, record, before))
           for record, before in zip(records, previous, strict=True)]
    names = _related_names([(f, value) for *_records, diff in raw for f, old, new in diff for value in (old, new)])
    return [
        Entry(record=record, when=record.history_date, kind=str(KINDS.get(record.history_type, "")),
              who=_person(record.history_user) if record.history_user else _("系统"),
              reason=record.history_change_reason or "", is_creation=previous is None,
              changes=[Change(str(f.verbose_name), show(f, old, names, masks.get(f.name)),
                              show(f, new, names, masks.get(f.name))) for f, old, new in diff])
        for record, previous, diff in raw
    ]


def show(f: models.Field, value, names: dict, mask=None) -> str:
    """One value as the user reads it; `names` maps (related model, id) to the related row's name."""
    if value is None or value == "":
        return _("空")
    if mask is not None:
        return mask(value)
    if f.is_relation:
        model = f.related_model
        return names.get((model, value)) or _("已删除的%(model)s#%(id)s") % {"model": model._meta.verbose_name,
                                                                            "id": value}
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _tracked_fields(model, records) -> list[models.Field]:
    if not records:
        return []
    shown = {f.name for f in records[0].tracked_fields if f.editable}
    return [f for f in model._meta.concrete_fields if f.name in shown and not f.primary_key]


def _diff(fields, record, previous) -> list[tuple[models.Field, object, object]]:
    """(field, old value, new value) for each field that differs; a creation lists what it was created with
    (its empty fields left out), a deletion nothing (the row's last values are in the record before it)."""
    if record.history_type == "-":
        return []
    changes = []
    for f in fields:
        new = getattr(record, f.attname)
        if previous is None:
            if new is not None and new != "":
                changes.append((f, None, new))
        elif getattr(previous, f.attname) != new:
            changes.append((f, getattr(previous, f.attname), new))
    return changes


def _related_names(values: list[tuple[models.Field, object]]) -> dict:
    """{(related model, id): name} for every related id on the page: one query per related model, and one into
    its history for ids no longer in its table (a deleted row is named as it was last recorded)."""
    wanted = defaultdict(set)
    for f, value in values:
        if f.is_relation and value is not None:
            wanted[f.related_model].add(value)
    names = {}
    for model, ids in wanted.items():
        found = {row.pk: str(row) for row in model._default_manager.filter(pk__in=ids)}
        gone = ids - set(found)
        history = getattr(model._meta, "simple_history_manager_attribute", None)
        if gone and history:
            pk_name = model._meta.pk.attname
            for record in getattr(model, history).filter(**{f"{pk_name}__in": gone}).order_by("history_date"):
                found[getattr(record, pk_name)] = str(record.instance)  # the latest record wins
        names.update({(model, pk): name for pk, name in found.items()})
    return names

