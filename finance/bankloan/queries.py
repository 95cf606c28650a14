"""Reads of the subsidised loans: the policy in force on a date, the claim period around a date, the principal
outstanding (derived from approved movements, never stored), and what has been paid on a period."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, Sum

from finance.bankloan.models import (
    BankLoan,
    Drawdown,
    InterestPayment,
    PrincipalRepayment,
    SubsidyClaimLine,
    SubsidyPolicy,
)

ZERO = Decimal("0.00")
APPROVED = "approved"
LIVE = ("pending", "approved")  # what counts against a limit: approved, and what is waiting for approval


def policy_on(county, on: date) -> SubsidyPolicy | None:
    """The county's 贴息 policy in force on `on`: the latest effective on or before it."""
    return SubsidyPolicy.objects.filter(county=county, effective_from__lte=on).order_by("-effective_from").first()


def claim_bounds(policy: SubsidyPolicy, on: date) -> tuple[date, date]:
    """The claim period of the policy's cadence that holds `on`: its month, calendar quarter or year."""
    cadence = SubsidyPolicy.ClaimPeriod
    if policy.claim_period == cadence.YEARLY:
        return date(on.year, 1, 1), date(on.year, 12, 31)
    first_month = on.month if policy.claim_period == cadence.MONTHLY else (on.month - 1) // 3 * 3 + 1
    months = 1 if policy.claim_period == cadence.MONTHLY else 3
    after = date(on.year + (first_month + months - 1) // 12, (first_month + months - 1) % 12 + 1, 1)
    return date(on.year, first_month, 1), after - timedelta(days=1)


def _total(rows, **filters) -> Decimal:
    return rows.filter(**filters).aggregate(s=Sum("amount"))["s"] or ZERO


def drawn(loan: BankLoan, *, statuses=(APPROVED,), until: date | None = None, exclude=None) -> Decimal:
    rows = Drawdown.objects.filter(loan=loan, status__in=statuses).exclude(pk=getattr(exclude, "pk", None))
    return _total(rows, on__lte=until) if until else _total(rows)


def repaid(loan: BankLoan, *, statuses=(APPROVED,), until: date | None = None, exclude=None) -> Decimal:
    rows = PrincipalRepayment.objects.filter(loan=loan, status__in=statuses).exclude(pk=getattr(exclude, "pk", None))
    return _total(rows, on__lte=until) if until else _total(rows)


def outstanding(loan: BankLoan, *, until: date | None = None) -> Decimal:
    """Principal owed to the bank at the end of `until` (today's when None), from approved movements only."""
    return drawn(loan, until=until) - repaid(loan, until=until)


def movements(loan: BankLoan, start: date, end: date) -> list[tuple[date, Decimal]]:
    """Approved principal movements dated `start`…`end`, signed (+ drawdown, − repayment), for interest.py."""
    out = [(d.on, d.amount) for d in Drawdown.objects.filter(loan=loan, status=APPROVED, on__range=(start, end))]
    out += [(r.on, -r.amount) for r in PrincipalRepayment.objects.filter(loan=loan, status=APPROVED,
                                                                          on__range=(start, end))]
    return sorted(out)


def paid_on(period, *, statuses=(APPROVED,)) -> tuple[Decimal, Decimal]:
    """(interest, penalty) paid on an interest period."""
    sums = InterestPayment.objects.filter(period=period, status__in=statuses).aggregate(
        i=Sum("interest"), p=Sum("penalty"))
    return sums["i"] or ZERO, sums["p"] or ZERO


def claimed_periods() -> "Q":
    """The interest periods already in a live claim."""
    return Q(pk__in=SubsidyClaimLine.objects.filter(claimed=True).values("period"))
