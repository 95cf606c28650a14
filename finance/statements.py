"""资产负债表 and 收益及收益分配表, computed from the layout rows in StatementLine (data the county can
correct) and the ledger's balances. The 2023 layouts are provisional: no copy of the 2023 forms was found,
so they follow the 2004 forms mapped onto the 2023 accounts. That is said where the layouts are edited (the
StatementLine admin), not on the statements, which go to the notice board."""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext_lazy

from finance import queries
from finance.models import Account, Ledger, Side, StatementLine

ZERO = Decimal("0.00")
PROVISIONAL_NOTE = gettext_lazy("2023 年制度的报表项目及取数口径按《村集体经济组织会计制度》(2004) 报表格式对应新科目"
                                "暂行设置,待县财政部门确认;可在此调整项目名称和取数公式。")
_TERM = re.compile(r"([+-]?)(\d+)([<>]|@open)?")


@dataclass
class StatementRow:
    line: StatementLine
    current: Decimal          # 年末数 / 本年累计数
    previous: Decimal         # 年初数 / 本月数


def balance_sheet(ledger: Ledger, on: date) -> list[StatementRow]:
    """Closing balances at `on` (年末数) beside those at the start of its year (年初数)."""
    accounts = queries.chart(ledger)
    year_start = date(on.year, 1, 1) - timedelta(days=1)
    now = _normal(accounts, queries.balances(ledger, until=on))
    then = _normal(accounts, queries.balances(ledger, until=year_start))
    lines = _layout(ledger, StatementLine.Statement.BALANCE_SHEET)
    current = _evaluate(lines, accounts, now, start=then)
    previous = _evaluate(lines, accounts, then, start=then)
    return [StatementRow(ln, current[ln.line_no], previous[ln.line_no]) for ln in lines]


def income_statement(ledger: Ledger, year: int, month: int) -> list[StatementRow]:
    """The year's activity to the end of `month` (本年累计数) beside the month's own (本月数); closing
    entries are left out, or every income line would read zero after the year-end transfer."""
    accounts = queries.chart(ledger)
    start, end = queries.month_bounds(year, month)
    year_net = _activity(accounts, queries.totals(ledger, since=date(year, 1, 1), until=end, exclude_closing=True))
    month_net = _activity(accounts, queries.totals(ledger, since=start, until=end, exclude_closing=True))
    at_year_start = _normal(accounts, queries.balances(ledger, until=date(year, 1, 1) - timedelta(days=1)))
    lines = _layout(ledger, StatementLine.Statement.INCOME)
    current = _evaluate(lines, accounts, year_net, start=at_year_start)
    previous = _evaluate(lines, accounts, month_net, start=at_year_start if month == 1 else {})
    return [StatementRow(ln, current[ln.line_no], previous[ln.line_no]) for ln in lines]


def _layout(ledger, statement) -> list[StatementLine]:
    return list(StatementLine.objects.filter(chart=ledger.chart, statement=statement).order_by("line_no"))


def _normal(accounts: list[Account], net: dict[int, Decimal]) -> dict[int, Decimal]:
    """Debit-minus-credit balances turned into each account's normal-side sign."""
    return {a.pk: (net.get(a.pk, ZERO) if a.side == Side.DEBIT else -net.get(a.pk, ZERO)) for a in accounts}


def _activity(accounts, totals) -> dict[int, Decimal]:
    return _normal(accounts, {pk: d - c for pk, (d, c) in totals.items()})


def _evaluate(lines, accounts, values, *, start) -> dict[int, Decimal]:
    by_code = {a.code: a for a in accounts}
    children: dict[int, list[Account]] = {}
    for a in accounts:
        if a.parent_id:
            children.setdefault(a.parent_id, []).append(a)

    def subtree(account):
        return [account] + [d for c in children.get(account.pk, []) for d in subtree(c)]

    def leaves_of(account):
        kids = children.get(account.pk, [])
        return [account] if not kids else [leaf for c in kids for leaf in leaves_of(c)]

    def term(code, kind):
        account = by_code.get(code)
        if account is None:
            return ZERO
        if kind == "@open":
            return sum((start.get(a.pk, ZERO) for a in subtree(account)), ZERO)
        if kind in ("<", ">"):  # a two-sided account: its debit-balance or credit-balance details
            parts = [values.get(a.pk, ZERO) for a in leaves_of(account)]
            own = values.get(account.pk, ZERO) if children.get(account.pk) else ZERO
            parts.append(own)
            return sum((p for p in parts if (p > 0 if kind == ">" else p < 0)), ZERO).copy_abs()
        return sum((values.get(a.pk, ZERO) for a in subtree(account)), ZERO)

    result: dict[int, Decimal] = {}
    for line in lines:
        formula = line.formula.strip()
        if formula.startswith("="):
            result[line.line_no] = sum((Decimal(sign + "1") * result.get(int(n), ZERO)
                                        for sign, n, _ in _TERM.findall(formula[1:].replace(" ", ""))), ZERO)
        else:
            result[line.line_no] = sum((Decimal((sign or "+") + "1") * term(code, kind)
                                        for sign, code, kind in _TERM.findall(formula.replace(" ", ""))), ZERO)
    return result
