"""The fund's line of the county summary (county_summary.registry): mutual-aid loans paid out to poor households,
cumulative from the fund's opening to the end of the range."""

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from county_summary.registry import MONEY, CountyFigure, admin_list
from finance.fund.models import Loan

VILLAGE = "fund__cooperative__village"


def lent_to_poor(villages, since, until) -> dict:
    loans = Loan.objects.filter(**{f"{VILLAGE}__in": villages}, disbursed_on__lte=until,
                                member__kind="poor_household")
    return dict(loans.values_list(VILLAGE).annotate(s=Sum("amount")).values_list(VILLAGE, "s"))


FIGURES = [
    CountyFigure(key="fund_lent_poor", label=_("累计向贫困户发放互助资金借款"), unit=_("元"), kind=MONEY, order=50,
                 read=lent_to_poor, reference=_("120万元以上"),
                 note=_("互助资金借款为自协会成立至期末累计放款,只计贫困户社员。"),
                 link=lambda since, until: admin_list("fund_loan", member__kind="poor_household",
                                                      disbursed_on__lte=until)),
]
