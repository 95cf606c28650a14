"""The trial balance reads the ledger's lines once (issue 10, "trial balance"): three queries — the chart, the
openings and one pass of conditional sums — whatever the number of vouchers, with the same figures."""

from datetime import date
from decimal import Decimal

from finance import operations as fin
from finance import queries


def test_the_trial_balance_reads_the_lines_in_one_pass(books, django_assert_max_num_queries):
    for on, amount in [(date(2026, 2, 3), "5.00"), (date(2026, 3, 4), "7.00"), (date(2026, 3, 9), "11.00")]:
        fin.post_entry(village=books.ledger, on=on, summary="余额表", prepared_by=books.chair,
                       approved_by=books.officer, lines=[fin.Line.debit("102", amount), fin.Line.credit("501", amount)])
    with django_assert_max_num_queries(3):
        rows = {row.account.code: row for row in queries.trial_balance(books.ledger, 2026, 3)}
    bank = rows["102"]
    assert (bank.opening, bank.debit, bank.ytd_debit) == (Decimal("5.00"), Decimal("18.00"), Decimal("23.00"))
