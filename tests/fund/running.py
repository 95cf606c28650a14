"""Loans already paid out, for the servicing tests: the fund_world (tests/fund/conftest.py) with county capital
received at the start of the year, and loans disbursed on 5 January 2026 so that their instalments have fallen
due by today's date in the test run (the ledger is open from January to November 2026)."""

from datetime import date
from decimal import Decimal

from finance.fund import operations as fund_ops
from finance.fund.models import Instalment, Loan
from tests.fund.conftest import approved, receive

OUT_ON = date(2026, 1, 5)


def with_early_capital(b, amount="200000"):
    receive(b, "county_capital", amount, on=date(2026, 1, 2))
    return b


def running(b, member, amount="5000", *, method="annuity", term_months=12, on=OUT_ON) -> Loan:
    loan = approved(b, member, amount, method=method, term_months=term_months, applied_on=on)
    return fund_ops.disburse_loan(loan=loan, disbursed_on=on, by=b.chair)


def pay(b, loan, amount, on):
    return fund_ops.repay(loan=loan, paid_on=on, amount=Decimal(amount), by=b.chair)


def rows(loan, *, version=None):
    loan.refresh_from_db()
    return list(Instalment.objects.filter(loan=loan, version=version or loan.schedule_version).order_by("seq"))
