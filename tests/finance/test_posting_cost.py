"""Posting cost: a register's money flow posts through post_entry in a fixed number of statements, whatever the
number of lines (issue 10, "one posting"): one scope check per person, one ledger lock, one account query, the
period read once, the voucher written twice (reviewed, posted) with one history row each."""

import pytest

from finance import operations as fin
from finance.models import Voucher

# Two scope checks, lock, accounts, period, number, voucher + history, lines + history, has_postings,
# posted + history, and the savepoint pair of the atomic block.
POSTING_CEILING = 15


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
