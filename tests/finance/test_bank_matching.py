"""Matching the statement to the bank journal: automatically (same amount on the mirrored side, within the date
window, the counterparty breaking ties, one to one) and by hand, undone by hand, each match kept in history."""

from datetime import date

import pytest

from coop.errors import Rule, RuleViolation
from finance import operations as fin
from finance.bank import operations as bank_ops
from finance.bank.models import BankMatch
from tests import builders
from tests.finance.conftest import statement_csv

pytestmark = pytest.mark.django_db


def test_auto_match_pairs_same_amount_on_the_mirrored_side_within_the_window(imported):
    made = bank_ops.auto_match(statement=imported.statement, by=imported.officer)
    pairs = {(m.statement_line.row, m.voucher_line.summary) for m in made}
    # the bank's 50,000 receipt is the books' debit to 102; the 1,200 paid a day later is the books' credit
    assert pairs == {(3, "收张三股金"), (4, "付李四保洁费")}
    assert all(m.automatic and m.matched_by == imported.officer for m in made)
    assert not bank_ops.auto_match(statement=imported.statement, by=imported.officer)  # nothing left to pair


def test_a_book_line_outside_the_date_window_is_left_for_the_hand(bank, settings):
    settings.BANK_MATCH_DAYS = 3
    rows = [("2026-11-06", "股金存入", "张三", "", "50000.00", "50000.00")]  # four days after the books
    statement = bank_ops.import_statement(ledger=bank.ledger, account=bank.account, year=2026, month=11,
                                          bank_format=bank.format, data=statement_csv(rows), filename="a.csv",
                                          by=bank.officer)
    assert bank_ops.auto_match(statement=statement, by=bank.officer) == []
    settings.BANK_MATCH_DAYS = 4
    assert len(bank_ops.auto_match(statement=statement, by=bank.officer)) == 1


def test_the_counterparty_breaks_a_tie_and_each_book_line_is_matched_once(books):
    from finance.bank.models import BankFormat
    from finance.models import Account

    for summary in ("收王五服务费", "收赵六服务费", "收钱七服务费"):
        builders.posted(books.ledger, date(2026, 11, 5), (("102", "debit", "300", summary), ("501", "credit", "300")),
                        preparer=books.chair, approver=books.officer)
    rows = [("2026-11-05", "服务费", "赵六", "", "300.00", "300.00"),
            ("2026-11-05", "服务费", "赵六", "", "300.00", "600.00")]
    statement = bank_ops.import_statement(
        ledger=books.ledger, account=Account.objects.get(chart="2023", code="102", village__isnull=True),
        year=2026, month=11, bank_format=BankFormat.objects.get(), data=statement_csv(rows), filename="a.csv",
        by=books.officer)
    made = bank_ops.auto_match(statement=statement, by=books.officer)
    assert made[0].voucher_line.summary == "收赵六服务费"
    assert made[1].voucher_line.summary == "收王五服务费"  # the named one is taken: the earliest other
    assert len({m.voucher_line_id for m in made}) == 2


def test_match_and_unmatch_by_hand_are_kept_in_history(imported):
    interest = imported.statement.lines.get(row=5)
    fee = imported.statement.lines.get(row=6)
    book = fin_line(imported, "付李四保洁费")
    with pytest.raises(RuleViolation, match="金额或方向不符"):
        bank_ops.match(statement_line=interest, voucher_line=book, by=imported.officer)
    line = imported.statement.lines.get(row=4)
    made = bank_ops.match(statement_line=line, voucher_line=book, by=imported.officer)
    assert not made.automatic and made.matched_by == imported.officer
    with pytest.raises(RuleViolation, match="已与对账单的另一行勾对"):
        bank_ops.match(statement_line=fee, voucher_line=book, by=imported.officer)
    bank_ops.unmatch(statement_line=line, by=imported.officer)
    assert not BankMatch.objects.exists()
    kinds = list(BankMatch.history.order_by("history_date").values_list("history_type", "history_user"))
    assert kinds == [("+", imported.officer.pk), ("-", imported.officer.pk)]


def fin_line(bank, summary):
    from finance.models import VoucherLine

    return VoucherLine.objects.get(voucher__ledger=bank.ledger, summary=summary)


def test_the_chairman_may_view_but_not_match(imported):
    line = imported.statement.lines.get(row=3)
    with pytest.raises(RuleViolation) as refused:
        bank_ops.match(statement_line=line, voucher_line=fin_line(imported, "收张三股金"), by=imported.chair)
    assert refused.value.rule == Rule.R2
    with pytest.raises(RuleViolation) as refused:
        bank_ops.auto_match(statement=imported.statement, by=imported.outsider)
    assert refused.value.rule == Rule.R2


def test_a_line_of_another_account_or_an_unposted_voucher_cannot_be_matched(imported):
    from finance.models import VoucherLine

    line = imported.statement.lines.get(row=3)
    share_capital = VoucherLine.objects.get(voucher__ledger=imported.ledger, account__code="301")
    with pytest.raises(RuleViolation, match="不是"):
        bank_ops.match(statement_line=line, voucher_line=share_capital, by=imported.officer)
    draft = fin.prepare(ledger=imported.ledger, on=date(2026, 11, 3), lines=builders.lines(
        ("102", "debit", "50000", "草稿"), ("301", "credit", "50000")), by=imported.chair)
    with pytest.raises(RuleViolation, match="不是"):
        bank_ops.match(statement_line=line, voucher_line=draft.lines.get(account__code="102"), by=imported.officer)
