"""The attempted-breach log (issue 15): a refused action from each door lands in the log with the right rule, the
user, the door and the object, even though its own transaction rolled back; auditors filter it; it costs the
accepted path nothing."""

from datetime import date

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from coop.errors import Rule
from finance import operations as fin
from finance.models import Voucher
from supervision.models import Attempt, Door
from tests import builders

# The log's own connection exists on PostgreSQL only; on SQLite the same doors log through the single writer.
LOG_DATABASES = [alias for alias in ("default", settings.BREACH_LOG_DATABASE) if alias in settings.DATABASES]
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=LOG_DATABASES)


@pytest.fixture
def books(world):
    from types import SimpleNamespace

    from coop.roles import Role

    officer = world.users[Role.TOWNSHIP_OFFICER]
    return SimpleNamespace(ledger=builders.ledger(world.v11, officer), chair=world.users[Role.CHAIRMAN],
                           officer=officer, auditor=world.users[Role.AUDITOR], world=world, day=date(2026, 11, 2))


def _draft(books):
    """Prepared and submitted by the officer, who then may not review it himself (R2)."""
    return fin.prepare(ledger=books.ledger, on=books.day, by=books.officer,
                       lines=builders.lines(("102", "debit", "50", "收款"), ("501", "credit", "50")))


def test_a_refused_admin_action_is_logged_though_its_savepoint_rolled_back(books, client):
    draft = _draft(books)
    fin.submit(voucher=draft, by=books.officer)
    client.force_login(books.officer)
    client.post("/admin/finance/voucher/", {"action": "review_selected", "_selected_action": [draft.pk]})
    attempt = Attempt.objects.get()
    assert attempt.rule == Rule.R2 and attempt.username == books.officer.username
    assert attempt.door == Door.ADMIN_ACTION
    assert Voucher.objects.get(pk=draft.pk).status == Voucher.Status.SUBMITTED


def test_a_refused_command_is_logged_with_its_rule_though_the_command_rolled_back(books):
    from supervision.breaches import record

    with pytest.raises(CommandError):
        call_command("verify_books", "--village", "000000000000")
    # a command's refusal of a rule: the fund's disbursement of an unknown user is not a rule; use the operation
    try:
        from django.db import transaction

        with transaction.atomic():
            fin.post_entry(village=books.ledger, on=books.day, summary="现金", prepared_by=books.chair,
                           approved_by=books.chair, lines=[fin.Line.debit("101", "10"), fin.Line.credit("501", "10")])
    except Exception as exc:  # noqa: BLE001 - the refusal, shown the way every door shows it
        from coop.errors import explain_text

        explain_text(exc)
    attempt = Attempt.objects.get()
    assert attempt.rule == Rule.R2 and attempt.door == Door.OPERATION
    assert record  # the listener is the one the app registered


def test_a_refused_import_is_logged_at_the_import_door(books):
    from coop import import_flow, spreadsheets
    from coop.errors import RuleViolation

    token = spreadsheets.stash(books.chair, b"data")

    def apply(parsed):
        raise RuleViolation(Rule.R1, "库存现金超限")

    result = import_flow.confirm(books.chair, token, parse=lambda data: data, apply=apply)
    assert result.error
    attempt = Attempt.objects.get()
    assert attempt.door == Door.IMPORT and attempt.rule == Rule.R1


def test_the_log_names_the_village_of_the_object_and_the_auditor_filters_by_rule(books, client):
    draft = _draft(books)
    fin.submit(voucher=draft, by=books.officer)
    client.force_login(books.officer)
    client.post("/admin/finance/voucher/", {"action": "review_selected", "_selected_action": [draft.pk]})
    client.force_login(books.auditor)
    attempt = Attempt.objects.get()
    assert attempt.village_id == books.world.v11.pk
    page = client.get("/admin/supervision/attempt/", {"rule__exact": attempt.rule})
    assert page.status_code == 200 and page.context["cl"].result_count == 1
    assert client.get("/admin/supervision/attempt/", {"rule__exact": "R6"}).context["cl"].result_count == 0
    other_village = client.get("/admin/supervision/attempt/", {"village__id__exact": books.world.v21.pk})
    assert other_village.context["cl"].result_count == 0


def test_an_accepted_posting_writes_nothing_to_the_log(books):
    builders.posted(books.ledger, books.day, (("102", "debit", "5", "收"), ("501", "credit", "5")),
                    preparer=books.chair, approver=books.officer)
    assert not Attempt.objects.exists()


def test_a_refused_admin_form_save_is_logged_at_the_admin_form_door(books, client):
    """An inspector's inspection dated tomorrow: the operation refuses it (R8) on the add form, nothing is saved,
    and the refusal is in the log with the form's door, the user and the page."""
    from datetime import timedelta

    from django.utils import timezone

    from coop.roles import Role
    from supervision.models import Inspection

    inspector = builders.account("insp_form", Role.INSPECTOR, county=books.world.c1)
    client.force_login(inspector)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post("/admin/supervision/inspection/add/", {
        "line": "department", "title": "饮水检查", "inspected_on": tomorrow, "villages": [books.world.v11.pk],
        "period_from": "2026-01-01", "period_to": "2026-10-31", "scope": ""})
    assert response.status_code == 200 and "检查日期不能晚于今天" in response.text
    assert not Inspection.objects.exists()
    attempt = Attempt.objects.get()
    assert (attempt.door, attempt.rule, attempt.username) == (Door.ADMIN_FORM, Rule.R8, "insp_form")
    assert attempt.where == "/admin/supervision/inspection/add/"


def test_a_management_command_refusing_on_a_rule_is_logged_at_the_command_door(books, tmp_path):
    """import_ledger run as the officer with cash in the opening balances: refused by R1, nothing written, and the
    log names the command door and the command."""
    import io

    from finance.imports import parse
    from finance.models import OpeningBalance
    from tests.finance.test_import import xlsx

    path = tmp_path / "openings.xlsx"
    path.write_bytes(xlsx([["101", "库存现金", 10, None], ["301", "资本", None, 10]], header=parse.OPENING_HEADERS))
    with pytest.raises(CommandError, match="R1"):
        call_command("import_ledger", str(path), village=books.ledger.village.code, kind="openings",
                     user=books.officer.username, stdout=io.StringIO(), stderr=io.StringIO())
    assert not OpeningBalance.objects.filter(ledger=books.ledger).exclude(debit=0, credit=0).exists()
    attempt = Attempt.objects.get()
    assert (attempt.door, attempt.rule, attempt.where) == (Door.COMMAND, Rule.R1, "import_ledger")


def test_a_refusal_tied_to_no_village_is_read_only_in_the_county_of_whoever_was_refused(books, client):
    from coop.models import Village

    ours = Attempt.objects.create(user=books.officer, username=books.officer.username, door=Door.COMMAND,
                                  message="R1 …", rule="R1")
    theirs = Attempt.objects.create(user=books.world.admin2, username=books.world.admin2.username,
                                    door=Door.COMMAND, message="R1 …", rule="R1")
    anonymous = Attempt.objects.create(door=Door.COMMAND, message="R1 …", rule="R1")
    visible = Attempt.objects.filter(Attempt.scope_q_for(books.auditor, Village.objects.none()))
    assert set(visible) == {ours}
    assert theirs not in Attempt.objects.filter(Attempt.scope_q_for(books.officer, Village.objects.all()))
    assert anonymous.pk not in set(Attempt.objects.filter(
        Attempt.scope_q_for(books.world.admin2, Village.objects.none())).values_list("pk", flat=True))
