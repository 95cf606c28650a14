"""The demo county's books: each pilot village's ledger opened for 2026 with the share capital carried over
from the paper register brought in (the county's mutual-aid fund capital comes in through the fund's own
register, finance.fund.demo), a few months of sanitation fees, management costs and a subsidy, and vouchers left
in the states a township clerk meets every day (waiting for review, returned, draft).

Four parts around the other apps' (coop.demo runs them in order): `open_books` opens the ledgers, so the
share register can carry its paper holdings over (期初股金 must come before the opening balances); `seed` then
enters the opening balances, which take the register's figures, and posts the year's vouchers;
`bank_statements`, after the members' pay-ins, imports November's statement; `close_months`, last of all parts,
reconciles the bank account month by month (finance.bank.demo) and closes the months before November.

Idempotent: a village whose ledger exists is not opened again, and one whose opening balances exist is left
alone."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from coop.models import User, Village
from coop.roles import Role
from finance import operations as fin
from finance import registers
from finance.bank import demo as bank_demo
from finance.models import Account, Ledger, Period

START = date(2026, 1, 1)


def _pilot_books():
    """(village, township officer, chairman) for each pilot village that has both logins."""
    for village in Village.objects.filter(cooperative__isnull=False).select_related("township").order_by("code"):
        officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=village.township).order_by("pk").first()
        chair = User.objects.filter(role=Role.CHAIRMAN, village=village).first()
        if officer is not None and chair is not None:
            yield village, officer, chair


def open_books() -> None:
    """建账: the ledger, its months up to today's, and the bank sub-account."""
    today = timezone.localdate()
    for village, officer, _chair in _pilot_books():
        if Ledger.objects.filter(village=village).exists():
            continue
        books = fin.open_ledger(village=village, start=START, by=officer)
        while True:
            last = books.periods.order_by("-year", "-month").first()
            if (last.year, last.month) >= (today.year, today.month):
                break
            fin.open_period(ledger=books, by=officer)
        fin.add_sub_account(parent=_std("102"), village=village, code="10201", name="农村信用社", by=officer)


def seed() -> None:
    for village, officer, chair in _pilot_books():
        books = Ledger.objects.filter(village=village).first()
        if books is None or books.openings.exists():
            continue
        _books(books, officer, chair)


def _books(books, officer, chair):
    today = timezone.localdate()
    village = books.village
    bank = Account.objects.get(village=village, code="10201")
    # The registers' carried-over figures (the share capital) sit in the bank too: the balances must balance.
    carried = sum((credit - debit for _account, debit, credit in registers.opening_lines(books)), Decimal("0"))
    # 2025's surplus, not yet distributed when the books open: the distribution demo shares it out in 2026.
    surplus = carried_surplus(village)
    fin.set_opening_balances(ledger=books, by=officer,
                             balances=[(bank, carried + surplus, 0), ("32202", 0, surplus)])
    large = village.size == Village.Size.LARGE
    fee = Decimal("4000.00") if large else Decimal("3000.00")
    posted = [
        (date(2026, 3, 10), "收到镇财政拨付环境卫生管护经费",
         [("10201", "debit", fee / 2), ("503", "credit", fee / 2)]),
        (date(2026, 6, 18), "收取农户保洁费", [("10201", "debit", fee / 4), ("501", "credit", fee / 4)]),
        *bank_demo.book_entries(village),
        (date(2026, 9, 5), "支付保洁员劳务费", [("511", "debit", fee / 2), ("10201", "credit", fee / 2)]),
        (date(2026, 10, 12), "收取服务队管理费", [("10201", "debit", Decimal("1200.00")),
                                                 ("501", "credit", Decimal("1200.00"))]),
        (date(2026, 10, 28), "支付办公用品费", [("513", "debit", Decimal("356.80")),
                                               ("10201", "credit", Decimal("356.80"))]),
    ]
    for on, summary, lines in sorted(posted, key=lambda entry: entry[0]):
        if on <= today:
            fin.post_entry(village=books, on=on, summary=summary, prepared_by=chair, approved_by=officer,
                           attachments=1, lines=[fin.Line(code, side, amount, summary) for code, side, amount in lines])
    pending_day = min(today, date(2026, 11, 20))
    if pending_day.month != 11 or pending_day.year != 2026:
        return
    summary = "收取红白喜事服务队服务费"
    waiting = fin.prepare(ledger=books, on=pending_day, by=chair, attachments=2, lines=[
        fin.Line.debit("10201", "600.00", summary), fin.Line.credit("501", "600.00", summary)])
    fin.submit(voucher=waiting, by=chair)
    returned = fin.prepare(ledger=books, on=pending_day, by=chair, attachments=0, lines=[
        fin.Line.debit("513", "120.00", "购买打印纸"), fin.Line.credit("10201", "120.00", "购买打印纸")])
    fin.submit(voucher=returned, by=chair)
    fin.return_voucher(voucher=returned, by=officer, reason="缺少发票,请补附原始凭证")
    fin.prepare(ledger=books, on=pending_day, by=chair, attachments=1, lines=[
        fin.Line.debit("514", "800.00", "村道清雪公益支出"), fin.Line.credit("10201", "800.00", "村道清雪公益支出")])


def bank_statements() -> None:
    """November's bank statement (finance.bank.demo), once the members' pay-ins of 20 November are posted."""
    if timezone.localdate() < bank_demo.STATEMENT_PRINTED:
        return
    for village, officer, chair in _pilot_books():
        books = Ledger.objects.filter(village=village).first()
        bank = Account.objects.filter(village=village, code="10201").first()
        open_november = books is not None and books.periods.filter(
            year=2026, month=11, status=Period.Status.OPEN).exists()
        if open_november and bank is not None:
            bank_demo.november(books, bank, officer=officer, chair=chair)


def close_months() -> None:
    """Reconcile the bank account (finance.bank.demo) and close each demo ledger's months up to October 2026, once
    every part has posted its history (the loans' drawdowns and interest of the year): a closed month takes no
    posting. Registered last (finance.apps)."""
    today = timezone.localdate()
    last_closed = min((2026, 10), (today.year, today.month - 1))  # December would need the year-end transfer
    for books in Ledger.objects.select_related("village__township").order_by("village__code"):
        officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=books.village.township).order_by(
            "pk").first()
        bank = Account.objects.filter(village=books.village, code="10201").first()
        for period in books.periods.filter(status=Period.Status.OPEN).order_by("year", "month"):
            if (period.year, period.month) <= last_closed:
                if bank is not None:
                    bank_demo.reconcile_month(books, bank, period.year, period.month, by=officer)
                fin.close_period(period=period, by=officer)


def carried_surplus(village) -> Decimal:
    """年初未分配收益 carried over from the paper books of 2025: service fees and management fees of a year, more in a
    large village, different in each."""
    base = Decimal("18000.00") if village.size == Village.Size.LARGE else Decimal("12000.00")
    return base + Decimal(int(village.code[-3:]) % 7) * Decimal("1037.45")


def _std(code):
    return Account.objects.get(chart="2023", code=code, village__isnull=True)
