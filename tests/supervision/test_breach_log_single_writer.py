"""The breach log where it has no connection of its own (SQLite, one writer): a refusal shown inside a request's
transaction waits, and is written after that transaction has ended — so the refusal's rollback does not take it.

On SQLite there is no such connection; on PostgreSQL these tests do not ask for it (pytest-django forbids a
connection a test did not declare), so `breaches._write` falls back to the default connection just as it does on
SQLite. Run them on both, e.g. with `DATABASE_URL=sqlite:////tmp/x.sqlite3`."""

import pytest
from django.db import transaction

from coop import doors
from coop.errors import Rule, RuleViolation, explain_text
from supervision import breaches
from supervision.models import Attempt, Door

# serialized: a plain flush would re-create content types under ids the serialized tests after it collide with
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_refusal_inside_a_rolled_back_request_is_written_after_the_transaction(rf, world):
    request = rf.post("/admin/finance/voucher/add/")
    request.user = world.users["chairman"]
    token = doors.request_var.set(request)
    try:
        with transaction.atomic():
            explain_text(RuleViolation(Rule.R1, "库存现金超过限额"))
            assert not Attempt.objects.exists()  # not inside the transaction about to roll back
            transaction.set_rollback(True)
        assert not Attempt.objects.exists()
        breaches.flush_pending()  # what RequestDoorMiddleware does when the request has ended
    finally:
        doors.request_var.reset(token)
    attempt = Attempt.objects.get()
    assert (attempt.rule, attempt.door, attempt.username) == (Rule.R1, Door.ADMIN_FORM, "chair11")
    assert attempt.village_id == world.v11.pk


def test_a_refused_admin_form_is_logged_through_the_middleware(client, world):
    """The whole request: the form refuses (R8), the request's transaction ends, the middleware writes the row."""
    from datetime import timedelta

    from django.utils import timezone

    client.force_login(world.users["township_officer"])
    response = client.post("/admin/supervision/inspection/add/", {
        "line": "township", "title": "日常监督", "inspected_on": timezone.localdate() + timedelta(days=3),
        "villages": [world.v11.pk], "period_from": "2026-01-01", "period_to": "2026-10-31"})
    assert response.status_code == 200
    attempt = Attempt.objects.get()
    assert (attempt.rule, attempt.door) == (Rule.R8, Door.ADMIN_FORM)


def test_outside_any_request_the_refusal_is_written_at_once(world):
    explain_text(RuleViolation(Rule.R6, "互助资金余额不足"))
    assert Attempt.objects.get().door == Door.OPERATION
