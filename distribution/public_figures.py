"""The distribution's lines in the county summary (dividends paid) and its section of the villagers' disclosure
sheet (dividends declared, paid and still owed): both read `distribution.queries`, so the two pages and the
dividend list agree."""

from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coop.approvals import Status
from coop.money import yuan
from county_summary.registry import MONEY, CountyFigure, admin_list
from disclosure.sections import Section
from distribution import queries
from distribution.models import DistributionPlan, Dividend, DividendPayment

ZERO = Decimal("0.00")
VILLAGE = "plan__cooperative__village"


def dividends_paid(villages, since, until) -> dict:
    """Dividends paid to members' bank accounts in the range (payments the township approved), per village."""
    payments = DividendPayment.objects.filter(**{f"{VILLAGE}__in": villages}, status=Status.APPROVED,
                                              on__gte=since, on__lte=until)
    return dict(payments.values_list(VILLAGE).annotate(s=Sum("amount")).values_list(VILLAGE, "s"))


COUNTY_FIGURES = [
    CountyFigure(key="dividends_paid", label=gettext_lazy("已支付社员分红"), unit=gettext_lazy("元"), kind=MONEY,
                 order=110, read=dividends_paid,
                 note=gettext_lazy("社员分红按期间内镇财政所审批发放的金额计算,未发放的分红不计入。"),
                 link=lambda since, until: admin_list("distribution_dividendpayment", status=Status.APPROVED,
                                                      on__gte=since, on__lte=until)),
]


def dividends(sheet):
    """Plans approved in the range (pool and the charter's split), dividends paid in it, what is still owed at its
    end; each member's dividend by name only where the village's rules say so."""
    cooperative = getattr(sheet.village, "cooperative", None)
    if cooperative is None:
        return None
    plans = list(DistributionPlan.objects.filter(cooperative=cooperative, status=Status.APPROVED,
                                                 voucher__date__range=(sheet.since, sheet.until)).order_by("year"))
    totals = queries.declared_and_paid([cooperative.pk], sheet.since, sheet.until).get(cooperative.pk)
    owed = queries.unpaid([cooperative.pk], on=sheet.until).get(cooperative.pk)
    if not (plans or totals or owed):
        return None
    money = lambda value: yuan(value or ZERO, symbol=False)  # noqa: E731
    rows = []
    for plan in plans:
        rows += [[_("%(year)s年度可分配收益") % {"year": plan.year}, "", money(plan.pool)],
                 [_("社员分红(%(ratio)s%%)") % {"ratio": plan.dividend_ratio.normalize()}, "",
                  money(plan.dividend_pool)],
                 [_("合作社发展(%(ratio)s%%)") % {"ratio": plan.development_ratio.normalize()}, "",
                  money(plan.development_amount)],
                 [_("集体积累(%(ratio)s%%)") % {"ratio": plan.accumulation_ratio.normalize()}, "",
                  money(plan.accumulation_amount)]]
    rows += [[_("本期发放分红"), "", money(totals.paid if totals else ZERO)],
             [_("期末尚未发放分红"), "", money(owed.owed if owed else ZERO)]]
    if sheet.settings.names_in_public:
        for dividend in (Dividend.objects.filter(plan__in=plans, amount__gt=0).select_related("member__household")
                         .prefetch_related("member__household__persons").order_by("plan__year", "member__pk")):
            rows.append([_("社员:%(name)s") % {"name": dividend.member.display_name},
                         _("%(n)s 股") % {"n": dividend.shares}, money(dividend.amount)])
    return {"columns": [_("项目"), _("股数"), _("金额(元)")], "rows": rows}


SECTION = Section("dividends", gettext_lazy("收益分配与社员分红"), 70, dividends)
