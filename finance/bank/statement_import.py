"""Reading a bank statement as the rural credit cooperative's online bank exports it: .xlsx, or .csv in GBK
(GB18030) or UTF-8 with a byte-order mark, with the columns the bank's saved layout (BankFormat) names.

`parse` never writes: it returns the lines, or every problem with its row, so the officer sees the whole file
judged before anything is imported (`finance.bank.operations.import_statement` writes it, all or nothing).
A balance that does not follow from the line before it — or, on the first line, from the last balance of the
previous statement — is named with its row: a missing or doubled line shows up there."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from coop import spreadsheets
from coop.money import yuan
from coop.spreadsheets import MAX_BYTES, MAX_ROWS, RowError

ENCODINGS = ("utf-8-sig", "gb18030")
HEADER_SEARCH_ROWS = 20  # banks print the account's name and number above the table


@dataclass
class Row:
    row: int
    date: date
    summary: str
    counterparty: str
    debit: Decimal
    credit: Decimal
    balance: Decimal


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors

    @property
    def received(self) -> Decimal:
        return sum((r.credit for r in self.rows), Decimal("0.00"))

    @property
    def paid(self) -> Decimal:
        return sum((r.debit for r in self.rows), Decimal("0.00"))


def parse(data: bytes, filename: str, bank_format, *, year: int, month: int,
          previous: tuple[Decimal, int] | None) -> Parsed:
    """The statement's lines for `year`/`month`, checked line by line; `previous` is the last (balance, row) of
    the statement before, which the first line must chain from."""
    result = Parsed()
    headers = bank_format.headers
    required = [h for f, h in headers.items() if f != "counterparty"]
    if filename.lower().endswith(".csv"):
        sheet = _read_csv(data, required, result.errors)
    else:
        sheet = spreadsheets.read(data, list(headers.values()), required, result.errors)
    if sheet is None:
        return result
    for n, values in sheet.body:
        row = _row(sheet, n, values, headers, result.errors, year, month)
        if row is not None:
            result.rows.append(row)
    if not result.errors:
        _check_chain(result, previous)
    return result


def _read_csv(data: bytes, required: list[str], errors: list) -> spreadsheets.Sheet | None:
    if len(data) > MAX_BYTES:
        errors.append(RowError(0, "", _("文件过大(%(mb).1f MB),不能超过 5 MB") % {"mb": len(data) / 2**20}))
        return None
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        errors.append(RowError(0, "", _("无法读取文件:CSV 文件须为 GBK 或 UTF-8 编码")))
        return None
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        errors.append(RowError(0, "", _("无法读取文件:CSV 格式不正确")))
        return None
    found = next((i for i, values in enumerate(rows[:HEADER_SEARCH_ROWS])
                  if all(h in [v.strip() for v in values] for h in required)), None)
    if found is None:
        errors.append(RowError(0, "", _("缺少列:%(cols)s。请检查所选的对账单格式") % {"cols": "、".join(required)}))
        return None
    headers = [v.strip() for v in rows[found]]
    body = [(n, values) for n, values in enumerate(rows[found + 1:], start=found + 2) if any(v.strip() for v in values)]
    if len(body) > MAX_ROWS:
        errors.append(RowError(0, "", _("行数过多:最多 %(n)s 行") % {"n": MAX_ROWS}))
        return None
    if not body:
        errors.append(RowError(0, "", _("文件里没有数据行")))
        return None
    return spreadsheets.Sheet(body=body, index={h: headers.index(h) for h in headers if h})


def _amount(value, n, column, errors) -> Decimal | None:
    if value in (None, ""):
        return Decimal("0.00")
    text = str(value).replace(",", "").replace("¥", "").replace("￥", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        errors.append(RowError(n, column, _("“%(v)s”不是有效的金额") % {"v": value}))
        return None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        errors.append(RowError(n, column, _("金额最多两位小数:%(v)s") % {"v": value}))
        return None
    return amount.quantize(Decimal("0.01"))


def _row(sheet, n, values, headers, errors, year, month) -> Row | None:
    before = len(errors)
    on = spreadsheets.parse_date(sheet.cell(values, headers["date"]))
    if on is None:
        errors.append(RowError(n, headers["date"], _("日期“%(v)s”无法识别") % {
            "v": sheet.text(values, headers["date"])}))
    elif (on.year, on.month) != (year, month):
        errors.append(RowError(n, headers["date"], _("日期 %(d)s 不在 %(y)s年%(m)s月") % {
            "d": on.isoformat(), "y": year, "m": month}))
    debit = _amount(sheet.cell(values, headers["debit"]), n, headers["debit"], errors)
    credit = _amount(sheet.cell(values, headers["credit"]), n, headers["credit"], errors)
    balance = _amount(sheet.cell(values, headers["balance"]), n, headers["balance"], errors)
    if debit is not None and credit is not None:
        if debit < 0 or credit < 0:
            errors.append(RowError(n, headers["debit"], _("收入和支出金额不能为负数")))
        elif (debit > 0) == (credit > 0):
            errors.append(RowError(n, headers["debit"], _("每行须且只能填收入或支出其中一项")))
    if len(errors) > before:
        return None
    counterparty = sheet.text(values, headers["counterparty"]) if "counterparty" in headers else ""
    return Row(row=n, date=on, summary=sheet.text(values, headers["summary"])[:100],
               counterparty=counterparty[:100], debit=debit, credit=credit, balance=balance)


def _check_chain(result: Parsed, previous) -> None:
    """Each balance = the one before + 收入 − 支出; the first from the previous statement's last balance."""
    before, where = previous if previous else (None, None)
    for row in result.rows:
        if before is not None:
            expected = before + row.credit - row.debit
            if expected != row.balance:
                origin = (_("上一行余额") if where is None or row is not result.rows[0]
                          else _("上期对账单最后余额"))
                result.errors.append(RowError(row.row, "余额", _(
                    "余额不连续:%(origin)s %(before)s + 收入 %(credit)s − 支出 %(debit)s 应为 %(expected)s,"
                    "对账单为 %(balance)s") % {
                    "origin": origin, "before": yuan(before), "credit": yuan(row.credit), "debit": yuan(row.debit),
                    "expected": yuan(expected), "balance": yuan(row.balance)}))
        before, where = row.balance, None
