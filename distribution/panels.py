"""The distribution's part of the dashboard: dividends the assembly declared and the township approved that have not
reached the members' accounts yet — what the chairman still owes his members, and the township still has to pay. One
query."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from coop import access
from coop.dashboard import Item, panel
from coop.money import yuan
from distribution.models import DistributionPlan, Dividend, DividendPayment

Status = DistributionPlan.Status


@panel
def distribution(request):
    user = request.user
    if not access.allows(user, access.VIEW, Dividend):
        return []
    unpaid = Q(payment__isnull=True) | Q(payment__status=Status.REJECTED)
    owed = access.visible(user, Dividend.objects.filter(plan__status=Status.APPROVED, amount__gt=0)).aggregate(
        n=Count("pk", filter=unpaid), amount=Sum("amount", filter=unpaid),
        waiting=Count("payment", filter=Q(payment__status=Status.PENDING), distinct=True))
    if not owed["n"] and not owed["waiting"]:
        return []
    changelist = reverse("admin:distribution_dividend_changelist")
    amount = _("%(n)s 笔 %(amount)s") % {"n": owed["n"], "amount": yuan(owed["amount"] or 0)}
    items = [Item(_("已批准未发放的分红"), amount, changelist + "?paid=unpaid",
                  todo=access.allows(user, "pay", Dividend))]
    if owed["waiting"]:
        items.append(Item(_("分红发放待审批"), owed["waiting"], changelist + "?paid=pending",
                          todo=access.allows(user, "approve", DividendPayment)))
    return items
