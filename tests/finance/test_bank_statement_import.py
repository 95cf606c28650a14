"""Importing the bank's statement: the credit cooperative's csv (GBK or UTF-8 with BOM) and xlsx, all lines or
none, each problem named with its row — a balance that does not chain above all."""

from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from finance.bank import operations as bank_ops
from finance.bank.models import BankFormat, BankStatement, BankStatementLine
from tests import builders
from tests.finance.conftest import NOVEMBER_STATEMENT, STATEMENT_HEADER, statement_csv

pytestmark = pytest.mark.django_db


def bring_in(bank, data, filename="对账单.csv", month=11, bank_format=None):
    return bank_ops.import_statement(ledger=bank.ledger, account=bank.account, year=2026, month=month,
                                     bank_format=bank_format or bank.format, data=data, filename=filename,
                                     by=bank.officer)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_a_chinese_bank_csv_imports_in_gbk_or_utf8_with_bom(bank, encoding):
    statement = bring_in(bank, statement_csv(NOVEMBER_STATEMENT, encoding=encoding))
    lines = list(statement.lines.order_by("row"))
    assert [(line.row, line.summary, line.counterparty, line.credit, line.debit, line.balance)
            for line in lines[:2]] == [
        (3, "股金存入", "张三", Decimal("50000.00"), Decimal("0.00"), Decimal("50000.00")),
        (4, "转账支出", "李四", Decimal("0.00"), Decimal("1200.00"), Decimal("48800.00"))]
    assert len(lines) == 4 and statement.imported_by == bank.officer


def test_an_xlsx_statement_with_the_banks_own_headers_imports_through_its_saved_layout(bank):
    layout = bank_ops.save_bank_format(bank_format=BankFormat(
        bank_name="邮储银行", date_column="记账日期", summary_column="交易摘要", debit_column="借方发生额",
        credit_column="贷方发生额", balance_column="账户余额", counterparty_column="对方名称"), by=bank.officer)
    data = builders.xlsx([["2026-11-02", "存入", "张三", None, 50000, 50000],
                          ["2026-11-11", "支出", "李四", 1200.5, None, 48799.5]],
                         ["记账日期", "交易摘要", "对方名称", "借方发生额", "贷方发生额", "账户余额"])
    statement = bring_in(bank, data, "statement.xlsx", bank_format=layout)
    assert statement.lines.get(row=3).debit == Decimal("1200.50")


def test_a_malformed_statement_is_refused_naming_each_row_and_writes_nothing(bank):
    rows = [("2026-11-02", "存入", "张三", "", "5万", "50000.00"),
            ("2026-13-40", "支出", "李四", "1200.00", "", "48800.00"),
            ("2026-10-31", "支出", "", "1.00", "1.00", "48799.00")]
    with pytest.raises(RuleViolation) as refused:
        bring_in(bank, statement_csv(rows))
    assert refused.value.rule == Rule.IMPORT
    text = str(refused.value)
    assert "第 3 行" in text and "5万" in text and "第 4 行" in text and "第 5 行" in text
    assert not BankStatement.objects.exists() and not BankStatementLine.objects.exists()


def test_a_balance_that_does_not_chain_from_the_line_before_is_named_with_its_row(bank):
    rows = [*NOVEMBER_STATEMENT[:2], ("2026-11-21", "结息", "", "", "35.20", "48853.20")]
    with pytest.raises(RuleViolation) as refused:
        bring_in(bank, statement_csv(rows))
    assert "第 5 行" in str(refused.value) and "余额不连续" in str(refused.value)
    assert "48,835.20" in str(refused.value)


def test_the_first_balance_must_chain_from_the_last_imported_statement(bank):
    bring_in(bank, statement_csv(NOVEMBER_STATEMENT))
    bank_ops.auto_match(statement=BankStatement.objects.get(), by=bank.officer)
    from finance import operations as fin

    fin.open_period(ledger=bank.ledger, by=bank.officer)
    december = [("2026-12-01", "支出", "", "15.20", "", "48700.00")]
    with pytest.raises(RuleViolation) as refused:
        bring_in(bank, statement_csv(december), month=12)
    assert "第 3 行" in str(refused.value) and "上期对账单最后余额" in str(refused.value)
    bring_in(bank, statement_csv([("2026-12-01", "支出", "", "15.20", "", "48800.00")]), month=12)


def test_oversized_empty_or_unreadable_files_are_refused(bank):
    for data, name, says in [(b"x" * (5 * 1024 * 1024 + 1), "big.csv", "文件过大"),
                             (b"\x00\x01PK not a workbook", "a.xlsx", "无法读取文件"),
                             (",".join(STATEMENT_HEADER).encode("gbk"), "empty.csv", "没有数据行"),
                             ("日期,金额\n2026-11-01,3\n".encode("gbk"), "wrong.csv", "缺少列")]:
        with pytest.raises(RuleViolation, match=says):
            bring_in(bank, data, name)
    assert not BankStatement.objects.exists()


def test_a_month_takes_one_statement_per_bank_account(imported):
    with pytest.raises(RuleViolation, match="已经导入"):
        bring_in(imported, statement_csv(NOVEMBER_STATEMENT))


def test_only_township_staff_of_the_village_import(bank):
    for user in (bank.chair, bank.auditor, bank.outsider):
        with pytest.raises(RuleViolation) as refused:
            bank_ops.import_statement(ledger=bank.ledger, account=bank.account, year=2026, month=11,
                                      bank_format=bank.format, data=statement_csv(NOVEMBER_STATEMENT),
                                      filename="a.csv", by=user)
        assert refused.value.rule == Rule.R2
