"""The 银行存款余额调节表 and the month's close it guards."""

from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from finance import operations as fin
from finance.bank import operations as bank_ops
from finance.bank import queries as bank_queries
from finance.models import Period
from tests.finance.conftest import statement_csv

pytestmark = pytest.mark.django_db


def test_adjusted_balances_are_equal_on_the_worked_example(imported):
    """November 2026, account 102 of 桑园村, nothing before November.

    Books (bank journal):  11-02 +50,000.00 收张三股金   11-10 −1,200.00 付李四保洁费
                           11-29 +3,000.00 收服务费      11-30 −800.00 开出转账支票      balance 51,000.00
    Bank statement:        11-02 +50,000.00 张三          11-11 −1,200.00 李四
                           11-21 +35.20 结息              11-25 −20.00 手续费             balance 48,815.20
    Matched automatically: 50,000 (same day) and 1,200 (one day apart).
    银行已收企业未收 35.20, 银行已付企业未付 20.00, 企业已收银行未收 3,000.00, 企业已付银行未付 800.00.
    Bank adjusted:  48,815.20 + 3,000.00 − 800.00 = 51,015.20
    Books adjusted: 51,000.00 + 35.20 − 20.00     = 51,015.20
    """
    bank_ops.auto_match(statement=imported.statement, by=imported.officer)
    table = bank_queries.reconcile(imported.ledger, imported.account, 2026, 11)
    assert (table.bank_balance, table.book_balance) == (Decimal("48815.20"), Decimal("51000.00"))
    assert [line.credit for line in table.bank_received] == [Decimal("35.20")]
    assert [line.debit for line in table.bank_paid] == [Decimal("20.00")]
    assert [line.amount for line in table.book_received] == [Decimal("3000.00")]
    assert [line.amount for line in table.book_paid] == [Decimal("800.00")]
    assert table.adjusted_bank == table.adjusted_books == Decimal("51015.20")
    assert table.agrees


def test_a_match_made_with_a_later_line_is_still_outstanding_at_the_months_end(imported, django_assert_max_num_queries):
    bank_ops.auto_match(statement=imported.statement, by=imported.officer)
    with django_assert_max_num_queries(8):
        table = bank_queries.reconcile(imported.ledger, imported.account, 2026, 10)
    assert table.statement is None and not table.agrees


def test_an_unexplained_difference_is_shown_and_named(bank):
    rows = [("2026-11-02", "股金存入", "张三", "", "50000.00", "50100.00")]  # 100 in the bank the books never had
    statement = bank_ops.import_statement(ledger=bank.ledger, account=bank.account, year=2026, month=11,
                                          bank_format=bank.format, data=statement_csv(rows), filename="a.csv",
                                          by=bank.officer)
    bank_ops.auto_match(statement=statement, by=bank.officer)
    table = bank_queries.reconcile(bank.ledger, bank.account, 2026, 11)
    assert table.difference == Decimal("100.00") and not table.agrees


def close_through_october(books):
    for period in books.ledger.periods.filter(year=2026, month__lt=11).order_by("month"):
        fin.close_period(period=period, by=books.officer)


def test_a_month_whose_statement_and_books_disagree_closes_only_with_an_explanation(bank):
    rows = [("2026-11-02", "股金存入", "张三", "", "50000.00", "50100.00")]
    bank_ops.import_statement(ledger=bank.ledger, account=bank.account, year=2026, month=11,
                              bank_format=bank.format, data=statement_csv(rows), filename="a.csv", by=bank.officer)
    close_through_october(bank)
    november = Period.objects.get(ledger=bank.ledger, year=2026, month=11)
    with pytest.raises(RuleViolation) as refused:
        fin.close_period(period=november, by=bank.officer)
    assert refused.value.rule == Rule.R3 and "102 银行存款" in str(refused.value) and "100.00" in str(refused.value)
    november.refresh_from_db()
    assert november.status == Period.Status.OPEN
    note = bank_ops.explain_difference(ledger=bank.ledger, account=bank.account, year=2026, month=11,
                                       text="10月银行多记100元,已函询信用社", by=bank.officer)
    assert note.written_by == bank.officer and note.written_at
    assert fin.close_period(period=november, by=bank.officer).status == Period.Status.CLOSED
    with pytest.raises(RuleViolation) as refused:
        bank_ops.unmatch(statement_line=bank.ledger.bank_statements.get().lines.get(), by=bank.officer)
    assert refused.value.rule == Rule.R3


def test_a_month_that_agrees_closes_without_an_explanation(imported):
    bank_ops.auto_match(statement=imported.statement, by=imported.officer)
    close_through_october(imported)
    november = Period.objects.get(ledger=imported.ledger, year=2026, month=11)
    assert fin.close_period(period=november, by=imported.officer).status == Period.Status.CLOSED


def test_a_missing_statement_after_reconciliation_began_holds_the_month(imported):
    bank_ops.auto_match(statement=imported.statement, by=imported.officer)
    close_through_october(imported)
    fin.close_period(period=Period.objects.get(ledger=imported.ledger, year=2026, month=11), by=imported.officer)
    december = fin.open_period(ledger=imported.ledger, by=imported.officer)
    with pytest.raises(RuleViolation, match="尚未导入"):
        fin.close_period(period=december, by=imported.officer)


def test_another_townships_officer_sees_no_statement_and_cannot_explain(imported):
    from coop import access
    from finance.bank.models import BankStatement, BankStatementLine

    assert not access.visible(imported.outsider, BankStatement.objects.all()).exists()
    assert not access.visible(imported.outsider, BankStatementLine.objects.all()).exists()
    assert access.visible(imported.auditor, BankStatement.objects.all()).exists()
    with pytest.raises(RuleViolation) as refused:
        bank_ops.explain_difference(ledger=imported.ledger, account=imported.account, year=2026, month=11,
                                    text="外镇人员的说明", by=imported.outsider)
    assert refused.value.rule == Rule.R2
