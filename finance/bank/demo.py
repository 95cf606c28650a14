"""The demo's bank reconciliation (银行对账) of each pilot village's account 10201 农村信用社, told as the township
officer meets it. Reconciliation begins with June's statement: the bank credits the second quarter's interest
on 21 June, the books record it on the 30th when the slip arrives, and the officer matches the two by hand (the
automatic window is three days). July has no movement, so the bank prints no statement and the month closes
with a recorded explanation. August to October match automatically. November, still open, shows the
outstanding items (未达账项) on each side: a subsidy the bank received and a fee it charged that the books do
not have yet, and a receipt and a cheque of 27 November that the bank has not seen.

Statements go in as the bank's CSV through `finance.bank.operations` (import, automatic and hand matching,
the explanation), exactly as the officer's page does; the books' side is posted through post_entry by
finance.demo, which takes `book_entries` into its year and calls `reconcile_month` before closing each month.
"""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

from coop.models import Village
from coop.money import to_fen
from finance import operations as fin
from finance import queries as ledger_queries
from finance.bank import operations as bank_ops
from finance.bank import queries
from finance.bank.models import BankFormat, BankStatement
from finance.models import Account, Side

BANK_FORMAT = "陕西信合(农村信用社)"  # the layout migration 0007 installs
FIRST = (2026, 6)  # the first month reconciled
INTEREST_CREDITED = date(2026, 6, 21)  # the bank's day; the books' is INTEREST_BOOKED
INTEREST_BOOKED = date(2026, 6, 30)
INTEREST = "收到信用社二季度存款利息"
NOVEMBER = (2026, 11)
STATEMENT_PRINTED = date(2026, 11, 27)  # November's statement runs to the day before
QUIET_MONTH = "本月该账户无收付款业务,信用社未出具对账单;账面余额与6月对账单余额一致,经核对无误。"


def interest(village) -> Decimal:
    return Decimal("486.20") if village.size == Village.Size.LARGE else Decimal("371.45")


def book_entries(village) -> list[tuple]:
    """The books' side of the bank's own movements before November: (date, summary, [(code, side, amount)])."""
    fee = Decimal("36.00")
    return [
        (INTEREST_BOOKED, INTEREST,
         [("10201", "debit", interest(village)), ("504", "credit", interest(village))]),
        (date(2026, 8, 21), "支付银行短信通知服务年费", [("513", "debit", fee), ("10201", "credit", fee)]),
    ]


def _bank_only(ledger) -> dict[tuple[int, int], list[tuple]]:
    """What only the bank has at the statement's date: (date, summary, counterparty, paid out, received)."""
    township = ledger.village.township.name
    return {NOVEMBER: [
        (date(2026, 11, 23), "网上银行证书年费", "", Decimal("30.00"), Decimal("0")),
        (date(2026, 11, 26), "环境整治奖补资金", f"{township}财政所", Decimal("0"), Decimal("5000.00")),
    ]}


def _rows(ledger, account, year, month) -> list[tuple]:
    """The statement's lines: the posted book lines of the month as the bank sees them, and its own."""
    start, end = ledger_queries.month_bounds(year, month)
    if (year, month) == NOVEMBER:
        end = STATEMENT_PRINTED - timedelta(days=1)
    rows = list(_bank_only(ledger).get((year, month), []))
    for line in queries.book_lines(ledger, account).filter(voucher__date__range=(start, end)):
        on = INTEREST_CREDITED if line.summary == INTEREST else line.voucher.date
        paid, received = (Decimal("0"), line.amount) if line.side == Side.DEBIT else (line.amount, Decimal("0"))
        rows.append((on, line.summary, "", paid, received))
    return sorted(rows, key=lambda row: row[0])


def _csv(rows, opening: Decimal) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["交易日期", "摘要", "对方户名", "支出金额", "收入金额", "余额"])
    balance = opening
    for on, summary, counterparty, paid, received in rows:
        balance += received - paid
        writer.writerow([on.isoformat(), summary, counterparty, paid or "", received or "", balance])
    return out.getvalue().encode("utf-8-sig")


def reconcile_month(ledger, account, year, month, *, by) -> None:
    """Import the month's statement, match it (automatically, then by hand what the window missed), or, for a
    month without movement, record why there is no statement — so that the month may close."""
    if (year, month) < FIRST or BankStatement.objects.filter(ledger=ledger, account=account, year=year,
                                                             month=month).exists():
        return
    rows = _rows(ledger, account, year, month)
    if not rows:
        bank_ops.explain_difference(ledger=ledger, account=account, year=year, month=month, text=QUIET_MONTH, by=by)
        return
    previous = queries.previous_balance(ledger, account, year, month)
    opening = previous[0] if previous else to_fen(ledger_queries.balance_of(
        ledger, account, until=date(year, month, 1) - timedelta(days=1)))
    statement = bank_ops.import_statement(
        ledger=ledger, account=account, year=year, month=month, bank_format=BankFormat.objects.get(
            bank_name=BANK_FORMAT), data=_csv(rows, opening), filename=f"{account.code}-{year}{month:02d}.csv", by=by)
    bank_ops.auto_match(statement=statement, by=by)
    for line in statement.lines.filter(match__isnull=True).order_by("row"):
        found = queries.candidates(line, ledger, account, days=31)
        if found and found[0].voucher.date <= ledger_queries.month_bounds(year, month)[1]:
            bank_ops.match(statement_line=line, voucher_line=found[0], by=by)


def _hand_leaf(ledger, code: str, name: str, officer) -> str:
    """Where a hand posting to standard account `code` goes: the account itself, or — once a register keeps its
    details under it (the service organisations' 501NN and 514NN) — the hand-made detail <code>90, which the
    township opens as it would on paper."""
    parent = Account.objects.get(chart=ledger.chart, village__isnull=True, code=code)
    if not Account.objects.filter(parent=parent, village=ledger.village_id).exists():
        return code
    detail = Account.objects.filter(chart=ledger.chart, village=ledger.village_id, code=f"{code}90").first()
    if detail is None:
        detail = fin.add_sub_account(parent=parent, village=ledger.village, code=f"{code}90", name=name, by=officer)
    return detail.code


def november(ledger, account, *, officer, chair) -> None:
    """November's statement, after the members' pay-ins of 20 November: two outstanding items on each side.
    Left alone when it exists, when reconciliation has not begun or when November is not open."""
    if BankStatement.objects.filter(ledger=ledger, account=account, year=NOVEMBER[0], month=NOVEMBER[1]).exists() \
            or not BankStatement.objects.filter(ledger=ledger, account=account).exists():
        return
    for summary, lines in [
        ("收取农户保洁费(存入信用社)", [fin.Line.debit("10201", "750.00"),
                                        fin.Line.credit(_hand_leaf(ledger, "501", "其他经营收入", officer), "750.00")]),
        ("支付村道维修材料款(转账支票)", [fin.Line.debit(_hand_leaf(ledger, "514", "其他公益支出", officer), "2860.00"),
                                         fin.Line.credit("10201", "2860.00")]),
    ]:
        fin.post_entry(village=ledger, on=STATEMENT_PRINTED, summary=summary, lines=lines, prepared_by=chair,
                       approved_by=officer, attachments=1)
    reconcile_month(ledger, account, *NOVEMBER, by=officer)
