"""The fund's columns in the township's and the county's 村级账务汇总表 (finance.summary.declare_figures, declared
in the app's ready): capital received, lent since the fund opened, principal outstanding and PAR30, as they
stand at the end of the summary's range. Ratios of a 小计 or 合计 are recomputed from the amounts."""

from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from coop.reports import Column
from finance.fund import portfolio
from finance.fund.models import CapitalReceipt, Loan
from finance.queries import Figures

ZERO = Decimal("0.00")
AMOUNTS = ("fund_capital", "fund_lent", "fund_outstanding", "fund_at_risk")


def columns() -> list[Column]:
    group = _("互助资金")
    return [Column("fund_capital", _("到位资金"), "money", group=group),
            Column("fund_lent", _("累计借出"), "money", group=group),
            Column("fund_outstanding", _("借款余额"), "money", group=group),
            Column("fund_par30", "PAR30", width=0.7, group=group)]


def read(ledgers, until) -> dict[int, dict]:
    """Per ledger pk, the fund's figures at `until`: two queries for any number of villages."""
    ledger_of = {ledger.village_id: ledger.pk for ledger in ledgers}
    out = {pk: dict.fromkeys(AMOUNTS, ZERO) for pk in ledger_of.values()}
    village = "fund__cooperative__village"
    capital = (CapitalReceipt.objects.filter(**{f"{village}__in": list(ledger_of)}, received_on__lte=until,
                                             status=CapitalReceipt.Status.APPROVED)
               .values_list(village).annotate(s=Sum("amount")).values_list(village, "s"))
    for village_id, amount in capital:
        out[ledger_of[village_id]]["fund_capital"] = amount
    loans = Loan.objects.filter(**{f"{village}__in": list(ledger_of)}).filter(
        Q(disbursed_on__lte=until) | Q(disbursed_on__isnull=True))
    for village_id, quality in portfolio.quality_by_village(loans, on=until, with_rate=False).items():
        figures = out[ledger_of[village_id]]
        figures.update(fund_lent=quality.lent, fund_outstanding=quality.outstanding,
                       fund_at_risk=quality.at_risk[30])
    return {pk: combine([figures]) for pk, figures in out.items()}


def combine(rows: list[dict]) -> dict:
    sums = {key: sum((row.get(key) or ZERO for row in rows), ZERO) for key in AMOUNTS}
    par = (sums["fund_at_risk"] * 100 / sums["fund_outstanding"]).quantize(Decimal("0.01")) \
        if sums["fund_outstanding"] else None
    return {**sums, "fund_par30": "—" if par is None else f"{par}%"}


FIGURES = Figures(columns=columns, read=read, combine=combine)
