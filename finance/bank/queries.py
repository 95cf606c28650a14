"""Reads for bank reconciliation: the books' lines on a bank account, what stays unmatched, and the
银行存款余额调节表 derived from them. Nothing here is stored: the table is recomputed from the statement, the
books and the matches every time it is read."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from coop.money import yuan
from finance import queries
from finance.bank.models import BankFormat, BankStatement, BankStatementLine, ReconciliationNote
from finance.models import BANK_CODE, Account, Ledger, Side, Voucher, VoucherLine

ZERO = Decimal("0.00")


def bank_accounts(ledger: Ledger) -> list[Account]:
    """The ledger's bank accounts: the leaves under 102, designated for a purpose or not."""
    return queries.leaves(list(Account.objects.filter(chart=ledger.chart, code__startswith=BANK_CODE).filter(
        Q(village__isnull=True) | Q(village=ledger.village_id)).order_by("code")))


def formats_of(county_id) -> QuerySet:
    """The statement layouts a county's villages import with: the county's own and the built-in shared ones."""
    return BankFormat.objects.filter(Q(county__isnull=True) | Q(county_id=county_id))


def book_lines(ledger: Ledger, account: Account) -> QuerySet:
    """The bank journal of one account: its posted voucher lines."""
    return VoucherLine.objects.filter(voucher__ledger=ledger, voucher__status=Voucher.Status.POSTED,
                                      account=account).select_related("voucher")


def first_statement(ledger: Ledger, account: Account) -> BankStatement | None:
    return BankStatement.objects.filter(ledger=ledger, account=account).order_by("year", "month").first()


def previous_balance(ledger: Ledger, account: Account, year: int, month: int) -> tuple[Decimal, int] | None:
    """The last balance of the latest statement before the month, and its row, for the next one to chain
    from; None before the first statement."""
    line = BankStatementLine.objects.filter(
        statement__ledger=ledger, statement__account=account).filter(
        Q(statement__year__lt=year) | Q(statement__year=year, statement__month__lt=month)).order_by(
        "-statement__year", "-statement__month", "-row").first()
    return None if line is None else (line.balance, line.row)


@dataclass
class Reconciliation:
    """银行存款余额调节表. The bank's balance plus what the books have and the bank not yet, minus the same on
    the paying side, must equal the books' balance adjusted the other way; `difference` names any gap."""

    ledger: Ledger
    account: Account
    year: int
    month: int
    statement: BankStatement | None
    bank_balance: Decimal
    book_balance: Decimal
    bank_received: list = field(default_factory=list)   # 银行已收企业未收: statement lines
    bank_paid: list = field(default_factory=list)       # 银行已付企业未付
    book_received: list = field(default_factory=list)   # 企业已收银行未收: voucher lines
    book_paid: list = field(default_factory=list)       # 企业已付银行未付
    notes: list = field(default_factory=list)

    @property
    def adjusted_bank(self) -> Decimal:
        return (self.bank_balance + sum((line.amount for line in self.book_received), ZERO)
                - sum((line.amount for line in self.book_paid), ZERO))

    @property
    def adjusted_books(self) -> Decimal:
        return (self.book_balance + sum((line.credit for line in self.bank_received), ZERO)
                - sum((line.debit for line in self.bank_paid), ZERO))

    @property
    def difference(self) -> Decimal:
        return self.adjusted_bank - self.adjusted_books

    @property
    def difference_text(self) -> str:
        """What the officer must see in red when the two sides do not meet; empty when they do."""
        if self.statement is None:
            return _("本月银行对账单尚未导入,无法核对")
        if self.difference:
            return _("调节后余额不相等:银行方 %(bank)s,企业方 %(books)s,相差 %(d)s。"
                     "请核对未勾对的项目,或填写差异说明") % {
                "bank": yuan(self.adjusted_bank), "books": yuan(self.adjusted_books), "d": yuan(self.difference)}
        return ""

    @property
    def agrees(self) -> bool:
        return self.statement is not None and self.difference == 0


def reconcile(ledger: Ledger, account: Account, year: int, month: int) -> Reconciliation:
    """The table at the month's end. A pair counts as cleared only when both its sides fall on or before the
    month's end; an item matched later is still outstanding now. The books' lines count from the first
    statement's month, when reconciliation began. Six queries whatever the number of lines."""
    start, end = queries.month_bounds(year, month)
    statement = BankStatement.objects.filter(ledger=ledger, account=account, year=year, month=month).first()
    first = first_statement(ledger, account)
    since = date(first.year, first.month, 1) if first else start
    bank = list(BankStatementLine.objects.filter(
        statement__ledger=ledger, statement__account=account, date__lte=end).select_related(
        "match__voucher_line__voucher").order_by("date", "statement_id", "row"))
    books = list(book_lines(ledger, account).filter(voucher__date__range=(since, end)).select_related(
        "bank_match__statement_line").order_by("voucher__date", "voucher__number", "line_no"))
    last = BankStatementLine.objects.filter(statement__ledger=ledger, statement__account=account,
                                            date__lte=end).order_by("-statement__year", "-statement__month",
                                                                    "-row").first()
    table = Reconciliation(
        ledger=ledger, account=account, year=year, month=month, statement=statement,
        bank_balance=last.balance if last else ZERO,
        book_balance=queries.balance_of(ledger, account, until=end),
        notes=list(ReconciliationNote.objects.filter(ledger=ledger, account=account, year=year, month=month)
                   .select_related("written_by")))
    for line in bank:
        match = getattr(line, "match", None)
        if match is None or match.voucher_line.voucher.date > end:
            (table.bank_received if line.credit else table.bank_paid).append(line)
    for line in books:
        match = getattr(line, "bank_match", None)
        if match is None or match.statement_line.date > end:
            (table.book_received if line.side == Side.DEBIT else table.book_paid).append(line)
    return table


def candidates(line: BankStatementLine, ledger: Ledger, account: Account, days: int) -> list[VoucherLine]:
    """The unmatched book lines that could be the statement line's money: the same amount on the mirrored
    side (the bank's receipt is the books' debit), dated within `days`; best first — the counterparty named in
    the summary, then the nearest date, then the earliest entry."""
    side = Side.DEBIT if line.credit else Side.CREDIT
    found = list(book_lines(ledger, account).filter(
        side=side, amount=line.amount, bank_match__isnull=True,
        voucher__date__range=(line.date - timedelta(days=days), line.date + timedelta(days=days))))
    return sorted(found, key=lambda book: (not _names(book, line), abs((book.voucher.date - line.date).days),
                                           book.voucher.date, book.voucher.number, book.line_no))


def _names(book: VoucherLine, line: BankStatementLine) -> bool:
    return bool(line.counterparty) and line.counterparty in book.summary


def unmatched_book_lines(ledger: Ledger, account: Account, year: int, month: int) -> QuerySet:
    """What the officer may pick by hand for a statement of the month: the books' unmatched lines from the
    first statement's month up to this month's end."""
    start, end = queries.month_bounds(year, month)
    first = first_statement(ledger, account)
    since = date(first.year, first.month, 1) if first else start
    return book_lines(ledger, account).filter(bank_match__isnull=True, voucher__date__range=(since, end)).order_by(
        "voucher__date", "voucher__number", "line_no")
