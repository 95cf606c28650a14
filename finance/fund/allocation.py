"""How a repayment is shared over a loan's instalments: pure functions over what each instalment still owes,
so that the operation, the admin's preview and the tests read one rule.

The order (the charter's usual one, and Fineract's "penalty, fee, principal"):

1. penalties (罚息), oldest instalment first;
2. the fee of instalments fallen due before the day (逾期占用费), oldest first;
3. the fee of an instalment due on the day itself (占用费);
4. the principal of instalments due on or before the day, oldest first;
5. money paid ahead of time goes to the principal of the next instalments, in order (提前还款);
6. last, the fee the current period has earned so far (see below).

Early repayment of the whole loan (提前结清): 占用费 is the fee for using the money, quoted by the month, so the
borrower pays it only for the months the money was used. The fee of a period not yet begun is never earned; the
current period (from the previous due date, or the disbursement, to its due date) earns its scheduled fee in
proportion to the months begun, a begun month counting whole (a monthly instalment's fee in full; a 12-month lump
sum repaid in its fourth month, 4/12 of its fee, half-up to the fen). A partial early repayment only lowers the
principal of the next instalments: their scheduled fees stay as they are, payable on their dates, unless the loan
is later settled early (then the rule above applies to what is left). When an amount settles the loan, the
instalments' unearned fees are simply never paid: the rows keep their scheduled fee and are marked settled.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from coop.money import to_fen
from finance.fund.schedules import add_months

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Due:
    """What one instalment of the current schedule still owes; `key` identifies it (its pk)."""

    key: int
    seq: int
    starts_on: date  # the period's first day: the previous due date, or the day the money was paid out
    due_on: date
    principal: Decimal  # unpaid
    fee: Decimal  # unpaid scheduled fee
    fee_scheduled: Decimal
    penalty: Decimal = ZERO  # accrued, unpaid


@dataclass
class Part:
    principal: Decimal = ZERO
    fee: Decimal = ZERO
    penalty: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.principal + self.fee + self.penalty


@dataclass
class Allocation:
    """The shares of one payment: per instalment (`parts`, only those that receive something) and by kind."""

    parts: dict[int, Part] = field(default_factory=dict)
    to_penalty: Decimal = ZERO
    to_overdue_fee: Decimal = ZERO
    to_fee: Decimal = ZERO
    to_principal: Decimal = ZERO
    settles: bool = False

    @property
    def total(self) -> Decimal:
        return self.to_penalty + self.to_overdue_fee + self.to_fee + self.to_principal


def months_between(start: date, end: date) -> int:
    """Whole schedule months from `start` to `end` (a period made by schedules.add_months), at least one."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return max(1, months if add_months(start, months) >= end else months + 1)


def earned_fee(due: Due, on: date) -> Decimal:
    """The unpaid part of the fee `due`'s period has earned by `on`: all of it once due, none before the period
    begins, and in between the months begun over the months of the period (a begun month counts whole)."""
    if on >= due.due_on:
        return due.fee
    if on <= due.starts_on:
        return ZERO
    period = months_between(due.starts_on, due.due_on)
    begun = min(period, months_between(due.starts_on, on))
    earned = to_fen(due.fee_scheduled * begun / period)
    paid = due.fee_scheduled - due.fee
    return max(ZERO, earned - paid)


def payoff(dues: list[Due], on: date) -> Decimal:
    """What settles the loan on `on`: every penalty and principal, and the fee earned by then."""
    return sum((d.penalty + d.principal + earned_fee(d, on) for d in dues), ZERO)


def fallen_due(dues: list[Due], on: date) -> Decimal:
    """What is owed on `on` without paying ahead: penalties, and fee and principal of instalments due by then."""
    return sum((d.penalty + (d.fee + d.principal if d.due_on <= on else ZERO) for d in dues), ZERO)


def allocate(dues: list[Due], on: date, amount: Decimal) -> Allocation:
    """Share `amount` (positive, at most `payoff(dues, on)`; the caller refuses more) in the module's order."""
    if amount <= 0 or amount > payoff(dues, on):
        raise ValueError("amount must be positive and at most the payoff")
    dues = sorted(dues, key=lambda d: d.seq)
    result, left = Allocation(settles=amount == payoff(dues, on)), amount

    def take(due, kind, owed, bucket):
        nonlocal left
        share = min(left, owed)
        if share > 0:
            part = result.parts.setdefault(due.key, Part())
            setattr(part, kind, getattr(part, kind) + share)
            setattr(result, bucket, getattr(result, bucket) + share)
            left -= share

    for due in dues:
        take(due, "penalty", due.penalty, "to_penalty")
    for due in dues:
        if due.due_on < on:
            take(due, "fee", due.fee, "to_overdue_fee")
    for due in dues:
        if due.due_on == on:
            take(due, "fee", due.fee, "to_fee")
    for due in dues:
        if due.due_on <= on:
            take(due, "principal", due.principal, "to_principal")
    for due in dues:
        if due.due_on > on:
            take(due, "principal", due.principal, "to_principal")
    for due in dues:
        if due.due_on > on:
            take(due, "fee", earned_fee(due, on), "to_fee")
    if left:
        raise ValueError("payoff() and the order above must cover the same items")
    return result
