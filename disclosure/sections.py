"""The sections of a disclosure sheet, declared by the apps that hold the figures (`declare`), like the county
summary's lines: the ledger's income, spending, assets and debts; the fund's lending and repayments; the shares;
the subsidies received; and, per project, its budget, competition, payments and settlement. The income
distribution declares its dividends section here when it lands (`declare(Section("dividends", ...))`): the sheet
shows whatever is declared, in `order`.

A section's `build(sheet)` returns {"columns": [...], "rows": [[...], ...], "note": "..."} of display texts (they
are frozen as they are), or None when the village has nothing for it. `sheet` carries village, since, until,
settings (DisclosureSettings: names_in_public) and project."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from coop.money import yuan

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    build: Callable
    kind: str = "periodic"  # "periodic" or "project"


_SECTIONS: dict[str, Section] = {}


def declare(section: Section) -> None:
    _SECTIONS[section.key] = section


def sections_for(kind: str) -> list[Section]:
    return sorted((s for s in _SECTIONS.values() if s.kind == kind), key=lambda s: (s.order, s.key))


def money(value) -> str:
    return yuan(value or ZERO, symbol=False)


def _ledger(village):
    return getattr(village, "ledger", None)


def _by_top_account(sheet, categories, *, balance: bool):
    """{(code, name): amount in the normal side's sign} for the top-level accounts of `categories`: over the
    range (income, spending), or the balance at its end (assets, debts)."""
    from finance import queries
    from finance.models import Side

    ledger = _ledger(sheet.village)
    if ledger is None:
        return {}
    accounts = {a.pk: a for a in queries.chart(ledger) if a.category in categories}
    tops = {a.code: a for a in accounts.values() if len(a.code) == 3}
    if balance:
        net = {pk: value for pk, value in queries.balances(ledger, until=sheet.until).items()}
    else:
        net = {pk: d - c for pk, (d, c) in queries.totals(ledger, since=sheet.since, until=sheet.until,
                                                         exclude_closing=True).items()}
    out = defaultdict(lambda: ZERO)
    for pk, value in net.items():
        account = accounts.get(pk)
        if account is None or account.code[:3] not in tops:
            continue
        top = tops[account.code[:3]]
        out[top.code, top.name] += value if top.side == Side.DEBIT else -value
    return {key: value for key, value in sorted(out.items()) if value}


def _table(title_column, rows: dict, total_label: str) -> dict | None:
    if not rows:
        return None
    body = [[f"{code} {name}", money(value)] for (code, name), value in rows.items()]
    body.append([total_label, money(sum(rows.values(), ZERO))])
    return {"columns": [title_column, _("金额(元)")], "rows": body, "total_rows": 1}


def income(sheet):
    from finance.models import Category
    return _table(_("收入项目"), _by_top_account(sheet, {Category.INCOME}, balance=False), _("收入合计"))


def spending(sheet):
    from finance.models import Category
    return _table(_("支出项目"), _by_top_account(sheet, {Category.EXPENSE}, balance=False), _("支出合计"))


def assets(sheet):
    from finance.models import Category
    return _table(_("资产项目"), _by_top_account(sheet, {Category.ASSET}, balance=True), _("资产合计"))


def debts(sheet):
    from finance.models import Category
    return _table(_("负债项目"), _by_top_account(sheet, {Category.LIABILITY}, balance=True), _("负债合计"))


def subsidies(sheet):
    """Subsidies received over the range: the income accounts named 补助 (补助收入 and its details)."""
    from finance import queries
    from finance.models import Category

    ledger = _ledger(sheet.village)
    if ledger is None:
        return None
    accounts = {a.pk: a for a in queries.chart(ledger) if a.category == Category.INCOME and "补助" in a.name}
    rows = {(accounts[pk].code, accounts[pk].name): c - d
            for pk, (d, c) in queries.totals(ledger, since=sheet.since, until=sheet.until, exclude_closing=True,
                                             account_ids=list(accounts)).items() if c - d}
    return _table(_("补助项目"), dict(sorted(rows.items())), _("补助合计"))


def fund(sheet):
    """The mutual-aid fund over the range: loans paid out, repayments, what is outstanding at its end; each loan
    by the borrower's name only where the village's rules say so."""
    from finance.fund import portfolio
    from finance.fund.models import Loan, Repayment

    loans = Loan.objects.filter(fund__cooperative__village=sheet.village)
    lent = loans.filter(disbursed_on__range=(sheet.since, sheet.until))
    paid = Repayment.objects.filter(loan__in=loans, paid_on__range=(sheet.since, sheet.until),
                                    reversed_on__isnull=True).aggregate(p=Sum("to_principal"), f=Sum("to_fee"))
    quality = portfolio.quality_by_village(loans.filter(disbursed_on__lte=sheet.until), on=sheet.until,
                                           with_rate=False).get(sheet.village.pk)
    totals = lent.aggregate(s=Sum("amount"))
    if not (totals["s"] or paid["p"] or paid["f"] or (quality and quality.outstanding)):
        return None
    rows = [[_("本期发放借款"), f"{lent.count()} 笔", money(totals["s"])],
            [_("本期收回本金"), "", money(paid["p"])],
            [_("本期收取占用费"), "", money(paid["f"])],
            [_("期末借款余额"), "", money(quality.outstanding if quality else ZERO)]]
    if sheet.settings.names_in_public:
        rows += [[_("借款人:%(name)s") % {"name": loan.member.display_name}, loan.disbursed_on.isoformat(),
                  money(loan.amount)] for loan in lent.select_related("member__household")
                 .prefetch_related("member__household__persons").order_by("disbursed_on")]
    return {"columns": [_("项目"), _("笔数或日期"), _("金额(元)")], "rows": rows}


def shares(sheet):
    """Share capital: paid in and withdrawn over the range, the balance at its end."""
    from members.models import ShareTransaction

    kinds = ShareTransaction.Kind
    moves = ShareTransaction.objects.filter(cooperative__village=sheet.village,
                                            status=ShareTransaction.Status.APPROVED)
    figures = moves.aggregate(
        paid=Sum("amount", filter=Q(kind=kinds.PAY_IN, on__range=(sheet.since, sheet.until))),
        withdrawn=Sum("amount", filter=Q(kind=kinds.WITHDRAW, on__range=(sheet.since, sheet.until))),
        added=Sum("amount", filter=Q(kind__in=(kinds.PAY_IN, kinds.OPENING), on__lte=sheet.until)),
        taken=Sum("amount", filter=Q(kind=kinds.WITHDRAW, on__lte=sheet.until)))
    balance = (figures["added"] or ZERO) - (figures["taken"] or ZERO)
    if not (balance or figures["paid"] or figures["withdrawn"]):
        return None
    return {"columns": [_("项目"), _("金额(元)")],
            "rows": [[_("本期入股"), money(figures["paid"])], [_("本期退股"), money(figures["withdrawn"])],
                     [_("期末股金余额"), money(balance)]]}


def project_budget(sheet):
    from projects.models import Variation
    project = sheet.project
    variations = Variation.objects.filter(project=project, status="approved").aggregate(s=Sum("amount"))["s"]
    return {"columns": [_("项目"), _("内容")],
            "rows": [[_("项目名称"), project.name], [_("委托方"), project.body_name],
                     [_("建设地点"), project.location], [_("立项总投资(元)"), money(project.total_investment)],
                     [_("批准变更(元)"), money(variations)],
                     [_("总投资(元)"), money(project.total_investment + (variations or ZERO))]]}


def project_competition(sheet):
    from projects.models import Quote
    quotes = Quote.objects.filter(competition__project=sheet.project).order_by("price")
    if not quotes:
        return None
    return {"columns": [_("报价单位"), _("报价(元)"), _("结果")],
            "rows": [[q.bidder, money(q.price), _("中选") if q.selected else ""] for q in quotes]}


def project_payments(sheet):
    from projects.models import Payment
    payments = Payment.objects.filter(project=sheet.project, status="approved").order_by("on", "pk")
    if not payments:
        return None
    rows = [[p.on.isoformat(), p.get_kind_display(), p.summary, money(p.amount)] for p in payments]
    rows.append([_("合计"), "", "", money(sum((p.amount for p in payments), ZERO))])
    return {"columns": [_("日期"), _("类型"), _("摘要"), _("金额(元)")], "rows": rows, "total_rows": 1}


def project_settlement(sheet):
    settlement = getattr(sheet.project, "settlement", None)
    if settlement is None:
        return None
    return {"columns": [_("项目"), _("金额(元)")],
            "rows": [[_("决算金额"), money(settlement.final_cost)], [_("到账资金"), money(settlement.received)],
                     [_("说明"), settlement.note]]}


def declare_defaults():
    """The sections of the apps on main (called from the app's ready)."""
    for section in (
        Section("income", _("收入"), 10, income), Section("spending", _("支出"), 20, spending),
        Section("assets", _("资产"), 30, assets), Section("debts", _("负债"), 40, debts),
        Section("fund", _("互助资金借款与还款"), 50, fund), Section("shares", _("股金"), 60, shares),
        Section("subsidies", _("补助收入"), 80, subsidies),
        Section("project_budget", _("项目概况与预算"), 10, project_budget, kind="project"),
        Section("project_competition", _("比选结果"), 20, project_competition, kind="project"),
        Section("project_payments", _("资金支付"), 30, project_payments, kind="project"),
        Section("project_settlement", _("竣工决算"), 40, project_settlement, kind="project"),
    ):
        declare(section)
