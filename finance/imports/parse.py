"""Reading a village's paper books from Excel: opening balances and vouchers.

Parsing never writes. It returns what it understood and a list of row-level errors in Chinese; `apply`
writes everything through finance.operations in one transaction, or nothing at all.
"""

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from coop import spreadsheets
from coop.errors import DOMAIN_ERRORS, Rule, RuleViolation, messages_of
from coop.spreadsheets import MAX_BYTES, RowError
from finance import operations as fin
from finance import registers

OPENING_HEADERS = ["科目代码", "科目名称", "借方余额", "贷方余额"]
VOUCHER_HEADERS = ["日期", "凭证号", "摘要", "科目代码", "借方金额", "贷方金额", "附单据张数"]
KINDS = {"openings": OPENING_HEADERS, "vouchers": VOUCHER_HEADERS}
__all__ = ["KINDS", "MAX_BYTES", "Parsed", "RowError", "apply", "parse", "template"]


@dataclass
class Parsed:
    kind: str
    openings: list = field(default_factory=list)            # (row, code, debit, credit)
    vouchers: "OrderedDict" = field(default_factory=OrderedDict)  # (year, month, number) -> dict
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def template(kind: str) -> bytes:
    """An empty workbook with the Chinese headers (and example rows) for the clerk to fill in."""
    if kind == "openings":
        return spreadsheets.template("期初余额", OPENING_HEADERS, [["102", "银行存款", "50000.00", ""],
                                                               ["301", "资本", "", "50000.00"]])
    return spreadsheets.template("凭证", VOUCHER_HEADERS, [["2026-11-01", 1, "收到入股股金", "102", "1000.00", "", 1],
                                                       ["2026-11-01", 1, "收到入股股金", "301", "", "1000.00", ""]])


def parse(data: bytes, kind: str, ledger) -> Parsed:
    result = Parsed(kind=kind)
    expected = KINDS[kind]
    sheet = spreadsheets.read(data, expected, expected if kind == "openings" else expected[:-1], result.errors)
    if sheet is not None:
        (_openings if kind == "openings" else _vouchers)(result, sheet, ledger)
    return result


def _money(result, n, column, value) -> Decimal | None:
    if value in (None, ""):
        return Decimal("0.00")
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        result.errors.append(RowError(n, column, _("“%(v)s”不是有效的金额") % {"v": value}))
        return None
    if amount < 0:
        result.errors.append(RowError(n, column, _("金额不能为负数:%(v)s") % {"v": value}))
        return None
    if amount != amount.quantize(Decimal("0.01")):
        if isinstance(value, float) and abs(amount - amount.quantize(Decimal("0.01"))) < Decimal("0.000001"):
            return amount.quantize(Decimal("0.01"))  # Excel stored 12.3 as 12.300000000000001
        result.errors.append(RowError(n, column, _("金额最多两位小数:%(v)s") % {"v": value}))
        return None
    return amount


def _account(result, n, ledger, code):
    try:
        return fin.resolve_account(ledger, str(code).strip())
    except DOMAIN_ERRORS as exc:
        result.errors.append(RowError(n, "科目代码", ";".join(messages_of(exc))))
        return None


def _openings(result, sheet, ledger):
    seen = {}
    for n, row in sheet.body:
        code = sheet.cell(row, "科目代码")
        if code in (None, ""):
            result.errors.append(RowError(n, "科目代码", _("科目代码不能为空")))
            continue
        code = str(code).split(".")[0] if isinstance(code, float) else str(code)
        account = _account(result, n, ledger, code)
        debit = _money(result, n, "借方余额", sheet.cell(row, "借方余额"))
        credit = _money(result, n, "贷方余额", sheet.cell(row, "贷方余额"))
        if account is None or debit is None or credit is None:
            continue
        if debit and credit:
            result.errors.append(RowError(n, "借方余额", _("借方余额和贷方余额只能填一个")))
            continue
        if code in seen:
            result.errors.append(RowError(n, "科目代码", _("科目 %(c)s 与第 %(r)s 行重复") % {
                "c": code, "r": seen[code]}))
            continue
        seen[code] = n
        if account.managed_by:
            result.errors.append(RowError(n, "科目代码", _(
                "科目 %(a)s 的期初余额取自%(book)s台账的期初数,不在期初余额中填写") % {
                "a": account, "book": account.managed_by}))
            continue
        result.openings.append((n, account, debit, credit))
    from_registers = registers.opening_lines(ledger)
    result.openings += [(0, account, debit, credit) for account, debit, credit in from_registers]  # row 0: not typed
    debits = sum(d for _, _, d, _ in result.openings)
    credits = sum(c for _, _, _, c in result.openings)
    if not result.errors and debits != credits:
        result.errors.append(RowError(0, "", _("期初余额借贷不平衡:借方合计 %(d)s,贷方合计 %(c)s") % {
            "d": debits, "c": credits} + registers.included(from_registers)))


def _vouchers(result, sheet, ledger):
    for n, row in sheet.body:
        raw_date = sheet.cell(row, "日期")
        on = spreadsheets.parse_date(raw_date)
        if on is None:
            result.errors.append(RowError(n, "日期", _("日期“%(v)s”无法识别,请写成 2026-11-01") % {"v": raw_date}))
            continue
        number = sheet.cell(row, "凭证号")
        try:
            number = int(float(str(number).replace("记", "").replace("字", "").replace("号", "").strip()))
        except (TypeError, ValueError):
            result.errors.append(RowError(n, "凭证号", _("凭证号“%(v)s”应为数字") % {"v": number}))
            continue
        summary = sheet.cell(row, "摘要")
        if not summary:
            result.errors.append(RowError(n, "摘要", _("摘要不能为空")))
            continue
        code = sheet.cell(row, "科目代码")
        code = str(code).split(".")[0] if isinstance(code, float) else str(code or "")
        account = _account(result, n, ledger, code) if code else None
        if not code:
            result.errors.append(RowError(n, "科目代码", _("科目代码不能为空")))
        debit = _money(result, n, "借方金额", sheet.cell(row, "借方金额"))
        credit = _money(result, n, "贷方金额", sheet.cell(row, "贷方金额"))
        if account is None or debit is None or credit is None:
            continue
        if bool(debit) == bool(credit):
            result.errors.append(RowError(n, "借方金额", _("每行借方金额和贷方金额必须填且只填一个(大于 0)")))
            continue
        key = (on.year, on.month, number)
        voucher = result.vouchers.setdefault(key, {"date": on, "number": number, "lines": [], "rows": [],
                                                    "attachments": 0})
        if voucher["date"] != on:
            result.errors.append(RowError(n, "日期", _("同一张凭证(记字第 %(no)s 号)的日期不一致") % {"no": number}))
            continue
        attachments = sheet.cell(row, "附单据张数")
        if attachments not in (None, ""):
            try:
                voucher["attachments"] = max(voucher["attachments"], int(float(attachments)))
            except ValueError:
                result.errors.append(RowError(n, "附单据张数", _("附单据张数应为整数")))
        side = "debit" if debit else "credit"
        voucher["lines"].append(fin.Line(account, side, debit or credit, str(summary)[:100]))
        voucher["rows"].append(n)
    for (_y, _m, number), voucher in result.vouchers.items():
        d = sum(ln.amount for ln in voucher["lines"] if ln.side == "debit")
        c = sum(ln.amount for ln in voucher["lines"] if ln.side == "credit")
        if d != c or len(voucher["lines"]) < 2:
            result.errors.append(RowError(voucher["rows"][0], "借方金额", _(
                "记字第 %(no)s 号凭证借贷不平衡或只有一行:借方合计 %(d)s,贷方合计 %(c)s") % {
                "no": number, "d": d, "c": c}, spans=tuple(voucher["rows"])))
        else:
            try:
                _period_check(ledger, voucher["date"])
            except DOMAIN_ERRORS as exc:
                result.errors.append(RowError(voucher["rows"][0], "日期", ";".join(messages_of(exc)),
                                              spans=tuple(voucher["rows"])))


def _period_check(ledger, on):
    from finance.operations._common import period_open_for

    period_open_for(ledger, on)


def apply(parsed: Parsed, ledger, by) -> list:
    """Write what was parsed, all or nothing. A refusal raises RuleViolation naming the file row."""
    if not parsed.ok:
        raise RuleViolation(Rule.IMPORT, _("文件有错误,未导入任何数据"))
    with transaction.atomic():
        if parsed.kind == "openings":
            return fin.set_opening_balances(ledger=ledger, by=by, balances=[
                (account, debit, credit) for row, account, debit, credit in parsed.openings if row])
        created = []
        for voucher in parsed.vouchers.values():
            try:
                made = fin.prepare(ledger=ledger, on=voucher["date"], lines=voucher["lines"], by=by,
                                   attachments=voucher["attachments"])
                created.append(fin.submit(voucher=made, by=by))
            except RuleViolation as exc:
                raise RuleViolation(exc.rule, _("第 %(row)s 行(记字第 %(no)s 号):%(msg)s") % {
                    "row": spreadsheets.row_span(voucher["rows"]), "no": voucher["number"],
                    "msg": "; ".join(exc.messages)}) from exc
        return created
