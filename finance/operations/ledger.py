"""Opening the books, months, year-end closing and opening balances."""

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coop.errors import Rule, RuleViolation
from coop.history import delete_as
from coop.money import yuan
from finance import chain, queries, registers, rules
from finance.bank import closing as bank_closing
from finance.models import (
    CASH_CODE,
    Account,
    Category,
    Ledger,
    OpeningBalance,
    Period,
    Side,
    Voucher,
)
from finance.operations._common import (
    Line,
    check_cap,
    check_cash_floor,
    create,
    lock,
    net_lines,
    parse_amount,
    require_openings_open,
    resolve_account,
    save,
    standard,
    transition,
)

S = Voucher.Status

# ---------------------------------------------------------------- ledger and periods

@transaction.atomic
def open_ledger(*, village, start: date, by, chart: str = "2023") -> Ledger:
    """建账: the village's books start on the first of a month, with that month open."""
    rules.require_township(by, village, _("建账"))
    if start.day != 1:
        raise RuleViolation(Rule.LEDGER, _("建账日期必须是某月的1日"), field="start_date")
    if Ledger.objects.filter(village=village).exists():
        raise RuleViolation(Rule.LEDGER, _("%(village)s 已经建账") % {"village": village})
    ledger = Ledger(village=village, chart=chart, start_date=start, opened_by=by)
    save(ledger, by)
    save(Period(ledger=ledger, year=start.year, month=start.month), by)
    return ledger


@transaction.atomic
def open_period(*, ledger: Ledger, by) -> Period:
    """Open the month after the latest one. Months are opened in order, never skipped."""
    rules.require_township(by, ledger, _("开启会计期间"))
    last = ledger.periods.order_by("-year", "-month").first()
    year, month = (last.year, last.month + 1) if last.month < 12 else (last.year + 1, 1)
    return save(Period(ledger=ledger, year=year, month=month), by)


@transaction.atomic
def close_period(*, period: Period, by) -> Period:
    """结账. Earlier months first; every voucher of the month posted or void; at year end the income and
    expense accounts must have been closed to 本年收益 first; each bank account reconciled with its statement or
    its difference explained (finance.bank.closing). Closing December opens January."""
    rules.require_township(by, period, _("结账"))
    lock(period.ledger)  # no voucher can be prepared or posted into the month while it closes
    period = Period.objects.select_for_update().get(pk=period.pk)
    ledger = period.ledger
    if period.status == Period.Status.CLOSED:
        raise RuleViolation(Rule.R3, _("R3 %(period)s 已经结账") % {"period": period})
    earlier_open = ledger.periods.filter(status=Period.Status.OPEN).filter(
        year__lt=period.year).exists() or ledger.periods.filter(
        status=Period.Status.OPEN, year=period.year, month__lt=period.month).exists()
    if earlier_open:
        raise RuleViolation(Rule.R3, _("R3 结账须按月份顺序进行:%(period)s 之前还有未结账的月份") % {"period": period})
    pending = period.vouchers.exclude(status__in=[S.POSTED, S.VOID])
    if pending.exists():
        numbers = "、".join(str(n) for n in pending.values_list("number", flat=True)[:10])
        raise RuleViolation(Rule.R3, _(
            "R3 %(period)s 还有未记账的凭证(记字第 %(numbers)s 号),须记账或作废后才能结账") % {
            "period": period, "numbers": numbers})
    bank_closing.require_reconciled(period)
    if period.month == 12:
        unclosed = queries.unclosed_profit_accounts(ledger, period.year)
        if unclosed:
            raise RuleViolation(Rule.R3, _(
                "R3 年末结账前须先结转损益:%(accounts)s 仍有余额,请先生成并记账年末结转凭证") % {
                "accounts": "、".join(str(a) for a in unclosed[:5])})
    period.status, period.closed_by, period.closed_at = Period.Status.CLOSED, by, timezone.now()
    period.closed_head_seq, period.closed_head_hash = chain.head_through(period)
    save(period, by)
    if period.month == 12 and not ledger.periods.filter(year=period.year + 1, month=1).exists():
        save(Period(ledger=ledger, year=period.year + 1, month=1), by)
    return period


@transaction.atomic
def prepare_year_end(*, ledger: Ledger, year: int, by) -> Voucher:
    """年末结转: close every income and expense account to 本年收益, then 本年收益 and 各项分配 to
    未分配收益. The voucher goes to review and posting like any other (R2)."""
    rules.require_township(by, ledger, _("生成年末结转凭证"))
    lines = []
    net = Decimal("0")
    for account, balance in queries.profit_balances(ledger, year):
        # balance is in the account's normal-side sign; closing moves it to the other side
        if balance == 0:
            continue
        income = account.category == Category.INCOME
        net += balance if income else -balance
        close_side = Side.DEBIT if (account.side == Side.CREDIT) == (balance > 0) else Side.CREDIT
        lines.append(Line(account, close_side, abs(balance), f"结转{account.name}"))
        lines.append(Line(standard(ledger, "321"), Side.CREDIT if close_side == Side.DEBIT else Side.DEBIT,
                          abs(balance), f"结转{account.name}"))
    current_321 = queries.balance_of(ledger, standard(ledger, "321"), until=date(year, 12, 31))
    total_321 = current_321 + net
    if total_321:
        side_321 = Side.DEBIT if total_321 > 0 else Side.CREDIT
        lines.append(Line(standard(ledger, "321"), side_321, abs(total_321), "本年收益转入未分配收益"))
        lines.append(Line(standard(ledger, "32202"), Side.CREDIT if side_321 == Side.DEBIT else Side.DEBIT,
                          abs(total_321), "本年收益转入未分配收益"))
    for account, balance in queries.distribution_balances(ledger, year):
        if balance:
            lines.append(Line(account, Side.CREDIT if balance < 0 else Side.DEBIT, abs(balance),
                              "结转各项分配"))
            lines.append(Line(standard(ledger, "32202"), Side.DEBIT if balance < 0 else Side.CREDIT,
                              abs(balance), "结转各项分配"))
    if not lines:
        raise RuleViolation(Rule.LEDGER, _("%(year)s年没有需要结转的损益") % {"year": year})
    voucher = create(ledger=lock(ledger), on=date(year, 12, 31), lines=net_lines(lines), by=by, attachments=0,
                     is_closing=True)[0]
    return transition(voucher, S.SUBMITTED, by)


# ---------------------------------------------------------------- opening balances

@transaction.atomic
def set_opening_balances(*, ledger: Ledger, balances: Sequence[tuple], by) -> list[OpeningBalance]:
    """期初余额 from paper books: [(account or code, debit, credit), ...]. Replaces earlier ones until
    the first voucher is posted; must balance; cash within the cap (R1)."""
    rules.require_township(by, ledger, _("录入期初余额"))
    ledger = lock(ledger)
    require_openings_open(ledger, _("期初余额"))
    rows, seen = [], set()
    for account, debit, credit in balances:
        account = resolve_account(ledger, account)
        if account.managed_by:
            raise RuleViolation(Rule.LEDGER, _(
                "科目 %(a)s 的期初余额取自%(book)s台账的期初数,不在期初余额中填写") % {
                "a": account, "book": account.managed_by}, field="account")
        if account.pk in seen:
            raise RuleViolation(Rule.LEDGER, _("科目 %(account)s 的期初余额重复") % {"account": account})
        seen.add(account.pk)
        debit, credit = parse_amount(debit or 0, allow_zero=True), parse_amount(credit or 0, allow_zero=True)
        if (debit > 0) == (credit > 0):
            if debit == 0:
                continue
            raise RuleViolation(Rule.LEDGER, _("科目 %(account)s 的期初余额只能填借方或贷方一方") % {
                "account": account})
        rows.append(OpeningBalance(ledger=ledger, account=account, debit=debit, credit=credit))
    from_registers = registers.opening_lines(ledger)
    rows += [OpeningBalance(ledger=ledger, account=account, debit=debit, credit=credit)
             for account, debit, credit in from_registers]
    debits, credits = sum(r.debit for r in rows), sum(r.credit for r in rows)
    if debits != credits:
        raise RuleViolation(Rule.LEDGER, _("期初余额借贷不平衡:借方合计 %(d)s,贷方合计 %(c)s") % {
            "d": yuan(debits), "c": yuan(credits)} + registers.included(from_registers))
    cash = sum(r.debit - r.credit for r in rows if r.account.code.startswith(CASH_CODE))
    check_cap(ledger, cash)
    check_cash_floor(ledger, cash)
    _remove_openings(ledger, by)
    for row in rows:
        save(row, by)
    return rows


@transaction.atomic
def clear_opening_balances(*, ledger: Ledger, by) -> int:
    """Remove every opening balance before the first posting, e.g. so that a register's carried-over figures
    can be entered first and the opening balances imported again with them."""
    rules.require_township(by, ledger, _("清除期初余额"))
    ledger = lock(ledger)
    require_openings_open(ledger, _("期初余额"))
    return _remove_openings(ledger, by)


def _remove_openings(ledger, by) -> int:
    old = list(ledger.openings.all())
    for row in old:
        delete_as(row, by)
    return len(old)


@transaction.atomic
def revise_statement_line(*, line, label: str, formula: str, bold: bool, by):
    """Correct one line of a statement layout (county administrators): the label, what it adds up, and
    whether it is a total. A formula must parse, so a typo cannot silently zero a line."""
    from coop.roles import Role
    from finance.models import StatementLine

    if by.role != Role.COUNTY_ADMIN and not by.is_superuser:
        raise RuleViolation(Rule.R2, _("R2 权限:只有县级管理员可以调整报表项目"))
    formula = "".join((formula or "").split())
    line.label, line.formula, line.bold = label.strip(), formula, bold
    try:
        line.full_clean()
    except Exception as exc:
        raise RuleViolation(Rule.LEDGER, _("报表项目不正确:%(e)s") % {"e": exc}, field="formula") from exc
    if formula.startswith("="):
        known = set(StatementLine.objects.filter(chart=line.chart, statement=line.statement)
                    .values_list("line_no", flat=True))
        missing = [n for n in re.findall(r"\d+", formula) if int(n) not in known]
        if missing:
            raise RuleViolation(Rule.LEDGER, _("公式引用了不存在的行次:%(n)s") % {"n": "、".join(missing)},
                                field="formula")
    else:
        codes = set(Account.objects.filter(chart=line.chart, village__isnull=True).values_list("code", flat=True))
        unknown = [c for c in re.findall(r"\d+", formula) if c not in codes]
        if unknown:
            raise RuleViolation(Rule.LEDGER, _("公式中的科目代码不在科目表中:%(c)s") % {"c": "、".join(unknown)},
                                field="formula")
    return save(line, by)
