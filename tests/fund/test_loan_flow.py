"""A loan from application to disbursement: the council, the township's four eyes, the voucher into the
member's bank account, the principal traced to its sources, the schedule stored as rows."""

from decimal import Decimal as D

import pytest

from coop.errors import Rule, RuleViolation
from finance import queries as ledger
from finance.fund import operations as fund_ops
from finance.fund import queries
from finance.fund.models import Instalment, Loan, LoanSource, Stage
from tests.fund.conftest import apply, approved, lend, receive, terms_kwargs


def test_a_loan_goes_from_application_to_the_members_bank_account(fund_world):
    b = fund_world
    loan = lend(b, b.members[0], "5000")
    assert (loan.stage, loan.status, loan.approved_by, loan.disbursed_by) == (
        Stage.DISBURSED, Loan.Status.APPROVED, b.officer, b.chair)
    lines = {(line.account.code, line.debit, line.credit) for line in loan.voucher.lines.select_related("account")}
    assert lines == {("11221", D("5000.00"), None), ("10201", None, D("5000.00"))}
    assert (loan.voucher.prepared_by, loan.voucher.posted_by) == (b.chair, b.officer)
    assert "6228480000000001" in loan.voucher.lines.first().summary


def test_the_schedule_is_stored_and_its_principal_is_the_loan(fund_world):
    b = fund_world
    loan = lend(b, b.members[0], "5000", method="annuity", term_months=12)
    rows = list(Instalment.objects.filter(loan=loan).order_by("seq"))
    assert len(rows) == 12 and sum(r.principal for r in rows) == D("5000.00")
    assert rows[0].fee == D("30.00") and rows[0].due_on.month == 12  # 6‰ of 5,000; a month after 2 Nov


def test_rates_are_copied_from_the_terms_on_the_application_date(fund_world):
    b = fund_world
    loan = apply(b, b.members[0])
    assert (loan.fee_rate_monthly, loan.penalty_rate_daily, loan.terms) == (D("6"), D("5"), b.terms)


def test_the_principal_is_traced_to_the_sources_pro_rata_to_what_each_has_left(fund_world):
    b = fund_world
    receive(b, "member_contribution", "100000", member=b.members[5])
    loan = lend(b, b.members[0], "4000")
    parts = dict(LoanSource.objects.filter(loan=loan).values_list("source", "principal"))
    assert parts == {"county_capital": D("3000.00"), "member_contribution": D("1000.00")}
    assert queries.out_by_source(b.fund)["county_capital"] == D("3000.00")


def test_available_money_equals_the_ledger_after_receipts_and_disbursements(fund_world):
    b = fund_world
    receive(b, "donation", "2500.50")
    lend(b, b.members[0], "5000")
    lend(b, b.members[1], "3000", method="lump_sum")
    position = queries.position(b.fund)
    bank = ledger.balance_of(b.ledger, ledger.bank_account(b.world.v11, "fund"))
    assert position.bank == bank == D("294500.50")
    assert position.loans_out == D("8000.00") == sum(queries.outstanding_principal(b.fund.loans.all()).values())
    assert position.available == D("294500.50")


def test_the_reserve_is_kept_back(fund_world):
    b = fund_world
    fund_ops.set_terms(fund=b.fund, adopted_on=b.day, effective_from=b.day, by=b.officer,
                       **terms_kwargs(reserve_percent=D("99")))
    assert queries.available(b.fund, b.day) == D("3000.00")
    with pytest.raises(RuleViolation, match="可用余额") as err:
        apply(b, b.members[0], "4000")
    assert err.value.rule == Rule.R6


def test_the_council_rejects_without_a_majority(fund_world):
    b = fund_world
    loan = fund_ops.review_loan(loan=apply(b, b.members[0]), reviewed_on=b.day, votes_for=2, votes_against=3,
                                opinion="用途不明", by=b.chair)
    assert (loan.stage, loan.status) == (Stage.REJECTED, Loan.Status.REJECTED) and "用途不明" in loan.reject_reason
    with pytest.raises(RuleViolation, match="理事会审议通过"):
        fund_ops.approve_loan(loan=loan, by=b.officer)


def test_the_township_rejects_with_a_reason_and_nothing_moves(fund_world):
    b = fund_world
    loan = fund_ops.review_loan(loan=apply(b, b.members[0]), reviewed_on=b.day, votes_for=5, votes_against=0,
                                by=b.chair)
    loan = fund_ops.reject_loan(loan=loan, by=b.officer, reason="担保不足")
    assert (loan.stage, loan.status, loan.reject_reason) == (Stage.REJECTED, Loan.Status.REJECTED, "担保不足")
    with pytest.raises(RuleViolation, match="只有镇已审批"):
        fund_ops.disburse_loan(loan=loan, disbursed_on=b.day, by=b.chair)


def test_the_approver_cannot_pay_out_the_loan_he_approved(fund_world):
    b = fund_world
    loan = approved(b, b.members[0])
    with pytest.raises(RuleViolation) as err:
        fund_ops.disburse_loan(loan=loan, disbursed_on=b.day, by=b.officer)
    assert err.value.rule == Rule.R2
    assert Loan.objects.get(pk=loan.pk).stage == Stage.APPROVED and not Instalment.objects.exists()


def test_the_chairman_cannot_approve(fund_world):
    b = fund_world
    loan = fund_ops.review_loan(loan=apply(b, b.members[0]), reviewed_on=b.day, votes_for=5, votes_against=0,
                                by=b.chair)
    with pytest.raises(RuleViolation) as err:
        fund_ops.approve_loan(loan=loan, by=b.chair)
    assert err.value.rule == Rule.R2
