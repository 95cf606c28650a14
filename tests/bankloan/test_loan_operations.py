"""Each refusal of the subsidised-loan operations, and what an approval posts."""

from contextlib import contextmanager
from datetime import date
from decimal import Decimal as D

import pytest

from coop.errors import Rule, RuleViolation
from finance import queries as ledger
from finance.bankloan import operations as loans
from finance.bankloan import queries
from finance.bankloan.models import Drawdown, InterestPeriod
from tests.bankloan.conftest import draw, pay, repay

pytestmark = pytest.mark.django_db


@contextmanager
def refused(rule=Rule.BANKLOAN):
    """The block is refused by a RuleViolation naming `rule`."""
    with pytest.raises(RuleViolation) as info:
        yield info
    assert info.value.rule == rule, info.value


def balance(b, code):
    account = next(a for a in ledger.chart(b.books) if a.code == code)
    return ledger.balance_of(b.books, account)


def test_an_approved_drawdown_posts_bank_against_the_short_term_loan_account(bl):
    drawdown = draw(bl, date(2026, 1, 5), "300000")
    assert drawdown.voucher is not None
    assert balance(bl, "20111") == D("300000")
    assert balance(bl, "10201") == D("400000")
    assert queries.outstanding(bl.loan) == D("300000")


def test_no_drawdown_past_the_contracts_principal_counting_those_waiting(bl):
    loans.record_drawdown(loan=bl.loan, on=date(2026, 1, 5), amount=D("200000"), by=bl.chair)
    with refused():
        loans.record_drawdown(loan=bl.loan, on=date(2026, 1, 6), amount=D("100000.01"), by=bl.chair)
    assert Drawdown.objects.count() == 1


@pytest.mark.parametrize(("on", "amount"), [(date(2026, 1, 4), "1000"), (date(2027, 1, 6), "1000"),
                                            (date(2026, 1, 5), "0"), (date(2026, 1, 5), "-5")])
def test_a_drawdown_is_positive_and_inside_the_contracts_dates(bl, on, amount):
    with refused():
        loans.record_drawdown(loan=bl.loan, on=on, amount=D(amount), by=bl.chair)


def test_no_repayment_past_what_is_outstanding_that_day(bl):
    draw(bl, date(2026, 1, 5), "100000")
    draw(bl, date(2026, 5, 1), "50000")
    with refused():
        loans.record_repayment(loan=bl.loan, on=date(2026, 4, 1), amount=D("100000.01"), by=bl.chair)
    loans.record_repayment(loan=bl.loan, on=date(2026, 6, 1), amount=D("100000"), by=bl.chair)
    with refused():  # the waiting 100,000 counts
        loans.record_repayment(loan=bl.loan, on=date(2026, 6, 2), amount=D("50000.01"), by=bl.chair)


def test_a_repayment_posts_the_loan_account_against_the_bank(bl):
    draw(bl, date(2026, 1, 5), "100000")
    repay(bl, date(2026, 6, 1), "30000")
    assert balance(bl, "20111") == D("70000")
    assert queries.outstanding(bl.loan) == D("70000")


def test_a_long_term_loan_posts_to_long_term_borrowing(bl):
    loan = loans.register_loan(cooperative=bl.world.k11, bank="中国农业银行留坝支行", contract_number="NY-1",
                               principal=D("50000"), annual_rate=D("4.75"), term_months=36,
                               signed_on=date(2026, 2, 1), by=bl.chair)
    draw(bl, date(2026, 2, 1), "50000", loan=loan)
    assert balance(bl, "22111") == D("50000")


def test_the_recorder_cannot_approve_and_a_chairman_cannot_approve_at_all(bl):
    row = loans.record_drawdown(loan=bl.loan, on=date(2026, 1, 5), amount=D("1000"), by=bl.officer)
    with refused(Rule.R2):
        loans.approve_drawdown(drawdown=row, by=bl.officer)
    with refused(Rule.R2):
        loans.approve_drawdown(drawdown=row, by=bl.chair)
    assert Drawdown.objects.get().status == "pending"


def test_a_contract_number_is_registered_once_per_bank(bl):
    with refused():
        loans.register_loan(cooperative=bl.world.k11, bank="留坝县农村信用合作联社", contract_number="LB2026-001",
                            principal=D("1000"), annual_rate=D("4.35"), term_months=12, signed_on=date(2026, 2, 1),
                            by=bl.chair)
    other = loans.register_loan(cooperative=bl.world.k11, bank="中国农业银行留坝支行", contract_number="LB2026-001",
                                principal=D("1000"), annual_rate=D("4.35"), term_months=12,
                                signed_on=date(2026, 2, 1), by=bl.chair)
    assert other.maturity == date(2027, 2, 1)


def test_only_the_county_administrator_sets_the_policy_and_one_version_a_day(bl):
    with refused(Rule.R2):
        loans.set_policy(county=bl.world.c1, effective_from=date(2026, 1, 1), method="points", points=D("5"),
                         max_principal=D("50000"), by=bl.officer)
    with refused():
        loans.set_policy(county=bl.world.c1, effective_from=date(2016, 1, 1), method="actual",
                         max_principal=D("50000"), by=bl.admin)
    with refused():
        loans.set_policy(county=bl.world.c1, effective_from=date(2026, 1, 1), method="points", points=D("0"),
                         max_principal=D("50000"), by=bl.admin)


def test_computing_a_quarter_stores_the_periods_interest_from_approved_movements(bl):
    draw(bl, date(2026, 1, 5), "300000")
    first = loans.compute_interest_period(loan=bl.loan, by=bl.chair)
    assert (first.start, first.end, first.days, first.interest_due) == (
        date(2026, 1, 5), date(2026, 3, 20), 75, D("2718.75"))
    assert (first.opening_principal, first.closing_principal, first.subsidisable_interest) == (
        D("0.00"), D("300000"), D("2718.75"))


def test_a_movement_inside_a_computed_period_is_refused(bl):
    draw(bl, date(2026, 1, 5), "200000")
    loans.compute_interest_period(loan=bl.loan, by=bl.chair)
    with refused():
        loans.record_drawdown(loan=bl.loan, on=date(2026, 3, 1), amount=D("1000"), by=bl.chair)
    with refused():
        loans.record_repayment(loan=bl.loan, on=date(2026, 3, 20), amount=D("1000"), by=bl.chair)


def test_a_period_is_not_computed_while_a_movement_in_it_waits_or_before_it_ends(bl):
    draw(bl, date(2026, 1, 5), "200000")
    waiting = loans.record_repayment(loan=bl.loan, on=date(2026, 2, 1), amount=D("1000"), by=bl.chair)
    with refused():
        loans.compute_interest_period(loan=bl.loan, by=bl.chair)
    loans.reject_movement(row=waiting, by=bl.officer, reason="银行回单不符")
    for _quarter in range(4):  # to 20 Sep, 20 Jun, … the quarter to 20 Dec has not ended on 30 Nov 2026
        try:
            loans.compute_interest_period(loan=bl.loan, by=bl.chair)
        except RuleViolation as exc:
            assert "尚未结束" in str(exc)
            break
    assert InterestPeriod.objects.filter(loan=bl.loan).count() == 3


def test_interest_paid_posts_interest_and_penalty_apart_and_never_more_than_is_due(bl):
    draw(bl, date(2026, 1, 5), "300000")
    period = loans.compute_interest_period(loan=bl.loan, by=bl.chair)
    with refused():
        loans.record_interest_payment(period=period, on=date(2026, 3, 20), interest_paid=D("2718.76"), by=bl.chair)
    with refused():
        loans.record_interest_payment(period=period, on=date(2026, 3, 20), interest_paid=D("1"),
                                      penalty_paid=D("0.01"), by=bl.chair)
    with refused():
        loans.record_interest_payment(period=period, on=date(2026, 3, 19), interest_paid=D("1"), by=bl.chair)
    with refused():
        loans.record_interest_payment(period=period, on=date(2026, 3, 20), interest_paid=D("0"), by=bl.chair)
    pay(bl, period, date(2026, 3, 20), "2718.75")
    assert balance(bl, "51511") == D("2718.75")
    assert balance(bl, "10201") == D("400000") - D("2718.75")
    with refused():
        loans.record_interest_payment(period=period, on=date(2026, 3, 21), interest_paid=D("0.01"), by=bl.chair)


def test_penalty_after_maturity_is_posted_to_its_own_account(bl):
    loan = loans.register_loan(cooperative=bl.world.k11, bank="中国农业银行留坝支行", contract_number="NY-2",
                               principal=D("100000"), annual_rate=D("4.35"), term_months=3,
                               signed_on=date(2026, 3, 21), maturity=date(2026, 6, 30), by=bl.chair)
    draw(bl, date(2026, 3, 21), "100000", loan=loan)
    loans.compute_interest_period(loan=loan, by=bl.chair)  # 21 Mar–20 Jun
    overdue = loans.compute_interest_period(loan=loan, by=bl.chair)  # 21 Jun–30 Jun at maturity
    assert overdue.end == date(2026, 6, 30)
    late = loans.compute_interest_period(loan=loan, by=bl.chair)  # 1 Jul–20 Sep, all overdue
    assert (late.interest_due, late.penalty_due, late.subsidisable_interest) == (D("0.00"), D("1486.25"), D("0.00"))
    pay(bl, late, date(2026, 9, 21), "0", penalty="1486.25")
    assert balance(bl, "51512") == D("1486.25")
