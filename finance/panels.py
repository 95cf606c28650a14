"""The ledger's part of the dashboard: vouchers waiting for this user, and the month's figures."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from coop import access
from coop.dashboard import Item, panel
from coop.roles import Role
from finance.models import Ledger, Period, Voucher
from finance.reports.summary import may_see

S = Voucher.Status


@panel
def ledger_work(request):
    user = request.user
    if not access.allows(user, access.VIEW, Voucher):
        return []
    mine = Q(prepared_by=user)
    counts = access.visible(user, Voucher.objects.all()).aggregate(
        submitted=Count("pk", filter=Q(status=S.SUBMITTED) & ~mine),
        reviewed=Count("pk", filter=Q(status=S.REVIEWED) & ~mine),
        returned=Count("pk", filter=Q(status=S.RETURNED) & mine),
        drafts=Count("pk", filter=Q(status=S.DRAFT) & mine),
        waiting=Count("pk", filter=Q(status__in=[S.SUBMITTED, S.REVIEWED])),
        posted=Count("pk", filter=Q(status=S.POSTED)),
    )
    changelist = reverse("admin:finance_voucher_changelist")
    items = []
    if user.role == Role.TOWNSHIP_OFFICER:
        items += [Item(_("待审核的凭证"), counts["submitted"], changelist + "?status__exact=submitted", todo=True),
                  Item(_("待记账的凭证"), counts["reviewed"], changelist + "?status__exact=reviewed", todo=True)]
        open_periods = access.visible(user, Period.objects.filter(status=Period.Status.OPEN)).count()
        items.append(Item(_("未结账的会计期间"), open_periods, reverse("admin:finance_period_changelist")
                          + "?status__exact=open"))
    if access.allows(user, "submit", Voucher):
        items += [Item(_("被退回待修改的凭证"), counts["returned"], changelist + "?status__exact=returned", todo=True),
                  Item(_("未提交的草稿凭证"), counts["drafts"], changelist + "?status__exact=draft", todo=True)]
    if may_see(user):
        items.append(Item(_("村级账务汇总表(各村账套)"), access.visible(user, Ledger.objects.all()).count(),
                          reverse("finance:books_summary")))
    items += [Item(_("在镇财政所审批中的凭证"), counts["waiting"], changelist + "?status__in=submitted,reviewed"),
              Item(_("已记账凭证"), counts["posted"], changelist + "?status__exact=posted")]
    return items
