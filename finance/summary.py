"""The township's and the county's view of the books: one row of figures per village ledger, read for any
number of villages in three queries (the ledgers with their workflow figures, the posted lines summed per
ledger and account group, the opening balances), so an auditor sees eleven or a hundred villages at once; plus
the figures registers declare (`declare_figures`), each register read once for all the villages."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Case, Count, F, Max, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce

from coop.money import money_sum
from finance.models import BANK_CODE, CASH_CODE, Category, Ledger, OpeningBalance, Period, Side, Voucher, VoucherLine

ZERO = Decimal("0.00")
CAPITAL_CODE = "301"  # 资本: the share register posts each member kind's 股金 to a detail of it
BALANCE_GROUPS = {"cash": CASH_CODE, "bank": BANK_CODE, "shares": CAPITAL_CODE}
WAITING = (Voucher.Status.SUBMITTED, Voucher.Status.REVIEWED)


@dataclass(frozen=True)
class Figures:
    """Figures a register adds to each village's row (the mutual-aid fund's capital, loans and PAR30; the agency-built
    projects' count, investment and payments), declared from the register's AppConfig.ready so that the ledger's
    summary imports no register. The summary shows them in a table of their own under the ledger's, a register's
    columns under its heading, so that the ledger's table still fits a screen however many registers declare:

    * `columns()` — the report's coop.reports.Column for each key it adds, in the request's language;
    * `read(ledgers, until)` — {ledger pk: {key: value}} for the ledgers shown, in a fixed number of queries
      whatever the number of ledgers (one call for all of them, never one per village);
    * `combine(list of those dicts)` — the same keys for a township's 小计 or the 合计 (a ratio is recomputed
      from its parts, never summed); given an empty list, the row of a village the register has nothing for;
    * `heading` — the register's name over its columns (declare_figures gives it); blank keeps the columns' groups.
    """

    columns: Callable
    read: Callable
    combine: Callable
    heading: str = ""


_FIGURES: list[Figures] = []


def declare_figures(figures: Figures, *, heading: str = "") -> None:
    """Add a register's figures to the books summary, once: from its AppConfig.ready,
    `declare_figures(summary.FIGURES, heading=self.verbose_name)`. Registers show in the order they declare (the
    order of INSTALLED_APPS)."""
    if heading:
        figures = replace(figures, heading=heading)
    if not any(declared.read is figures.read for declared in _FIGURES):
        _FIGURES.append(figures)


def declared_figures() -> list[Figures]:
    return list(_FIGURES)


@dataclass
class VillageBooks:
    ledger: Ledger
    cash: Decimal       # 库存现金 at the end of the range
    bank: Decimal       # 银行存款
    shares: Decimal     # 股金 (资本, credit balance)
    income: Decimal     # the range's income, year-end transfers left out
    expenses: Decimal
    waiting: int        # submitted or reviewed, not yet posted (whatever their date)
    last_posted: datetime | None
    last_closed: tuple[int, int] | None  # (year, month) of the latest closed period
    end_month: str | None  # the end month's Period.Status, None when that month is not opened
    extra: dict = field(default_factory=dict)  # {key: value} of the declared Figures

    @property
    def surplus(self) -> Decimal:
        return self.income - self.expenses

    @property
    def village(self):
        return self.ledger.village


def books_summary(ledgers, since: date, until: date) -> list[VillageBooks]:
    """The figures of each ledger in `ledgers` (a queryset, already scoped) from `since` to `until`, ordered by
    township and village."""
    closed = Period.objects.filter(ledger=OuterRef("pk"), status=Period.Status.CLOSED).order_by("-year", "-month")
    rows = list(ledgers.select_related("village__township").annotate(
        waiting=Coalesce(Subquery(Voucher.objects.filter(ledger=OuterRef("pk"), status__in=WAITING)
                                  .values("ledger").annotate(n=Count("pk")).values("n")), 0),
        last_posted=Subquery(Voucher.objects.filter(ledger=OuterRef("pk"), status=Voucher.Status.POSTED)
                             .values("ledger").annotate(at=Max("posted_at")).values("at")),
        closed_key=Subquery(closed.annotate(key=F("year") * 100 + F("month")).values("key")[:1]),
        end_month=Subquery(Period.objects.filter(ledger=OuterRef("pk"), year=until.year, month=until.month)
                           .values("status")[:1]),
    ).order_by("village__township__code", "village__code"))
    ids = [ledger.pk for ledger in rows]
    balances = _balances(ids, until)
    income, expenses = _profit(ids, since, until)
    books = [VillageBooks(
        ledger=ledger, cash=balances[ledger.pk, "cash"], bank=balances[ledger.pk, "bank"],
        shares=-balances[ledger.pk, "shares"], income=income[ledger.pk], expenses=expenses[ledger.pk],
        waiting=ledger.waiting, last_posted=ledger.last_posted,
        last_closed=divmod(ledger.closed_key, 100) if ledger.closed_key else None, end_month=ledger.end_month,
    ) for ledger in rows]
    for figures in _FIGURES:
        values = figures.read(rows, until) if rows else {}
        for book in books:
            book.extra.update(values.get(book.ledger.pk) or figures.combine([]))
    return books


def _signed_amount():
    return Case(When(side=Side.DEBIT, then=F("amount")), default=-F("amount"))


def _group_of(code: str) -> str | None:
    return next((group for group, prefix in BALANCE_GROUPS.items() if code.startswith(prefix)), None)


def _balance_accounts() -> Q:
    q = Q()
    for prefix in BALANCE_GROUPS.values():
        q |= Q(account__code__startswith=prefix)
    return q


def _balances(ids, until) -> dict[tuple[int, str], Decimal]:
    """Debit-minus-credit per (ledger, group) at the end of `until`, openings included: two queries."""
    out: dict[tuple[int, str], Decimal] = defaultdict(lambda: ZERO)
    posted = (VoucherLine.objects.filter(_balance_accounts(), voucher__ledger__in=ids,
                                         voucher__status=Voucher.Status.POSTED, voucher__date__lte=until)
              .values("voucher__ledger", "account__code").annotate(net=money_sum(_signed_amount())))
    for row in posted:
        out[row["voucher__ledger"], _group_of(row["account__code"])] += row["net"]
    openings = (OpeningBalance.objects.filter(_balance_accounts(), ledger__in=ids)
                .values("ledger", "account__code").annotate(net=money_sum(F("debit") - F("credit"))))
    for row in openings:
        out[row["ledger"], _group_of(row["account__code"])] += row["net"]
    return out


def _profit(ids, since, until) -> tuple[dict[int, Decimal], dict[int, Decimal]]:
    """Income (credit less debit) and expenses (debit less credit) per ledger over the range, one query."""
    income: dict[int, Decimal] = defaultdict(lambda: ZERO)
    expenses: dict[int, Decimal] = defaultdict(lambda: ZERO)
    rows = (VoucherLine.objects.filter(voucher__ledger__in=ids, voucher__status=Voucher.Status.POSTED,
                                       voucher__is_closing=False, voucher__date__range=(since, until),
                                       account__category__in=(Category.INCOME, Category.EXPENSE))
            .values("voucher__ledger", "account__category").annotate(net=money_sum(_signed_amount())))
    for row in rows:
        if row["account__category"] == Category.INCOME:
            income[row["voucher__ledger"]] -= row["net"]
        else:
            expenses[row["voucher__ledger"]] += row["net"]
    return income, expenses
