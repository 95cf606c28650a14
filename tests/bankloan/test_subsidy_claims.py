"""贴息申请: what a claim holds, once per period, never penalty or unpaid interest, and what its receipt posts."""

from datetime import date
from decimal import Decimal as D

import pytest

from coop.errors import Rule
from finance.bankloan import operations as loans
from finance.bankloan.models import SubsidyClaim
from tests.bankloan.conftest import draw, pay, submitted
from tests.bankloan.test_loan_operations import balance, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(bl):
    """300,000 drawn on 5 Jan 2026; Q1 (75 days, 2,718.75) and Q2 (92 days, 3,335.00) computed and paid; Q3
    computed, not paid."""
    draw(bl, date(2026, 1, 5), "300000")
    bl.q1 = loans.compute_interest_period(loan=bl.loan, by=bl.chair)
    pay(bl, bl.q1, date(2026, 3, 20), "2718.75")
    bl.q2 = loans.compute_interest_period(loan=bl.loan, by=bl.chair)
    assert bl.q2.interest_due == D("3335.00")  # 300,000 × 92 × 4.35 % / 360
    pay(bl, bl.q2, date(2026, 6, 22), "3335.00")
    bl.q3 = loans.compute_interest_period(loan=bl.loan, by=bl.chair)
    return bl


def test_a_claim_for_a_quarter_takes_the_interest_paid_on_periods_settled_in_it(paid):
    claim = loans.make_claim(cooperative=paid.world.k11, within=date(2026, 2, 1), by=paid.chair)
    assert (claim.period_start, claim.period_end) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (claim.interest_paid, claim.subsidisable, claim.amount) == (D("2718.75"), D("2718.75"), D("2718.75"))
    assert claim.status == SubsidyClaim.Status.PENDING
    assert [line.period for line in claim.lines.all()] == [paid.q1]


def test_a_claim_period_is_not_claimed_twice(paid):
    loans.make_claim(cooperative=paid.world.k11, within=date(2026, 2, 1), by=paid.chair)
    with refused():
        loans.make_claim(cooperative=paid.world.k11, within=date(2026, 3, 31), by=paid.officer)


def test_a_rejected_claim_lets_its_periods_be_claimed_again(paid):
    claim = submitted(paid, date(2026, 2, 1))
    loans.reject_claim(claim=claim, by=paid.officer, reason="缺少银行付息回单")
    again = loans.make_claim(cooperative=paid.world.k11, within=date(2026, 2, 1), by=paid.chair)
    assert again.amount == D("2718.75")


def test_unpaid_interest_is_not_subsidised(paid):
    with refused():  # Q3's interest (to 20 Sep) has not been paid
        loans.make_claim(cooperative=paid.world.k11, within=date(2026, 9, 1), by=paid.chair)
    loans.record_interest_payment(period=paid.q3, on=date(2026, 9, 20), interest_paid=D("3000"), by=paid.chair)
    with refused():  # paid in part, and that part still waits for approval
        loans.make_claim(cooperative=paid.world.k11, within=date(2026, 9, 1), by=paid.chair)


def test_penalty_interest_and_overdue_days_are_never_subsidised(bl):
    loan = loans.register_loan(cooperative=bl.world.k11, bank="中国农业银行留坝支行", contract_number="NY-3",
                               principal=D("100000"), annual_rate=D("4.35"), term_months=3,
                               signed_on=date(2026, 3, 21), maturity=date(2026, 6, 30), by=bl.chair)
    draw(bl, date(2026, 3, 21), "100000", loan=loan)
    for _i in range(3):  # to 20 Jun, to maturity on 30 Jun, then overdue to 20 Sep
        period = loans.compute_interest_period(loan=loan, by=bl.chair)
        pay(bl, period, period.end, period.interest_due if period.interest_due else "0",
            penalty=period.penalty_due)
    claim = loans.make_claim(cooperative=bl.world.k11, within=date(2026, 6, 1), by=bl.chair)
    assert claim.amount == D("1111.67") + D("120.83")  # 92 days and 10 days at 4.35 %; nothing on the penalty
    with refused():  # Q3 holds only the overdue period: penalty 1,486.25 paid, nothing to subsidise
        loans.make_claim(cooperative=bl.world.k11, within=date(2026, 8, 1), by=bl.chair)


def test_a_fixed_points_policy_pays_its_rate_on_the_subsidisable_principal_days(bl):
    loans.set_policy(county=bl.world.c1, effective_from=date(2026, 4, 1), method="points", points=D("5"),
                     max_principal=D("200000"), by=bl.admin)
    draw(bl, date(2026, 1, 5), "300000")
    for _quarter in range(2):
        period = loans.compute_interest_period(loan=bl.loan, by=bl.chair)
        pay(bl, period, period.end, period.interest_due)
    assert loans.make_claim(cooperative=bl.world.k11, within=date(2026, 1, 1), by=bl.chair).amount == D("2718.75")
    claim = loans.make_claim(cooperative=bl.world.k11, within=date(2026, 6, 30), by=bl.chair)
    assert claim.amount == D("2555.56")  # Q2: 200,000 (the cap) × 92 days × 5 % / 360, whatever the bank charged


def test_a_claim_waits_for_its_period_to_end(paid):
    loans.set_policy(county=paid.world.c1, effective_from=date(2026, 7, 1), method="actual",
                     max_principal=D("300000"), claim_period="yearly", by=paid.admin)
    with refused():
        loans.make_claim(cooperative=paid.world.k11, within=date(2026, 8, 1), by=paid.chair)


def test_the_township_approves_a_claim_and_confirms_the_subsidy_received(paid):
    claim = submitted(paid, date(2026, 2, 1))
    with refused():  # not approved yet
        loans.record_subsidy_received(claim=claim, on=date(2026, 5, 10), amount=D("2718.75"), by=paid.officer)
    with refused(Rule.R2):
        loans.approve_claim(claim=claim, by=paid.chair)
    claim = loans.approve_claim(claim=claim, by=paid.officer)
    assert claim.voucher is None  # approval moves no money
    with refused():
        loans.record_subsidy_received(claim=claim, on=date(2026, 5, 10), amount=D("2718.76"), by=paid.officer)
    with refused(Rule.R2):
        loans.record_subsidy_received(claim=claim, on=date(2026, 5, 10), amount=D("2718.75"), by=paid.chair)
    claim = loans.record_subsidy_received(claim=claim, on=date(2026, 5, 10), amount=D("2718.75"), by=paid.officer)
    assert claim.receipt_voucher is not None
    assert balance(paid, "50311") == D("2718.75")
    with refused():
        loans.record_subsidy_received(claim=claim, on=date(2026, 5, 11), amount=D("1"), by=paid.officer)


def test_a_village_already_posting_to_the_subsidy_account_itself_receives_the_subsidy_in_a_detail_under_it(paid):
    from tests import builders

    builders.posted(paid.books, date(2026, 3, 10), (("10201", "debit", "2000"), ("503", "credit", "2000")),
                    preparer=paid.chair, approver=paid.officer)
    claim = loans.approve_claim(claim=submitted(paid, date(2026, 2, 1)), by=paid.officer)
    loans.record_subsidy_received(claim=claim, on=date(2026, 5, 10), amount=D("2718.75"), by=paid.officer)
    assert balance(paid, "503") == D("2000.00")  # the village's own, from before the detail existed
    assert balance(paid, "50311") == D("2718.75")
