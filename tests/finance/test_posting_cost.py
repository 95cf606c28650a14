"""Posting cost: a register's money flow posts through post_entry in a fixed number of statements, whatever the
number of lines (issue 10, "one posting"): one ledger lock (which brings the village and township both scope
checks need), one account query, one period query (with the month's last number and whether anything is posted),
the voucher written twice (reviewed, posted) with one history row each, the lines and their history."""

import pytest

from coop.errors import Rule, RuleViolation
from finance import operations as fin
from finance.models import Voucher

# Lock, accounts, period, voucher + history, lines + history, posted + history, and the savepoint pair of the
# atomic block.
POSTING_CEILING = 11


def _post(books, lines):
    return fin.post_entry(village=books.ledger, on=books.day, summary="基准", lines=lines,
                          prepared_by=books.chair, approved_by=books.officer)


@pytest.mark.parametrize("pairs", [1, 10])
def test_one_posting_costs_the_same_few_statements_whatever_its_lines(books, django_assert_max_num_queries,
                                                                      pairs):
    _post(books, [fin.Line.debit("102", "1.00"), fin.Line.credit("501", "1.00")])  # openings now frozen
    lines = [fin.Line.debit("102", "2.00") for _ in range(pairs)] + [fin.Line.credit("501", f"{2 * pairs}.00")]
    with django_assert_max_num_queries(POSTING_CEILING):
        voucher = _post(books, lines)
    assert voucher.status == Voucher.Status.POSTED
    assert voucher.lines.count() == pairs + 1


def test_a_posted_entry_keeps_one_history_row_per_state(books):
    voucher = _post(books, [fin.Line.debit("102", "3.00"), fin.Line.credit("501", "3.00")])
    states = list(voucher.history.order_by("history_id").values_list("status", "reviewed_by", "posted_by"))
    assert states == [(Voucher.Status.REVIEWED, books.officer.pk, None),
                      (Voucher.Status.POSTED, books.officer.pk, books.officer.pk)]


@pytest.mark.parametrize("outsider", ["preparer", "approver"])
def test_the_scope_checks_read_the_locked_ledger_and_still_refuse_an_outsider(books, outsider):
    """Both checks are answered from the locked ledger's village, not by a query: another village's chairman
    cannot prepare, another township's officer cannot approve."""
    hands = {"prepared_by": books.chair, "approved_by": books.officer}
    hands["prepared_by" if outsider == "preparer" else "approved_by"] = (
        books.world.chair21 if outsider == "preparer" else books.outsider)
    with pytest.raises(RuleViolation) as refused:
        fin.post_entry(village=books.ledger, on=books.day, summary="越权", **hands,
                       lines=[fin.Line.debit("102", "1.00"), fin.Line.credit("501", "1.00")])
    assert refused.value.code == Rule.R2
    assert not Voucher.objects.filter(ledger=books.ledger).exists()
