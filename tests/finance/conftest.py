from datetime import date
from types import SimpleNamespace

import pytest

from coop.roles import Role
from tests import builders


@pytest.fixture
def books(world):
    """桑园村's ledger (2023 chart) open Jan–Nov 2026, its chairman, two officers of 紫柏街道, and the officer
    and chairman of 马道镇's 沙坝村 as outsiders."""
    officer = world.users[Role.TOWNSHIP_OFFICER]
    return SimpleNamespace(
        ledger=builders.ledger(world.v11, officer),
        chair=world.users[Role.CHAIRMAN],
        officer=officer,
        officer_b=builders.account("officer1b", Role.TOWNSHIP_OFFICER, township=world.t1, full_name="复核员"),
        outsider=world.officer2,
        auditor=world.users[Role.AUDITOR],
        world=world,
        day=date(2026, 11, 2),
    )


STATEMENT_HEADER = ["交易日期", "摘要", "对方户名", "支出金额", "收入金额", "余额"]


def statement_csv(rows, *, encoding="gbk", preamble=("户名:桑园村村民委员会",)) -> bytes:
    """A statement as the credit cooperative's online bank exports it: a line naming the account, the
    header, then (date, summary, counterparty, paid out, received, balance) rows."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    for line in preamble:
        writer.writerow([line])
    writer.writerow(STATEMENT_HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


NOVEMBER_STATEMENT = [
    ("2026-11-02", "股金存入", "张三", "", "50000.00", "50000.00"),
    ("2026-11-11", "转账支出", "李四", "1200.00", "", "48800.00"),
    ("2026-11-21", "结息", "", "", "35.20", "48835.20"),
    ("2026-11-25", "手续费", "", "20.00", "", "48815.20"),
]


@pytest.fixture
def bank(books):
    """桑园村's November books on 102 and the bank's statement of them (DOMAIN worked example, see
    test_reconciliation_report): the books have a receipt and a payment the bank has not yet seen, the bank
    interest and a fee the books have not yet recorded."""
    from finance.bank.models import BankFormat
    from finance.models import Account

    for on, specs in [
        (date(2026, 11, 2), (("102", "debit", "50000", "收张三股金"), ("301", "credit", "50000"))),
        (date(2026, 11, 10), (("513", "debit", "1200"), ("102", "credit", "1200", "付李四保洁费"))),
        (date(2026, 11, 29), (("102", "debit", "3000", "收服务费"), ("501", "credit", "3000"))),
        (date(2026, 11, 30), (("513", "debit", "800"), ("102", "credit", "800", "开出转账支票"))),
    ]:
        builders.posted(books.ledger, on, specs, preparer=books.chair, approver=books.officer)
    books.account = Account.objects.get(chart=books.ledger.chart, code="102", village__isnull=True)
    books.format = BankFormat.objects.get(bank_name="陕西信合(农村信用社)")
    return books


@pytest.fixture
def imported(bank):
    from finance.bank import operations as bank_ops

    bank.statement = bank_ops.import_statement(
        ledger=bank.ledger, account=bank.account, year=2026, month=11, bank_format=bank.format,
        data=statement_csv(NOVEMBER_STATEMENT), filename="11月对账单.csv", by=bank.officer)
    return bank
