"""The ledger's reports as coop.reports.Report tables: one function per report, each reading the books
through finance.queries / finance.statements in a fixed number of queries."""

from datetime import date
from decimal import Decimal
from itertools import zip_longest

from django.db.models import Q
from django.urls import reverse

from coop.reports import Column, Report
from finance import queries, statements
from finance.models import Account, Chart, Side, Voucher, VoucherLine

ZERO = Decimal("0.00")
DIRECTION = {1: "借", -1: "贷", 0: "平"}


def _org(ledger) -> str:
    coop = getattr(ledger.village, "cooperative", None)
    return coop.name if coop else f"{ledger.village.township.name}{ledger.village.name}"


def _chart_note(ledger) -> str:
    return f"会计制度:{Chart(ledger.chart).label}"


def _direction(net: Decimal) -> str:
    return DIRECTION[(net > 0) - (net < 0)]


def trial_balance(ledger, year: int, month: int) -> Report:
    rows = []
    totals = dict.fromkeys(("od", "oc", "d", "c", "yd", "yc", "cd", "cc"), ZERO)
    for r in queries.trial_balance(ledger, year, month):
        row = {"code": r.account.code, "name": r.account.name, "_indent": r.level - 1,
               "od": max(r.opening, ZERO), "oc": max(-r.opening, ZERO), "d": r.debit, "c": r.credit,
               "yd": r.ytd_debit, "yc": r.ytd_credit, "cd": max(r.closing, ZERO), "cc": max(-r.closing, ZERO)}
        if r.level > 1:
            row["_style"] = "muted"
        else:
            for key in totals:
                totals[key] += row[key]
        rows.append(row)
    rows.append({"code": "", "name": "合计", "_style": "total", **totals})
    money = [("od", "借方", "期初余额"), ("oc", "贷方", "期初余额"), ("d", "借方", "本期发生额"),
             ("c", "贷方", "本期发生额"), ("yd", "借方", "本年累计发生额"), ("yc", "贷方", "本年累计发生额"),
             ("cd", "借方", "期末余额"), ("cc", "贷方", "期末余额")]
    return Report(
        title="科目余额表", org=_org(ledger), period=f"{year}年{month}月", landscape=True,
        columns=[Column("code", "科目编码", width=0.8), Column("name", "科目名称", width=1.6)]
        + [Column(k, label, "money", group=g) for k, label, g in money],
        rows=rows, meta=[("会计制度", Chart(ledger.chart).label)], notes=_chain_head_note(ledger, year, month),
        filename=f"科目余额表-{ledger.village.name}-{year}年{month}月")


def _chain_head_note(ledger, year: int, month: int) -> list[str]:
    """A closed month's chain head (finance.chain), small at the foot, so a printed copy names the books it came
    from: `verify_books` checks the same value against the books years later."""
    from finance.models import Period

    head = Period.objects.filter(ledger=ledger, year=year, month=month, status=Period.Status.CLOSED,
                                 closed_head_seq__isnull=False).values("closed_head_seq", "closed_head_hash").first()
    if head is None:
        return []
    return [f"本月已结账。账簿校验值(防篡改链第 {head['closed_head_seq']} 位):{head['closed_head_hash']}"]


def journal(ledger, year: int, month: int, kind: str) -> Report:
    """现金日记账 (kind "cash", account 101…) or 银行存款日记账 ("bank", 102…), in date order, with the
    balance after every line."""
    prefix, title = ("101", "现金日记账") if kind == "cash" else ("102", "银行存款日记账")
    start, end = queries.month_bounds(year, month)
    ids = _account_ids(ledger, prefix)
    opening = _net_before(ledger, ids, start)
    lines = list(_posted_lines(ledger, ids).filter(voucher__date__range=(start, end)))
    counterparts = _counter_accounts({line.voucher_id for line in lines}, ids)
    rows = [{"date": "", "number": "", "summary": "期初余额", "account": "", "d": None, "c": None,
             "dir": _direction(opening), "bal": abs(opening), "_style": "subtotal"}]
    balance, total_d, total_c = opening, ZERO, ZERO
    for line in lines:
        d = line.amount if line.side == Side.DEBIT else ZERO
        c = line.amount if line.side == Side.CREDIT else ZERO
        balance += d - c
        total_d, total_c = total_d + d, total_c + c
        rows.append({"date": line.voucher.date.strftime("%m-%d"), "number": f"记{line.voucher.number}",
                     "summary": line.summary, "account": counterparts.get(line.voucher_id, ""), "d": d, "c": c,
                     "dir": _direction(balance), "bal": abs(balance), "_links": _voucher_link(line)})
    rows.append({"date": "", "number": "", "summary": "本月合计", "account": "", "d": total_d, "c": total_c,
                 "dir": _direction(balance), "bal": abs(balance), "_style": "total"})
    return Report(
        title=title, org=_org(ledger), period=f"{year}年{month}月",
        columns=[Column("date", "日期", width=0.6), Column("number", "凭证号", width=0.6),
                 Column("summary", "摘要", width=2.4), Column("account", "对方科目", width=1.2),
                 Column("d", "借方(收入)", "money"), Column("c", "贷方(支出)", "money"),
                 Column("dir", "借或贷", width=0.45), Column("bal", "余额", "money")],
        rows=rows, filename=f"{title}-{ledger.village.name}-{year}年{month}月")


def subsidiary_ledger(ledger, year: int, account: Account) -> Report:
    """明细账 of one account (its sub-accounts included) for the year, line by line."""
    ids = _account_ids(ledger, account.code)
    start = date(year, 1, 1)
    opening = _net_before(ledger, ids, start)
    lines = _posted_lines(ledger, ids).filter(voucher__date__year=year)
    rows = [{"date": "", "number": "", "summary": "上年结转", "d": None, "c": None,
             "dir": _direction(opening), "bal": abs(opening), "_style": "subtotal"}]
    balance, month_d, month_c, current = opening, ZERO, ZERO, None
    for line in lines:
        m = line.voucher.date.month
        if current is not None and m != current:
            rows.append(_month_total(current, month_d, month_c, balance))
            month_d = month_c = ZERO
        current = m
        d = line.amount if line.side == Side.DEBIT else ZERO
        c = line.amount if line.side == Side.CREDIT else ZERO
        balance += d - c
        month_d, month_c = month_d + d, month_c + c
        rows.append({"date": line.voucher.date.strftime("%m-%d"), "number": f"记{line.voucher.number}",
                     "summary": line.summary if line.account_id == account.pk
                     else f"{line.summary}({line.account.name})",
                     "d": d, "c": c, "dir": _direction(balance), "bal": abs(balance), "_links": _voucher_link(line)})
    if current is not None:
        rows.append(_month_total(current, month_d, month_c, balance))
    return Report(
        title="明细分类账", org=_org(ledger), period=f"{year}年",
        meta=[("科目", f"{account.code} {account.name}")],
        columns=[Column("date", "日期", width=0.6), Column("number", "凭证号", width=0.6),
                 Column("summary", "摘要", width=3), Column("d", "借方", "money"), Column("c", "贷方", "money"),
                 Column("dir", "借或贷", width=0.45), Column("bal", "余额", "money")],
        rows=rows, filename=f"明细账-{ledger.village.name}-{account.code}-{year}年")


def general_ledger(ledger, year: int, account: Account) -> Report:
    """总分类账 of one first-level account: the year's opening, each month's totals, and the balance."""
    ids = _account_ids(ledger, account.code)
    opening = _net_before(ledger, ids, date(year, 1, 1))
    monthly = {}
    for row in (VoucherLine.objects.filter(account_id__in=ids, voucher__ledger=ledger,
                                           voucher__status=Voucher.Status.POSTED, voucher__date__year=year)
                .values_list("voucher__date__month", "side", "amount")):
        d, c = monthly.get(row[0], (ZERO, ZERO))
        monthly[row[0]] = (d + row[2], c) if row[1] == Side.DEBIT else (d, c + row[2])
    rows = [{"month": "", "summary": "上年结转", "d": None, "c": None, "dir": _direction(opening),
             "bal": abs(opening), "_style": "subtotal"}]
    balance, year_d, year_c = opening, ZERO, ZERO
    for month in sorted(monthly):
        d, c = monthly[month]
        balance += d - c
        year_d, year_c = year_d + d, year_c + c
        rows.append({"month": f"{month}月", "summary": "本月合计", "d": d, "c": c, "dir": _direction(balance),
                     "bal": abs(balance)})
        rows.append({"month": "", "summary": "本年累计", "d": year_d, "c": year_c, "dir": _direction(balance),
                     "bal": abs(balance), "_style": "muted"})
    return Report(
        title="总分类账", org=_org(ledger), period=f"{year}年", meta=[("科目", f"{account.code} {account.name}")],
        columns=[Column("month", "月份", width=0.6), Column("summary", "摘要", width=2),
                 Column("d", "借方", "money"), Column("c", "贷方", "money"), Column("dir", "借或贷", width=0.45),
                 Column("bal", "余额", "money")],
        rows=rows, filename=f"总账-{ledger.village.name}-{account.code}-{year}年")


def balance_sheet(ledger, year: int, month: int) -> Report:
    _, end = queries.month_bounds(year, month)
    lines = statements.balance_sheet(ledger, end)
    # Each side's last line is its grand total (资产总计, 负债和所有者权益总计): the two stand on the last row, as
    # on the official form, however many lines each side has above them.
    *assets, asset_total = [r for r in lines if r.line.column == "asset"] or [None]
    *claims, claim_total = [r for r in lines if r.line.column != "asset"] or [None]
    rows = []
    for a, b in [*zip_longest(assets, claims), (asset_total, claim_total)]:
        rows.append({
            "a_label": a.line.label if a else "", "a_no": a.line.line_no if a else "",
            "a_prev": a.previous if a else None, "a_now": a.current if a else None,
            "b_label": b.line.label if b else "", "b_no": b.line.line_no if b else "",
            "b_prev": b.previous if b else None, "b_now": b.current if b else None,
            "_bold": ([k for k in ("a_label", "a_no", "a_prev", "a_now") if a and a.line.bold]
                      + [k for k in ("b_label", "b_no", "b_prev", "b_now") if b and b.line.bold]),
        })
    return Report(
        title="资产负债表", org=_org(ledger), period=f"{year}年{month}月{end.day}日", landscape=True,
        columns=[Column("a_label", "资产", width=1.6), Column("a_no", "行次", "int", width=0.4),
                 Column("a_prev", "年初数", "money"), Column("a_now", "期末数", "money"),
                 Column("b_label", "负债和所有者权益", width=1.6), Column("b_no", "行次", "int", width=0.4),
                 Column("b_prev", "年初数", "money"), Column("b_now", "期末数", "money")],
        rows=rows, meta=[("会计制度", Chart(ledger.chart).label)],
        filename=f"资产负债表-{ledger.village.name}-{year}年{month}月")


def income_statement(ledger, year: int, month: int) -> Report:
    lines = statements.income_statement(ledger, year, month)
    rows = [{"label": r.line.label, "no": r.line.line_no, "month": r.previous, "year": r.current,
             "_style": "total" if r.line.bold else ""} for r in lines]
    return Report(
        title="收益及收益分配表", org=_org(ledger), period=f"{year}年1月—{month}月",
        columns=[Column("label", "项目", width=2.4), Column("no", "行次", "int", width=0.4),
                 Column("month", "本月数", "money"), Column("year", "本年累计数", "money")],
        rows=rows, meta=[("会计制度", Chart(ledger.chart).label)],
        filename=f"收益及收益分配表-{ledger.village.name}-{year}年{month}月")


def _voucher_link(line) -> dict:
    return {"number": reverse("admin:finance_voucher_change", args=[line.voucher_id])}


def _counter_accounts(voucher_ids, own_ids) -> dict[int, str]:
    """对方科目 of each voucher: the accounts of its other lines (not the journal's own), in line order."""
    names: dict[int, list[str]] = {}
    for voucher_id, code, name in (VoucherLine.objects.filter(voucher_id__in=voucher_ids)
                                   .exclude(account_id__in=own_ids).order_by("voucher_id", "line_no")
                                   .values_list("voucher_id", "account__code", "account__name")):
        label = f"{code} {name}"
        if label not in names.setdefault(voucher_id, []):
            names[voucher_id].append(label)
    return {voucher_id: "、".join(labels) for voucher_id, labels in names.items()}


def _posted_lines(ledger, ids):
    return (VoucherLine.objects.filter(account_id__in=ids, voucher__ledger=ledger,
                                       voucher__status=Voucher.Status.POSTED)
            .select_related("voucher", "account").order_by("voucher__date", "voucher__number", "line_no"))


def _account_ids(ledger, prefix: str) -> list[int]:
    return list(Account.objects.filter(chart=ledger.chart, code__startswith=prefix)
                .filter(Q(village__isnull=True) | Q(village=ledger.village_id)).values_list("pk", flat=True))


def _net_before(ledger, ids, start: date) -> Decimal:
    """Debit-minus-credit of the accounts before `start`, openings included."""
    from datetime import timedelta

    net = sum((d - c for pk, (d, c) in queries.openings(ledger).items() if pk in ids), ZERO)
    net += sum((d - c for d, c in queries.totals(ledger, until=start - timedelta(days=1), account_ids=ids).values()),
               ZERO)
    return net


def _month_total(month, d, c, balance) -> dict:
    return {"date": "", "number": "", "summary": f"{month}月合计", "d": d, "c": c, "dir": _direction(balance),
            "bal": abs(balance), "_style": "total"}
