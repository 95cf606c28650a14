"""The bank's interest arithmetic for a subsidised loan, as pure functions of dates and Decimals (no database).

The convention, written once (docs/design/bankloan.md):

* Daily rate = annual rate / 360, as the bank's contract states it. Interest for a period is
  Σ principal × annual / 360 × days over the days of the period, rounded half-up to the fen once, on the sum
  (REFERENCE-FUND §3: 50,000 at 4.35 % for 91 days → 549.79).
* A day counts for the principal outstanding at its end: a drawdown earns interest from its own day, a repayment
  stops it from its own day (算头不算尾).
* Periods run from the day after the last settlement to the settlement day, both included: quarterly on the 20th of
  March, June, September and December, or monthly on the 20th; the first period starts on the first drawdown, the
  last ends at maturity (利随本清) unless principal is still owed.
* Principal still owed after maturity is overdue: from the day after maturity it bears penalty interest at the
  contract rate × (1 + markup %), and neither that interest nor any day after maturity is ever subsidised.
* What the county subsidises is bounded by its policy: principal up to its cap, days up to its term cap from
  the contract date.
* 复利, when the contract says so: interest not paid by its settlement day bears interest from the next day at the
  penalty rate (contract rate × (1 + markup %)), Σ unpaid interest × days, rounded half-up once per period. A
  payment stops it from its own day (as a principal repayment does). Only the contract interest compounds, not the
  penalty or the compound interest itself; and, being a penalty, it is never subsidised.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from coop.money import to_fen

DAYS_IN_YEAR = 360
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
QUARTER_ENDS = (3, 6, 9, 12)
SETTLEMENT_DAY = 20


@dataclass(frozen=True)
class Span:
    """Days `start`…`end` (both included) on which `principal` was outstanding."""

    start: date
    end: date
    principal: Decimal
    overdue: bool

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class PeriodFigures:
    """One interest period, worked out: its spans, the principal-days (积数) at the contract rate and overdue,
    the interest due, the penalty interest, and what the policy could subsidise (principal-days and interest)."""

    start: date
    end: date
    spans: tuple[Span, ...]
    principal_days: Decimal
    overdue_principal_days: Decimal
    interest: Decimal
    penalty: Decimal
    subsidisable_principal_days: Decimal
    subsidisable_interest: Decimal

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def closing_principal(self) -> Decimal:
        """Outstanding on the period's last day (zero when it was all repaid)."""
        return self.spans[-1].principal if self.spans and self.spans[-1].end == self.end else ZERO


def interest_on(principal_days: Decimal, annual_rate_pct: Decimal) -> Decimal:
    """Σ principal × days at `annual_rate_pct` % a year of 360 days, half-up to the fen."""
    return to_fen(Decimal(principal_days) * Decimal(annual_rate_pct) / HUNDRED / DAYS_IN_YEAR)


def penalty_rate(annual_rate_pct: Decimal, markup_pct: Decimal) -> Decimal:
    """The overdue rate: the contract rate raised by the markup (4.35 % + 50 % → 6.525 %)."""
    return Decimal(annual_rate_pct) * (1 + Decimal(markup_pct) / HUNDRED)


def spans(opening: Decimal, movements: list[tuple[date, Decimal]], start: date, end: date,
          maturity: date) -> list[Span]:
    """The days of `start`…`end` cut where the principal changes (signed `movements`: + drawdown, − repayment,
    dated inside the period) and at maturity. Days with nothing outstanding are left out."""
    by_day: dict[date, Decimal] = {}
    for on, amount in movements:
        if on < start or on > end:
            raise ValueError(f"movement on {on} outside {start}…{end}")
        by_day[on] = by_day.get(on, ZERO) + Decimal(amount)
    after_maturity = maturity + timedelta(days=1)
    cuts = sorted({on for on in by_day if on > start} | ({after_maturity} if start < after_maturity <= end else set()))
    out, principal, day = [], Decimal(opening) + by_day.get(start, ZERO), start
    for cut in [*cuts, end + timedelta(days=1)]:
        if principal < 0:
            raise ValueError("repaid more than was outstanding")
        if principal > 0:
            out.append(Span(day, cut - timedelta(days=1), principal, overdue=day > maturity))
        principal += by_day.get(cut, ZERO)
        day = cut
    return out


def period_figures(*, opening: Decimal, movements: list[tuple[date, Decimal]], start: date, end: date,
                   maturity: date, annual_rate_pct: Decimal, markup_pct: Decimal,
                   principal_cap: Decimal | None = None, subsidy_until: date | None = None) -> PeriodFigures:
    """Interest, penalty and the subsidisable part of one period (see the module's convention)."""
    cut = spans(opening, movements, start, end, maturity)
    normal = sum((s.principal * s.days for s in cut if not s.overdue), Decimal(0))
    overdue = sum((s.principal * s.days for s in cut if s.overdue), Decimal(0))
    last_day = min(maturity, subsidy_until) if subsidy_until else maturity
    covered = Decimal(0)
    for s in cut:
        if s.overdue or s.start > last_day:
            continue
        days = (min(s.end, last_day) - s.start).days + 1
        covered += (min(s.principal, principal_cap) if principal_cap is not None else s.principal) * days
    return PeriodFigures(start=start, end=end, spans=tuple(cut), principal_days=normal, overdue_principal_days=overdue,
                         interest=interest_on(normal, annual_rate_pct),
                         penalty=interest_on(overdue, penalty_rate(annual_rate_pct, markup_pct)),
                         subsidisable_principal_days=covered,
                         subsidisable_interest=interest_on(covered, annual_rate_pct))


def compound(*, unpaid_opening: Decimal, payments: list[tuple[date, Decimal]], start: date, end: date,
             annual_rate_pct: Decimal, markup_pct: Decimal) -> tuple[Decimal, Decimal]:
    """复利 for `start`…`end`: (Σ unpaid interest × days, that sum at the penalty rate, half-up). `unpaid_opening` is
    the earlier periods' interest still unpaid on `start`; `payments` are those paid on them inside the period."""
    cut = spans(unpaid_opening, [(on, -Decimal(amount)) for on, amount in payments], start, end, maturity=end)
    basis = sum((s.principal * s.days for s in cut), Decimal(0))
    return basis, interest_on(basis, penalty_rate(annual_rate_pct, markup_pct))


def settlement_days(first: date, last: date, *, monthly: bool) -> list[date]:
    """The bank's settlement days (the 20th of each quarter's last month, or of each month) from `first` to `last`,
    both included."""
    out, year, month = [], first.year, first.month
    while True:
        day = date(year, month, SETTLEMENT_DAY)
        if day > last:
            return out
        if day >= first and (monthly or month in QUARTER_ENDS):
            out.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def next_period(*, after: date | None, first_drawdown: date, maturity: date, monthly: bool,
                outstanding_after_maturity: bool) -> tuple[date, date]:
    """The period that follows one ending on `after` (None: the loan's first): from the next day (or the first
    drawdown) to the next settlement day, or to maturity when that comes first; past maturity, to the next
    settlement day while principal is owed."""
    start = after + timedelta(days=1) if after else first_drawdown
    horizon = date(start.year + 1, start.month, 1)
    settle = settlement_days(start, horizon, monthly=monthly)[0]
    if start <= maturity < settle:
        return start, maturity
    if start > maturity and not outstanding_after_maturity:
        raise ValueError("nothing is owed after maturity")
    return start, settle


def subsidy_on_actual(interest_paid: Decimal, subsidisable_interest: Decimal, rate_pct: Decimal) -> Decimal:
    """实际付息法: the policy's share of the interest actually paid, never more than the subsidisable interest."""
    base = min(Decimal(interest_paid), Decimal(subsidisable_interest))
    return to_fen(base * Decimal(rate_pct) / HUNDRED) if base > 0 else ZERO


def subsidy_on_points(subsidisable_principal_days: Decimal, points_pct: Decimal) -> Decimal:
    """固定贴息点数法: a fixed annual rate on the subsidisable principal-days, whatever the bank charged."""
    return interest_on(subsidisable_principal_days, points_pct)


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it has fewer days (a term's end)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError(day)


