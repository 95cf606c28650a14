"""Reads of the share register. Holdings are sums of share transactions, never a stored balance."""

from decimal import Decimal

from django.db.models import Case, DecimalField, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from members.models import Member, ShareTransaction

ZERO = Decimal("0.00")
K = ShareTransaction.Kind
S = ShareTransaction.Status
INFLOWS = (K.PAY_IN, K.OPENING)  # what adds to the member who is named first on the movement


def holdings(member: Member, *, exclude: ShareTransaction | None = None) -> tuple[int, int]:
    """(available, committed): shares the member may give up — approved, less every pending outflow — and
    shares the member would hold at most — approved plus every pending inflow. Judging each request on the
    cautious side means no mix of approvals can break the charter's limits or make a holding negative."""
    rows = ShareTransaction.objects.filter(Q(member=member) | Q(to_member=member),
                                           status__in=[S.APPROVED, S.PENDING])
    if exclude is not None and exclude.pk:
        rows = rows.exclude(pk=exclude.pk)
    available = committed = 0
    for kind, giver, shares, status in rows.values_list("kind", "member_id", "shares", "status"):
        inflow = kind in INFLOWS or (kind == K.TRANSFER and giver != member.pk)
        if status == S.APPROVED:
            delta = shares if inflow else -shares
            available, committed = available + delta, committed + delta
        elif inflow:
            committed += shares
        else:
            available -= shares
    return available, committed


def with_holdings(members):
    """Members annotated with `shares` and `amount` held after every approved movement, as two correlated
    subqueries per figure, so any member queryset (a register, a list, an export) costs one query."""
    def approved(field, **where):
        rows = ShareTransaction.objects.filter(status=S.APPROVED, **where)
        key = next(iter(where))
        return Coalesce(Subquery(rows.values(key).annotate(t=Sum(_signed(field))).values("t")),
                        _zero(field))

    def received(field):
        rows = ShareTransaction.objects.filter(status=S.APPROVED, kind=K.TRANSFER, to_member=OuterRef("pk"))
        return Coalesce(Subquery(rows.values("to_member").annotate(t=Sum(field)).values("t")), _zero(field))

    return members.annotate(
        shares=approved("shares", member=OuterRef("pk")) + received("shares"),
        amount=approved("amount", member=OuterRef("pk")) + received("amount"))


def register(cooperative) -> list[dict]:
    """股金台账: each member's approved shares and amount, in one query (and one for the households' persons)."""
    members = with_holdings(Member.objects.filter(cooperative=cooperative).select_related("household")
                            .prefetch_related("household__persons").order_by("number"))
    return [{"member": m, "shares": m.shares, "amount": m.amount} for m in members]


def total_capital(cooperative) -> Decimal:
    return sum((row["amount"] for row in register(cooperative)), ZERO)


def _signed(field):
    """A movement as seen by the member who pays in, withdraws or gives."""
    return Case(When(kind__in=INFLOWS, then=F(field)), default=-F(field), output_field=_output(field))


def _output(field):
    return IntegerField() if field == "shares" else DecimalField(max_digits=14, decimal_places=2)


def _zero(field):
    return Value(0 if field == "shares" else ZERO, output_field=_output(field))


def opening_totals(cooperative) -> dict[str, Decimal]:
    """期初股金 per member kind: what the register carried over when the ledger opened."""
    rows = ShareTransaction.objects.filter(cooperative=cooperative, kind=K.OPENING, status=S.APPROVED).values(
        "member__kind").annotate(total=Sum("amount")).values_list("member__kind", "total")
    return {kind: total for kind, total in rows if total}
