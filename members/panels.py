"""Members' part of the dashboard: share movements waiting for the township, and the register's totals."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from coop import access
from coop.dashboard import Item, panel
from coop.money import yuan
from members import queries
from members.models import Member, ShareTransaction

S = ShareTransaction.Status


@panel
def membership(request):
    user = request.user
    if not access.allows(user, access.VIEW, Member):
        return []
    members = access.visible(user, Member.objects.filter(status=Member.Status.ACTIVE)).aggregate(
        n=Count("pk"), poor=Count("pk", filter=Q(kind=Member.Kind.POOR_HOUSEHOLD)))
    txs = access.visible(user, ShareTransaction.objects.all()).aggregate(
        pending=Count("pk", filter=Q(status=S.PENDING) & ~Q(recorded_by=user)),
        paid_in=Sum("amount", filter=Q(status=S.APPROVED, kind__in=queries.INFLOWS), default=0),
        paid_out=Sum("amount", filter=Q(status=S.APPROVED, kind=ShareTransaction.Kind.WITHDRAW), default=0))
    items = []
    if access.allows(user, "approve", ShareTransaction):
        items.append(Item(_("待审批的股金变动"), txs["pending"],
                          reverse("admin:members_sharetransaction_changelist") + "?status__exact=pending", todo=True))
    items += [Item(_("社员(其中贫困户)"), f"{members['n']}({members['poor']})",
                   reverse("admin:members_member_changelist")),
              Item(_("股金余额"), yuan(txs["paid_in"] - txs["paid_out"]),
                   reverse("admin:members_sharetransaction_changelist"))]
    return items
