"""The one payroll sheet (工资表 / 劳务工资发放表) every register prints: numbered lines with the payee, their villager
group, the register's own columns, the amount, the R4 check of the payee on the payment date and a blank column the
payee signs on receipt; a 合计 line with the amount in 大写. projects and services build their sheets through it."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from coop.money import daxie
from coop.reports import Column, Report

CLEAR = "经核查,非村干部及其直系亲属"


@dataclass
class SheetLine:
    name: str
    group: str
    amount: Decimal
    check: str = ""                              # the R4 result in words; CLEAR when empty
    cells: dict = field(default_factory=dict)    # the register's own columns, by key


def payroll_sheet(*, title: str, org: str, period: str, columns: list[Column], lines: list[SheetLine],
                  totals: dict | None = None, meta=(), notes=(), signatures=(), filename: str) -> Report:
    """A landscape Report: 序号, 姓名, 村民小组, `columns`, 金额, R4 核查, 领款人签字; `totals` fills the register's
    columns on the 合计 line (e.g. the days)."""
    rows, total = [], Decimal("0.00")
    for index, line in enumerate(lines, start=1):
        rows.append({"no": index, "name": line.name, "group": line.group, **line.cells, "amount": line.amount,
                     "check": line.check or _(CLEAR), "sign": ""})
        total += line.amount
    rows.append({"name": _("合计"), **(totals or {}), "amount": total,
                 "check": _("大写:%(d)s") % {"d": daxie(total)}, "_style": "total"})
    return Report(
        title=title, org=org, period=period, meta=list(meta), landscape=True,
        columns=[Column("no", _("序号"), "int", width=0.4), Column("name", _("姓名"), width=0.8),
                 Column("group", _("村民小组"), width=0.7), *columns,
                 Column("amount", _("金额"), "money", width=0.9), Column("check", _("R4 核查"), width=1.6),
                 Column("sign", _("领款人签字"), width=1.1)],
        notes=list(notes), rows=rows, signatures=list(signatures), filename=filename)
