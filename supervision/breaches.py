"""The attempted-breach log: every refusal a user is shown, at any door, recorded with who, when, which door,
which object, which rule and the message — in a transaction of its own, so the refusal's rollback keeps it.

`record` listens to coop.errors (`on_refusal`), the one place every door turns a refusal into words: the admin's
forms and actions, the import pages, the commands and the pages all pass there, and nothing else does. It runs
only when something was refused, so the accepted path costs not one statement more.

Where the row is written: on PostgreSQL through its own connection (settings.BREACH_LOG_DATABASE), committed at
once; when that connection may not be used (a test that did not ask for it) or on SQLite, which has one writer,
on the default connection — at once when no transaction is open, else after the request's transaction has ended
(coop.doors.RequestDoorMiddleware), whatever its outcome.
"""

from __future__ import annotations

import inspect
import logging
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connections, transaction

from coop import doors
from coop.errors import Rule, rule_of

log = logging.getLogger(__name__)
_pending: ContextVar[list | None] = ContextVar("breaches_pending", default=None)


def record(exc, messages, *, model=None) -> None:
    """Log one refusal (coop.errors calls this once per refusal shown). Never raises: a log that cannot be
    written must not turn a refusal into a server error."""
    try:
        _write(_attempt(exc, messages, model))
    except Exception:  # noqa: BLE001 - logged, and the user still sees the refusal's own message
        log.exception("the attempted-breach log could not record a refusal")


def _attempt(exc, messages, model) -> dict:
    from supervision.models import Door

    request = doors.request_var.get()
    user = getattr(request, "user", None) if request is not None else None
    door, where, obj = doors.door_var.get(), "", None
    command, row = _from_the_stack()
    if request is not None:
        where = request.path[:200]
        if not door:
            admin = request.path.startswith("/admin/")
            door = (Door.ADMIN_ACTION if admin and request.POST.get("action") else
                    Door.ADMIN_FORM if admin else Door.PAGE)
        obj = row if row is not None else _object_of_request(request, model)
    elif command is not None:
        door = door or Door.COMMAND
        where = type(command).__module__.rsplit(".", 1)[-1]
        obj = row
    door = door or Door.OPERATION
    rule = rule_of(exc)
    if rule is None and isinstance(exc, PermissionDenied):
        rule = Rule.R2
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    village_id = _village_id(obj) or (getattr(user, "village_id", None) if authenticated else None)
    return {"user_id": user.pk if authenticated else None,
            "username": user.get_username()[:150] if authenticated else "",
            "door": door, "where": where, "object_label": _label(obj)[:200], "village_id": village_id,
            "rule": rule.value if rule else "", "message": ";".join(str(m) for m in messages)[:2000]}


def _from_the_stack():
    """The management command running, and the row an admin action was working on (coop.admin_base.run_each),
    read off the stack — only ever on a refusal, so no door has to pass them along."""
    from django.core.management.base import BaseCommand

    command = row = None
    frame = inspect.currentframe()
    while frame is not None:
        local = frame.f_locals
        if row is None and frame.f_code.co_name == "run_each" and "row" in local:
            row = local["row"]
        if command is None and isinstance(local.get("self"), BaseCommand):
            command = local["self"]
        frame = frame.f_back
    return command, row


def _object_of_request(request, model):
    match = getattr(request, "resolver_match", None)
    object_id = match.kwargs.get("object_id") if match else None
    if model is None or not object_id:
        return None
    try:
        return model._default_manager.filter(pk=object_id).first()
    except (ValueError, DatabaseError):
        return None


def _village_id(obj):
    """The village an object belongs to, by the path its model declares for scope (coop.access)."""
    if obj is None:
        return None
    from coop.models import Village

    if isinstance(obj, Village):
        return obj.pk
    path = getattr(type(obj), "scope_village", None)
    if not path:
        return None
    value = obj
    for part in path.split("__"):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value.pk


def _label(obj) -> str:
    if obj is None:
        return ""
    try:
        return f"{obj._meta.verbose_name}:{obj}"
    except Exception:  # noqa: BLE001 - an object that cannot name itself is still logged, unnamed
        return ""


def _write(row: dict) -> None:
    from supervision.models import Attempt

    alias = getattr(settings, "BREACH_LOG_DATABASE", None)
    if alias in connections:
        try:
            Attempt.objects.using(alias).create(**row)
            return
        except Exception:  # noqa: BLE001 - a connection this process may not use: the default one below
            pass
    default = connections["default"]
    if default.in_atomic_block and doors.request_var.get() is not None:
        pending = _pending.get()
        if pending is None:
            pending = []
            _pending.set(pending)
        pending.append(row)
        return
    with transaction.atomic():
        Attempt.objects.create(**row)


def flush_pending() -> None:
    """Write what waited for the request's transaction to end (coop.doors.RequestDoorMiddleware)."""
    pending = _pending.get()
    if not pending:
        return
    from supervision.models import Attempt

    _pending.set(None)
    try:
        Attempt.objects.bulk_create([Attempt(**row) for row in pending])
    except DatabaseError:
        log.exception("the attempted-breach log could not record %s refusals", len(pending))
