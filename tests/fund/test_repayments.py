"""Repayments: allocated penalty → overdue fee → fee → principal, oldest instalment first, to the fen; early and
partial repayment; more than settles the loan refused; posted into the fund's bank account; receipts numbered
per fund and year without gaps; a mistaken repayment reversed by the township."""

from datetime import date
from decimal import Decimal as D

import pytest

from coop.errors import Rule, RuleViolation
from finance import queries as ledger
from finance.fund import operations as fund_ops
from finance.fund import queries
from finance.fund.models import Repayment, RepaymentLine, Stage
from tests.fund.running import pay, rows, running, with_early_capital


@pytest.fixture
def b(fund_world):
    return with_early_capital(fund_world)


def test_a_repayment_on_the_due_date_pays_the_fee_then_the_principal_into_the_bank(b):
    loan = running(b, b.members[0], "5000", method="annuity")
    first = rows(loan)[0]
    repayment = pay(b, loan, first.principal + first.fee, first.due_on)
    assert (repayment.to_penalty, repayment.to_overdue_fee, repayment.to_fee, repayment.to_principal) == (
        D("0"), D("0"), D("30.00"), first.principal)
    lines = {(ln.account.code, ln.debit, ln.credit) for ln in repayment.voucher.lines.select_related("account")}
    assert lines == {("10201", first.principal + first.fee, None), ("11221", None, first.principal),
                     ("50121", None, D("30.00"))}
    assert (repayment.voucher.prepared_by, repayment.voucher.posted_by) == (b.chair, b.officer)
    first.refresh_from_db()
    assert first.settled_on == first.due_on and repayment.receipt_no == "2026-00001"


def test_a_late_payment_goes_to_penalty_then_overdue_fee_then_todays_fee_then_principal(b):
    loan = running(b, b.members[0], "5000", method="fee_monthly")  # 30.00 fee a month, principal at the end
    # February's 30.00 was due 5 Feb: 28 days late on 5 Mar at 5‱ a day → 30 × 28 × 0.0005 = 0.42
    repayment = pay(b, loan, "61.00", date(2026, 3, 5))
    assert (repayment.to_penalty, repayment.to_overdue_fee, repayment.to_fee, repayment.to_principal) == (
        D("0.42"), D("30.00"), D("30.00"), D("0.58"))
    shares = {line.instalment.seq: (line.penalty, line.fee, line.principal)
              for line in RepaymentLine.objects.filter(repayment=repayment).select_related("instalment")}
    assert shares == {1: (D("0.42"), D("30.00"), D("0")), 2: (D("0"), D("30.00"), D("0")),
                      12: (D("0"), D("0"), D("0.58"))}
    assert {ln.account.code: ln.credit for ln in repayment.voucher.lines.select_related("account")
            if ln.credit} == {"50421": D("0.42"), "50121": D("60.00"), "11221": D("0.58")}


def test_a_partial_payment_covers_the_oldest_items_first(b):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    repayment = pay(b, loan, "10", date(2026, 3, 5))
    assert (repayment.to_penalty, repayment.to_overdue_fee, repayment.to_fee) == (D("0.42"), D("9.58"), D("0"))
    feb = rows(loan)[0]
    assert (feb.paid_fee, feb.paid_penalty, feb.settled_on) == (D("9.58"), D("0.42"), None)
    assert loan.stage == Stage.DISBURSED


def test_more_than_settles_the_loan_is_refused_and_nothing_is_written(b):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    with pytest.raises(RuleViolation, match="超过") as err:
        pay(b, loan, "5060.43", date(2026, 3, 5))  # penalty 0.42 + two fees 60.00 + principal 5,000
    assert err.value.rule == Rule.R6
    assert not Repayment.objects.exists() and all(r.penalty_accrued == 0 for r in rows(loan))


def test_settling_the_loan_pays_the_fee_earned_and_closes_it(b):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    repayment = pay(b, loan, "5060.42", date(2026, 3, 5))
    loan.refresh_from_db()
    assert (loan.stage, loan.closed_on) == (Stage.REPAID, date(2026, 3, 5))
    assert repayment.to_principal == D("5000.00") and all(r.settled_on for r in rows(loan))
    assert queries.position(b.fund).loans_out == D("0.00")


def test_early_settlement_of_a_lump_sum_pays_the_fee_of_the_months_begun(b):
    loan = running(b, b.members[0], "5000", method="lump_sum")  # 360.00 fee for twelve months
    # 5 Jan → 10 Apr: three whole months and a fourth begun: 360 × 4 / 12 = 120.00
    assert fund_ops.servicing.preview(loan=loan, on=date(2026, 4, 10))[1] == D("5120.00")
    repayment = pay(b, loan, "5120.00", date(2026, 4, 10))
    loan.refresh_from_db()
    assert (repayment.to_fee, repayment.to_principal, loan.stage) == (D("120.00"), D("5000.00"), Stage.REPAID)


def test_an_early_partial_repayment_lowers_the_principal_and_leaves_the_fees(b):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    repayment = pay(b, loan, "1000", date(2026, 4, 10))
    only = rows(loan)[0]
    assert (repayment.to_principal, repayment.to_fee, only.principal_due, only.fee_due) == (
        D("1000.00"), D("0"), D("4000.00"), D("360.00"))
    assert queries.outstanding_principal([loan.pk]) == {loan.pk: D("4000.00")}


def test_receipt_numbers_run_per_fund_and_year_without_gaps_even_across_a_reversal(b):
    first = running(b, b.members[0], "5000", method="lump_sum")
    second = running(b, b.members[1], "3000", method="lump_sum")
    one = pay(b, first, "100", date(2026, 4, 1))
    two = pay(b, second, "100", date(2026, 4, 2))
    fund_ops.reverse_repayment(repayment=two, on=date(2026, 4, 3), reason="金额录错", by=b.officer)
    three = pay(b, second, "90", date(2026, 4, 3))
    assert [one.receipt_no, two.receipt_no, three.receipt_no] == ["2026-00001", "2026-00002", "2026-00003"]


def test_a_reversal_takes_the_money_back_off_the_schedule_and_reopens_the_loan(b):
    loan = running(b, b.members[0], "5000", method="fee_monthly")
    bank = ledger.bank_account(b.world.v11, "fund")
    before = ledger.balance_of(b.ledger, bank)
    repayment = pay(b, loan, "5060.42", date(2026, 3, 5))
    fund_ops.reverse_repayment(repayment=repayment, on=date(2026, 3, 6), reason="借款人银行退回", by=b.officer)
    loan.refresh_from_db()
    repayment.refresh_from_db()
    assert (loan.stage, loan.closed_on, repayment.reversed_on) == (Stage.DISBURSED, None, date(2026, 3, 6))
    assert repayment.reversal_voucher.reversal_of == repayment.voucher
    assert all(r.paid_principal == r.paid_fee == r.paid_penalty == 0 and r.settled_on is None for r in rows(loan))
    assert ledger.balance_of(b.ledger, bank) == before and queries.position(b.fund).loans_out == D("5000.00")


def test_only_the_township_reverses_and_only_the_latest_repayment(b):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    one = pay(b, loan, "100", date(2026, 4, 1))
    pay(b, loan, "100", date(2026, 4, 2))
    with pytest.raises(RuleViolation, match="最后一笔"):
        fund_ops.reverse_repayment(repayment=one, on=date(2026, 4, 3), reason="错", by=b.officer)
    with pytest.raises(RuleViolation) as err:
        fund_ops.reverse_repayment(repayment=one, on=date(2026, 4, 3), reason="错", by=b.chair)
    assert err.value.rule == Rule.R2


@pytest.mark.parametrize(("kwargs", "words"), [
    ({"amount": "0"}, "大于零"),
    ({"paid_on": date(2026, 1, 4)}, "早于放款日期"),
    ({"paid_on": date(2099, 1, 1)}, "晚于今天"),
])
def test_a_repayment_is_refused_with_its_reason(b, kwargs, words):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    args = {"loan": loan, "paid_on": date(2026, 4, 1), "amount": D("100"), "by": b.chair} | kwargs
    with pytest.raises(RuleViolation, match=words):
        fund_ops.repay(**args)
    assert not Repayment.objects.exists()


def test_a_repayment_dated_before_the_last_one_is_refused(b):
    loan = running(b, b.members[0], "5000", method="lump_sum")
    pay(b, loan, "100", date(2026, 4, 2))
    with pytest.raises(RuleViolation, match="上一笔还款"):
        pay(b, loan, "100", date(2026, 4, 1))
