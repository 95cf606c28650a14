"""Reads of the village ledger. Every balance is derived here from opening balances and posted lines;
nothing else in the project keeps a balance that could drift from the books."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Case, Q, Sum, Value, When
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from finance.models import (
    BANK_CODE,
    CASH_CODE,
    Account,
    BankDesignation,
    BankPurpose,
    Category,
    Ledger,
    OpeningBalance,
    Side,
    Voucher,
    VoucherLine,
)
from finance.summary import Figures, declare_figures  # noqa: F401  the books summary's hook, part of the face

ZERO = Decimal("0.00")
PROFIT = (Category.INCOME, Category.EXPENSE)


def posted_lines(ledger: Ledger):
    """A ledger's posted lines, named by the line's own copy of its ledger (VoucherLine.ledger) and by the
    voucher's: the first keeps the line side to that ledger's index, the second keeps the voucher side to the
    (ledger, status, date) index, so a village's reports read only its rows however large the county grows."""
    return VoucherLine.objects.filter(ledger=ledger, voucher__ledger=ledger, voucher__status=Voucher.Status.POSTED)


def has_postings(ledger: Ledger) -> bool:
    """Whether any voucher of the ledger is posted: from then on the opening figures are history (R3)."""
    return Voucher.objects.filter(ledger=ledger, status=Voucher.Status.POSTED).exists()


def chart(ledger: Ledger) -> list[Account]:
    """The ledger's accounts: the standard ones of its chart and the village's own, by code."""
    return list(Account.objects.filter(chart=ledger.chart).filter(
        Q(village__isnull=True) | Q(village=ledger.village_id)).order_by("code"))


def leaves(accounts: list[Account]) -> list[Account]:
    parents = {a.parent_id for a in accounts if a.parent_id}
    return [a for a in accounts if a.pk not in parents]


def ledger_of(village) -> Ledger:
    """The village's books, or a refusal naming the village when the township has not opened them yet."""
    ledger = village if isinstance(village, Ledger) else getattr(village, "ledger", None)
    if ledger is None:
        raise RuleViolation(Rule.LEDGER, _("%(village)s 尚未建账") % {"village": village})
    return ledger


def managed_accounts(village, book: str) -> dict[str, Account]:
    """The accounts a business register keeps in the village's ledger (Account.managed_by), by code."""
    ledger = ledger_of(village)
    return {a.code: a for a in Account.objects.filter(chart=ledger.chart, village=ledger.village_id,
                                                      managed_by=book)}


def bank_account(village, purpose: str) -> Account:
    """The bank account (a leaf under 102) that money of `purpose` (a BankPurpose) goes into and out of (R1):
    the one the township designated; with no designation, the village's only bank account. With several and
    none designated, a refusal telling the township what to set — money never lands in a guessed account."""
    ledger = ledger_of(village)
    purpose = BankPurpose(purpose)
    designated = BankDesignation.objects.filter(ledger=ledger, purpose=purpose).select_related("account").first()
    if designated is not None:
        return designated.account
    banks = leaves(list(Account.objects.filter(chart=ledger.chart, code__startswith=BANK_CODE).filter(
        Q(village__isnull=True) | Q(village=ledger.village_id)).order_by("code")))
    if len(banks) == 1:
        return banks[0]
    raise RuleViolation(Rule.LEDGER, _(
        "%(village)s 有 %(n)s 个银行存款账户(%(banks)s),尚未指定哪个用于“%(purpose)s”:"
        "请镇财政所在“银行账户用途”中为本村指定") % {
        "village": ledger.village, "n": len(banks), "banks": "、".join(str(a) for a in banks),
        "purpose": purpose.label})


def totals(ledger: Ledger, *, since: date | None = None, until: date | None = None,
           exclude_closing: bool = False, account_ids=None) -> dict[int, tuple[Decimal, Decimal]]:
    """Posted debits and credits per account over a date range, in one query."""
    lines = posted_lines(ledger)
    if since:
        lines = lines.filter(voucher__date__gte=since)
    if until:
        lines = lines.filter(voucher__date__lte=until)
    if exclude_closing:
        lines = lines.filter(voucher__is_closing=False)
    if account_ids is not None:
        lines = lines.filter(account_id__in=account_ids)
    rows = lines.values("account_id").annotate(
        d=Sum("amount", filter=Q(side=Side.DEBIT), default=ZERO),
        c=Sum("amount", filter=Q(side=Side.CREDIT), default=ZERO))
    return {r["account_id"]: (r["d"], r["c"]) for r in rows}


def openings(ledger: Ledger) -> dict[int, tuple[Decimal, Decimal]]:
    return {o.account_id: (o.debit, o.credit) for o in OpeningBalance.objects.filter(ledger=ledger)}


def signed(account: Account, debit: Decimal, credit: Decimal) -> Decimal:
    """A balance in the account's normal-side sign: positive when it sits where it should."""
    return debit - credit if account.side == Side.DEBIT else credit - debit


def balances(ledger: Ledger, *, until: date | None = None) -> dict[int, Decimal]:
    """Debit-minus-credit balance per account at the end of `until` (openings included)."""
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for pk, (d, c) in openings(ledger).items():
        out[pk] += d - c
    for pk, (d, c) in totals(ledger, until=until).items():
        out[pk] += d - c
    return out


def balance_of(ledger: Ledger, account: Account, *, until: date | None = None) -> Decimal:
    """One account's balance in its normal-side sign."""
    net = balances(ledger, until=until).get(account.pk, ZERO)
    return net if account.side == Side.DEBIT else -net


def cash_balance(ledger: Ledger, *, until: date | None = None) -> Decimal:
    """库存现金 on hand (R1): the 101 account and its sub-accounts."""
    ids = list(Account.objects.filter(chart=ledger.chart, code__startswith=CASH_CODE).filter(
        Q(village__isnull=True) | Q(village=ledger.village_id)).values_list("pk", flat=True))
    total = sum((d - c for pk, (d, c) in openings(ledger).items() if pk in ids), ZERO)
    total += sum((d - c for d, c in totals(ledger, until=until, account_ids=ids).values()), ZERO)
    return total


def profit_balances(ledger: Ledger, year: int) -> list[tuple[Account, Decimal]]:
    """Income and expense accounts with their own balance at the year's end, normal-side sign: the details,
    and a parent's own lines from before it was subdivided (`add_sub_account`)."""
    accounts = [a for a in chart(ledger) if a.category in PROFIT]
    net = balances(ledger, until=date(year, 12, 31))
    return [(a, net.get(a.pk, ZERO) if a.side == Side.DEBIT else -net.get(a.pk, ZERO)) for a in accounts]


def unclosed_profit_accounts(ledger: Ledger, year: int) -> list[Account]:
    return [a for a, balance in profit_balances(ledger, year) if balance]


def distribution_balances(ledger: Ledger, year: int) -> list[tuple[Account, Decimal]]:
    """The 各项分配 (32201) accounts and their own balances at the year's end, normal-side sign (a parent's own
    from before it was subdivided, as in `profit_balances`)."""
    accounts = [a for a in chart(ledger) if a.code.startswith("32201")]
    net = balances(ledger, until=date(year, 12, 31))
    return [(a, -net.get(a.pk, ZERO)) for a in accounts]


@dataclass
class TrialRow:
    account: Account
    level: int
    opening: Decimal = ZERO      # debit-minus-credit at the start of the month
    debit: Decimal = ZERO        # this month
    credit: Decimal = ZERO
    ytd_debit: Decimal = ZERO    # the year to date
    ytd_credit: Decimal = ZERO
    children: list = field(default_factory=list)

    @property
    def closing(self) -> Decimal:
        return self.opening + self.debit - self.credit

    @property
    def is_empty(self) -> bool:
        return not (self.opening or self.debit or self.credit or self.ytd_debit or self.ytd_credit)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return start, end


def _trial_totals(ledger: Ledger, start: date, end: date) -> tuple[dict, dict, dict]:
    """Per account: debits and credits before the month, in it, and from 1 January to its end — one pass over the
    ledger's posted lines up to the month's end. The database sums each account and side in three spans (before
    the year, the year before the month, the month), one plain SUM per group as a hand-written aggregate would;
    the three figures are added up from them here."""
    span = Case(When(voucher__date__lt=date(start.year, 1, 1), then=Value(0)),
                When(voucher__date__lt=start, then=Value(1)), default=Value(2))
    sums = {key: defaultdict(lambda: [ZERO, ZERO]) for key in ("before", "month", "year")}
    rows = (posted_lines(ledger).filter(voucher__date__lte=end).order_by().annotate(span=span)
            .values_list("account_id", "side", "span").annotate(total=Sum("amount")))
    for account, side, part, total in rows:
        index = 0 if side == Side.DEBIT else 1
        for key in (("before",), ("before", "year"), ("month", "year"))[part]:
            sums[key][account][index] += total
    return tuple({pk: tuple(pair) for pk, pair in sums[key].items()} for key in ("before", "month", "year"))


def trial_balance(ledger: Ledger, year: int, month: int) -> list[TrialRow]:
    """科目余额表 for a month: every account with activity or a balance, sub-accounts rolled up into
    their parents. Three queries, whatever the number of vouchers; one pass over the ledger's lines."""
    start, end = month_bounds(year, month)
    accounts = chart(ledger)
    before, month_totals, year_totals = _trial_totals(ledger, start, end)
    opening = openings(ledger)
    rows = {a.pk: TrialRow(a, level=1 if a.parent_id is None else 2) for a in accounts}
    for a in accounts:
        row = rows[a.pk]
        od, oc = opening.get(a.pk, (ZERO, ZERO))
        bd, bc = before.get(a.pk, (ZERO, ZERO))
        row.opening = od - oc + bd - bc
        row.debit, row.credit = month_totals.get(a.pk, (ZERO, ZERO))
        row.ytd_debit, row.ytd_credit = year_totals.get(a.pk, (ZERO, ZERO))
    for a in reversed(accounts):  # a child's code sorts after its parent's: children are added first
        if a.parent_id:
            child, parent = rows[a.pk], rows[a.parent_id]
            parent.children.insert(0, child)
            child.level = parent.level + 1
            for attr in ("opening", "debit", "credit", "ytd_debit", "ytd_credit"):
                setattr(parent, attr, getattr(parent, attr) + getattr(child, attr))
    for a in accounts:  # levels are known only once every parent has been seen
        if a.parent_id:
            rows[a.pk].level = rows[a.parent_id].level + 1
    return [rows[a.pk] for a in accounts if not rows[a.pk].is_empty]
