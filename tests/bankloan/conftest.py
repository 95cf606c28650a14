from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from coop.roles import Role
from finance import operations as fin
from finance.bankloan import operations as loans
from tests import builders


@pytest.fixture
def bl(world):
    """桑园村's books (2023 chart, Jan–Nov 2026) with one bank account holding 100,000; 留坝县's policy (full
    subsidy on interest paid, quarterly claims, 300,000 and 36 months at most); and a 300,000 loan at 4.35 %
    signed 5 Jan 2026 for 12 months, nothing drawn yet."""
    officer = world.users[Role.TOWNSHIP_OFFICER]
    books = builders.ledger(world.v11, officer)
    bank = _bank(books, world, officer)
    fin.set_opening_balances(ledger=books, by=officer, balances=[(bank, "100000", 0), ("301", 0, "100000")])
    b = SimpleNamespace(world=world, books=books, bank=bank, officer=officer, chair=world.users[Role.CHAIRMAN],
                        officer_b=builders.account("officer1b", Role.TOWNSHIP_OFFICER, township=world.t1,
                                                   full_name="复核员"),
                        admin=world.users[Role.COUNTY_ADMIN])
    b.policy = loans.set_policy(county=world.c1, effective_from=date(2016, 1, 1), method="actual",
                                subsidy_rate=Decimal("100"), max_principal=Decimal("300000"), max_term_months=36,
                                claim_period="quarterly", by=b.admin)
    b.loan = loans.register_loan(cooperative=world.k11, bank="留坝县农村信用合作联社", contract_number="LB2026-001",
                                 principal=Decimal("300000"), annual_rate=Decimal("4.35"), term_months=12,
                                 signed_on=date(2026, 1, 5), by=b.chair)
    return b


def _bank(books, world, officer):
    from finance.models import Account

    return fin.add_sub_account(parent=Account.objects.get(chart="2023", code="102", village=None),
                               village=world.v11, code="10201", name="农村信用社", by=officer)


def draw(b, on, amount, loan=None):
    row = loans.record_drawdown(loan=loan or b.loan, on=on, amount=Decimal(amount), by=b.chair)
    return loans.approve_drawdown(drawdown=row, by=b.officer)


def repay(b, on, amount, loan=None):
    row = loans.record_repayment(loan=loan or b.loan, on=on, amount=Decimal(amount), by=b.chair)
    return loans.approve_repayment(repayment=row, by=b.officer)


def pay(b, period, on, interest, penalty="0"):
    row = loans.record_interest_payment(period=period, on=on, interest_paid=Decimal(interest),
                                        penalty_paid=Decimal(penalty), by=b.chair)
    return loans.approve_interest_payment(payment=row, by=b.officer)


def submitted(b, within, by=None):
    """A claim for the period holding `within`, prepared and submitted by the chairman (or `by`)."""
    by = by or b.chair
    return loans.submit_claim(claim=loans.make_claim(cooperative=b.world.k11, within=within, by=by), by=by)
