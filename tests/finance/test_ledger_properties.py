"""Properties of the books under any sequence of valid postings (hypothesis)."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coop.money import split
from finance import operations as fin
from finance import queries, statements

# Every kind of account the village uses, but not cash (R1 would refuse a receipt).
ACCOUNTS = ["102", "111", "112", "113", "121", "131", "141", "151", "152", "153", "201", "211", "212", "221",
            "231", "241", "301", "311", "3220105", "401", "501", "502", "503", "504", "511", "513", "514", "515"]

amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("500000"), places=2)
voucher = st.tuples(
    st.lists(st.sampled_from(ACCOUNTS), min_size=1, max_size=3),
    st.lists(st.sampled_from(ACCOUNTS), min_size=1, max_size=3),
    amounts,
    st.integers(min_value=1, max_value=11),
)
HYPO = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def post_all(books, specs):
    posted = []
    for debits, credits, total, month in specs:
        debit_parts = split(total, [1] * len(debits))
        credit_parts = split(total, [1] * len(credits))
        lines = [fin.Line.debit(a, x, "借") for a, x in zip(debits, debit_parts, strict=True) if x > 0]
        lines += [fin.Line.credit(a, x, "贷") for a, x in zip(credits, credit_parts, strict=True) if x > 0]
        posted.append(fin.post_entry(village=books.ledger, on=date(2026, month, 10), summary="随机", lines=lines,
                                     prepared_by=books.chair, approved_by=books.officer))
    return posted


@HYPO
@given(specs=st.lists(voucher, min_size=1, max_size=8))
def test_any_postings_keep_the_trial_balance_and_balance_sheet_balanced(books, specs):
    with transaction.atomic():
        post_all(books, specs)
        rows = [r for r in queries.trial_balance(books.ledger, 2026, 11) if r.level == 1]
        assert sum(r.closing for r in rows) == 0
        assert sum(r.ytd_debit for r in rows) == sum(r.ytd_credit for r in rows)
        sheet = {r.line.line_no: r.current for r in statements.balance_sheet(books.ledger, date(2026, 11, 30))}
        assert sheet[32] == sheet[56]
        transaction.set_rollback(True)


@HYPO
@given(specs=st.lists(voucher, min_size=1, max_size=5), pick=st.integers(min_value=0))
def test_reversing_a_voucher_restores_every_balance_exactly(books, specs, pick):
    with transaction.atomic():
        posted = post_all(books, specs)
        target = posted[pick % len(posted)]
        before = dict(queries.balances(books.ledger))
        changes = {line.account_id for line in target.lines.all()}
        reversal = fin.reverse(voucher=target, by=books.officer, on=date(2026, 11, 20), reason="测试冲销")
        fin.review(voucher=reversal, by=books.officer_b)
        fin.post(voucher=reversal, by=books.officer_b)
        after = queries.balances(books.ledger)
        for pk in set(before) | set(after):
            expected = before.get(pk, 0) - sum(
                (ln.amount if ln.side == "debit" else -ln.amount) for ln in target.lines.filter(account_id=pk))
            assert after.get(pk, 0) == expected, pk
        assert changes
        transaction.set_rollback(True)
