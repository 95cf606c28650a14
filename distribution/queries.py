"""Reads of the distribution, and its face for other apps (the county summary, the villagers' disclosure):

    declared_and_paid(cooperatives, start, end) -> {cooperative id: Totals(declared, paid)}
        dividends declared (plans approved, by the date their voucher was posted) and paid (payments approved,
        by their date) in [start, end]; cooperatives with neither are left out. Two queries.
    unpaid(cooperatives, on=None) -> {cooperative id: Totals(declared, paid)} of dividends still owed:
        `declared` what approved plans owe, `paid` what has been paid of it, `owed` the difference. Two queries.
    unpaid_dividends(cooperatives) -> queryset of Dividend rows not yet paid (approved plans only)

`cooperatives` is a queryset or a list of ids; the caller has already narrowed it to the user's scope.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from coop.approvals import Status
from distribution.models import DistributionPlan, Dividend, DividendPayment

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Totals:
    declared: Decimal = ZERO
    paid: Decimal = ZERO

    @property
    def owed(self) -> Decimal:
        return self.declared - self.paid


def declared_and_paid(cooperatives, start, end) -> dict[int, Totals]:
    declared = dict(DistributionPlan.objects.filter(
        cooperative__in=cooperatives, status=Status.APPROVED, voucher__date__gte=start, voucher__date__lte=end)
        .values("cooperative").annotate(t=Sum("dividend_pool")).values_list("cooperative", "t"))
    paid = dict(DividendPayment.objects.filter(
        plan__cooperative__in=cooperatives, status=Status.APPROVED, on__gte=start, on__lte=end)
        .values("plan__cooperative").annotate(t=Sum("amount")).values_list("plan__cooperative", "t"))
    return {pk: Totals(declared.get(pk, ZERO), paid.get(pk, ZERO)) for pk in declared.keys() | paid.keys()}


def unpaid(cooperatives, on=None) -> dict[int, Totals]:
    """What approved plans declared up to `on` (None: ever) and how much of it payments approved by then paid."""
    plans = DistributionPlan.objects.filter(cooperative__in=cooperatives, status=Status.APPROVED)
    payments = DividendPayment.objects.filter(plan__cooperative__in=cooperatives, status=Status.APPROVED)
    if on is not None:
        plans, payments = plans.filter(voucher__date__lte=on), payments.filter(on__lte=on, plan__voucher__date__lte=on)
    declared = dict(plans.values("cooperative").annotate(t=Sum("dividend_pool")).values_list("cooperative", "t"))
    paid = dict(payments.values("plan__cooperative").annotate(t=Sum("amount")).values_list("plan__cooperative", "t"))
    out = {pk: Totals(declared[pk], paid.get(pk, ZERO)) for pk in declared}
    return {pk: totals for pk, totals in out.items() if totals.owed}


def unpaid_dividends(cooperatives):
    return (Dividend.objects.filter(plan__cooperative__in=cooperatives, plan__status=Status.APPROVED, amount__gt=0)
            .filter(Q(payment__isnull=True) | ~Q(payment__status=Status.APPROVED)))


def sheet_rows(plan: DistributionPlan):
    """The plan's dividends for its sheet, with members, households' persons and payments: three queries
    whatever the number of members."""
    return list(plan.dividends.select_related("member__household", "payment")
                .prefetch_related("member__household__persons").order_by("member__number"))


def member_dividends(member):
    return (Dividend.objects.filter(member=member).exclude(plan__status=Status.REJECTED)
            .select_related("plan", "payment").order_by("-plan__year"))
