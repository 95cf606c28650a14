"""The fund's portfolio as the township and the county read it: the loan register, each loan's schedule, the
overdue list, portfolio at risk and the repayment rate by village, township and county, and the fund statement
by capital source. Reads only, each in a fixed number of queries whatever the number of loans.

Definitions (REFERENCE-FUND §5), all measured on a day `on` (default today):

* outstanding — a disbursed loan's principal less every principal repaid on any version of its schedule; a
  repaid or written-off loan has none;
* days late — `on` less the due date of the loan's oldest instalment of its current schedule that is not fully
  paid (principal or fee); 0 when none has fallen due unpaid;
* PAR(x) — the WHOLE outstanding principal of the loans more than x days late ÷ the gross outstanding portfolio
  (not only the late instalments: a loan one instalment behind is at risk for all it owes);
* repayment rate (到期还款率) — the principal and fee repaid on or before the due date ÷ those fallen due, over
  the instalments of current schedules due in the period; a written-off loan's instalments count as fallen due
  and unpaid, which is what the rate is for. What a loan carried over from paper had paid before the books opened
  (Instalment.carried_*) is left out of both sides: the books cannot say whether it came in on time.

Paid amounts are read as they stand (the instalment's paid columns); `on` moves only the day lateness is
measured on, so a later `on` answers "what will be late then if nothing more is paid"."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F, Min, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from coop.money import money_sum, split
from finance.fund.models import CapitalReceipt, CapitalSource, Instalment, Loan, LoanSource, Repayment, RepaymentLine
from finance.fund.models.loans import MONEY_OUT_STAGES, Stage

ZERO = Decimal("0.00")
PAR_DAYS = (30, 90)


def _late(prefix: str, on: date) -> Q:
    """An instalment of the current schedule fallen due before `on` and not fully paid."""
    p = prefix
    return Q(**{f"{p}superseded": False, f"{p}due_on__lt": on}) & (
        Q(**{f"{p}paid_principal__lt": F(f"{p}principal")}) | Q(**{f"{p}paid_fee__lt": F(f"{p}fee")}))


@dataclass
class LoanState:
    """One loan as the portfolio reads it on a day."""

    loan: Loan
    paid_principal: Decimal
    written_off: Decimal
    oldest_late: date | None
    late_principal: Decimal  # principal of the late instalments only
    late_fee: Decimal
    penalty_due: Decimal
    on: date

    @property
    def outstanding(self) -> Decimal:
        return self.loan.amount - self.paid_principal if self.loan.stage == Stage.DISBURSED else ZERO

    @property
    def days_late(self) -> int:
        if self.oldest_late is None or self.loan.stage != Stage.DISBURSED:
            return 0
        return (self.on - self.oldest_late).days

    def at_risk(self, days: int) -> bool:
        return self.days_late > days


def loan_states(loans, on: date | None = None) -> list[LoanState]:
    """The disbursed, repaid and written-off loans of `loans` (a queryset, already scoped) with their figures on
    `on`, in two queries (the loans with their sums, the households' people for names and phones)."""
    on = on or timezone.localdate()
    late = _late("instalments__", on)
    rows = (loans.filter(stage__in=MONEY_OUT_STAGES)
            .select_related("member__household", "fund__cooperative__village__township")
            .prefetch_related("member__household__persons")
            .annotate(paid=Coalesce(Sum("instalments__paid_principal"), ZERO),
                      oldest_late=Min("instalments__due_on", filter=late),
                      late_principal=money_sum(F("instalments__principal") - F("instalments__paid_principal"),
                                               filter=late),
                      late_fee=money_sum(F("instalments__fee") - F("instalments__paid_fee"), filter=late),
                      penalty_due=money_sum(F("instalments__penalty_accrued") - F("instalments__paid_penalty"),
                                            filter=Q(instalments__superseded=False)))
            .order_by("fund__cooperative__village__code", "number"))
    return [LoanState(loan=loan, paid_principal=loan.paid, on=on, written_off=_lost(loan.stage, loan.amount, loan.paid),
                      oldest_late=loan.oldest_late, late_principal=loan.late_principal, late_fee=loan.late_fee,
                      penalty_due=loan.penalty_due) for loan in rows]


def overdue(states: list[LoanState]) -> list[LoanState]:
    """The late loans, the longest late first."""
    return sorted((s for s in states if s.days_late > 0), key=lambda s: (-s.days_late, s.loan.number))


def due_soon(loans, on: date | None = None, days: int = 30):
    """Instalments of current schedules falling due in the next `days` days and not yet paid, one query."""
    on = on or timezone.localdate()
    return (Instalment.objects.filter(loan__in=loans.filter(stage=Stage.DISBURSED), superseded=False,
                                      due_on__gte=on, due_on__lte=on + timedelta(days=days))
            .filter(Q(paid_principal__lt=F("principal")) | Q(paid_fee__lt=F("fee")))
            .select_related("loan__member__household", "loan__fund__cooperative__village")
            .prefetch_related("loan__member__household__persons").order_by("due_on", "loan__number"))


def phone_of(member) -> str:
    head = member.head
    return head.phone if head else ""


# ---------------------------------------------------------------- portfolio quality by area


@dataclass
class Quality:
    """Portfolio figures of one village, or summed over a township or the county."""

    loans_out: int = 0              # loans with principal outstanding
    lent: Decimal = ZERO            # principal disbursed, cumulative
    outstanding: Decimal = ZERO     # gross outstanding portfolio
    at_risk: dict[int, Decimal] = field(default_factory=lambda: dict.fromkeys(PAR_DAYS, ZERO))
    fallen_due: Decimal = ZERO      # principal and fee due in the period
    on_time: Decimal = ZERO         # of which repaid by its due date
    written_off: Decimal = ZERO

    def par(self, days: int) -> Decimal | None:
        """PAR(days) as a percentage to two places; None with nothing outstanding."""
        if not self.outstanding:
            return None
        return (self.at_risk[days] * 100 / self.outstanding).quantize(Decimal("0.01"))

    @property
    def repayment_rate(self) -> Decimal | None:
        if not self.fallen_due:
            return None
        return (self.on_time * 100 / self.fallen_due).quantize(Decimal("0.01"))

    def add(self, other: "Quality") -> None:
        self.loans_out += other.loans_out
        for name in ("lent", "outstanding", "fallen_due", "on_time", "written_off"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for days in PAR_DAYS:
            self.at_risk[days] += other.at_risk[days]


VILLAGE = "fund__cooperative__village"


def quality_by_village(loans, *, on: date | None = None, since: date | None = None,
                       with_rate: bool = True) -> dict[int, Quality]:
    """Quality per village id of the loans in `loans` (scoped queryset): three queries, one without the
    repayment rate (`with_rate=False`). The rate counts instalments due from `since` (default: ever) to `on`."""
    on = on or timezone.localdate()
    out: dict[int, Quality] = defaultdict(Quality)
    late = _late("instalments__", on)
    rows = (loans.filter(stage__in=MONEY_OUT_STAGES)
            .annotate(paid=Coalesce(Sum("instalments__paid_principal"), ZERO),
                      oldest_late=Min("instalments__due_on", filter=late))
            .values_list(f"{VILLAGE}_id", "stage", "amount", "paid", "oldest_late"))
    for village, stage, amount, paid, oldest_late in rows:
        q = out[village]
        q.lent += amount
        q.written_off += _lost(stage, amount, paid)
        if stage != Stage.DISBURSED:
            continue
        owed = amount - paid
        q.outstanding += owed
        q.loans_out += owed > 0
        for days in PAR_DAYS:
            if oldest_late is not None and (on - oldest_late).days > days:
                q.at_risk[days] += owed
    if not with_rate:
        return dict(out)
    lent = loans.filter(stage__in=MONEY_OUT_STAGES)
    due = Q(superseded=False, due_on__lte=on) & (Q(due_on__gte=since) if since else Q())
    fallen = (Instalment.objects.filter(due, loan__in=lent).values_list(f"loan__{VILLAGE}")
              .annotate(s=money_sum(F("principal") + F("fee") - F("carried_principal") - F("carried_fee")))
              .values_list(f"loan__{VILLAGE}", "s"))
    for village, amount in fallen:
        out[village].fallen_due += amount
    in_time = (RepaymentLine.objects.filter(instalment__in=Instalment.objects.filter(due, loan__in=lent),
                                            repayment__reversed_on__isnull=True,
                                            repayment__paid_on__lte=F("instalment__due_on"))
               .values_list(f"instalment__loan__{VILLAGE}").annotate(s=money_sum(F("principal") + F("fee")))
               .values_list(f"instalment__loan__{VILLAGE}", "s"))
    for village, amount in in_time:
        out[village].on_time += amount
    return dict(out)


def total(qualities) -> Quality:
    whole = Quality()
    for q in qualities:
        whole.add(q)
    return whole


# ---------------------------------------------------------------- the fund statement by source


@dataclass
class SourceLine:
    """One capital source of one fund: what came in and where it is now. received − outstanding − written off
    is what the source holds in the bank (before the reserve); lent − repaid − written off = outstanding."""

    source: str
    received: Decimal = ZERO
    lent: Decimal = ZERO
    repaid: Decimal = ZERO
    outstanding: Decimal = ZERO
    overdue: Decimal = ZERO  # outstanding of loans with an instalment late (any days)
    written_off: Decimal = ZERO

    @property
    def label(self) -> str:
        return CapitalSource(self.source).label

    @property
    def in_hand(self) -> Decimal:
        return self.received - self.outstanding - self.written_off


@dataclass
class Statement:
    lines: list[SourceLine]
    fee_income: Decimal  # 占用费, overdue fee and penalties collected (the earnings before they are retained)

    @property
    def total(self) -> SourceLine:
        whole = SourceLine(source=CapitalSource.COUNTY_CAPITAL)
        for line in self.lines:
            for name in ("received", "lent", "repaid", "outstanding", "overdue", "written_off"):
                setattr(whole, name, getattr(whole, name) + getattr(line, name))
        return whole


def statement_by_source(funds, *, on: date | None = None) -> Statement:
    """The capital of `funds` (a scoped queryset) traced by source, in four queries. Each loan's principal was
    split over the sources at disbursement (LoanSource); its repaid, written-off and outstanding parts are split in
    the same proportions (largest remainder, to the fen), so the sources always add up to the loan."""
    on = on or timezone.localdate()
    lines = {source.value: SourceLine(source=source.value) for source in CapitalSource}
    received = (CapitalReceipt.objects.filter(fund__in=funds, status=CapitalReceipt.Status.APPROVED,
                                              received_on__lte=on)
                .values_list("source").annotate(s=Sum("amount")).values_list("source", "s"))
    for source, amount in received:
        lines[source].received += amount
    loans = Loan.objects.filter(fund__in=funds, stage__in=MONEY_OUT_STAGES)
    states = _plain_states(loans, on)
    parts = defaultdict(list)
    for row in LoanSource.objects.filter(loan__in=loans).order_by("loan", "source").values_list(
            "loan", "source", "principal"):
        parts[row[0]].append(row[1:])
    for loan_id, shares in parts.items():
        state = states[loan_id]
        weights = [principal for _, principal in shares]
        outstanding = split(state.outstanding, weights)
        written_off = split(state.written_off, weights)
        for (source, principal), owed, lost in zip(shares, outstanding, written_off, strict=True):
            line = lines[source]
            line.lent += principal
            line.outstanding += owed
            line.written_off += lost
            line.repaid += principal - owed - lost
            if state.days_late:
                line.overdue += owed
    earned = Repayment.objects.filter(loan__fund__in=funds, paid_on__lte=on, reversed_on__isnull=True).aggregate(
        s=money_sum(F("to_fee") + F("to_overdue_fee") + F("to_penalty")))["s"]
    return Statement(lines=list(lines.values()), fee_income=earned)


@dataclass
class _Plain:
    stage: str
    amount: Decimal
    paid: Decimal
    written_off: Decimal
    days_late: int

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid if self.stage == Stage.DISBURSED else ZERO


def _plain_states(loans, on: date) -> dict[int, _Plain]:
    """Per loan id, the figures the statement needs, without names: one query."""
    rows = loans.annotate(paid=Coalesce(Sum("instalments__paid_principal"), ZERO),
                          oldest_late=Min("instalments__due_on", filter=_late("instalments__", on))).values_list(
        "pk", "stage", "amount", "paid", "oldest_late")
    return {pk: _Plain(stage=stage, amount=amount, paid=paid, written_off=_lost(stage, amount, paid),
                       days_late=(on - oldest).days if oldest is not None and stage == Stage.DISBURSED else 0)
            for pk, stage, amount, paid, oldest in rows}


def _lost(stage, amount, paid) -> Decimal:
    """A written-off loan's principal written off: what was unpaid when the township approved the write-off
    (approve_write_off posts exactly that), so no join to the write-off rows is needed."""
    return amount - paid if stage == Stage.WRITTEN_OFF else ZERO
