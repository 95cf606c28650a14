"""What PostgreSQL itself guarantees, even to code that bypasses finance.operations."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from coop.errors import RuleViolation
from coop.roles import Role
from finance import operations as fin
from finance import queries
from finance.models import Account, Side, Voucher, VoucherLine
from tests import builders
from tests.builders import lines, posted
from tests.threads import run_in_threads

pytestmark = pytest.mark.postgres
RECEIPT = (("102", "debit", "1000.00"), ("301", "credit", "1000.00"))


def immediate():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_database_refuses_an_unbalanced_voucher(books):
    voucher = fin.prepare(ledger=books.ledger, on=books.day, lines=lines(*RECEIPT), by=books.chair)
    with pytest.raises(DatabaseError, match="借贷不平衡"), transaction.atomic():
        VoucherLine.objects.filter(voucher=voucher, side=Side.DEBIT).update(amount=Decimal("999.99"))
        immediate()


def test_the_database_refuses_a_voucher_without_lines(books):
    with pytest.raises(DatabaseError, match="借贷不平衡"), transaction.atomic():
        Voucher.objects.create(ledger=books.ledger, period=books.ledger.periods.get(month=11), number=99,
                               date=books.day, prepared_by=books.chair)
        immediate()


def test_the_database_refuses_a_zero_amount(books):
    voucher = fin.prepare(ledger=books.ledger, on=books.day, lines=lines(*RECEIPT), by=books.chair)
    with pytest.raises(DatabaseError), transaction.atomic():
        VoucherLine.objects.filter(voucher=voucher).update(amount=0)


@pytest.mark.parametrize("change", [
    lambda v: Voucher.objects.filter(pk=v.pk).update(attachments=9),
    lambda v: Voucher.objects.filter(pk=v.pk).update(status="draft"),
    lambda v: Voucher.objects.filter(pk=v.pk).delete(),
    lambda v: VoucherLine.objects.filter(voucher=v).update(summary="改过"),
    lambda v: VoucherLine.objects.filter(voucher=v).delete(),
    lambda v: VoucherLine.objects.create(voucher=v, ledger_id=v.ledger_id, line_no=9, summary="加一行", side="debit",
                                         amount=1, account=Account.objects.get(chart="2023", code="102", village=None)),
], ids=["voucher-update", "voucher-unpost", "voucher-delete", "line-update", "line-delete", "line-insert"])
def test_the_database_refuses_any_change_to_a_posted_voucher(books, change):
    voucher = posted(books.ledger, books.day, RECEIPT, preparer=books.chair, approver=books.officer)
    with pytest.raises(DatabaseError), transaction.atomic():
        change(voucher)
        immediate()
    assert Voucher.objects.get(pk=voucher.pk).status == Voucher.Status.POSTED


def test_a_posted_lines_ledger_cannot_be_moved_to_another_ledger(books):
    """VoucherLine.ledger is the copy a village's reports read by: on a posted voucher it is as fixed as the rest."""
    voucher = posted(books.ledger, books.day, RECEIPT, preparer=books.chair, approver=books.officer)
    elsewhere = builders.ledger(books.world.v12, books.officer)
    with pytest.raises(DatabaseError, match="R3"), transaction.atomic():
        VoucherLine.objects.filter(voucher=voucher).update(ledger=elsewhere)
    assert set(VoucherLine.objects.filter(voucher=voucher).values_list("ledger", flat=True)) == {books.ledger.pk}


@pytest.mark.parametrize("change", ["insert", "update"])
def test_a_line_in_another_ledger_than_its_vouchers_is_refused(books, change):
    voucher = fin.prepare(ledger=books.ledger, on=books.day, lines=lines(*RECEIPT), by=books.chair)
    elsewhere = builders.ledger(books.world.v12, books.officer)
    with pytest.raises(DatabaseError, match="账套"), transaction.atomic():
        if change == "insert":
            VoucherLine.objects.create(voucher=voucher, ledger=elsewhere, line_no=9, summary="别村", side="debit",
                                       amount=1, account=Account.objects.get(chart="2023", code="102", village=None))
        else:
            VoucherLine.objects.filter(voucher=voucher).update(ledger=elsewhere)


def test_every_line_written_by_the_operations_carries_its_vouchers_ledger(books):
    posted(books.ledger, books.day, RECEIPT, preparer=books.chair, approver=books.officer)
    fin.prepare(ledger=books.ledger, on=books.day, lines=lines(*RECEIPT), by=books.chair)
    assert set(VoucherLine.objects.values_list("ledger", flat=True)) == {books.ledger.pk}
    assert set(VoucherLine.history.values_list("ledger", flat=True)) == {books.ledger.pk}


def test_the_database_refuses_to_delete_even_a_draft(books):
    voucher = fin.prepare(ledger=books.ledger, on=books.day, lines=lines(*RECEIPT), by=books.chair)
    with pytest.raises(DatabaseError), transaction.atomic():
        Voucher.objects.filter(pk=voucher.pk).delete()


def test_the_database_refuses_to_delete_a_standard_account(db):
    with pytest.raises(DatabaseError), transaction.atomic():
        Account.objects.filter(chart="2023", code="101", village=None).delete()


@pytest.fixture
def committed_books(django_db_serialized_rollback, transactional_db):
    """Committed data, so that threads with their own connections see it. The serialized rollback puts
    back the chart of accounts the migrations loaded, which a transactional test's flush would remove."""
    w = builders.world()
    officer = w.users[Role.TOWNSHIP_OFFICER]
    books = builders.ledger(w.v11, officer)
    w.v11.cash_cap = Decimal("100.00")
    w.v11.save()
    return books, w.users[Role.CHAIRMAN], officer


def test_two_postings_at_once_cannot_together_break_the_cash_cap(committed_books):
    books, chair, officer = committed_books
    vouchers = []
    for _ in range(2):
        v = fin.prepare(ledger=books, on=date(2026, 11, 3), by=chair,
                        lines=lines(("101", "debit", "80"), ("501", "credit", "80")))
        fin.submit(voucher=v, by=chair)
        vouchers.append(fin.review(voucher=v, by=officer))
    other = builders.account("officer1c", Role.TOWNSHIP_OFFICER, township=books.village.township)
    results = run_in_threads(*[lambda v=v: fin.post(voucher=v, by=other) for v in vouchers])
    refused = [r for r in results if isinstance(r, RuleViolation)]
    assert len(refused) == 1 and refused[0].rule == "R1", results
    assert queries.cash_balance(books) == Decimal("80.00")


def test_two_clerks_preparing_at_once_get_different_numbers(committed_books):
    books, chair, officer = committed_books
    job = lambda by: fin.prepare(ledger=books, on=date(2026, 11, 3), by=by,  # noqa: E731
                                 lines=lines(*RECEIPT)).number
    results = run_in_threads(*[lambda: job(chair), lambda: job(officer), lambda: job(chair)])
    assert sorted(results, key=str) == [1, 2, 3], [str(r) for r in results]
