"""Repayment schedules: pure functions from (principal, months, monthly rate, first day) to instalment rows.

One rounding rule for every method: **the fee of a period is the opening balance × the monthly rate × the
months in the period, rounded half-up to the fen once; every instalment's principal is rounded half-up to the
fen; the last instalment takes whatever principal is left**, so the principal of the rows always adds up to
the loan exactly and no fen is lost or invented.

Method by method (r = the monthly rate, n = the term in months, P = the principal):

* 到期一次还本付费 (lump sum): one instalment at maturity, principal P, fee P·r·n.
* 按月付费到期还本 (fee monthly): n instalments of fee P·r; the whole principal with the last.
* 等额本息 (annuity): the payment A = P·r·(1+r)^n / ((1+r)^n − 1), rounded half-up to the fen; each month's
  fee is on the opening balance and its principal is A − fee; the last month repays the balance left, so its
  payment differs from A by the rounding carried over twelve months.
* 等额本金 (equal principal): principal P/n rounded half-up each month, fee on the opening balance, the last
  month repays the balance left.

The published annuity case (REFERENCE-FUND.md §4: 100,000 at 4.35 % a year, r = 3.625‰, 12 months) gives
total interest 2,371.88 = 12 × the *unrounded* payment 8,530.990036… − 100,000 (2,371.8804). A borrower pays
whole fen and each month's fee is rounded to the fen: the twelve half-up roundings of the fee add +0.0193 元
(362.50 for 362.5000, 332.89 for 332.8892 …), and paying 8,530.99 instead of 8,530.990036 leaves the balance
0.0004 元 higher over the year. 2,371.8804 + 0.0193 + 0.0004 = 2,371.9001, so the rows' fees total 2,371.90 —
two fen more than the published figure — and the last instalment (8,531.01) carries them. The rows match the
published rows 1–2 to the fen; tests/fund/test_schedules.py holds the whole table.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from coop.money import to_fen
from finance.fund.models.rates import PER_MILLE
from finance.fund.models.terms import RepaymentMethod

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Row:
    """One instalment as the schedule makes it; `seq` counts from 1."""

    seq: int
    due_on: date
    principal: Decimal
    fee: Decimal

    @property
    def payment(self) -> Decimal:
        return self.principal + self.fee


def monthly_rate(per_mille) -> Decimal:
    """The monthly rate as a fraction, from the terms' ‰ figure (6 → 0.006)."""
    return Decimal(per_mille) / PER_MILLE


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has no such day (31 Jan + 1 → 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def make(method: str, *, principal, months: int, rate_per_mille, start: date) -> list[Row]:
    """The schedule of a loan of `principal` paid out on `start` for `months` at `rate_per_mille` a month."""
    principal = to_fen(principal)
    if principal <= 0:
        raise ValueError("principal must be positive")
    if months < 1:
        raise ValueError("the term is at least one month")
    rate = monthly_rate(rate_per_mille)
    if rate < 0:
        raise ValueError("the rate must not be negative")
    return _MAKERS[RepaymentMethod(method)](principal, months, rate, start)


def lump_sum(principal: Decimal, months: int, rate: Decimal, start: date) -> list[Row]:
    return [Row(1, add_months(start, months), principal, to_fen(principal * rate * months))]


def fee_monthly(principal: Decimal, months: int, rate: Decimal, start: date) -> list[Row]:
    fee = to_fen(principal * rate)
    return [Row(seq, add_months(start, seq), principal if seq == months else ZERO, fee)
            for seq in range(1, months + 1)]


def annuity_payment(principal: Decimal, months: int, rate: Decimal) -> Decimal:
    """The equal monthly payment, rounded half-up to the fen (with no fee, the principal over the months)."""
    if rate == 0:
        return to_fen(principal / months)
    growth = (1 + rate) ** months
    return to_fen(principal * rate * growth / (growth - 1))


def annuity(principal: Decimal, months: int, rate: Decimal, start: date) -> list[Row]:
    payment = annuity_payment(principal, months, rate)
    return _amortise(principal, months, rate, start, lambda fee: payment - fee)


def equal_principal(principal: Decimal, months: int, rate: Decimal, start: date) -> list[Row]:
    part = to_fen(principal / months)
    return _amortise(principal, months, rate, start, lambda fee: part)


def _amortise(principal, months, rate, start, principal_of) -> list[Row]:
    """Month by month: the fee on the opening balance, the principal `principal_of(fee)` (never more than the
    balance, never negative), and the last month the whole balance left."""
    rows, balance = [], principal
    for seq in range(1, months + 1):
        fee = to_fen(balance * rate)
        part = balance if seq == months else min(balance, max(ZERO, principal_of(fee)))
        rows.append(Row(seq, add_months(start, seq), part, fee))
        balance -= part
    return rows


_MAKERS = {
    RepaymentMethod.LUMP_SUM: lump_sum,
    RepaymentMethod.FEE_MONTHLY: fee_monthly,
    RepaymentMethod.ANNUITY: annuity,
    RepaymentMethod.EQUAL_PRINCIPAL: equal_principal,
}
