"""The 银行存款余额调节表 as a coop.reports.Report: the books' side on the left, the bank's on the right, each
starting from its balance, adding and subtracting the 未达账项 of the other, down to the adjusted balances."""

import calendar
from itertools import zip_longest

from coop.reports import Column, Report
from finance.bank.queries import ZERO, Reconciliation
from finance.reports.builders import _org


def _bank_item(line) -> tuple[str, object]:
    return f"　{line.date:%m-%d} {line.summary} {line.counterparty}".rstrip(), line.amount


def _book_item(line) -> tuple[str, object]:
    return f"　{line.voucher.date:%m-%d} 记{line.voucher.number} {line.summary}", line.amount


def _section(rows, books_label, books_items, bank_label, bank_items):
    books_total = sum((amount for _label, amount in books_items), ZERO)
    bank_total = sum((amount for _label, amount in bank_items), ZERO)
    rows.append({"books": books_label, "books_amount": books_total, "bank": bank_label, "bank_amount": bank_total,
                 "_style": "subtotal"})
    for left, right in zip_longest(books_items, bank_items, fillvalue=("", None)):
        rows.append({"books": left[0], "books_amount": left[1], "bank": right[0], "bank_amount": right[1],
                     "_style": "muted"})


def reconciliation(table: Reconciliation) -> Report:
    """The table; a difference is not among its notes, since each output shows it in red its own way."""
    ledger, account = table.ledger, table.account
    rows = [{"books": "企业银行存款日记账余额", "books_amount": table.book_balance,
             "bank": "银行对账单余额", "bank_amount": table.bank_balance, "_style": "heading"}]
    _section(rows, "加：银行已收、企业未收", [_bank_item(line) for line in table.bank_received],
             "加：企业已收、银行未收", [_book_item(line) for line in table.book_received])
    _section(rows, "减：银行已付、企业未付", [_bank_item(line) for line in table.bank_paid],
             "减：企业已付、银行未付", [_book_item(line) for line in table.book_paid])
    rows.append({"books": "调节后的存款余额", "books_amount": table.adjusted_books,
                 "bank": "调节后的存款余额", "bank_amount": table.adjusted_bank, "_style": "total"})
    notes = [f"差异说明({n.written_by.get_full_name()} {n.written_at:%Y-%m-%d}):{n.text}" for n in table.notes]
    return Report(
        title="银行存款余额调节表", org=_org(ledger),
        period=f"{table.year}年{table.month}月{calendar.monthrange(table.year, table.month)[1]}日",
        columns=[Column("books", "项目(企业账面)", width=2.2), Column("books_amount", "金额", "money"),
                 Column("bank", "项目(银行对账单)", width=2.2), Column("bank_amount", "金额", "money")],
        rows=rows, meta=[("银行账户", str(account))], notes=notes,
        signatures=["会计主管", "复核", "编制"],
        filename=f"银行存款余额调节表-{ledger.village.name}-{account.code}-{table.year}年{table.month}月")
