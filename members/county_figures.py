"""The share register's lines of the county summary (county_summary.registry): member households and the share
capital paid in, both as they stand at the end of the range."""

from decimal import Decimal

from django.db.models import Case, Count, F, Q, When
from django.utils.translation import gettext_lazy as _

from coop.money import money_sum
from county_summary.registry import INT, MONEY, CountyFigure, admin_list
from members.models import Member, ShareTransaction

VILLAGE = "cooperative__village"


def member_households(villages, since, until) -> dict:
    """Households (poor or capable) members on `until`: joined by then, not left by then; enterprises are not
    households."""
    members = Member.objects.filter(**{f"{VILLAGE}__in": villages}, joined_on__lte=until).exclude(
        kind=Member.Kind.AGRIBUSINESS).filter(Q(left_on__isnull=True) | Q(left_on__gt=until))
    return dict(members.values_list(VILLAGE).annotate(n=Count("pk")).values_list(VILLAGE, "n"))


def share_capital(villages, since, until) -> dict:
    """Shares paid in less shares withdrawn, approved movements dated by `until` (a transfer moves shares between
    members and leaves the total)."""
    kinds = ShareTransaction.Kind
    signed = Case(When(kind__in=(kinds.OPENING, kinds.PAY_IN), then=F("amount")),
                  When(kind=kinds.WITHDRAW, then=-F("amount")), default=Decimal("0.00"))
    rows = ShareTransaction.objects.filter(**{f"{VILLAGE}__in": villages}, on__lte=until,
                                           status=ShareTransaction.Status.APPROVED)
    return dict(rows.values_list(VILLAGE).annotate(s=money_sum(signed)).values_list(VILLAGE, "s"))


FIGURES = [
    CountyFigure(key="member_households", label=_("入社农户"), unit=_("户"), kind=INT, order=20,
                 read=member_households, reference="1,017",
                 link=lambda since, until: admin_list("members_member", joined_on__lte=until)),
    CountyFigure(key="share_capital", label=_("入股资金(股金余额)"), unit=_("元"), kind=MONEY, order=30,
                 read=share_capital, reference="1,844,000.00",
                 link=lambda since, until: admin_list("members_sharetransaction", status__exact="approved",
                                                      on__lte=until)),
]
