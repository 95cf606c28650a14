"""The assembly's and the township's approval (R2, four eyes, R7), the distribution voucher on the right accounts,
and the statements' itemised 各项分配."""

from datetime import date
from decimal import Decimal

import pytest

from coop.errors import Rule, RuleViolation
from distribution import operations
from distribution.models import DistributionPlan
from finance import queries, statements
from finance.models import Voucher
from tests import builders
from tests.distribution.conftest import prepare, resolve

pytestmark = pytest.mark.django_db


def test_the_chairman_cannot_approve_and_the_recorder_never_approves(dist):
    plan = prepare(dist)
    resolve(dist, plan, attendance=4, votes_for=3, votes_against=1)
    with pytest.raises(RuleViolation) as refused:
        operations.approve_plan(plan=plan, by=dist.chair)
    assert refused.value.rule == Rule.R2
    assert DistributionPlan.objects.get().status == DistributionPlan.Status.PENDING


def test_four_eyes_the_officer_who_prepared_cannot_approve(dist):
    plan = prepare(dist, by=dist.officer)
    resolve(dist, plan, attendance=4, votes_for=3, votes_against=1)
    with pytest.raises(RuleViolation) as refused:
        operations.approve_plan(plan=plan, by=dist.officer, on=date(2026, 3, 20))
    assert refused.value.rule == Rule.R2
    approved = operations.approve_plan(plan=plan, by=dist.officer_b, on=date(2026, 3, 20))
    assert approved.status == DistributionPlan.Status.APPROVED


def test_no_approval_without_the_assemblys_passing_vote(dist):
    plan = prepare(dist)
    with pytest.raises(RuleViolation) as refused:
        operations.approve_plan(plan=plan, by=dist.officer, on=date(2026, 3, 20))
    assert refused.value.rule == Rule.R7
    resolve(dist, plan, attendance=4, votes_for=2, votes_against=2)
    with pytest.raises(RuleViolation) as refused:
        operations.approve_plan(plan=plan, by=dist.officer, on=date(2026, 3, 20))
    assert "未过半数" in str(refused.value)
    assert not Voucher.objects.filter(source__startswith="收益分配").exists()


def test_the_books_changed_since_the_plan_refuse_its_approval(dist):
    plan = prepare(dist)
    resolve(dist, plan, attendance=4, votes_for=3, votes_against=1)
    builders.posted(dist.ledger, date(2025, 12, 20), [("10201", "debit", "100"), ("501", "credit", "100")],
                    preparer=dist.chair, approver=dist.officer)
    with pytest.raises(RuleViolation) as refused:
        operations.approve_plan(plan=plan, by=dist.officer, on=date(2026, 3, 20))
    assert refused.value.rule == Rule.R7 and "重新编制" in str(refused.value)


def test_the_voucher_is_balanced_on_the_distribution_accounts(approved):
    voucher = approved.plan.voucher
    lines = {(ln.account.code, ln.side): ln.amount for ln in voucher.lines.select_related("account")}
    assert lines == {("3220101", "debit"): Decimal("16000.00"), ("3220103", "debit"): Decimal("9600.00"),
                     ("3220104", "debit"): Decimal("14400.00"), ("31101", "credit"): Decimal("8000.00"),
                     ("31102", "credit"): Decimal("8000.00"), ("21131", "credit"): Decimal("24000.00")}
    assert voucher.status == Voucher.Status.POSTED and voucher.date == date(2026, 3, 20)
    assert voucher.prepared_by == approved.chair and voucher.posted_by == approved.officer


def test_the_income_statement_itemises_the_distribution(approved):
    rows = {row.line.line_no: (row.line.label, row.current) for row in statements.income_statement(
        approved.ledger, 2026, 11)}
    assert rows[27] == ("减:1.提取公积公益金", Decimal("16000.00"))
    assert rows[28] == ("2.外来投资分利", Decimal("9600.00"))
    assert rows[29] == ("3.农户分配", Decimal("14400.00"))
    assert rows[30][1] == 0
    assert rows[35][1] == rows[26][1] - Decimal("40000.00")


def test_the_2004_statement_itemises_five_lines_and_other_takes_a_parents_own_lines(world):
    from finance import operations as fin
    from finance.models import Account

    officer = world.users["township_officer"]
    chair = builders.account("chair12", "chairman", village=world.v12)
    books = builders.ledger(world.v12, officer, chart="2004", start=date(2025, 1, 1))
    fin.add_sub_account(parent=Account.objects.get(chart="2004", village=None, code="102"), village=world.v12,
                        code="10201", name="信用社", by=officer)
    for code, amount in (("3220101", "100"), ("3220102", "200"), ("3220103", "300"), ("3220104", "400"),
                         ("3220105", "500")):
        builders.posted(books, date(2025, 5, 1), [(code, "debit", amount), ("10201", "credit", amount)],
                        preparer=chair, approver=officer)
    rows = {row.line.line_no: (row.line.label, row.current) for row in statements.income_statement(books, 2025, 12)}
    assert [rows[n] for n in (27, 28, 29, 30, 31)] == [
        ("减:1.提取公积公益金", Decimal("100.00")), ("2.提取应付福利费", Decimal("200.00")),
        ("3.外来投资分利", Decimal("300.00")), ("4.农户分配", Decimal("400.00")), ("5.其他", Decimal("500.00"))]
    assert rows[35][1] == rows[26][1] - Decimal("1500.00")
    assert queries.distributable_surplus(books, 2025).distributed == Decimal("1500.00")
