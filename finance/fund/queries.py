"""Reads of the fund. Available money is computed from the ledger every time it is asked for — shown
everywhere, stored nowhere — so it can never drift from the books:

    held      = the fund's capital accounts (county capital, 互助金, donations, retained fees) − loans out
    available = min(held, the fund's bank balance) − the reserve the terms keep back, never below zero

The bank balance caps it as well because money not in the fund's bank account cannot be paid out (R1), even
if the books say the fund owns it."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Exists, F, OuterRef, Q, Sum
from django.utils import timezone

from coop.money import split, to_fen
from finance import queries as ledger
from finance.fund import accounts
from finance.fund.models import (
    CapitalSource,
    Fund,
    FundPolicy,
    FundTerms,
    Instalment,
    Loan,
    LoanGuarantor,
    LoanSource,
    Stage,
)
from finance.fund.models.loans import MONEY_OUT_STAGES

ZERO = Decimal("0.00")
OPEN_STAGES = [Stage.APPLIED, Stage.COUNCIL_REVIEWED, Stage.APPROVED]  # promised, not yet paid out
LIVE_STAGES = [*OPEN_STAGES, Stage.DISBURSED]


@dataclass(frozen=True)
class Position:
    """The fund's money as the ledger has it on a day."""

    capital: dict[str, Decimal] = field(default_factory=dict)  # by CapitalSource
    loans_out: Decimal = ZERO
    bank: Decimal = ZERO
    reserve: Decimal = ZERO

    @property
    def capital_total(self) -> Decimal:
        return sum(self.capital.values(), ZERO)

    @property
    def held(self) -> Decimal:
        return self.capital_total - self.loans_out

    @property
    def available(self) -> Decimal:
        return max(ZERO, min(self.held, self.bank) - self.reserve)


def terms_on(fund: Fund, on: date) -> FundTerms | None:
    """The fund's terms in force on `on`: the latest version effective on or before it."""
    return FundTerms.objects.filter(fund=fund, effective_from__lte=on).order_by("-effective_from").first()


def policy_on(county, on: date) -> FundPolicy | None:
    return FundPolicy.objects.filter(county=county, effective_from__lte=on).order_by("-effective_from").first()


def reserve(terms: FundTerms | None, capital_total: Decimal) -> Decimal:
    """The larger of the fixed amount and the share of capital the terms keep back (备付金)."""
    if terms is None:
        return ZERO
    return max(terms.reserve_amount, to_fen(capital_total * terms.reserve_percent / 100))


def position(fund: Fund, on: date | None = None) -> Position:
    """Capital by source, loans out and the fund's bank balance from the ledger, with the reserve of the terms
    in force on `on` (default: the latest terms)."""
    village = fund.cooperative.village
    books = ledger.ledger_of(village)
    kept = ledger.managed_accounts(village, accounts.BOOK)
    balances = ledger.balances(books, until=on)
    capital = {}
    for source in CapitalSource:
        account = kept.get(accounts.capital_spec(village, source)[0])
        capital[source.value] = -balances.get(account.pk, ZERO) if account else ZERO  # credit-side accounts
    out_account = kept.get(accounts.LOANS_OUT[0])
    loans_out = balances.get(out_account.pk, ZERO) if out_account else ZERO
    bank = balances.get(accounts.bank(village).pk, ZERO)
    terms = terms_on(fund, on) if on else FundTerms.objects.filter(fund=fund).order_by("-effective_from").first()
    total = sum(capital.values(), ZERO)
    return Position(capital=capital, loans_out=loans_out, bank=bank, reserve=reserve(terms, total))


def available(fund: Fund, on: date | None = None) -> Decimal:
    return position(fund, on).available


def outstanding_principal(loans) -> dict[int, Decimal]:
    """Unpaid principal per disbursed loan (repaid and written-off loans owe nothing), in one query."""
    rows = (Loan.objects.filter(pk__in=loans, stage=Stage.DISBURSED)
            .annotate(paid=Sum("instalments__paid_principal")).values_list("pk", "amount", "paid"))
    return {pk: amount - (paid or ZERO) for pk, amount, paid in rows}


def out_by_source(fund: Fund) -> dict[str, Decimal]:
    """The principal still out on loan, traced to its capital sources: each loan's unpaid principal split in
    the proportions its LoanSource rows fixed at disbursement (largest remainder, to the fen)."""
    loans = Loan.objects.filter(fund=fund, stage=Stage.DISBURSED)
    owed = outstanding_principal(loans)
    parts = defaultdict(list)
    for row in LoanSource.objects.filter(loan__in=loans).order_by("loan", "source"):
        parts[row.loan_id].append(row)
    out = {source.value: ZERO for source in CapitalSource}
    for loan_id, rows in parts.items():
        for row, share in zip(rows, split(owed.get(loan_id, ZERO), [r.principal for r in rows]), strict=True):
            out[row.source] += share
    return out


def available_by_source(fund: Fund, on: date | None = None) -> dict[str, Decimal]:
    """What each source could still lend: its capital in the ledger less its principal out on loan."""
    capital, out = position(fund, on).capital, out_by_source(fund)
    return {source: max(ZERO, capital[source] - out[source]) for source in capital}


def poor_waiting(fund: Fund, *, exclude: Loan | None = None) -> list[Loan]:
    """Applications of registered-poor households waiting for the fund's money (applied, reviewed or approved, not
    yet paid out), the oldest first: those the terms' 贫困户优先 puts ahead of the others."""
    loans = (Loan.objects.filter(fund=fund, stage__in=OPEN_STAGES, status__in=["pending", "approved"],
                                 member__household__is_registered_poor=True)
             .select_related("member__household").prefetch_related("member__household__persons")
             .order_by("applied_on", "number"))
    if exclude is not None and exclude.pk:
        loans = loans.exclude(pk=exclude.pk)
    return list(loans)


def household_members(member) -> Q:
    """The borrower's household (an enterprise member stands alone)."""
    return Q(member__household=member.household_id) if member.household_id else Q(member=member.pk)


def household_owes(fund: Fund, member, *, exclude: Loan | None = None) -> Decimal:
    """What the member's household owes the fund or has been promised: unpaid principal of disbursed loans
    plus the amount of every application still on its way (so two applications cannot each pass the limit)."""
    loans = Loan.objects.filter(household_members(member), fund=fund)
    if exclude is not None and exclude.pk:
        loans = loans.exclude(pk=exclude.pk)
    promised = loans.filter(stage__in=OPEN_STAGES).aggregate(s=Sum("amount"))["s"] or ZERO
    return promised + sum(outstanding_principal(loans.filter(stage=Stage.DISBURSED)).values(), ZERO)


def has_borrowed(fund: Fund, member) -> bool:
    """Whether the household has had a loan paid out before (a first loan has its own ceiling)."""
    return Loan.objects.filter(household_members(member), fund=fund, stage__in=MONEY_OUT_STAGES).exists()


def overdue_instalments(on: date):
    """Instalments of the current schedules fallen due before `on` and not fully paid — read from the due
    dates, so a refusal does not wait for the daily job."""
    return Instalment.objects.filter(loan__stage=Stage.DISBURSED, superseded=False, due_on__lt=on).filter(
        Q(paid_principal__lt=F("principal")) | Q(paid_fee__lt=F("fee")))


def household_overdue(member, on: date) -> bool:
    """Whether anyone in the member's household has an overdue loan from any fund (R6)."""
    return overdue_instalments(on).filter(Q(loan__member__household=member.household_id) if member.household_id
                                          else Q(loan__member=member.pk)).exists()


def guarantees_held(member, *, exclude: Loan | None = None) -> int:
    """Loans, live or waiting, that the member guarantees."""
    rows = LoanGuarantor.objects.filter(member=member, loan__stage__in=LIVE_STAGES)
    if exclude is not None and exclude.pk:
        rows = rows.exclude(loan=exclude.pk)
    return rows.count()


def loans_with_overdue(loans):
    """Annotate `is_overdue` (today) on a loan queryset, for lists."""
    return loans.annotate(is_overdue=Exists(overdue_instalments(timezone.localdate()).filter(loan=OuterRef("pk"))))
