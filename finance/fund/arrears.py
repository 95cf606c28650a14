"""Overdue penalties (逾期罚息), computed from the schedule and the repayments every time, so that running the
daily job twice, late, or after a repayment recorded with an earlier date always gives the same figure.

The rule: an instalment not fully paid by its due date is overdue from the next day. For every day overdue it
bears the loan's daily penalty rate (‱, copied from the terms on the application date) on what was still unpaid
of its principal and fee at the start of that day — a repayment on a day still bears that day's penalty, and the
penalty itself bears none. The days' sum is rounded half-up to the fen once:

    penalty(on) = round( Σ over days d in (due_on, on] of unpaid(d) × rate / 10,000 )
"""

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from coop.money import to_fen
from finance.fund.models.rates import PER_TEN_THOUSAND

ZERO = Decimal("0.00")


def penalty(*, owed: Decimal, due_on: date, on: date, rate_per_ten_thousand, payments: Iterable[tuple[date, Decimal]]
            ) -> Decimal:
    """The penalty accrued through `on` on an instalment of `owed` (principal + fee) due on `due_on`, paid by
    `payments` (day, principal + fee paid that day)."""
    if on <= due_on:
        return ZERO
    first_day = due_on + timedelta(days=1)
    unpaid = owed - sum((amount for day, amount in payments if day < first_day), ZERO)
    later = sorted((day, amount) for day, amount in payments if first_day <= day < on)
    day_total, cursor = Decimal(0), first_day
    for day, amount in later:
        # the payment lowers what is unpaid from the day after it: the day itself is charged on the old figure
        day_total += max(ZERO, unpaid) * ((day - cursor).days + 1)
        unpaid -= amount
        cursor = day + timedelta(days=1)
    day_total += max(ZERO, unpaid) * ((on - cursor).days + 1)
    return to_fen(day_total * Decimal(rate_per_ten_thousand) / PER_TEN_THOUSAND)
