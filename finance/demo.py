"""The demo county's books: each pilot village's ledger opened for 2026 (the county's mutual-aid fund capital
comes in through the fund's own register, finance.fund.demo), a few months of sanitation fees, management
costs and a subsidy, and vouchers left in the states a township clerk meets every day (waiting for review,
returned, draft).

Idempotent: a village whose ledger exists is left alone."""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from coop.models import User, Village
from coop.roles import Role
from finance import operations as fin
from finance.models import Account, Ledger, Period

START = date(2026, 1, 1)


def seed() -> None:
    for village in Village.objects.filter(cooperative__isnull=False).select_related("township").order_by("code"):
        if Ledger.objects.filter(village=village).exists():
            continue
        officer = User.objects.filter(role=Role.TOWNSHIP_OFFICER, township=village.township).order_by("pk").first()
        chair = User.objects.filter(role=Role.CHAIRMAN, village=village).first()
        if officer is None or chair is None:
            continue
        _books(village, officer, chair)


def _books(village, officer, chair):
    today = timezone.localdate()
    books = fin.open_ledger(village=village, start=START, by=officer)
    while True:
        last = books.periods.order_by("-year", "-month").first()
        if (last.year, last.month) >= (today.year, today.month):
            break
        fin.open_period(ledger=books, by=officer)
    fin.add_sub_account(parent=_std("102"), village=village, code="10201", name="农村信用社", by=officer)
    large = village.size == Village.Size.LARGE
    fee = Decimal("4000.00") if large else Decimal("3000.00")
    posted = [
        (date(2026, 3, 10), "收到镇财政拨付环境卫生管护经费",
         [("10201", "debit", fee / 2), ("503", "credit", fee / 2)]),
        (date(2026, 6, 18), "收取农户保洁费", [("10201", "debit", fee / 4), ("501", "credit", fee / 4)]),
        (date(2026, 9, 5), "支付保洁员劳务费", [("511", "debit", fee / 2), ("10201", "credit", fee / 2)]),
        (date(2026, 10, 12), "收取服务队管理费", [("10201", "debit", Decimal("1200.00")),
                                                 ("501", "credit", Decimal("1200.00"))]),
        (date(2026, 10, 28), "支付办公用品费", [("513", "debit", Decimal("356.80")),
                                               ("10201", "credit", Decimal("356.80"))]),
    ]
    for on, summary, lines in posted:
        if on <= today:
            fin.post_entry(village=books, on=on, summary=summary, prepared_by=chair, approved_by=officer,
                           attachments=1, lines=[fin.Line(code, side, amount, summary) for code, side, amount in lines])
    last_closed = min((2026, 10), (today.year, today.month - 1))  # December would need the year-end transfer
    for period in books.periods.filter(status=Period.Status.OPEN).order_by("year", "month"):
        if (period.year, period.month) <= last_closed:
            fin.close_period(period=period, by=officer)
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


def _std(code):
    return Account.objects.get(chart="2023", code=code, village__isnull=True)
