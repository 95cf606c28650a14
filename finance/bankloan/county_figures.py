"""The subsidised loan's lines of the county summary (county_summary.registry): principal drawn, and the subsidy
claimed (approved claims whose period ended by the end of the range), both cumulative."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from county_summary.registry import MONEY, CountyFigure, admin_list
from finance.bankloan.models import Drawdown, SubsidyClaim

APPROVED = "approved"


def drawn(villages, since, until) -> dict:
    village = "loan__cooperative__village"
    rows = Drawdown.objects.filter(**{f"{village}__in": villages}, on__lte=until, status=APPROVED)
    return dict(rows.values_list(village).annotate(s=Sum("amount")).values_list(village, "s"))


def claimed(villages, since, until) -> dict:
    village = "cooperative__village"
    rows = SubsidyClaim.objects.filter(**{f"{village}__in": villages}, period_end__lte=until, status=APPROVED)
    return dict(rows.values_list(village).annotate(s=Sum("amount")).values_list(village, "s"))


FIGURES = [
    CountyFigure(key="subsidised_loans", label=_("贴息贷款(已提款)"), unit=_("元"), kind=MONEY, order=90,
                 read=drawn, link=lambda since, until: admin_list("bankloan_drawdown", status__exact=APPROVED,
                                                                  on__lte=until)),
    CountyFigure(key="subsidy_claimed", label=_("已申请贴息"), unit=_("元"), kind=MONEY, order=100,
                 read=claimed, link=lambda since, until: admin_list("bankloan_subsidyclaim", status__exact=APPROVED,
                                                                    period_end__lte=until)),
]
