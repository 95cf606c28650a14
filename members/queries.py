"""Reads of the share register (holdings are sums of share transactions, never a stored balance), and the persons
of a village by ID number (what other apps' imports look workers and borrowers up with, through members.face)."""

from datetime import timedelta
from decimal import Decimal

from django.db.models import Case, DecimalField, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from coop.money import money_sum
from coop.queries import charter_on
from coop.refusals import chunks
from members.models import Member, Person, ShareTransaction

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
        total = money_sum(_signed(field)) if field == "amount" else Sum(_signed(field))
        return Coalesce(Subquery(rows.values(key).annotate(t=total).values("t")), _zero(field))

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


def holdings_on(cooperative, on) -> dict[int, int]:
    """Shares each member held at the end of `on` (a record date), by member id, members holding none left out:
    approved movements dated on or before it. Opening holdings (期初结转, dated the day the books open) are what
    the paper register showed at the end of the day before, so they count from that day. One query."""
    dated = Q(on__lte=on) | Q(kind=K.OPENING, on__lte=on + timedelta(days=1))
    rows = ShareTransaction.objects.filter(dated, cooperative=cooperative, status=S.APPROVED).values_list(
        "kind", "member_id", "to_member_id", "shares")
    held: dict[int, int] = {}
    for kind, giver, receiver, shares in rows:
        if kind == K.TRANSFER:
            held[giver] = held.get(giver, 0) - shares
            held[receiver] = held.get(receiver, 0) + shares
        else:
            held[giver] = held.get(giver, 0) + (shares if kind in INFLOWS else -shares)
    return {member: shares for member, shares in held.items() if shares > 0}


def opening_totals(cooperative) -> dict[str, Decimal]:
    """期初股金 per member kind: what the register carried over when the ledger opened."""
    rows = ShareTransaction.objects.filter(cooperative=cooperative, kind=K.OPENING, status=S.APPROVED).values(
        "member__kind").annotate(total=Sum("amount")).values_list("member__kind", "total")
    return {kind: total for kind, total in rows if total}


def holding_extremes(cooperative) -> tuple[Member | None, Member | None]:
    """The member holding the most approved shares and the one holding the fewest (but some), each with
    `shares` annotated: what a charter's maximum and minimum per member must still allow."""
    members = with_holdings(Member.objects.filter(cooperative=cooperative).select_related("household")
                            .prefetch_related("household__persons"))
    return (members.filter(shares__gt=0).order_by("-shares", "number").first(),
            members.filter(shares__gt=0).order_by("shares", "number").first())


def shares_outstanding(cooperative) -> int:
    """Shares whose amounts are already fixed at a price: those held after every approved movement, plus
    those of movements waiting for approval."""
    held = with_holdings(Member.objects.filter(cooperative=cooperative)).aggregate(t=Sum("shares"))["t"] or 0
    waiting = ShareTransaction.objects.filter(cooperative=cooperative, status=S.PENDING).aggregate(
        t=Sum("shares"))["t"] or 0
    return held + waiting


def movements_between(cooperative, start, end) -> int:
    """Share movements (approved or waiting) dated in [start, end); `end` None: no end."""
    rows = ShareTransaction.objects.filter(cooperative=cooperative, on__gte=start).exclude(status=S.REJECTED)
    if end is not None:
        rows = rows.filter(on__lt=end)
    return rows.count()


def opening_charter(cooperative):
    """The charter version opening holdings are valued at and limited by: the one in force on the day the
    village's books open (today, while they are not open yet)."""
    ledger = getattr(cooperative.village, "ledger", None)
    return charter_on(cooperative, ledger.start_date if ledger else timezone.localdate())


def persons_by_id_number(numbers, village) -> dict[str, Person]:
    """{ID number: person} for the numbers that belong to a person of `village` (with the household), in chunks
    of coop.refusals.CHUNK. A number of someone in another village is missing exactly like an unknown one, so an
    import's row errors never confirm, let alone name, a person outside the reader's village."""
    found = {}
    for part in chunks(set(numbers)):
        for person in Person.objects.filter(id_number__in=part, household__village=village).select_related(
                "household"):
            found[person.id_number] = person
    return found
