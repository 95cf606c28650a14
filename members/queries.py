"""Reads of the share register. Holdings are sums of share transactions, never a stored balance."""

from decimal import Decimal

from django.db.models import Case, DecimalField, F, IntegerField, Q, Sum, When

from members.models import Member, ShareTransaction

ZERO = Decimal("0.00")
K = ShareTransaction.Kind
S = ShareTransaction.Status


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
        inflow = kind == K.PAY_IN or (kind == K.TRANSFER and giver != member.pk)
        if status == S.APPROVED:
            delta = shares if inflow else -shares
            available, committed = available + delta, committed + delta
        elif inflow:
            committed += shares
        else:
            available -= shares
    return available, committed


def register(cooperative) -> list[dict]:
    """股金台账: each member's approved shares and amount, in one query."""
    signed_shares = _signed("shares")
    signed_amount = _signed("amount")
    members = (Member.objects.filter(cooperative=cooperative).select_related("household")
               .prefetch_related("household__persons")
               .annotate(out_shares=Sum(signed_shares, filter=Q(share_transactions__status=S.APPROVED), default=0),
                         out_amount=Sum(signed_amount, filter=Q(share_transactions__status=S.APPROVED),
                                        default=ZERO))
               .order_by("number"))
    ins = dict(ShareTransaction.objects.filter(cooperative=cooperative, kind=K.TRANSFER, status=S.APPROVED)
               .values("to_member").annotate(s=Sum("shares"), a=Sum("amount")).values_list("to_member", "s"))
    ins_amount = dict(ShareTransaction.objects.filter(cooperative=cooperative, kind=K.TRANSFER, status=S.APPROVED)
                      .values("to_member").annotate(a=Sum("amount")).values_list("to_member", "a"))
    return [{"member": m, "shares": m.out_shares + ins.get(m.pk, 0),
             "amount": m.out_amount + ins_amount.get(m.pk, ZERO)} for m in members]


def total_capital(cooperative) -> Decimal:
    return sum((row["amount"] for row in register(cooperative)), ZERO)


def _signed(field):
    """A movement as seen by the member who pays in, withdraws or gives."""
    return Case(
        When(share_transactions__kind=K.PAY_IN, then=F(f"share_transactions__{field}")),
        default=-F(f"share_transactions__{field}"),
        output_field=IntegerField() if field == "shares" else DecimalField(max_digits=14, decimal_places=2),
    )

